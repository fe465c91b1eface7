/**
 * `check`: a file read and mapped exactly as a run would, with no database. What a run's store
 * refuses is refused here too: duplicate keys and e-mails, found in memory (a run finds them in SQL),
 * and values PostgreSQL cannot hold (a NUL character). So the verdict matches a run's. It also warns
 * of manager ids that are nobody's employee id in the file (see {@link unknownManagers}), which a run
 * stores as they are.
 */
import { type MappingsConfig, mappedColumns } from '@roster/config';
import type { TableReader } from '../ports/table.ts';
import {
  type AttributeValue,
  type KeyField,
  type MappedUser,
  otherIdentifier,
  PROFILE_FIELDS,
  type Rejection,
} from '../profile.ts';
import { duplicateKeyRejection, duplicateOtherRejection } from './duplicate-rejections.ts';
import { mapFile } from './mapped-rows.ts';

export interface CheckPreviewRow {
  readonly line: number;
  readonly fields: MappedUser['fields'];
  readonly attributes: Readonly<Record<string, AttributeValue>>;
}

export interface CheckReport {
  readonly header: readonly string[];
  readonly rows: number;
  readonly valid: number;
  readonly rejected: number;
  readonly rejections: readonly Rejection[];
  readonly preview: readonly CheckPreviewRow[];
  /** How the file was read, when the operator should know (a run shows these as warnings). */
  readonly warnings: readonly string[];
}

export interface CheckFileOptions {
  readonly path: string;
  readonly fileName: string;
  readonly reader: TableReader;
  readonly mappings: MappingsConfig;
  readonly key: KeyField;
  readonly previewLimit?: number;
  readonly rejectionDetailLimit?: number;
}

export async function checkFile(options: CheckFileOptions): Promise<CheckReport> {
  const previewLimit = options.previewLimit ?? 20;
  const detailLimit = options.rejectionDetailLimit ?? 10_000;
  const mapped = await mapFile({
    path: options.path,
    fileName: options.fileName,
    reader: options.reader,
    mappings: options.mappings,
    key: options.key,
    columns: mappedColumns(options.mappings).map((column) => column.column),
    rejectionDetailLimit: detailLimit,
  });
  // Lines by key and by the other identifier (the e-mail; the employee id under an e-mail key): enough
  // to report duplicates without keeping whole rows. Values as the database stores them (asStored).
  const other = otherIdentifier(options.key);
  const linesByKey = new Map<string, number[]>();
  const linesByOther = new Map<string, Array<{ line: number; key: string | null }>>();
  // Keys of rejected rows: a run stages them (so that their people are not deactivated), and its
  // duplicate check counts them, rejecting the valid rows that share one.
  const rejectedKeys = new Map<string, number>();
  const countRejectedKey = (key: string) => rejectedKeys.set(key, (rejectedKeys.get(key) ?? 0) + 1);
  // Rows the store would refuse (a NUL character): the first ones, and how many.
  const storeRejections: Rejection[] = [];
  let storeRejected = 0;
  const preview: MappedUser[] = [];
  // The rows' manager ids, each with how many rows name it (a handful of managers for many rows).
  const managers = new Map<string, number>();
  for await (const batch of mapped.batches) {
    for (const row of batch) {
      // No key to count: none, or none known (a shifted row's values only protect people in a run).
      if (row.kind === 'rejected-unkeyed' || row.kind === 'rejected-unaligned') continue;
      if (row.kind === 'rejected') {
        countRejectedKey(asStored(row.key));
        continue;
      }
      const { user } = row;
      const nulField = fieldWithNul(user);
      if (nulField !== undefined) {
        const key = user.fields[options.key];
        storeRejected++;
        if (storeRejections.length < detailLimit)
          storeRejections.push(nulRejection(user.line, key, nulField));
        if (key !== null && !key.includes('\0')) countRejectedKey(asStored(key));
        continue;
      }
      if (preview.length < previewLimit + 50) preview.push(user);
      const manager = user.fields.manager_id;
      if (manager !== null) managers.set(manager, (managers.get(manager) ?? 0) + 1);
      const key = asStored(user.fields[options.key] ?? '');
      const keyLines = linesByKey.get(key);
      if (keyLines) keyLines.push(user.line);
      else linesByKey.set(key, [user.line]);
      // A row without one shares it with nobody (the store's `email = value` never matches NULL).
      const otherValue = user.fields[other];
      if (otherValue === null) continue;
      const entry = { line: user.line, key: user.fields[options.key] };
      const otherLines = linesByOther.get(asStored(otherValue));
      if (otherLines) otherLines.push(entry);
      else linesByOther.set(asStored(otherValue), [entry]);
    }
  }
  const rejections = [...mapped.stats.rejections, ...storeRejections];
  const duplicatedLines = new Set<number>();
  for (const [key, lines] of linesByKey) {
    const occurrences = lines.length + (rejectedKeys.get(key) ?? 0);
    if (occurrences < 2) continue;
    for (const line of lines) {
      duplicatedLines.add(line);
      rejections.push(duplicateKeyRejection(options.key, { line, key, occurrences }));
    }
  }
  // As the store does: among the rows still valid once duplicate keys are out, an other identifier
  // that two of them share rejects both.
  for (const [value, entries] of linesByOther) {
    const remaining = entries.filter((entry) => !duplicatedLines.has(entry.line));
    if (remaining.length < 2) continue;
    for (const entry of remaining) {
      duplicatedLines.add(entry.line);
      rejections.push(duplicateOtherRejection(options.key, { ...entry, other: value }));
    }
  }
  rejections.sort((a, b) => a.line - b.line);
  const rejected = mapped.stats.rejected + storeRejected + duplicatedLines.size;
  return {
    header: mapped.header,
    rows: mapped.stats.rows,
    valid: mapped.stats.rows - rejected,
    rejected,
    rejections: rejections.slice(0, detailLimit),
    warnings: [
      ...mapped.notes,
      ...unknownManagers(
        managers,
        // Under an employee-id key a rejected row's person is in the file too.
        options.key === 'employee_id'
          ? (id) => linesByKey.has(id) || rejectedKeys.has(id)
          : (id) => linesByOther.has(id),
        options.mappings,
      ),
    ],
    preview: preview
      .filter((user) => !duplicatedLines.has(user.line))
      .slice(0, previewLimit)
      .map((user) => ({ line: user.line, fields: user.fields, attributes: user.attributes })),
  };
}

