import { RosterError } from '@roster/engine';
import { mayNeedNfc } from './nfc.ts';

/** One parsed CSV record and the line of the file where it starts. */
export interface CsvRecord {
  readonly line: number;
  readonly fields: string[];
  /**
   * True when a field holds a line break: a quoted one, or a lone CR (LF) in a file whose lines end
   * with LF (CR), the line quoted or not.
   */
  readonly multiline: boolean;
}

export interface CsvRecordOptions {
  readonly delimiter: string;
  readonly quote: string;
  readonly maxRecordBytes: number;
  /** The file line of the parser's first line (1 + the title lines skipped before it). */
  readonly firstLine: number;
  readonly fileName: string;
  /**
   * The header's named columns, once known (the row pass; the header pass has none): a quoted field with
   * a line that could be a whole record is then a stray quote (see {@link holdsWholeRecord}).
   */
  readonly headerWidth?: number;
}

/** The conditions csv-parse named, kept as the codes in our messages so that they stay searchable. */
type CsvProblem =
  | 'CSV_QUOTE_NOT_CLOSED'
  | 'CSV_MAX_RECORD_SIZE'
  | 'CSV_INVALID_CLOSING_QUOTE'
  | 'CSV_QUOTE_SPANS_RECORDS';

const CR = 0x0d;
const LF = 0x0a;

/** A record that ends beyond the text we have: parse it again when the next chunk arrives. */
const INCOMPLETE = null;

/**
 * RFC 4180 CSV records, chunk by chunk, each with the line where it starts.
 *
 * Written here instead of using csv-parse, which it replaced: csv-parse reads byte by byte in a state
 * machine and decodes every field separately; on the 1M-row benchmark it was 36% of a run's CPU
 * (2.1 s self time, plus 0.7 s turning field buffers into strings), and the client's parsing is what
 * a run waits for. Here a chunk is decoded once, and a line without a quote (most lines of an HR
 * export) is cut with `indexOf` and `split`; only lines with a quote go through the character loop.
 * The semantics are csv-parse's as Roster used them: doubled quotes escape, line breaks inside quotes
 * belong to the field, empty lines are skipped, text after a closing quote is an error, and so is a
 * record longer than the limit. A quote inside an unquoted field (`Dwayne "The Rock"`, `5'11"`) is
 * part of the value, as Excel and csv-parse's `relax_quotes` read it: it used to fail the whole file
 * for one nickname (a new-user sweep); only a quote at a field's start opens a quoted field.
 */
export class CsvRecordParser {
  readonly #options: CsvRecordOptions;
  readonly #decoder = new TextDecoder('utf-8');
  readonly #delimiter: string;
  readonly #quote: string;
  readonly #quoteCode: number;
  readonly #delimiterCode: number;
  /** The delimiters a line inside a quoted field must hold to be taken for a whole record; 0: never. */
  readonly #recordDelimiters: number;
  /** Text not yet parsed: the start of a record the chunks so far do not complete. */
  #text = '';
  /** The line (counted from the parser's first line, 1) where `#text` starts. */
  #line = 1;
  /** Old Mac files end lines with CR alone; decided from the first line break seen. */
  #newline: number | undefined;
  #records: CsvRecord[] = [];

  constructor(options: CsvRecordOptions) {
    this.#options = options;
    this.#delimiter = options.delimiter;
    this.#quote = options.quote;
    this.#quoteCode = options.quote.charCodeAt(0);
    this.#delimiterCode = options.delimiter.charCodeAt(0);
    this.#recordDelimiters = recordDelimiters(options.headerWidth);
  }

