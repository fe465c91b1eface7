/** Staged rows as the engine hands them to the store, for the store's tests. */
import { type MappedUser, PROFILE_FIELDS, type StagedRow } from '@roster/engine';

export type Fields = Partial<MappedUser['fields']>;

/** Every profile field empty and the person active: what a row with no other value maps to. */
const EMPTY_FIELDS = {
  ...Object.fromEntries(PROFILE_FIELDS.map((field) => [field, null])),
  status: 'active',
} as MappedUser['fields'];

/** A mapped person at `line`: the fields given, the rest null, active unless said otherwise. */
export function user(line: number, fields: Fields, attributes: MappedUser['attributes'] = {}): StagedRow {
  return { kind: 'user', user: { line, fields: { ...EMPTY_FIELDS, ...fields }, attributes } };
}

/** The groups as the batches of one file. */
export async function* batches(...groups: StagedRow[][]): AsyncGenerator<readonly StagedRow[]> {
  for (const group of groups) yield group;
}
