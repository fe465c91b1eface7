import { describeSeparator } from '@roster/config';
import type { SourceRow } from '@roster/engine';
import type { CsvRecord } from './csv-records.ts';

/** Header cells as users see them: trimmed (a BOM included), trailing empty cells dropped. */
export function headerCells(fields: readonly string[]): string[] {
  const header = fields.map((field) => field.trim());
  while (header.length > 0 && header[header.length - 1] === '') header.pop();
  return header;
}

/** A record with nothing in it but delimiters and spaces (`,,,,`): Excel writes these; they are skipped. */
export function isBlankRecord(fields: readonly string[]): boolean {
  for (const field of fields) {
    if (field !== '' && field.trim() !== '') return false;
  }
  return true;
}

/**
 * A record as a row of the header's `named` cells. Extra fields are dropped when the header has them
 * too, unnamed (Excel's trailing delimiters, or a notes column without a heading: no mapping can read
 * it); any other difference from the header's field count makes the row a `FIELD_COUNT` problem,
 * keeping its fields so that the key can still be shown. Never trimmed silently: csv-parse's
 * `relax_column_count` with `columns` would drop extra fields without a word.
 *
 * Not even empty ones past the header's width: `2,b@x.com,B,Jones, Jr.,Engineer,` under a header of
 * six ending in `termination_date` is a value with an unquoted comma in a row whose last column is
 * empty, and taking the empty field for a trailing delimiter moved `Jr.` into the job title and
 * `Engineer` into the termination date. Excel writes every row as wide as the header's row, so its
 * trailing delimiters are within the header's width.
 */
export function toSourceRow(
  record: CsvRecord,
  width: { readonly named: number; readonly all: number },
  delimiter: string,
): SourceRow {
  const { line, fields } = record;
  const oneLine = !record.multiline;
  const named = width.named;
  if (fields.length === named) return { line, cells: fields, oneLine };
  if (fields.length > named && fields.length <= width.all) {
    return { line, cells: fields.slice(0, named), oneLine };
  }
  const separator = describeSeparator(delimiter);
  const message =
    fields.length < named
      ? `Invalid row at line ${line}: expected ${named} fields like the header, got ${fields.length}. ` +
        'A value or a separator is missing, or an unquoted line break splits the row'
      : `Invalid row at line ${line}: expected ${width.all} fields like the header, got ${fields.length}. ` +
        `A value probably contains a ${separator}; put such values in double quotes` +
        (isBlankRecord(fields.slice(width.all))
          ? ` (if every row ends with a ${separator} that the header line lacks, end the header line with one too)`
          : '');
  return { line, cells: fields, problem: { code: 'FIELD_COUNT', message }, oneLine };
}
