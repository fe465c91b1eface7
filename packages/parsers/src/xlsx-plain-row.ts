/**
 * The usual worksheet row read straight from the sheet's bytes: `<row …>` and cells that are each
 * `<c …/>`, `<c …></c>` or `<c …><v>value</v></c>` of a shared string, a number or a boolean, with
 * nothing else inside. That is nearly every row a program writes, and reading one from the bytes
 * makes no string but the values' own (a shared string's index is read from its digits, a reference's
 * column from its letters): the scanner's text path (`xlsx-sheet-rows.ts`, via `xlsx-xml.ts`) decoded
 * the 40 MB of markup of 100k rows into strings and read them character by character, most of the
 * worker's time.
 *
 * Anything else — a formula, an inline string, an error cell, an entity, a comment, a prefix, an
 * attribute it does not expect — and this gives up on the row (`undefined`), and the text path reads
 * it as it reads every row: the two must read the same cells, and the tests compare them.
 */
import type { Cell } from '@roster/engine';
import { numberCell } from './xlsx-cells.ts';
import type { SheetContext, SheetRow } from './xlsx-sheet-rows.ts';

/** Excel's last column, XFD: the text path rejects a reference beyond it. */
export const MAX_COLUMNS = 16_384;

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const EQUALS = 0x3d;
const COLON = 0x3a;
const AMP = 0x26;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;
const ZERO = 0x30;
const NINE = 0x39;
const LETTER_C = 0x63;
const LETTER_R = 0x72;
const LETTER_S = 0x73;
const LETTER_T = 0x74;
const LETTER_B = 0x62;
const LETTER_N = 0x6e;

/** What a cell's `t` says, as far as this reader reads it; anything else gives up. */
const Type = { Number: 0, Shared: 1, Boolean: 2 } as const;

/**
 * The attribute just read by {@link readAttribute}: where its local name and value are. Module state
 * rather than an object per attribute: this runs a million times per 100k rows, in one worker.
 */
let nameStart = 0;
let nameEnd = 0;
let valueStart = 0;
let valueEnd = 0;

const isSpace = (byte: number | undefined) => byte !== undefined && byte <= 0x20;

/**
 * Reads the attribute at `at` (spaces first) of a start tag: the index after its closing quote; `-1`
 * at the tag's end (`>` or `/>`, whose first byte is then at {@link tagClose}); `-2` for what this
 * reader does not read (no `=`, no quote, the bytes end).
 */
function readAttribute(bytes: Uint8Array, at: number, end: number): number {
  let index = at;
  while (index < end && isSpace(bytes[index])) index++;
  const first = bytes[index];
  if (first === GT || first === SLASH) {
    tagClose = index;
    return -1;
  }
  // The local name, as the text path reads it: `x14ac:dyDescent` is `dyDescent`.
  nameStart = index;
  for (; index < end; index++) {
    const byte = bytes[index] as number;
    if (byte === EQUALS || byte <= 0x20 || byte === GT || byte === SLASH) break;
    if (byte === COLON) nameStart = index + 1;
    // The text path takes a quote anywhere in a tag as one (`tagEnd`): the tag would end elsewhere.
    else if (byte === DOUBLE_QUOTE || byte === SINGLE_QUOTE) return -2;
  }
  nameEnd = index;
  while (index < end && isSpace(bytes[index])) index++;
  if (bytes[index] !== EQUALS || nameEnd === nameStart) return -2;
  index++;
  while (index < end && isSpace(bytes[index])) index++;
  const quote = bytes[index];
  if (quote !== DOUBLE_QUOTE && quote !== SINGLE_QUOTE) return -2;
  valueStart = index + 1;
  for (index = valueStart; index < end && bytes[index] !== quote; index++);
  if (index >= end) return -2;
  valueEnd = index;
  return index + 1;
}

/** Where the tag ended (`>`, or `/` of `/>`), set by {@link readAttribute} when it returns -1. */
let tagClose = 0;

/** The digits from `from` to `to` as a number, or -1 when there are none or something else is there. */
function digits(bytes: Uint8Array, from: number, to: number): number {
  if (from === to || to - from > 15) return -1;
  let value = 0;
  for (let index = from; index < to; index++) {
    const byte = bytes[index] as number;
    if (byte < ZERO || byte > NINE) return -1;
    value = value * 10 + (byte - ZERO);
  }
  return value;
}

/** The 0-based column of a reference's letters (`B7` → 1), -1 without letters: as `columnIndex` does. */
function referenceColumn(bytes: Uint8Array, from: number, to: number): number {
  let column = 0;
  let index = from;
  for (; index < to; index++) {
    const code = (bytes[index] as number) | 0x20;
    if (code < 0x61 || code > 0x7a) break;
    column = column * 26 + (code - 0x60);
    if (column > MAX_COLUMNS) break;
  }
  return index === from ? -1 : column - 1;
}

