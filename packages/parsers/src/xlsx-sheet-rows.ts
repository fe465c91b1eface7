/**
 * The streaming scanner of a worksheet's `<sheetData>`: fed the sheet XML in chunks, it collects each
 * `<row>` as the sheet row number and its cells by column. Only what the rows need is kept: the cell's
 * reference, type, style and value; formulas are skipped (their cached `<v>` is the value; one saved
 * without it has no value, and is noted as an error cell).
 */
import type { Cell } from '@roster/engine';
import { isoDateCell, numberCell } from './xlsx-cells.ts';
import { RESAVE_HINT, XlsxError } from './xlsx-error.ts';
// Excel's last column, XFD: a reference beyond it is damage, and would make a huge sparse row.
import { MAX_COLUMNS, readPlainRow, startsWith } from './xlsx-plain-row.ts';
import { UNCALCULATED_FORMULA } from './xlsx-protocol.ts';
import type { NumberFormat } from './xlsx-styles.ts';
import {
  type AttributeVisitor,
  decodeExcelEscapes,
  decodeXml,
  plainTextEnd,
  scanAttributes,
  type XmlHandler,
  XmlScanner,
} from './xlsx-xml.ts';

export interface SheetRow {
  /** The sheet row number (`r`, 1-based): the line reported to users. */
  readonly line: number;
  /** Cells by column (0 is A); columns without a value are holes or ''. */
  readonly cells: Cell[];
  /** The row's error cells (`#N/A`, `#REF!`…), read as '' in `cells`; undefined when it has none. */
  readonly errors: CellError[] | undefined;
}

/** A cell of type `e`: a formula that failed, or an error typed in. */
export interface CellError {
  /** 0-based column. */
  readonly column: number;
  /** What Excel shows: `#N/A`, `#REF!`, `#VALUE!`, `#DIV/0!`… */
  readonly error: string;
}

export interface SheetContext {
  readonly sharedStrings: readonly string[];
  /** For each style index, how it shows numbers where that changes the value (see `xlsx-styles.ts`). */
  readonly numberFormats: readonly (NumberFormat | undefined)[];
  readonly date1904: boolean;
  /** The sheet's name, for messages. */
  readonly sheet: string;
}

/** Where the text of the open element goes (numbers: Node's type stripping has no enums). */
const Target = { None: 0, Value: 1, Inline: 2 } as const;
type Target = (typeof Target)[keyof typeof Target];

class SheetRowsHandler implements XmlHandler, AttributeVisitor {
  wantsText = false;
  rows: SheetRow[] = [];
  readonly #context: SheetContext;
  /** The number of a row opened and never closed (so far), else undefined. */
  get openRow(): number | undefined {
    return this.#cells === undefined ? undefined : this.#line;
  }
  #inSheetData = false;
  #line = 0;

  /**
   * Whether the text read so far ended between two rows of `<sheetData>`, where the byte path may take
   * over: not outside it, and not inside a row, a cell, a value or an inline string that damaged markup
   * left open (what follows belongs to them, spaces included).
   */
  get betweenRows(): boolean {
    return (
      this.#inSheetData &&
      this.#cells === undefined &&
      !this.#inCell &&
      !this.wantsText &&
      !this.#inInline &&
      this.#phonetic === 0
    );
  }

  /** The sheet row read last (0 before the first): the row after it, for a row without `r`. */
  get line(): number {
    return this.#line;
  }

  /** A row read from the bytes (`readPlainRow`), in its place among the rows read here. */
  addRow(row: SheetRow): void {
    this.#line = row.line;
    this.rows.push(row);
  }

  #cells: Cell[] | undefined;
  #errors: CellError[] | undefined;
  #column = -1;
  // The open cell.
  #inCell = false;
  /** `r` of the open row or cell. */
  #ref: string | undefined;
  #type = '';
  #style = 0;
  #target: Target = Target.None;
  #value: string | undefined;
  #inline: string | undefined;
  #inInline = false;
  #phonetic = 0;
  /** Whether the open cell has a formula (`<f>`). */
  #formula = false;
  /** The sheet's merged ranges (`<mergeCell ref="B5:B9">`, after `<sheetData>`), as written. */
  readonly merges: string[] = [];
  #inMerge = false;

  constructor(context: SheetContext) {
    this.#context = context;
  }

