import type { FileSpec } from './generated/tenant-config.ts';

export type FileFormat = NonNullable<FileSpec['format']>;

const BY_EXTENSION: Record<string, FileFormat> = {
  csv: 'csv',
  tsv: 'csv',
  txt: 'csv',
  xlsx: 'xlsx',
  json: 'json',
  jsonl: 'json',
  ndjson: 'json',
};

/** The format a file name's extension implies (`employees_*.csv` → csv), if any. */
export function formatFromFileName(name: string): FileFormat | undefined {
  const extension = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
  return extension === undefined ? undefined : BY_EXTENSION[extension];
}

/** The format a tenant's file is read as: `file.format`, else from the name (checked by validate). */
export function formatOf(file: FileSpec): FileFormat {
  return file.format ?? formatFromFileName(file.name) ?? 'csv';
}