/** How many of the unknown manager ids a warning shows. */
const MANAGER_EXAMPLES = 5;

/**
 * The warning for manager ids that are no employee id of the file (`isEmployee`, given an id as stored), if any:
 * the platform links a person to their manager by that id, and an export that writes it in another
 * form (`101` for `000101`, a prefix, the manager's name) links nobody. Not an error: a manager may
 * well be outside the file (a contractor, a parent company's executive).
 */
function unknownManagers(
  managers: ReadonlyMap<string, number>,
  isEmployee: (id: string) => boolean,
  mappings: MappingsConfig,
): string[] {
  if (mappings.fields.employee_id === undefined || managers.size === 0) return [];
  const unknown = [...managers].filter(([id]) => !isEmployee(asStored(id)));
  if (unknown.length === 0) return [];
  const rows = unknown.reduce((sum, [, count]) => sum + count, 0);
  const shown = unknown
    .slice(0, MANAGER_EXAMPLES)
    .map(([id]) => JSON.stringify(id))
    .join(', ');
  const more = unknown.length > MANAGER_EXAMPLES ? `, and ${unknown.length - MANAGER_EXAMPLES} more` : '';
  return [
    `${rows} ${rows === 1 ? 'row names a manager_id' : 'rows name manager_ids'} that ${unknown.length === 1 ? 'is' : 'are'} no employee_id in the file (${shown}${more}): the platform cannot link ${rows === 1 ? 'that person' : 'those people'} to a manager. If the manager column holds the ids in another form (leading zeros, a prefix) or names, ask the customer for the manager's employee id; a manager outside the file is fine`,
  ];
}

/**
 * Text as PostgreSQL stores it: the store writes UTF-8, where a lone surrogate becomes U+FFFD, so two
 * keys that differ only there are one key to the database.
 */
const asStored = (text: string) => (text.isWellFormed() ? text : text.toWellFormed());

/**
 * The first profile field or attribute holding a NUL character, named as the store names it. The
 * store's staging encoder (packages/store, staging-encoder.ts) refuses such a row: PostgreSQL text
 * and jsonb cannot hold a NUL. NUL is the only character it refuses (lone surrogates are replaced,
 * see asStored). Checked here rather than in the mapper: a run pays for the test once, in the store.
 */
function fieldWithNul({ fields, attributes }: MappedUser): string | undefined {
  for (const name of PROFILE_FIELDS) if (fields[name]?.includes('\0')) return name;
  for (const name in attributes) {
    const value = attributes[name];
    if (typeof value === 'string' && value.includes('\0')) return `attributes.${name}`;
  }
  return undefined;
}

/** The rejection a run gives a row with a NUL character (the store's wording). */
function nulRejection(line: number, key: string | null, field: string): Rejection {
  return {
    line,
    key,
    field,
    code: 'INVALID_CHARACTER',
    message: `Invalid ${field}: it contains a NUL character (byte 0), which is not text and cannot be stored; the export is damaged there. Ask the customer for a clean file`,
  };
}
