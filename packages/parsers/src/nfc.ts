/**
 * Unicode NFC for cell text. The same name can be written two ways: `é` as one character (U+00E9,
 * what Windows and most HR systems write) or as `e` plus a combining accent (U+0065 U+0301, what
 * macOS tools and some exports write, "NFD"). They look the same and compare different: a file in
 * the other form would update every accented name to itself and reject `josé@…` as an invalid
 * e-mail. Readers give the engine NFC text, the form PostgreSQL's `normalize()` and Excel use.
 *
 * Normalizing every cell would cost ~0.27 s per million rows (10 cells a row, Node 24). Almost every
 * file is NFC already, so readers look at the text they decode, chunk by chunk (`normalize` first
 * checks natively whether the text is NFC and then returns it untouched: ~0.6 ns a character), and
 * only values from text that is not NFC, or that holds escapes the format decodes later, are
 * normalized.
 */

/** Whether `text` may hold characters NFC would change. */
export function mayNeedNfc(text: string): boolean {
  return text.normalize('NFC') !== text;
}

/** `value` in NFC when the text it came from may need it; otherwise `value` itself. */
export function toNfc(value: string, needed: boolean): string {
  return needed ? value.normalize('NFC') : value;
}

/**
 * Watches the text of one file as it is decoded. Once a chunk needs NFC, every value read after it is
 * normalized: a value completed later may have begun in that chunk, and a value completed before it
 * was already read without it. `escapes` are the format's escape introducers (`\u` in JSON, `&#` and
 * `_x` in XLSX), which can spell a combining accent in plain ASCII.
 */
export class NfcWatch {
  #needed = false;
  readonly #escapes: readonly string[];

  constructor(escapes: readonly string[] = []) {
    this.#escapes = escapes;
  }

  /** Looks at the next decoded text, before its values are read. */
  look(text: string): void {
    if (this.#needed) return;
    this.#needed = mayNeedNfc(text) || this.#escapes.some((introducer) => text.includes(introducer));
  }

  /** Whether values read from now on are normalized. */
  get needed(): boolean {
    return this.#needed;
  }
}
