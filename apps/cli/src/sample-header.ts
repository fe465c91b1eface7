import type { SampleHeaderReader } from '@roster/config';
import { readerForFile } from '@roster/parsers';

/**
 * Reads a sample file's header exactly as a run would read the real file. JSON has no header row: the
 * header is every mapped column that at least one record has.
 */
export const readSampleHeader: SampleHeaderReader = async (samplePath, file, columns) => {
  const table = await readerForFile(file)(samplePath, { fileName: samplePath, columns });
  if (table.headerLine > 0) {
    for await (const _batch of table.batches) break; // closes the file
    return table.header;
  }
  for await (const _batch of table.batches) {
    // JSON: every record must be seen before we know which columns never appear.
  }
  const missing = new Set(table.missingColumns());
  return table.header.filter((column) => !missing.has(column));
};
