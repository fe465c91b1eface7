/** Byte-level helpers shared by the JSON scanners. Raw line breaks cannot occur inside JSON strings. */

export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const LF = 0x0a;

/** True for JSON whitespace: space, tab, LF, CR. */
export function isSpace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/**
 * The index of the quote that closes a string whose content starts at `from`, or -1 if `bytes` ends
 * first. Jumps from quote to quote with `indexOf` (native) and counts the backslashes before each;
 * `searchFrom` resumes a search that an earlier, shorter buffer cut off.
 */
export function stringEnd(bytes: Buffer, from: number, searchFrom = from): number {
  let search = searchFrom;
  for (;;) {
    const quote = bytes.indexOf(QUOTE, search);
    if (quote === -1) return -1;
    let backslashes = 0;
    for (let index = quote - 1; index >= from && bytes[index] === BACKSLASH; index--) backslashes++;
    if (backslashes % 2 === 0) return quote;
    search = quote + 1;
  }
}

/** Where a number or literal (`true`, `null` …) that starts at `from` ends; `bytes.length` if it runs on. */
export function scalarEnd(bytes: Buffer, from: number): number {
  let index = from;
  while (index < bytes.length) {
    const byte = bytes[index];
    if (isSpace(byte) || byte === 0x2c || byte === 0x5d || byte === 0x7d || byte === 0x3a) return index;
    index++;
  }
  return index;
}