  open(name: string, source: string, from: number, to: number): void {
    switch (name) {
      case 'c':
        if (this.#cells) this.#openCell(source, from, to);
        return;
      case 'v':
        if (this.#inCell) {
          this.#target = Target.Value;
          this.#value = '';
          this.wantsText = true;
        }
        return;
      case 'row':
        if (this.#inSheetData) this.#openRow(source, from, to);
        return;
      case 'is':
        if (this.#inCell) {
          this.#inInline = true;
          this.#inline = '';
        }
        return;
      case 't':
        if (this.#inInline && this.#phonetic === 0) {
          this.#target = Target.Inline;
          this.wantsText = true;
        }
        return;
      case 'rPh':
        this.#phonetic++;
        return;
      case 'f':
        if (this.#inCell) this.#formula = true;
        return;
      case 'sheetData':
        this.#inSheetData = true;
        return;
      case 'mergeCell':
        this.#inMerge = true;
        scanAttributes(source, from, to, this);
        this.#inMerge = false;
        return;
    }
  }

  /**
   * The usual cell, `<c …><v>value</v></c>` with nothing between or around, read at once from the
   * cell's content: the index after `</c>`, or undefined (the scanner then reads it tag by tag) for
   * any other element or shape, or one the chunk cuts. Half the sheet's tags, read without their own
   * strings.
   */
  readContent(name: string, source: string, content: number): number | undefined {
    if (name !== 'c' || !this.#inCell) return undefined;
    const end = plainTextEnd(source, content, '<v>', '</v></c>');
    if (end === -1) return undefined;
    this.#value = decodeXml(source.slice(content + 3, end));
    // As `close('v')` would: a `<v>` left open before this cell must not take the text after it.
    this.#target = Target.None;
    this.wantsText = false;
    this.#closeCell();
    return end + 8;
  }

  close(name: string): void {
    switch (name) {
      case 'c':
        if (this.#inCell) this.#closeCell();
        return;
      case 'v':
      case 't':
        this.#target = Target.None;
        this.wantsText = false;
        return;
      case 'row':
        if (this.#cells) {
          this.rows.push({ line: this.#line, cells: this.#cells, errors: this.#errors });
          this.#cells = undefined;
          this.#errors = undefined;
        }
        return;
      case 'is':
        this.#inInline = false;
        return;
      case 'rPh':
        this.#phonetic--;
        return;
      case 'sheetData':
        this.#inSheetData = false;
        return;
    }
  }

  text(text: string): void {
    if (this.#target === Target.Value) this.#value += text;
    else if (this.#target === Target.Inline) this.#inline += text;
  }

  #openRow(source: string, from: number, to: number): void {
    // Rows may skip numbers (empty rows are not written); a row without `r` follows the previous one.
    this.#ref = undefined;
    scanAttributes(source, from, to, this);
    const line = this.#ref === undefined ? Number.NaN : Number.parseInt(this.#ref, 10);
    this.#line = Number.isFinite(line) ? line : this.#line + 1;
    this.#cells = [];
    this.#errors = undefined;
    this.#column = -1;
  }

  #openCell(source: string, from: number, to: number): void {
    this.#ref = undefined;
    this.#type = 'n';
    this.#style = 0;
    scanAttributes(source, from, to, this);
    // A cell without `r` follows the previous cell of its row.
    const ref = this.#ref;
    const column = ref === undefined ? -1 : columnIndex(ref);
    this.#column = column === -1 ? this.#column + 1 : column;
    if (this.#column >= MAX_COLUMNS) {
      throw new XlsxError(
        'XLSX_UNREADABLE',
        `it cannot be read as .xlsx: cell ${ref ?? ''} in row ${this.#line} of sheet ${JSON.stringify(this.#context.sheet)} is beyond column XFD`,
        RESAVE_HINT,
      );
    }
    this.#value = undefined;
    this.#inline = undefined;
    this.#formula = false;
    this.#inCell = true;
  }

  /** The attributes of `<row>` and `<c>` that matter are all one letter: `r`, and a cell's `s` and `t`. */
  attribute(source: string, nameStart: number, nameEnd: number, valueStart: number, valueEnd: number): void {
    if (this.#inMerge) {
      if (source.slice(nameStart, nameEnd) === 'ref') this.merges.push(source.slice(valueStart, valueEnd));
      return;
    }
    if (nameEnd - nameStart !== 1) return;
    switch (source.charCodeAt(nameStart)) {
      case 0x72: // r
        this.#ref = source.slice(valueStart, valueEnd);
        return;
      case 0x73: // s
        this.#style = Number.parseInt(source.slice(valueStart, valueEnd), 10);
        return;
      case 0x74: // t
        this.#type = source.slice(valueStart, valueEnd);
        return;
    }
  }

  #closeCell(): void {
    this.#inCell = false;
    this.#inInline = false;
    const cell = this.#cell();
    if (cell !== '') (this.#cells as Cell[])[this.#column] = cell;
  }

  /** The cell's value by its type (ECMA-376 §18.18.11). */
  #cell(): Cell {
    const value = this.#value;
    if (this.#formula && value === undefined && this.#inline === undefined) {
      this.#noteError(UNCALCULATED_FORMULA);
      return '';
    }
    switch (this.#type) {
      case 's': {
        if (value === undefined || value === '') return '';
        const text = this.#context.sharedStrings[Number.parseInt(value, 10)];
        // A reference past the table is a broken file: reading it as empty would lose the value quietly.
        if (text === undefined) {
          throw new XlsxError(
            'XLSX_UNREADABLE',
            `it cannot be read as .xlsx: cell ${this.#ref ?? `#${this.#column + 1}`} in row ${this.#line} of sheet ${JSON.stringify(this.#context.sheet)} refers to shared string ${value}, which does not exist`,
            RESAVE_HINT,
          );
        }
        return text;
      }
      case 'str': // a formula's text result
        return value === undefined ? '' : inlineText(value);
      case 'inlineStr': {
        const text = this.#inline ?? value;
        return text === undefined ? '' : inlineText(text);
      }
      case 'b':
        return value === undefined || value === '' ? '' : value === '1' || value.toLowerCase() === 'true';
      case 'e': {
        // #N/A, #REF!…: no value. Noted, so that a row whose mapped cell is one can be rejected for it.
        this.#noteError(value?.trim() || '#ERROR');
        return '';
      }
      case 'd':
        return value === undefined ? '' : isoDateCell(value);
      default:
        return value === undefined
          ? ''
          : numberCell(value, this.#context.numberFormats[this.#style], this.#context.date1904);
    }
  }

  #noteError(error: string): void {
    const noted: CellError = { column: this.#column, error };
    if (this.#errors) this.#errors.push(noted);
    else this.#errors = [noted];
  }
}

/** The 0-based column of a reference (`B7` → 1), or -1 when it has no column letters. */
function columnIndex(ref: string): number {
  let column = 0;
  let index = 0;
  for (; index < ref.length; index++) {
    const code = ref.charCodeAt(index) | 0x20; // lower case
    if (code < 0x61 || code > 0x7a) break;
    column = column * 26 + (code - 0x60);
    if (column > MAX_COLUMNS) break;
  }
  return index === 0 ? -1 : column - 1;
}

/**
 * A cell's own text (a formula's result or an inline string) in NFC (see nfc.ts). Checked value by
 * value, not chunk by chunk as shared strings are: most writers put text in the shared-strings table,
 * so the sheet's 40 MB of markup per 100k rows would be checked for the few values it holds itself.
 */
function inlineText(text: string): string {
  return decodeExcelEscapes(text).normalize('NFC');
}

/** Where the scanner is in the sheet's bytes (numbers: Node's type stripping has no enums). */
const Stage = { Head: 0, Rows: 1, Text: 2 } as const;
type Stage = (typeof Stage)[keyof typeof Stage];

const SHEET_DATA = '<sheetData>';
/** The longest row kept back for the next chunk to complete (a 100-column row is ~5 KB). */
export const MAX_PENDING_BYTES = 256 * 1024;
/** A buffer, not a string: `Buffer.indexOf` encodes a string needle again on every call. */
const ROW_END = Buffer.from('</row>');

/**
 * Scans a sheet's XML; `feed` it the sheet's bytes in chunks of any size and `take` the rows completed
 * so far. Up to `<sheetData>` the text path reads (the XML scanner over decoded text); then each whole
 * `<row>…</row>` is read from the bytes by `readPlainRow` when it is the usual kind, else decoded and
 * given to the text path; from anything that is not a row (`</sheetData>`, a comment, a prefixed
 * `<x:row>`) to the end, the text path reads alone, as it once read the whole sheet. Row boundaries are
 * ASCII (`<`), so each part is decoded whole.
 */
export class SheetRowScanner {
  readonly #handler: SheetRowsHandler;
  readonly #scanner: XmlScanner;
  readonly #context: SheetContext;
  readonly #decoder = new TextDecoder();
  #stage: Stage = Stage.Head;
  /** Bytes of a chunk not read yet: a row (or `<sheetData>`) that the next chunk completes. */
  #pending: Buffer | undefined;

  constructor(context: SheetContext) {
    this.#context = context;
    this.#handler = new SheetRowsHandler(context);
    this.#scanner = new XmlScanner(this.#handler);
  }

  feed(incoming: Buffer): void {
    if (this.#stage === Stage.Text) {
      this.#scanner.feed(this.#decoder.decode(incoming, { stream: true }));
      return;
    }
    const bytes = this.#pending ? Buffer.concat([this.#pending, incoming]) : incoming;
    this.#pending = undefined;
    let at = 0;
    if (this.#stage === Stage.Head) {
      const found = bytes.indexOf(SHEET_DATA);
      if (found === -1) {
        // Kept back: the start of a `<sheetData>` that the next chunk completes.
        const keep = Math.max(0, bytes.length - SHEET_DATA.length);
        this.#scanner.feed(this.#decoder.decode(bytes.subarray(0, keep), { stream: true }));
        this.#pending = Buffer.from(bytes.subarray(keep));
        return;
      }
      at = found + SHEET_DATA.length;
      this.#scanner.feed(this.#decoder.decode(bytes.subarray(0, at), { stream: true }));
      // A `<sheetData>` inside a comment or an attribute, or before a prefixed element: text from here.
      if (!this.#scanner.idle || !this.#handler.betweenRows) {
        this.#readAsText(bytes, at);
        return;
      }
      this.#stage = Stage.Rows;
    }
    at = this.#readRows(bytes, at);
    if (at >= bytes.length) return;
    // A row this long is read as text, tag by tag, as it streams: kept back whole, a sheet of one
    // giant row (a damaged or hostile file) would be held in memory, and copied at every chunk.
    if (bytes.length - at > MAX_PENDING_BYTES) this.#readAsText(bytes, at);
    else this.#pending = Buffer.from(bytes.subarray(at));
  }

  /** The bytes kept back for the next chunk: never more than {@link MAX_PENDING_BYTES}. */
  get pendingBytes(): number {
    return this.#pending?.length ?? 0;
  }

  /** Reads the whole rows from `at`; gives where the first incomplete one starts. */
  #readRows(bytes: Buffer, from: number): number {
    let at = from;
    const end = bytes.length;
    for (;;) {
      // Rows outside `<sheetData>` (a stray `</sheetData>` inside a row) are not rows, and after an
      // unclosed cell even spaces are its text: the text path reads such a sheet on as it always did.
      if (!this.#handler.betweenRows) {
        this.#readAsText(bytes, at);
        return end;
      }
      while (at < end && (bytes[at] as number) <= 0x20) at++;
      if (at + 5 > end) return at;
      const after = bytes[at + 4] as number;
      const isRow = startsWith(bytes, at, '<row') && (after <= 0x20 || after === 0x3e || after === 0x2f);
      if (!isRow) {
        this.#readAsText(bytes, at);
        return end;
      }
      const startEnd = startTagEnd(bytes, at + 4);
      if (startEnd === -1) return at;
      const closed = bytes[startEnd - 1] === 0x2f; // <row r="7"/>: an empty row
      const rowEnd = closed ? startEnd + 1 : bytes.indexOf(ROW_END, startEnd);
      if (rowEnd === -1) return at;
      const next = closed ? rowEnd : rowEnd + ROW_END.length;
      const row = closed
        ? undefined
        : readPlainRow(bytes, at, startEnd, rowEnd, this.#handler.line, this.#context);
      if (row) {
        this.#handler.addRow(row);
      } else {
        this.#scanner.feed(this.#decoder.decode(bytes.subarray(at, next), { stream: true }));
        // A comment or CDATA holding `</row>` cut the row short: the text path reads on from here.
        if (!this.#scanner.idle) {
          this.#readAsText(bytes, next);
          return end;
        }
      }
      at = next;
    }
  }

  /** From `at` to the sheet's end, the text path reads alone. */
  #readAsText(bytes: Buffer, at: number): void {
    this.#stage = Stage.Text;
    this.#scanner.feed(this.#decoder.decode(bytes.subarray(at), { stream: true }));
  }

  /** The merged ranges read so far (all of them once the sheet is fed): `B5:B9`. */
  get merges(): readonly string[] {
    return this.#handler.merges;
  }

  take(): SheetRow[] {
    const rows = this.#handler.rows;
    this.#handler.rows = [];
    return rows;
  }

  /**
   * Called when the sheet's bytes have all been fed. A sheet that ends inside a tag or a row lost its
   * end (the zip's CRC held, so the writer wrote it so): the last row would be dropped silently.
   */
  finish(): void {
    if (this.#pending) this.#scanner.feed(this.#decoder.decode(this.#pending, { stream: true }));
    this.#pending = undefined;
    this.#scanner.feed(this.#decoder.decode());
    const row = this.#handler.openRow;
    if (this.#scanner.incomplete || row !== undefined) {
      throw new XlsxError(
        'XLSX_UNREADABLE',
        `it cannot be read as .xlsx: sheet ${JSON.stringify(this.#context.sheet)} ends ${row === undefined ? 'inside a tag' : `inside row ${row}`}`,
        RESAVE_HINT,
      );
    }
  }
}

/** The `>` that ends the start tag whose attributes start at `from` (quotes followed), or -1. */
function startTagEnd(bytes: Buffer, from: number): number {
  let quote = 0;
  for (let index = from; index < bytes.length; index++) {
    const code = bytes[index] as number;
    if (quote !== 0) {
      if (code === quote) quote = 0;
    } else if (code === 0x3e) {
      return index;
    } else if (code === 0x22 || code === 0x27) {
      quote = code;
    }
  }
  return -1;
}