  /** Parses a chunk of UTF-8 bytes and returns the records it completed. */
  async write(chunk: Buffer): Promise<CsvRecord[]> {
    this.#text += this.#decoder.decode(chunk, { stream: true });
    // Checked before parsing: the records completed now are all in this text (see nfc.ts).
    const needsNfc = mayNeedNfc(this.#text);
    this.#parse(false);
    return this.#take(needsNfc);
  }

  /** Parses what is left (the last record may lack a line break) and returns the last records. */
  async end(): Promise<CsvRecord[]> {
    this.#text += this.#decoder.decode();
    const needsNfc = mayNeedNfc(this.#text);
    this.#parse(true);
    return this.#take(needsNfc);
  }

  /**
   * The records parsed so far, their fields in NFC when their text needed it. Fields, not the text: NFC
   * turns U+037E (Greek question mark) into a semicolon, which must not become a delimiter.
   */
  #take(needsNfc: boolean): CsvRecord[] {
    const records = this.#records;
    this.#records = [];
    if (needsNfc) {
      for (const { fields } of records) {
        fields.forEach((field, index) => {
          fields[index] = field.normalize('NFC');
        });
      }
    }
    return records;
  }

  /** `line` is where the record starts, or, for CSV_QUOTE_SPANS_RECORDS, where the quote opens and `closedAt` where it closes. */
  #error(problem: CsvProblem, line: number, detail = '', closedAt = line): RosterError {
    const { fileName, maxRecordBytes, firstLine } = this.#options;
    const fileLine = line + firstLine - 1;
    const where = `Invalid CSV file ${fileName}: the record starting at line ${fileLine}`;
    const options = { file: fileName, line: fileLine };
    switch (problem) {
      case 'CSV_MAX_RECORD_SIZE':
        return new RosterError(
          'CSV_MALFORMED',
          `${where} is longer than ${maxRecordBytes} bytes (${problem})`,
          {
            ...options,
            hint: 'This is usually a quote that is opened and never closed, or the wrong delimiter; check that line',
          },
        );
      case 'CSV_QUOTE_NOT_CLOSED':
        return new RosterError('CSV_MALFORMED', `${where} has a quote that is never closed (${problem})`, {
          ...options,
          hint: 'Close the quoted field, or double the quote if it is part of the value ("")',
        });
      case 'CSV_INVALID_CLOSING_QUOTE':
        return new RosterError('CSV_MALFORMED', `${where} has a stray quote${detail} (${problem})`, {
          ...options,
          hint: 'Put the whole value in quotes and double the quotes inside it, e.g. "5\'11"""',
        });
      case 'CSV_QUOTE_SPANS_RECORDS': {
        const closed = closedAt + firstLine - 1;
        return new RosterError(
          'CSV_MALFORMED',
          `Invalid CSV file ${fileName}: a quoted field opens at line ${fileLine} and closes at line ${closed}, with whole records inside it (${problem})`,
          {
            ...options,
            hint: `A quote opened at line ${fileLine} is closed only at line ${closed}: a stray quote? Double a quote that is part of a value (""), and check both lines`,
          },
        );
      }
    }
  }

  #newlineOf(text: string): number | undefined {
    if (this.#newline !== undefined) return this.#newline;
    const lf = text.indexOf('\n');
    const cr = text.indexOf('\r');
    if (lf === -1 && cr === -1) return undefined;
    this.#newline = lf === -1 || (cr !== -1 && cr < lf && text.charCodeAt(cr + 1) !== LF) ? CR : LF;
    return this.#newline;
  }

