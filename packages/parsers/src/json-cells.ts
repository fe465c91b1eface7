import { normalizeColumnName } from '@roster/config';
import type { Cell, SourceRow } from '@roster/engine';
import { integerText } from './integer-text.ts';
import type { JsonElement } from './json-array-scanner.ts';
import { toNfc } from './nfc.ts';

/** Raw keys remembered per file; beyond this many distinct keys, they are normalized every time. */
const MAX_CACHED_KEYS = 10_000;

/**
 * Turns JSON records into rows aligned with the configured columns. Nested objects are flattened to
 * dotted keys (`manager.id`), keys match columns as headers do ({@link normalizeColumnName}), and each
 * value becomes a cell: integers as text (ids keep their digits, no exponent), other numbers as numbers,
 * booleans and null as they are, arrays as JSON text. Columns that no record ever had are remembered for
 * {@link JsonRowShaper.missingColumns}.
 */
export class JsonRowShaper {
  readonly #columns: readonly string[];
  /** Normalized column name → the indexes of the columns spelled so (usually one). */
  readonly #byName = new Map<string, number[]>();
  /** Raw key → matching column indexes: records repeat their keys, normalizing each time would cost. */
  readonly #byKey = new Map<string, readonly number[]>();
  readonly #seen: boolean[];

  /** `record` for arrays (a problem names the record's number and line), `line` for JSON Lines. */
  readonly #unit: 'record' | 'line';
  /** Set while a record is filled when one of its integers was too large for `JSON.parse` to keep. */
  #roundedIntegers = false;
  #anyRoundedIntegers = false;
  /** Set while a record is filled when its strings are to be put in NFC (see nfc.ts). */
  #nfc = false;

  constructor(columns: readonly string[], unit: 'record' | 'line') {
    this.#columns = columns;
    this.#unit = unit;
    this.#seen = columns.map(() => false);
    columns.forEach((column, index) => {
      const name = normalizeColumnName(column);
      const indexes = this.#byName.get(name);
      if (indexes) indexes.push(index);
      else this.#byName.set(name, [index]);
    });
  }

  /**
   * The row for one record; a record that is not an object is a `NOT_AN_OBJECT` problem. A record in which
   * `JSON.parse` rounded an integer (beyond 2^53) is parsed again from its text, keeping the digits
   * (`json-exact-integers.ts`).
   */
  toRow(element: JsonElement, line: number, nfc = false): SourceRow {
    const { value } = element;
    const cells: Cell[] = new Array<Cell>(this.#columns.length).fill(null);
    if (!isRecord(value)) {
      const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
      const which =
        this.#unit === 'record' ? `record ${element.index} (line ${element.line})` : `line ${element.line}`;
      const message = `Invalid ${which}: expected an object with the person's fields, got ${got}`;
      return { line, cells, problem: { code: 'NOT_AN_OBJECT', message } };
    }
    this.#roundedIntegers = false;
    this.#nfc = nfc;
    let filledBy = new Array<string | undefined>(cells.length);
    this.#fill(value, '', cells, filledBy);
    if (this.#roundedIntegers) {
      this.#anyRoundedIntegers = true;
      const exact = element.parseExact() as Record<string, unknown>;
      cells.fill(null);
      filledBy = new Array<string | undefined>(cells.length);
      this.#fill(exact, '', cells, filledBy);
    }
    const ambiguous = this.#ambiguous;
    if (ambiguous) {
      this.#ambiguous = undefined;
      const which =
        this.#unit === 'record' ? `Record ${element.index} (line ${element.line})` : `Line ${element.line}`;
      const message = `${which} has both "${ambiguous.keys[0]}" and "${ambiguous.keys[1]}", which both match the column "${this.#columns[ambiguous.column]}" (case, spaces, hyphens and underscores aside): which one is meant cannot be told. Write the column as the exact key in mappings.yaml`;
      return { line, cells, problem: { code: 'KEY_AMBIGUOUS', message, column: ambiguous.column } };
    }
    return { line, cells };
  }

  /** Set by #fill when two keys of a record, neither spelled as the column, match one column. */
  #ambiguous: { column: number; keys: [string, string] } | undefined;

  /** Whether a record so far had an integer beyond 2^53 (which `toRow` parsed again to keep its digits). */
  get roundedIntegers(): boolean {
    return this.#anyRoundedIntegers;
  }

  /** Configured columns that no record has had so far (all of them, once the records are read). */
  missingColumns(): readonly string[] {
    return this.#columns.filter((_, index) => !this.#seen[index]);
  }

  /**
   * `filledBy` holds the key that filled each cell. When two keys of a record match one column
   * (`Email` and `email`), the one spelled exactly as the column wins, as a CSV header's does; with
   * neither so spelled, the record is KEY_AMBIGUOUS, as a CSV header is COLUMN_AMBIGUOUS. (The first
   * key used to win: `Email` over the `email` the mapping named, without a word.)
   */
  #fill(
    record: Record<string, unknown>,
    prefix: string,
    cells: Cell[],
    filledBy: (string | undefined)[],
  ): void {
    for (const key in record) {
      const value = record[key];
      const path = prefix === '' ? key : `${prefix}.${key}`;
      const nested = isRecord(value);
      const indexes = this.#indexesOf(path);
      for (const index of indexes) {
        this.#seen[index] = true;
        const earlier = filledBy[index];
        if (earlier !== undefined) {
          const column = this.#columns[index];
          if (earlier === column) continue; // the exact spelling stays
          if (path !== column) {
            this.#ambiguous ??= { column: index, keys: [earlier, path] };
            continue;
          }
        }
        filledBy[index] = path;
        cells[index] = nested ? this.#jsonText(value) : this.#cell(value);
      }
      if (nested) this.#fill(value, path, cells, filledBy);
    }
  }

  #indexesOf(key: string): readonly number[] {
    const cached = this.#byKey.get(key);
    if (cached) return cached;
    const indexes = this.#byName.get(normalizeColumnName(key)) ?? [];
    if (this.#byKey.size < MAX_CACHED_KEYS) this.#byKey.set(key, indexes);
    return indexes;
  }

  /**
   * A JSON value as a cell (never an object: those are flattened before). An integer beyond 2^53 was
   * rounded by `JSON.parse`: noted in `#roundedIntegers`, so that `toRow` reads the record again exactly.
   */
  #cell(value: unknown): Cell {
    switch (typeof value) {
      case 'string':
        // A `\ud800` escape gives a lone surrogate, which PostgreSQL stores as U+FFFD: two keys differing
        // only there would look different here and be one to the database. Make the text what is stored.
        return toNfc(value.isWellFormed() ? value : value.toWellFormed(), this.#nfc);
      case 'boolean':
        return value;
      case 'number':
        if (Number.isSafeInteger(value)) return String(value);
        if (!Number.isInteger(value)) return value;
        this.#roundedIntegers = true;
        return integerText(value);
      default:
        return value === null || value === undefined ? null : this.#jsonText(value);
    }
  }

  /** An array, or an object a column names, as JSON text; 16 digits in a row may be a rounded integer. */
  #jsonText(value: unknown): string {
    const text = JSON.stringify(value);
    // A false alarm (a long digit string) costs one more parse of the record, nothing else.
    if (/\d{16}/.test(text)) this.#roundedIntegers = true;
    return toNfc(text, this.#nfc);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
