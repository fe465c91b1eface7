import { RosterError } from '@roster/engine';
import type { JsonElement } from './json-array-scanner.ts';
import { parseExactIntegers, quoteUnsafeIntegers } from './json-exact-integers.ts';
import { describeSyntaxError } from './json-syntax-error.ts';
import { LF } from './json-tokens.ts';
import { NfcWatch } from './nfc.ts';

const EMPTY = Buffer.alloc(0);

/** A record of JSON Lines: its text is its line. */
class LineElement implements JsonElement {
  readonly index: number;
  readonly line: number;
  readonly value: unknown;
  readonly #text: string;

  constructor(index: number, line: number, value: unknown, text: string) {
    this.index = index;
    this.line = line;
    this.value = value;
    this.#text = text;
  }

  parseExact(): unknown {
    return parseExactIntegers(this.#text);
  }
}

/**
 * Splits JSON Lines (one value a line; blank lines ignored) and parses each line. Raw line breaks cannot
 * occur inside a JSON value written on one line, so splitting on LF is exact; a CR before it is
 * whitespace to `JSON.parse`.
 */
export class JsonLinesSplitter {
  readonly #fileName: string;
  #pending: Buffer = EMPTY;
  #line = 0;
  #count = 0;
  /** Parse integers beyond 2^53 as their digits (see `json-exact-integers.ts`); set once the file has one. */
  exactIntegers = false;
  /** Whether the records' strings are to be put in NFC (see nfc.ts); `\u` escapes can spell accents. */
  readonly nfc = new NfcWatch(['\\u']);

  constructor(fileName: string) {
    this.#fileName = fileName;
  }

  /** Parses the complete lines of `chunk` (with what was left of the last one). */
  write(chunk: Buffer): JsonElement[] {
    const buffer = this.#pending.length > 0 ? Buffer.concat([this.#pending, chunk]) : chunk;
    const end = buffer.lastIndexOf(LF) + 1;
    this.#pending = buffer.subarray(end);
    return end > 0 ? this.#parse(this.#text(buffer, end - 1)) : [];
  }

  /** Parses the last line, which may lack a line break. */
  end(): JsonElement[] {
    const rest = this.#pending;
    this.#pending = EMPTY;
    return rest.length > 0 ? this.#parse(this.#text(rest, rest.length)) : [];
  }

  /** The lines' text; in exact mode with long integers quoted (which adds no line breaks). */
  #text(buffer: Buffer, end: number): string {
    const text = buffer.toString('utf8', 0, end);
    this.nfc.look(text);
    return this.exactIntegers ? quoteUnsafeIntegers(text) : text;
  }

  #parse(text: string): JsonElement[] {
    const elements: JsonElement[] = [];
    for (const line of text.split('\n')) {
      this.#line++;
      if (line.length === 0 || (line.charCodeAt(0) <= 0x20 && line.trim() === '')) continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (error) {
        const { problem } = describeSyntaxError(error, line, this.#line, 1);
        throw new RosterError(
          'JSON_MALFORMED',
          `Invalid JSON Lines file ${this.#fileName} at line ${this.#line}: ${problem}`,
          {
            file: this.#fileName,
            line: this.#line,
            hint: 'Each line must hold one complete JSON object; fix or remove that line',
          },
        );
      }
      elements.push(new LineElement(++this.#count, this.#line, value, line));
    }
    return elements;
  }
}
