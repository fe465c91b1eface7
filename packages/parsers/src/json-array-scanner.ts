import { RosterError } from '@roster/engine';
import { parseExactIntegers, quoteUnsafeIntegers } from './json-exact-integers.ts';
import { describeSyntaxError } from './json-syntax-error.ts';
import { isSpace, LF, OPEN_BRACE, OPEN_BRACKET, QUOTE, scalarEnd, stringEnd } from './json-tokens.ts';
import { NfcWatch } from './nfc.ts';

/** One element of the records array: its 1-based index, the line it starts on, and its parsed value. */
export interface JsonElement {
  readonly index: number;
  readonly line: number;
  readonly value: unknown;
  /** The element parsed again from its text with integers beyond 2^53 kept as their digits. */
  parseExact(): unknown;
}

/** An element of a records array: its text is a range of the buffer it was parsed from. */
class ArrayElement implements JsonElement {
  readonly index: number;
  readonly line: number;
  readonly value: unknown;
  readonly #buffer: Buffer;
  readonly #start: number;
  readonly #end: number;

  constructor(range: Range, value: unknown, buffer: Buffer) {
    this.index = range.index;
    this.line = range.line;
    this.value = value;
    this.#buffer = buffer;
    this.#start = range.start;
    this.#end = range.end;
  }

  parseExact(): unknown {
    return parseExactIntegers(this.#buffer.toString('utf8', this.#start, this.#end));
  }
}

type ObjectState = 'keyOrEnd' | 'key' | 'colon' | 'value' | 'commaOrEnd';
type ArrayState = 'valueOrEnd' | 'value' | 'commaOrEnd';
interface ObjectFrame {
  kind: 'object';
  key: string;
  state: ObjectState;
}
interface ArrayFrame {
  kind: 'array';
  state: ArrayState;
}
type Frame = ObjectFrame | ArrayFrame;

interface ElementScan {
  resume: number;
  depth: number;
  lines: number;
  string: number;
}

const FRESH: Readonly<ElementScan> = { resume: 0, depth: 0, lines: 0, string: -1 };

interface Range {
  readonly start: number;
  readonly end: number;
  readonly line: number;
  readonly index: number;
}

const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const MAX_ARRAY_PATHS = 20;
const EMPTY = Buffer.alloc(0);

/**
 * Finds the records array of a JSON document in a byte stream and returns its elements, parsed.
 *
 * Why not @streamparser/json: on 1M records (265 MB) it took 5.2-5.6 s just to tokenize, against 2.9 s for
 * the whole CSV reader on the same rows. Here the document around the array is walked token by token
 * (strictly: a syntax error there is reported with its line), while inside the array each element's
 * byte range is found by a structural scan (depth and strings only, `indexOf` from quote to quote), and
 * all the elements completed by a chunk are parsed by one native `JSON.parse('[' + … + ']')`, which
 * also validates them: the whole JSON reader, cells included, reads the same 1M records in 1.8 s
 * (`scripts/bench-readers.ts`; JSON Lines 1.4 s).
 *
 * `records` is the dotted path of the array (`data.employees`); undefined: the document is the array.
 */
export class JsonArrayScanner {
  readonly #target: string;
  readonly #fileName: string;
  #pending: Buffer = EMPTY;
  /** Whether the buffer being scanned begins the file (only the first one does). */
  #atFileStart = true;
  #line = 1;
  readonly #stack: Frame[] = [];
  #done = false;
  #inRecords = false;
  #recordsFound = false;
  #recordsState: ArrayState = 'valueOrEnd';
  #targetKind: string | undefined;
  #count = 0;
  #ranges: Range[] = [];
  /**
   * An element cut off by the end of a chunk: how far it was scanned, at what depth, over how many
   * lines, and where the string it ends in started (-1: none), all relative to the element's start.
   * Resuming there keeps a huge element (a photo in base64) from being rescanned chunk after chunk.
   */
  #partial: ElementScan | undefined;
  readonly #arrayPaths: string[] = [];

  /** Parse integers beyond 2^53 as their digits (see `json-exact-integers.ts`); set once the file has one. */
  exactIntegers = false;
  /** Whether the records' strings are to be put in NFC (see nfc.ts); `\u` escapes can spell accents. */
  readonly nfc = new NfcWatch(['\\u']);

  /** True once the records array has been entered. */
  get recordsFound(): boolean {
    return this.#recordsFound;
  }

  constructor(records: string | undefined, fileName: string) {
    this.#target = records ?? '';
    this.#fileName = fileName;
  }

