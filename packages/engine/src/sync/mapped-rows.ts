/**
 * A customer file read and mapped as a stream of staged rows, with its counts and rejections. Shared
 * by `check` (no database) and runs (into the store), so both judge a file the same way.
 */
import { type MappingsConfig, mappedColumns } from '@roster/config';
import { RosterError } from '../errors.ts';
import { compileRowMapper } from '../mapping/row-mapper.ts';
import type { TableReader } from '../ports/table.ts';
import type { StagedRow } from '../ports/user-store.ts';
import type { KeyField, Rejection } from '../profile.ts';

export interface MappedRowStats {
  rows: number;
  valid: number;
  rejected: number;
  /** The first rejections, up to the detail limit; `rejected` is always the exact count. */
  readonly rejections: Rejection[];
}

export interface MappedFile {
  readonly header: readonly string[];
  readonly stats: MappedRowStats;
  /** Iterate once. Throws COLUMN_MISSING at the end for JSON columns no record had that have no default. */
  readonly batches: AsyncIterable<readonly StagedRow[]>;
  /** The reader's notes on how it read the file (Table.notes), for the run's warnings. */
  readonly notes: readonly string[];
}

export interface MapFileOptions {
  readonly path: string;
  readonly fileName: string;
  readonly reader: TableReader;
  readonly mappings: MappingsConfig;
  readonly key: KeyField;
  readonly columns: readonly string[];
  readonly rejectionDetailLimit: number;
  readonly signal?: AbortSignal;
}

export async function mapFile(options: MapFileOptions): Promise<MappedFile> {
  const { fileName, rejectionDetailLimit } = options;
  const table = await options.reader(options.path, {
    fileName,
    // Each column once: two mappings may read one column, and a JSON reader makes its header of these
    // names, where a name written twice would be ambiguous (see findColumn).
    columns: [...new Set(options.columns)],
    ...(options.signal && { signal: options.signal }),
  });
  const mapper = compileRowMapper({
    mappings: options.mappings,
    key: options.key,
    header: table.header,
    fileName,
    headerLine: table.headerLine,
    ...(table.sheet !== undefined && { sheet: table.sheet }),
    ...(table.date1904 === true && { date1904: true }),
  });
  const stats: MappedRowStats = { rows: 0, valid: 0, rejected: 0, rejections: [] };
  // Columns a mapping without a default reads (see the end of the batches for why).
  const required = new Set(
    mappedColumns(options.mappings)
      .filter((column) => !column.hasDefault)
      .map((column) => column.column),
  );

  async function* batches(): AsyncGenerator<readonly StagedRow[]> {
    for await (const batch of table.batches) {
      const staged: StagedRow[] = [];
      for (const row of batch) {
        const result = mapper.map(row);
        if (Array.isArray(result)) {
          stats.rejected++;
          for (const rejection of result) {
            if (stats.rejections.length < rejectionDetailLimit) stats.rejections.push(rejection);
          }
          // The person is in the file even if their row is bad: stage the key and the other
          // identifier so they are not deactivated — by either (a row renumbered from 5 to E005 with
          // a typo in its status names its person only by the e-mail; a sweep saw them deactivated),
          // or, without a usable key, by the other identifier alone. A row whose cells are shifted names its
          // person by one of its values, which one it cannot say: all of them are staged.
          const key = result[0]?.key;
          if (row.problem?.code === 'FIELD_COUNT') {
            staged.push({ kind: 'rejected-unaligned', line: row.line, ...mapper.identifiersAnywhereIn(row) });
          } else {
            const other = mapper.otherIdentifierOf(row);
            if (key) staged.push({ kind: 'rejected', line: row.line, key, ...(other && { other }) });
            else if (other) staged.push({ kind: 'rejected-unkeyed', line: row.line, other });
            // A cell with a line break may have swallowed the next rows (a stray quote in a CSV file):
            // the people named there are kept too, as by a row whose cells are shifted.
            const swallowed = mapper.identifiersInLinesOf(row);
            if (swallowed.keys.length > 0 || swallowed.others.length > 0)
              staged.push({ kind: 'rejected-unaligned', line: row.line, ...swallowed });
          }
        } else {
          stats.valid++;
          staged.push({ kind: 'user', user: result });
        }
      }
      stats.rows += batch.length;
      yield staged;
    }
    // A JSON record leaves out a key to say "empty" (exporters routinely drop empty keys), so a column
    // no record has is an error only when a mapping without a `default` reads it:
    // - a mapping with a `default` says what empty means, and absence from every record is just that
    //   (a `status` key present only for leavers, an optional attribute nobody filled in);
    // - without one, a key no record has is most likely a typo, and reading it as empty would clear the
    //   field or attribute for every person. Profile fields and attributes are alike here: either would
    //   be cleared. The key and email cannot have a default (validate), so they must always appear.
    // A file without records (`[]`) shows nothing about its keys: it is an empty file, for the guards.
    const missing = stats.rows === 0 ? [] : table.missingColumns().filter((column) => required.has(column));
    if (missing.length > 0) {
      throw new RosterError(
        'COLUMN_MISSING',
        `No record of ${fileName} has ${missing.map((c) => `"${c}"`).join(', ')}`,
        {
          file: fileName,
          hint: 'Fix the column names in mappings.yaml (nested keys are written with dots, e.g. manager.id); if the key is only left out when empty, give the mapping a `default` (`default: ""` leaves it empty)',
        },
      );
    }
  }
  return { header: table.header, stats, batches: batches(), notes: table.notes ?? [] };
}