  #parse(final: boolean): void {
    const text = this.#text;
    const length = text.length;
    const newline = this.#newlineOf(text) ?? LF;
    const newlineChar = String.fromCharCode(newline);
    const { maxRecordBytes } = this.#options;
    let position = 0;
    let line = this.#line;
    // The next quote at or after `position`, found once and reused while lines before it are cut.
    let nextQuote = text.indexOf(this.#quote);
    if (nextQuote === -1) nextQuote = length;
    // Likewise the next line break of the other kind (a CR in a file of LF lines): inside a line it is
    // a line break in a field, which one-line fields refuse (row-mapper.ts). In a file without any,
    // one search per chunk; in CRLF lines it is each line's own CR, found at the line's end.
    const strayChar = newline === LF ? '\r' : '\n';
    let nextStray = text.indexOf(strayChar);
    if (nextStray === -1) nextStray = length;

    while (position < length) {
      let lineEnd = text.indexOf(newlineChar, position);
      if (lineEnd === -1) {
        if (!final) break; // the rest of this line has not arrived yet
        lineEnd = length;
      }
      if (nextQuote < position) {
        nextQuote = text.indexOf(this.#quote, position);
        if (nextQuote === -1) nextQuote = length;
      }
      let contentEnd = lineEnd;
      if (newline === LF && contentEnd > position && text.charCodeAt(contentEnd - 1) === CR) contentEnd--;

      if (nextQuote >= contentEnd) {
        // The common case: no quote in the line.
        if (contentEnd > position) {
          if (contentEnd - position > maxRecordBytes) throw this.#error('CSV_MAX_RECORD_SIZE', line);
          if (nextStray < position) {
            nextStray = text.indexOf(strayChar, position);
            if (nextStray === -1) nextStray = length;
          }
          this.#records.push({
            line: line + this.#options.firstLine - 1,
            fields: text.slice(position, contentEnd).split(this.#delimiter),
            multiline: nextStray < contentEnd,
          });
        }
        position = lineEnd + 1;
        line++;
        continue;
      }

      const record = this.#quotedRecord(text, position, line, final, newline);
      if (record === INCOMPLETE) break;
      this.#records.push({
        line: line + this.#options.firstLine - 1,
        fields: record.fields,
        multiline: record.multiline,
      });
      position = record.next;
      line += record.lines;
    }

    this.#text = position >= length ? '' : text.slice(position);
    this.#line = line;
    if (this.#text.length > maxRecordBytes) throw this.#error('CSV_MAX_RECORD_SIZE', line);
  }

  /**
   * One record that has a quote somewhere, character by character from `start`. Returns the fields,
   * where the next record starts and how many line breaks were consumed, or INCOMPLETE when the
   * record runs past the text we have.
   */
  #quotedRecord(
    text: string,
    start: number,
    line: number,
    final: boolean,
    newline: number,
  ): { fields: string[]; next: number; lines: number; multiline: boolean } | typeof INCOMPLETE {
    const length = text.length;
    const quote = this.#quoteCode;
    const delimiter = this.#delimiterCode;
    const { maxRecordBytes } = this.#options;
    const fields: string[] = [];
    let lines = 0;
    /** A line break kept in an unquoted field (not the file's kind of line end). */
    let strayBreak = false;
    let index = start;
    for (;;) {
      if (index - start > maxRecordBytes) throw this.#error('CSV_MAX_RECORD_SIZE', line);
      let value: string;
      if (index < length && text.charCodeAt(index) === quote) {
        // A quoted field: up to the closing quote, a doubled quote standing for one.
        let from = index + 1;
        value = '';
        for (;;) {
          const close = text.indexOf(this.#quote, from);
          if (close === -1 || close + 1 >= length) {
            if (close !== -1 && final) {
              value += text.slice(from, close);
              index = close + 1;
              break;
            }
            if (!final) {
              if (length - start > maxRecordBytes) throw this.#error('CSV_MAX_RECORD_SIZE', line);
              return INCOMPLETE;
            }
            throw this.#error('CSV_QUOTE_NOT_CLOSED', line);
          }
          if (text.charCodeAt(close + 1) === quote) {
            value += text.slice(from, close + 1);
            from = close + 2;
            continue;
          }
          value += text.slice(from, close);
          index = close + 1;
          break;
        }
        const breaks = lineBreaksIn(value);
        if (breaks > 0 && holdsWholeRecord(value, delimiter, this.#recordDelimiters)) {
          throw this.#error('CSV_QUOTE_SPANS_RECORDS', line + lines, '', line + lines + breaks);
        }
        lines += breaks;
        if (index - start > maxRecordBytes) throw this.#error('CSV_MAX_RECORD_SIZE', line);
        // After the closing quote: a delimiter, the end of the line, or the end of the file.
        if (index >= length) {
          if (!final) return INCOMPLETE;
          fields.push(value);
          return { fields, next: length, lines, multiline: lines > 0 || strayBreak };
        }
        const after = text.charCodeAt(index);
        if (after === delimiter) {
          fields.push(value);
          index++;
          continue;
        }
        const ends = this.#lineEnd(text, index, newline, final);
        if (ends === INCOMPLETE) return INCOMPLETE;
        if (ends !== undefined) {
          fields.push(value);
          return { fields, next: ends, lines: lines + 1, multiline: lines > 0 || strayBreak };
        }
        throw this.#error(
          'CSV_INVALID_CLOSING_QUOTE',
          line,
          ` after a closing quote: ${JSON.stringify(text.slice(index, index + 10))}`,
        );
      }
      // An unquoted field: up to the next delimiter or line break; a quote inside it is a character.
      let end = index;
      for (;;) {
        if (end >= length) {
          if (!final) return INCOMPLETE;
          fields.push(text.slice(index, end));
          return { fields, next: length, lines, multiline: lines > 0 || strayBreak };
        }
        const char = text.charCodeAt(end);
        if (char === delimiter) {
          fields.push(text.slice(index, end));
          index = end + 1;
          break;
        }
        if (char === CR || char === LF) {
          const ends = this.#lineEnd(text, end, newline, final);
          if (ends === INCOMPLETE) return INCOMPLETE;
          if (ends !== undefined) {
            fields.push(text.slice(index, end));
            return { fields, next: ends, lines: lines + 1, multiline: lines > 0 || strayBreak };
          }
          strayBreak = true;
        }
        end++;
      }
    }
  }

  /** Where the text after a line break at `index` starts, undefined when there is none, INCOMPLETE when CR is the last character we have. */
  #lineEnd(
    text: string,
    index: number,
    newline: number,
    final: boolean,
  ): number | undefined | typeof INCOMPLETE {
    const char = text.charCodeAt(index);
    if (newline === CR) return char === CR ? index + 1 : undefined;
    if (char === LF) return index + 1;
    if (char !== CR) return undefined;
    if (index + 1 >= text.length) return final ? index + 1 : INCOMPLETE;
    return text.charCodeAt(index + 1) === LF ? index + 2 : undefined;
  }
}

