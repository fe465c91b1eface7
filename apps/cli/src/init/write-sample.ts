/**
 * The tenant's copy of the customer's sample. The tenant folder is committed and reviewed by pull
 * request, and baked into the scheduler's image, so it keeps the first {@link SAMPLE_KEPT} records
 * rather than a whole HR export (a helper's sweep found `init` copying a 100,000-person file into
 * the repository): enough for `validate` to check the mappings against real values, and the
 * command's output says that the rest is personal data to make up.
 *
 * Cut at a record boundary, byte for byte (title lines, encoding, line endings and quoting as the
 * customer's file has them): CSV up to the line the next record starts on, JSON Lines by lines, a
 * JSON document with its array of records shortened. A workbook, and a CSV in UTF-16 (whose lines are
 * not split at single newline bytes), are copied whole.
 */
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import type { FileFormat } from '@roster/config';
import { SAMPLE_KEPT, type SampleTable } from './sample-table.ts';

export interface WrittenSample {
  /** Records kept, when the sample had more; undefined when it was copied whole. */
  readonly kept?: number;
}

const NEWLINE = 0x0a;

function isUtf16(bytes: Uint8Array): boolean {
  return (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
}

/** The bytes before line `line` (1-based), or undefined when the file has fewer lines. */
function beforeLine(bytes: Uint8Array, line: number): Uint8Array | undefined {
  let seen = 1;
  for (let at = bytes.indexOf(NEWLINE); at !== -1; at = bytes.indexOf(NEWLINE, at + 1)) {
    if (++seen === line) return bytes.subarray(0, at + 1);
  }
  return undefined;
}

function setAtPath(document: unknown, dotted: string, value: unknown): unknown {
  if (dotted === '') return value;
  const keys = dotted.split('.');
  let holder = document as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) holder = holder[key] as Record<string, unknown>;
  holder[keys[keys.length - 1] as string] = value;
  return document;
}

function getAtPath(document: unknown, dotted: string): unknown {
  return dotted === ''
    ? document
    : dotted.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown>)[key], document);
}

export async function writeSample(
  source: string,
  target: string,
  format: FileFormat,
  table: SampleTable,
): Promise<WrittenSample> {
  if (format === 'csv' && table.keptUpToLine !== undefined) {
    const bytes = await readFile(source);
    const kept = isUtf16(bytes) ? undefined : beforeLine(bytes, table.keptUpToLine);
    if (kept) {
      await writeFile(target, kept);
      return { kept: SAMPLE_KEPT };
    }
  }
  if (format === 'json') {
    const text = await readFile(source, 'utf8');
    if (table.jsonLines) {
      let records = 0;
      const keptLines: string[] = [];
      for (const line of text.split('\n')) {
        if (line.trim() && ++records > SAMPLE_KEPT) break;
        keptLines.push(line);
      }
      if (records <= SAMPLE_KEPT) {
        await copyFile(source, target);
        return {};
      }
      await writeFile(target, `${keptLines.join('\n')}\n`);
      return { kept: SAMPLE_KEPT };
    }
    // JSON.parse would round an id of 16 digits or more (1234567890123456789): keep such a file whole.
    if (/(^|[^\w."])-?\d{16,}/.test(text)) {
      await copyFile(source, target);
      return {};
    }
    const document: unknown = JSON.parse(text);
    const records = getAtPath(document, table.jsonRecords ?? '');
    if (Array.isArray(records) && records.length > SAMPLE_KEPT) {
      const shortened = setAtPath(document, table.jsonRecords ?? '', records.slice(0, SAMPLE_KEPT));
      await writeFile(target, `${JSON.stringify(shortened, null, 2)}\n`);
      return { kept: SAMPLE_KEPT };
    }
  }
  await copyFile(source, target);
  return {};
}
