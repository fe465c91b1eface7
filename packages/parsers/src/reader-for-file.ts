import { type FileSpec, formatOf } from '@roster/config';
import type { TableReader } from '@roster/engine';
import { csvReader } from './csv-reader.ts';
import { jsonReader } from './json-reader.ts';
import { xlsxReader } from './xlsx-reader.ts';

/** The reader a tenant's `file` section asks for: its format (or the extension's) with its options. */
export function readerForFile(file: FileSpec): TableReader {
  switch (formatOf(file)) {
    case 'csv':
      return csvReader(file.csv ?? {});
    case 'xlsx':
      return xlsxReader(file.xlsx ?? {});
    case 'json':
      return jsonReader(file.json ?? {});
  }
}
