import type { JsonOptions } from '@roster/config';
import type { SourceRow, TableReader } from '@roster/engine';
import { RosterError } from '@roster/engine';
import { detectBom, utf16ByZeros } from './detect-encoding.ts';
import { CHUNK_BYTES, fileChunks, readSample } from './file-chunks.ts';
import type { JsonElement } from './json-array-scanner.ts';
import { JsonArrayScanner } from './json-array-scanner.ts';
import { JsonRowShaper } from './json-cells.ts';
import { JsonLinesSplitter } from './json-lines.ts';
import { isSpace, LF, OPEN_BRACE, OPEN_BRACKET } from './json-tokens.ts';
import type { NfcWatch } from './nfc.ts';
import { refuseBinaryText } from './refuse-binary-text.ts';
import { Utf8Validator } from './utf8-validator.ts';

/**
 * How the records are laid out: the document is the array, the array is at `json.records` inside the
 * document, or one record a line (JSON Lines).
 */
type JsonLayout = 'array' | 'document' | 'lines';

interface JsonScanner {
  write(chunk: Buffer): JsonElement[];
  end(): JsonElement[];
  exactIntegers: boolean;
  readonly nfc: NfcWatch;
}

/**
 * How far the layout looks for the end of the first line: a JSON Lines record can be longer than the
 * usual sample (a base64 photo), and only its end shows that the file is JSON Lines. A first line
 * longer than this is a one-line (minified) document.
 */
const FIRST_LINE_BYTES = 16 * 1024 * 1024;

/**
 * A {@link TableReader} for JSON: an array of records at a dotted path (`records: data.employees`), a
 * document that is itself the array, or JSON Lines; streamed, with flat memory. JSON has no header: the
 * configured `columns` are the header, each cell is the record's value for that column (keys matched
 * like headers, nested objects flattened to `manager.id`), and {@link Table.missingColumns} names the
 * columns no record had. `line` is the line a record starts on (for records sharing a line, as in a
 * minified array, the next free number: see jsonBatches).
 *
 * @example
 * const table = await jsonReader({ records: 'data.employees' })('/tmp/acme.json', {
 *   fileName: 'acme.json', columns: ['Employee ID', 'Manager.Id'],
 * });
 */
export function jsonReader(options: JsonOptions = {}): TableReader {
  return async (path, { fileName, columns, signal }) => {
    signal?.throwIfAborted();
    let sample = await readSample(path, fileName, CHUNK_BYTES);
    // Only a file that starts with an object may be JSON Lines: an array (a minified export too)
    // needs no more than its first byte.
    const start = firstValueAt(sample);
    if (sample.length === CHUNK_BYTES && sample[start] === OPEN_BRACE && sample.indexOf(LF, start) === -1) {
      sample = await readSample(path, fileName, FIRST_LINE_BYTES);
    }
    const layout = detectLayout(sample, options.records, fileName);
    // Find the records array now, so that a wrong `records` path fails before any row is read.
    if (layout === 'document') await locateRecords(path, options.records, fileName, signal);
    const shaper = new JsonRowShaper(columns, layout === 'lines' ? 'line' : 'record');
    return {
      header: [...columns],
      headerLine: 0,
      batches: {
        [Symbol.asyncIterator]: () =>
          jsonBatches(path, { layout, records: options.records, fileName }, shaper, signal),
      },
      missingColumns: () => shaper.missingColumns(),
    };
  };
}

/** Decides the layout from the first bytes; a document without `records` is reported with its arrays. */
function detectLayout(sample: Buffer, records: string | undefined, fileName: string): JsonLayout {
  const bom = detectBom(sample);
  // UTF-16 without its byte-order mark is valid UTF-8 (ASCII with a zero byte after each letter), so
  // without this it failed as malformed JSON with the zeros shown as \u0000 escapes.
  const encoding = bom?.encoding ?? utf16ByZeros(sample);
  if (encoding !== undefined && encoding !== 'utf-8') {
    throw new RosterError(
      'ENCODING_INVALID',
      `Invalid JSON file ${fileName}: it is ${encoding}${bom ? '' : ' (without a byte-order mark)'}, not UTF-8`,
      {
        file: fileName,
        hint: 'JSON files must be UTF-8 (RFC 8259): export or save the file as UTF-8',
      },
    );
  }
  const start = firstValueAt(sample);
  const first = sample[start];
  if (first === undefined) {
    throw new RosterError('JSON_MALFORMED', `Invalid JSON file ${fileName}: the file is empty`, {
      file: fileName,
      hint: 'Check the export that produced it',
    });
  }
  if (first === OPEN_BRACKET) {
    if (records === undefined) return 'array';
    throw new RosterError(
      'JSON_RECORDS_NOT_FOUND',
      `Invalid JSON file ${fileName}: the document is an array, so it has no \`${records}\``,
      {
        file: fileName,
        hint: 'Remove `json.records` from tenant.yaml to read the array itself',
      },
    );
  }
  refuseBinaryText(sample, fileName, 'JSON');
  if (first !== OPEN_BRACE) {
    const line = sample.subarray(0, start).filter((byte) => byte === LF).length + 1;
    const got = sample.toString('utf8', start, start + 20).split('\n')[0];
    throw new RosterError(
      'JSON_MALFORMED',
      `Invalid JSON in ${fileName} at line ${line}: expected '[' or '{', got ${JSON.stringify(got)}`,
      {
        file: fileName,
        line,
        hint: 'The file must be a JSON array, an object holding one (set `json.records`), or JSON Lines',
      },
    );
  }
  if (records !== undefined) return 'document';
  return looksLikeJsonLines(sample, start) ? 'lines' : 'document';
}