/**
 * How many delimiters make a line inside a quoted field look like a whole record: one fewer than the
 * header has fields. Never with fewer than four columns: there an address line ("Acme Corp\n12 Main
 * St, Springfield, IL 62704" under `id,email,address`: two commas) looks like a record, and the whole
 * file failed (a review reproduced it), so such files keep the old reading.
 */
function recordDelimiters(headerWidth: number | undefined): number {
  return headerWidth !== undefined && headerWidth >= 4 ? headerWidth - 1 : 0;
}

/**
 * True when a line of a quoted field, after its first, holds at least `delimiters` delimiters: the field
 * has swallowed whole records. That is a stray quote at a field's start (`"Bob,Lee,…`) closed by another
 * stray quote lines later (`Rob 5'11"`): read as one field, the rows between vanished without a word and
 * the run deactivated their people as missing. A real multi-line value (an address, "Ann\nMarie") has
 * lines with a comma or two, not a record's worth. Only quoted fields with a line break come here.
 */
function holdsWholeRecord(value: string, delimiter: number, delimiters: number): boolean {
  if (delimiters === 0) return false;
  let count = -1; // -1 until the first line break: the field's first line is the record's own
  for (let index = 0; index < value.length; index++) {
    const char = value.charCodeAt(index);
    if (char === LF || char === CR) count = 0;
    else if (char === delimiter && count !== -1 && ++count >= delimiters) return true;
  }
  return false;
}

/** Line breaks inside a field: CRLF, CR and LF each count once. */
function lineBreaksIn(value: string): number {
  if (value.indexOf('\n') === -1 && value.indexOf('\r') === -1) return 0;
  let lines = 0;
  for (let index = 0; index < value.length; index++) {
    const char = value.charCodeAt(index);
    if (char === CR) {
      lines++;
      if (value.charCodeAt(index + 1) === LF) index++;
    } else if (char === LF) {
      lines++;
    }
  }
  return lines;
}