  /** Scans a chunk and returns the elements it completed. */
  write(chunk: Buffer): JsonElement[] {
    return this.#run(this.#pending.length > 0 ? Buffer.concat([this.#pending, chunk]) : chunk, false);
  }

  /** Scans what is left; throws if the document is incomplete or has no records array. */
  end(): JsonElement[] {
    const elements = this.#run(this.#pending, true);
    if (this.#inRecords || this.#stack.length > 0 || !this.#done) {
      throw this.#malformed('the file ends before the JSON document does', 'The upload may be incomplete');
    }
    if (!this.#recordsFound) throw this.#notFound();
    return elements;
  }

  #run(buffer: Buffer, final: boolean): JsonElement[] {
    let position = 0;
    let carry = -1;
    while (position < buffer.length) {
      const next = this.#inRecords
        ? this.#scanRecords(buffer, position, final)
        : this.#navigate(buffer, position, final);
      if (next < 0) {
        carry = -next - 1;
        break;
      }
      position = next;
    }
    const elements = this.#parseRanges(buffer);
    this.#atFileStart = false;
    this.#pending = carry >= 0 ? buffer.subarray(carry) : EMPTY;
    return elements;
  }

  // ---- Inside the records array: the fast path -------------------------------------------------------

  /** Returns the next position, or -(carry + 1) when the buffer ends inside an element. */
  #scanRecords(buffer: Buffer, from: number, final: boolean): number {
    let position = from;
    if (this.#partial) return this.#scanElement(buffer, position, final);
    while (isSpace(buffer[position])) {
      if (buffer[position] === LF) this.#line++;
      position++;
    }
    if (position >= buffer.length) return position;
    const byte = buffer[position];
    if (byte === CLOSE_BRACKET && this.#recordsState !== 'value') {
      this.#inRecords = false;
      this.#afterValue();
      return position + 1;
    }
    if (this.#recordsState === 'commaOrEnd') {
      if (byte !== COMMA) throw this.#unexpected(buffer, position, "',' or ']' after a record");
      this.#recordsState = 'value';
      return position + 1;
    }
    this.#partial = { ...FRESH };
    return this.#scanElement(buffer, position, final);
  }

  /** Scans one element starting at `start` (resuming a partial one); records its range when complete. */
  #scanElement(buffer: Buffer, start: number, final: boolean): number {
    const partial = this.#partial ?? { ...FRESH };
    const first = buffer[start];
    let end = -1;
    if (first === OPEN_BRACE || first === OPEN_BRACKET) {
      end = this.#scanContainer(buffer, start, partial);
      if (end === -1) {
        if (final) throw this.#malformed('the file ends inside a record', 'The upload may be incomplete');
        return -(start + 1);
      }
    } else if (first === QUOTE) {
      const close = stringEnd(buffer, start + 1);
      if (close !== -1) end = close + 1;
    } else {
      end = scalarEnd(buffer, start);
      if (end === start) throw this.#unexpected(buffer, start, 'a record');
      if (end === buffer.length && !final) end = -1;
    }
    if (end === -1) {
      if (final) throw this.#malformed('the file ends inside a record', 'The upload may be incomplete');
      this.#partial = { ...FRESH };
      return -(start + 1);
    }
    this.#ranges.push({ start, end, line: this.#line, index: ++this.#count });
    this.#line += partial.lines;
    this.#partial = undefined;
    this.#recordsState = 'commaOrEnd';
    return end;
  }

