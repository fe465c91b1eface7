export type { CsvLimits } from './csv-reader.ts';
export { csvReader } from './csv-reader.ts';
export { resolveEncoding } from './detect-encoding.ts';
export { jsonReader } from './json-reader.ts';
export { describeSyntaxError } from './json-syntax-error.ts';
export { readerForFile } from './reader-for-file.ts';
export type { XlsxLimits } from './xlsx-reader.ts';
export { xlsxReader } from './xlsx-reader.ts';
export { type WorksheetName, worksheetNames } from './xlsx-sheet-list.ts';
