/**
 * A batch of sheet rows as the xlsx worker sends it to the main thread: the text of every cell in one
 * string, and the rest in typed arrays, instead of an array of row objects.
 *
 * `postMessage` copies a message with V8's structured clone. For 1,000 rows of 10 cells that is 11,000
 * objects and strings to write on the worker and to make again on the main thread, which also maps and
 * stages every row: at 100k rows the main thread spent ~400 ms of a 2.6 s XLSX run re-making batches
 * (`(program)` in `pnpm bench --profile`), the worker ~240 ms in `send`. One string and three arrays
 * are copied in one piece each, and each cell becomes a slice of the string (V8 shares the characters
 * of slices of 13 or more). Measured on 100 batches of 1,000 ten-cell rows (scratch, 3 rounds):
 * serialising 66–116 ms against 96–182, re-making 32–41 ms against 201–207. Reading the bench's 100k-row
 * workbook with `xlsxReader` alone: 1.06–1.18 s and 1.39–1.55 CPU-seconds (both threads) against
 * 1.45–1.54 s and 1.98–2.05; a whole run, `pnpm bench:ab --format xlsx --step changed`: 1.96 s against
 * 2.08 s (5 rounds).
 */
import type { Cell, SourceRow } from '@roster/engine';

/** One batch: `lengths` has one entry a cell, row by row, `width` cells a row. */
export interface PackedRows {
  readonly width: number;
  /** Each row's sheet row number. */
  readonly lines: Int32Array;
  /** A text cell's length in UTF-16 units (its text is the next that many units of `text`), or a kind below. */
  readonly lengths: Int32Array;
  /** The text cells, one after another. */
  readonly text: string;
  /** Number cells, and date cells as milliseconds since 1970, in cell order. */
  readonly numbers: Float64Array;
}

const TRUE = -1;
const FALSE = -2;
const NUMBER = -3;
const DATE = -4;

/** A typed array written from the start, that doubles when full. */
class Growing<T extends Int32Array | Float64Array> {
  #array: T;
  #used = 0;
  readonly #make: (length: number) => T;

  constructor(make: (length: number) => T) {
    this.#make = make;
    this.#array = make(1024);
  }

  /** How many values were written since the last take. */
  get length(): number {
    return this.#used;
  }

  push(value: number): void {
    if (this.#used === this.#array.length) {
      const larger = this.#make(this.#array.length * 2);
      larger.set(this.#array);
      this.#array = larger;
    }
    this.#array[this.#used++] = value;
  }

  /** A copy of what was written (its own buffer, to transfer), and a fresh start. */
  take(): T {
    const written = this.#array.slice(0, this.#used) as T;
    this.#used = 0;
    return written;
  }
}

/** Collects rows on the worker and hands them out as {@link PackedRows}. */
export class PackedRowsBuilder {
  readonly width: number;
  readonly #lines = new Growing((length) => new Int32Array(length));
  readonly #lengths = new Growing((length) => new Int32Array(length));
  readonly #numbers = new Growing((length) => new Float64Array(length));
  #texts: string[] = [];

  constructor(width: number) {
    this.width = width;
  }

  get rows(): number {
    return this.#lines.length;
  }

  /** Adds a row of `width` cells; an empty cell (null, or past the end of `cells`) is empty text. */
  add(line: number, cells: readonly (Cell | undefined)[]): void {
    this.#lines.push(line);
    const lengths = this.#lengths;
    for (let index = 0; index < this.width; index++) {
      const cell = cells[index] ?? '';
      if (typeof cell === 'string') {
        lengths.push(cell.length);
        if (cell.length > 0) this.#texts.push(cell);
      } else if (typeof cell === 'number') {
        lengths.push(NUMBER);
        this.#numbers.push(cell);
      } else if (typeof cell === 'boolean') {
        lengths.push(cell ? TRUE : FALSE);
      } else {
        lengths.push(DATE);
        this.#numbers.push(cell.getTime());
      }
    }
  }

  /** The rows added since the last take, and a fresh start. */
  take(): PackedRows {
    const packed: PackedRows = {
      width: this.width,
      lines: this.#lines.take(),
      lengths: this.#lengths.take(),
      text: this.#texts.join(''),
      numbers: this.#numbers.take(),
    };
    this.#texts = [];
    return packed;
  }
}

/** The arrays a message may transfer instead of copying. */
export function transferablesOf(packed: PackedRows): ArrayBuffer[] {
  return [packed.lines.buffer, packed.lengths.buffer, packed.numbers.buffer] as ArrayBuffer[];
}

/** The rows again, on the main thread. */
export function unpackRows(packed: PackedRows): SourceRow[] {
  const { width, lines, lengths, text, numbers } = packed;
  const rows: SourceRow[] = new Array(lines.length);
  let cell = 0;
  let at = 0;
  let number = 0;
  for (let row = 0; row < lines.length; row++) {
    const cells: Cell[] = new Array(width);
    for (let index = 0; index < width; index++) {
      const length = lengths[cell++] as number;
      if (length >= 0) {
        cells[index] = length === 0 ? '' : text.slice(at, at + length);
        at += length;
      } else if (length === NUMBER) {
        cells[index] = numbers[number++] as number;
      } else if (length === DATE) {
        cells[index] = new Date(numbers[number++] as number);
      } else {
        cells[index] = length === TRUE;
      }
    }
    rows[row] = { line: lines[row] as number, cells };
  }
  return rows;
}