  /**
   * The hot loop: finds where the object or array at `start` ends (or -1), counting depth and line breaks
   * and jumping over strings. `partial` carries its state over chunk ends.
   */
  #scanContainer(buffer: Buffer, start: number, partial: ElementScan): number {
    let { depth, lines } = partial;
    let position = start + partial.resume;
    let string = -1;
    if (partial.string !== -1) {
      string = start + partial.string;
      const close = stringEnd(buffer, string, position);
      if (close === -1) position = buffer.length;
      else {
        position = close + 1;
        string = -1;
      }
    }
    while (string === -1 && position < buffer.length) {
      const byte = buffer[position];
      if (byte === QUOTE) {
        const close = stringEnd(buffer, position + 1);
        if (close === -1) {
          string = position + 1; // the string goes on in the next chunk: search on from the end
          position = buffer.length;
        } else position = close + 1;
        continue;
      }
      if (byte === OPEN_BRACE || byte === OPEN_BRACKET) depth++;
      else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
        depth--;
        if (depth === 0) {
          partial.lines = lines;
          return position + 1;
        }
      } else if (byte === LF) lines++;
      position++;
    }
    this.#partial = { resume: position - start, depth, lines, string: string === -1 ? -1 : string - start };
    return -1;
  }

  /** Parses the ranges found in `buffer` with one `JSON.parse`; finds the culprit when it fails. */
  #parseRanges(buffer: Buffer): JsonElement[] {
    const ranges = this.#ranges;
    const first = ranges[0];
    const last = ranges[ranges.length - 1];
    if (!first || !last) return [];
    this.#ranges = [];
    let values: unknown[];
    try {
      const text = buffer.toString('utf8', first.start, last.end);
      this.nfc.look(text);
      values = JSON.parse(`[${this.exactIntegers ? quoteUnsafeIntegers(text) : text}]`);
    } catch {
      for (const range of ranges) {
        const text = buffer.toString('utf8', range.start, range.end);
        try {
          JSON.parse(text);
        } catch (error) {
          const column = this.#columnOf(buffer, range.start);
          const { problem, line } = describeSyntaxError(error, text, range.line, column);
          this.#line = line;
          throw this.#malformed(`record ${range.index} is not valid JSON: ${problem}`);
        }
      }
      throw this.#malformed('the records cannot be parsed');
    }
    return ranges.map((range, index) => new ArrayElement(range, values[index], buffer));
  }

  /**
   * The 1-based column of `position` on its line, for error messages only (the fast path does not
   * track columns). Undefined when the line began in a chunk already dropped: a minified file.
   */
  #columnOf(buffer: Buffer, position: number): number | undefined {
    const lineFeed = buffer.lastIndexOf(LF, position - 1);
    if (lineFeed < 0 && !this.#atFileStart) return undefined;
    return buffer.toString('utf8', lineFeed + 1, position).length + 1;
  }

  // ---- Around the records array: a strict token walk ----------------------------------------------------

  /** Returns the next position, or -(carry + 1) when a token is cut off by the end of the buffer. */
  #navigate(buffer: Buffer, from: number, final: boolean): number {
    let position = from;
    while (isSpace(buffer[position])) {
      if (buffer[position] === LF) this.#line++;
      position++;
    }
    if (position >= buffer.length) return position;
    const byte = buffer[position];
    const frame = this.#stack[this.#stack.length - 1];
    if (!frame) {
      if (this.#done) {
        throw this.#unexpected(buffer, position, 'the end of the file after the JSON document', {
          hint:
            this.#target === ''
              ? 'The file holds several JSON documents one after another: ask for one array of the people, or for one object per line (JSON Lines, read as such)'
              : 'A file with one JSON object per line is JSON Lines: remove `json.records` to read it so',
        });
      }
      return this.#value(buffer, position, final);
    }
    if (frame.kind === 'array') {
      if (byte === CLOSE_BRACKET && frame.state !== 'value') return this.#close(position);
      if (frame.state === 'commaOrEnd') {
        if (byte !== COMMA) throw this.#unexpected(buffer, position, "',' or ']' in an array");
        frame.state = 'value';
        return position + 1;
      }
      return this.#value(buffer, position, final);
    }
    return this.#inObject(frame, buffer, position, final);
  }

  #inObject(frame: ObjectFrame, buffer: Buffer, position: number, final: boolean): number {
    const byte = buffer[position];
    switch (frame.state) {
      case 'keyOrEnd':
      case 'key': {
        if (byte === CLOSE_BRACE && frame.state === 'keyOrEnd') return this.#close(position);
        if (byte !== QUOTE) throw this.#unexpected(buffer, position, 'a key in double quotes');
        const close = stringEnd(buffer, position + 1);
        if (close === -1) return this.#cutOff(position, final);
        frame.key = this.#parseToken(buffer, position, close + 1) as string;
        frame.state = 'colon';
        return close + 1;
      }
      case 'colon':
        if (byte !== COLON) throw this.#unexpected(buffer, position, "':' after a key");
        frame.state = 'value';
        return position + 1;
      case 'value':
        return this.#value(buffer, position, final);
      case 'commaOrEnd':
        if (byte === CLOSE_BRACE) return this.#close(position);
        if (byte !== COMMA) throw this.#unexpected(buffer, position, "',' or '}' in an object");
        frame.state = 'key';
        return position + 1;
    }
  }

  /** A value starts at `position`: a container is entered, a scalar read whole. */
  #value(buffer: Buffer, position: number, final: boolean): number {
    const byte = buffer[position];
    const path = this.#valuePath();
    const isTarget = path === this.#target;
    if (isTarget && this.#recordsFound) {
      // A key written twice ({"data": {...}, "data": {...}}): JSON.parse keeps the last, jq too; this
      // scanner had read the first and passed over the second, whose people a run would deactivate.
      throw this.#malformed(
        `\`${this.#target}\` appears a second time here (a key written twice): which of them holds the people cannot be told`,
        'Ask the customer for an export with the people in one array',
      );
    }
    if (byte === OPEN_BRACKET) {
      if (isTarget && !this.#recordsFound) {
        this.#inRecords = true;
        this.#recordsFound = true;
        this.#recordsState = 'valueOrEnd';
        return position + 1;
      }
      if (path !== undefined && this.#arrayPaths.length < MAX_ARRAY_PATHS)
        this.#arrayPaths.push(path || '(the document)');
      this.#stack.push({ kind: 'array', state: 'valueOrEnd' });
      return position + 1;
    }
    if (isTarget)
      this.#targetKind ??=
        byte === OPEN_BRACE ? 'an object' : byte === QUOTE ? 'a string' : 'a number or literal';
    if (byte === OPEN_BRACE) {
      this.#stack.push({ kind: 'object', key: '', state: 'keyOrEnd' });
      return position + 1;
    }
    let end: number;
    if (byte === QUOTE) {
      const close = stringEnd(buffer, position + 1);
      if (close === -1) return this.#cutOff(position, final);
      end = close + 1;
    } else {
      end = scalarEnd(buffer, position);
      if (end === buffer.length && !final) return -(position + 1);
      if (end === position) throw this.#unexpected(buffer, position, 'a value');
    }
    this.#parseToken(buffer, position, end);
    this.#afterValue();
    return end;
  }

  #close(position: number): number {
    this.#stack.pop();
    this.#afterValue();
    return position + 1;
  }

  #afterValue(): void {
    const frame = this.#stack[this.#stack.length - 1];
    if (frame) frame.state = 'commaOrEnd';
    else this.#done = true;
  }

  #cutOff(position: number, final: boolean): number {
    if (final) throw this.#malformed('the file ends inside a string', 'The upload may be incomplete');
    return -(position + 1);
  }

  /** The dotted path of the value about to be read, or undefined inside an array. */
  #valuePath(): string | undefined {
    let path = '';
    for (const frame of this.#stack) {
      if (frame.kind === 'array') return undefined;
      path = path === '' ? frame.key : `${path}.${frame.key}`;
    }
    return path;
  }

  #parseToken(buffer: Buffer, start: number, end: number): unknown {
    const text = buffer.toString('utf8', start, end);
    try {
      return JSON.parse(text);
    } catch {
      throw this.#malformed(`${JSON.stringify(text.slice(0, 40))} is not a JSON value`);
    }
  }

  // ---- Errors ---------------------------------------------------------------------------------------

  #unexpected(
    buffer: Buffer,
    position: number,
    expected: string,
    options: { hint?: string } = {},
  ): RosterError {
    const got = buffer.toString('utf8', position, Math.min(buffer.length, position + 20)).split('\n')[0];
    return this.#malformed(`expected ${expected}, got ${JSON.stringify(got)}`, options.hint);
  }

  #malformed(problem: string, hint?: string): RosterError {
    return new RosterError(
      'JSON_MALFORMED',
      `Invalid JSON in ${this.#fileName} at line ${this.#line}: ${problem}`,
      {
        file: this.#fileName,
        line: this.#line,
        hint: hint ?? 'Check the file at that line (jq or an editor shows the exact spot)',
      },
    );
  }

  #notFound(): RosterError {
    const where = this.#target === '' ? 'the document' : `\`${this.#target}\``;
    const problem =
      this.#targetKind === undefined
        ? `there is no \`${this.#target}\` in the document`
        : `${where} is ${this.#targetKind}, not an array of records`;
    const found =
      this.#arrayPaths.length > 0 ? `Arrays found: ${this.#arrayPaths.join(', ')}` : 'It has no arrays';
    return new RosterError('JSON_RECORDS_NOT_FOUND', `Invalid JSON file ${this.#fileName}: ${problem}`, {
      file: this.#fileName,
      hint: `${found}. Set \`json.records\` in tenant.yaml to the dotted path of the array of people`,
    });
  }
}