/** Whether the bytes at `at` are the ASCII `text`. */
export function startsWith(bytes: Uint8Array, at: number, text: string): boolean {
  for (let offset = 0; offset < text.length; offset++) {
    if (bytes[at + offset] !== text.charCodeAt(offset)) return false;
  }
  return true;
}

/**
 * Reads the row from `from` (its `<row`) to `end` (its `</row>`), whose start tag ends at `startEnd`
 * (its `>`): the row, or `undefined` when the text path must read it. `previousLine` is the sheet row
 * before it, for a row without `r`.
 */
export function readPlainRow(
  bytes: Buffer,
  from: number,
  startEnd: number,
  end: number,
  previousLine: number,
  context: SheetContext,
): SheetRow | undefined {
  // The row's attributes: only `r` matters.
  let line = previousLine + 1;
  for (let at = from + 4; ; ) {
    at = readAttribute(bytes, at, startEnd + 1);
    if (at === -1) break;
    if (at === -2) return undefined;
    if (nameEnd - nameStart === 1 && bytes[nameStart] === LETTER_R) {
      line = digits(bytes, valueStart, valueEnd);
      if (line === -1) return undefined;
    }
  }
  if (tagClose !== startEnd) return undefined;

  const cells: Cell[] = [];
  let column = -1;
  let index = startEnd + 1;
  for (;;) {
    while (index < end && isSpace(bytes[index])) index++;
    if (index >= end) break;
    if (bytes[index] !== LT || bytes[index + 1] !== LETTER_C) return undefined;
    const after = bytes[index + 2];
    if (!(isSpace(after) || after === GT || after === SLASH)) return undefined;

    // The cell's attributes: `r`, `s` and `t`; others (`cm`, `vm`, `ph`) change nothing read here.
    let type: number = Type.Number;
    let style = 0;
    let referenced = -1;
    let at = index + 2;
    for (;;) {
      at = readAttribute(bytes, at, end);
      if (at === -1) break;
      if (at === -2) return undefined;
      if (nameEnd - nameStart !== 1) continue;
      const name = bytes[nameStart];
      if (name === LETTER_R) {
        referenced = referenceColumn(bytes, valueStart, valueEnd);
      } else if (name === LETTER_S) {
        style = digits(bytes, valueStart, valueEnd);
        if (style === -1) return undefined;
      } else if (name === LETTER_T) {
        const length = valueEnd - valueStart;
        const letter = bytes[valueStart];
        if (length === 1 && letter === LETTER_S) type = Type.Shared;
        else if (length === 1 && letter === LETTER_N) type = Type.Number;
        else if (length === 1 && letter === LETTER_B) type = Type.Boolean;
        else return undefined;
      }
    }
    column = referenced === -1 ? column + 1 : referenced;
    if (column >= MAX_COLUMNS) return undefined;

    // `/>`, `></c>` or `><v>…</v></c>`, spaces allowed between the tags as the text path allows them.
    if (bytes[tagClose] === SLASH) {
      if (bytes[tagClose + 1] !== GT) return undefined;
      index = tagClose + 2;
      continue;
    }
    index = tagClose + 1;
    while (index < end && isSpace(bytes[index])) index++;
    if (startsWith(bytes, index, '</c>')) {
      index += 4;
      continue;
    }
    if (!startsWith(bytes, index, '<v>')) return undefined;
    const valueFrom = index + 3;
    let valueTo = valueFrom;
    for (; valueTo < end; valueTo++) {
      const byte = bytes[valueTo] as number;
      if (byte === LT) break;
      // An entity, or text beyond ASCII: not a shared index, a number or a boolean as written.
      if (byte === AMP || byte >= 0x80) return undefined;
    }
    if (!startsWith(bytes, valueTo, '</v>')) return undefined;
    index = valueTo + 4;
    while (index < end && isSpace(bytes[index])) index++;
    if (!startsWith(bytes, index, '</c>')) return undefined;
    index += 4;

    // An empty `<v></v>` is left to the text path, which reads it per type.
    if (valueTo === valueFrom) return undefined;
    let cell: Cell;
    if (type === Type.Shared) {
      const position = digits(bytes, valueFrom, valueTo);
      const text = position === -1 ? undefined : context.sharedStrings[position];
      // Not an index, or past the table: the text path says which cell refers to what.
      if (text === undefined) return undefined;
      cell = text;
    } else {
      const value = bytes.toString('latin1', valueFrom, valueTo);
      cell =
        type === Type.Boolean
          ? value === '1' || value.toLowerCase() === 'true'
          : numberCell(value, context.numberFormats[style], context.date1904);
    }
    if (cell !== '') cells[column] = cell;
  }
  return { line, cells, errors: undefined };
}