/** Where the file's first value starts: after a byte-order mark and whitespace. */
function firstValueAt(sample: Buffer): number {
  let start = detectBom(sample)?.length ?? 0;
  while (isSpace(sample[start])) start++;
  return start;
}

/**
 * An object that ends on its first line is JSON Lines, unless it is the only line and holds an array of
 * objects: then it is a one-line (minified) document whose `json.records` is missing.
 */
function looksLikeJsonLines(sample: Buffer, start: number): boolean {
  const end = sample.indexOf(LF, start);
  let first: unknown;
  try {
    first = JSON.parse(sample.toString('utf8', start, end === -1 ? sample.length : end));
  } catch {
    return false;
  }
  const rest = end === -1 ? '' : sample.toString('utf8', end).trim();
  return rest !== '' || !holdsRecordArray(first, 3);
}

/** Whether an object holds, within `depth` levels, an array of objects (people, presumably). */
function holdsRecordArray(value: unknown, depth: number): boolean {
  if (typeof value !== 'object' || value === null || depth === 0) return false;
  if (Array.isArray(value)) return value.some((item) => typeof item === 'object' && item !== null);
  return Object.values(value).some((child) => holdsRecordArray(child, depth - 1));
}

/** Reads until the records array starts; the scanner throws if the file ends first. */
async function locateRecords(
  path: string,
  records: string | undefined,
  fileName: string,
  signal?: AbortSignal,
) {
  const scanner = new JsonArrayScanner(records, fileName);
  for await (const chunk of jsonBytes(path, fileName, signal)) {
    scanner.write(chunk);
    if (scanner.recordsFound) return;
  }
  scanner.end();
}

async function* jsonBatches(
  path: string,
  source: { layout: JsonLayout; records: string | undefined; fileName: string },
  shaper: JsonRowShaper,
  signal: AbortSignal | undefined,
): AsyncGenerator<readonly SourceRow[]> {
  const { layout, fileName } = source;
  const scanner: JsonScanner =
    layout === 'lines'
      ? new JsonLinesSplitter(fileName)
      : new JsonArrayScanner(layout === 'array' ? undefined : source.records, fileName);
  // Rows carry the line their record starts on, as CSV rows do: an editor, `sed -n` and GitHub
  // annotations go there. A row's line is also its number in the run (ids, conflicts and duplicates
  // are matched by it), so it must grow from row to row: records that share a line (a minified
  // array) take the next free number, and a one-line file's rows are numbered by record.
  let previousLine = 0;
  const lineOf = (element: JsonElement) => {
    if (layout === 'lines') return element.line;
    previousLine = Math.max(element.line, previousLine + 1);
    return previousLine;
  };
  const toRow = (element: JsonElement) => shaper.toRow(element, lineOf(element), scanner.nfc.needed);
  for await (const chunk of jsonBytes(path, fileName, signal)) {
    const batch = scanner.write(chunk).map(toRow);
    // A file with one integer beyond 2^53 probably has more: parse the rest so from the start.
    if (shaper.roundedIntegers) scanner.exactIntegers = true;
    // As for CSV, one batch per 64 KiB chunk read (~250 records of 265 bytes) keeps V8's young generation
    // small: 118 MB peak RSS on 1M records, against 140-160 MB with batches of 500.
    if (batch.length > 0) yield batch;
  }
  const last = scanner.end().map(toRow);
  if (last.length > 0) yield last;
}

/** The file's bytes without a UTF-8 byte-order mark, checked to be UTF-8 as they stream. */
async function* jsonBytes(
  path: string,
  fileName: string,
  signal: AbortSignal | undefined,
): AsyncGenerator<Buffer> {
  const validator = new Utf8Validator();
  let offset = 0;
  for await (const raw of fileChunks(path, fileName, signal)) {
    const chunk = offset === 0 && detectBom(raw)?.encoding === 'utf-8' ? raw.subarray(3) : raw;
    const invalid = validator.check(chunk);
    if (invalid !== -1) throw notUtf8(fileName, `byte ${offset + raw.length - chunk.length + invalid}`);
    offset += raw.length;
    yield chunk;
  }
  if (validator.endsIncomplete()) throw notUtf8(fileName, 'its last character');
}

function notUtf8(fileName: string, what: string): RosterError {
  return new RosterError('ENCODING_INVALID', `Invalid JSON file ${fileName}: ${what} is not UTF-8`, {
    file: fileName,
    hint: 'JSON files must be UTF-8 (RFC 8259): export or save the file as UTF-8',
  });
}
