/** Staged rows as the engine hands them to the store, for the store's tests. */
import type { MappedUser, StagedRow } from '@roster/engine';

export type Fields = Partial<MappedUser['fields']>;

/** A mapped person at `line`: the fields given, the rest null, active unless said otherwise. */
export function user(line: number, fields: Fields, attributes: MappedUser['attributes'] = {}): StagedRow {
  return {
    kind: 'user',
    user: {
      line,
      fields: {
        employee_id: null,
        email: null,
        first_name: null,
        last_name: null,
        job_title: null,
        department: null,
        manager_id: null,
        location: null,
        hire_date: null,
        status: 'active',
        ...fields,
      } as MappedUser['fields'],
      attributes,
    },
  };
}

/** The groups as the batches of one file. */
export async function* batches(...groups: StagedRow[][]): AsyncGenerator<readonly StagedRow[]> {
  for (const group of groups) yield group;
}
