/**
 * Values in PostgreSQL's COPY text format: `\N` for null, with backslash, tab, newline and carriage
 * return escaped (they would otherwise end a field or a row).
 */

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/**
 * Whether a value holds a character COPY text escapes, or a NUL (which text cannot hold at all; the
 * encoder rejects such a row). A loop over the characters: it runs for every value of a file, and
 * testing one string of a row's values joined made a rope and its flat copy for every row.
 */
export function needsEscape(value: string | null): boolean {
  if (value === null) return false;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code === 92 || (code <= 13 && (code === 9 || code === 10 || code === 13 || code === 0))) return true;
  }
  return false;
}

export function copyValue(value: string | null): string {
  if (value === null) return '\\N';
  return needsEscape(value) ? value.replace(/[\\\t\n\r]/g, (char) => ESCAPES[char] ?? char) : value;
}

/**
 * The most bytes {@link writeCopyValue} writes for one UTF-16 code unit: three for a character of the
 * BMP, two for an escape, four for a surrogate pair's two units.
 */
export const MAX_COPY_BYTES_PER_UNIT = 3;

const ESCAPED_LETTER: Record<number, number> = { 92: 92, 9: 116, 10: 110, 13: 114 }; // \ t n r

/**
 * Writes `value` into `out` at `at` as COPY text in UTF-8 — escaped as {@link copyValue} escapes it and
 * encoded as TextEncoder encodes it (a lone surrogate becomes U+FFFD) — and returns where it ends, or
 * -1 when the value holds a NUL (the caller refuses the row). `out` must have
 * {@link MAX_COPY_BYTES_PER_UNIT} bytes a code unit free, and 2 for a null.
 *
 * One pass over the characters, straight into the slab: the staged rows used to be template strings
 * (a rope of ~30 pieces a row), each value scanned once for escapes and the rope then flattened and
 * encoded by `encodeInto` — three passes, and a rope's nodes of garbage for every row. Measured on
 * the bench's 100k-row changed file, mapped rows encoded in one process: 145–150 ms warm and
 * 413 ms cold (the first pass, as in a run) against 78–82 ms and 159 ms; a 100k `--force` run end
 * to end, 6 alternations: 1.13–1.21 s against 1.24–1.38 s.
 */
export function writeCopyValue(out: Uint8Array, at: number, value: string | null): number {
  if (value === null) {
    out[at] = 92; // \N
    out[at + 1] = 78;
    return at + 2;
  }
  let end = at;
  const length = value.length;
  for (let i = 0; i < length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x80) {
      if (code > 13 && code !== 92) {
        out[end++] = code;
      } else if (code === 0) {
        return -1;
      } else {
        const letter = ESCAPED_LETTER[code];
        if (letter === undefined) {
          out[end++] = code;
        } else {
          out[end++] = 92;
          out[end++] = letter;
        }
      }
    } else if (code < 0x800) {
      out[end++] = 0xc0 | (code >> 6);
      out[end++] = 0x80 | (code & 0x3f);
    } else if (code < 0xd800 || code > 0xdfff) {
      out[end++] = 0xe0 | (code >> 12);
      out[end++] = 0x80 | ((code >> 6) & 0x3f);
      out[end++] = 0x80 | (code & 0x3f);
    } else {
      const low = code <= 0xdbff && i + 1 < length ? value.charCodeAt(i + 1) : 0;
      if (low >= 0xdc00 && low <= 0xdfff) {
        const point = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        out[end++] = 0xf0 | (point >> 18);
        out[end++] = 0x80 | ((point >> 12) & 0x3f);
        out[end++] = 0x80 | ((point >> 6) & 0x3f);
        out[end++] = 0x80 | (point & 0x3f);
        i++;
      } else {
        out[end++] = 0xef; // U+FFFD for a lone surrogate, as TextEncoder and PostgreSQL would have it
        out[end++] = 0xbf;
        out[end++] = 0xbd;
      }
    }
  }
  return end;
}

/** The most bytes {@link writeInteger} writes: a sign and ten digits (a 32-bit integer). */
export const MAX_INTEGER_BYTES = 11;

/** Writes a 32-bit integer's decimal digits into `out` at `at`; returns where they end. */
export function writeInteger(out: Uint8Array, at: number, value: number): number {
  let end = at;
  let rest = value;
  if (rest < 0) {
    out[end++] = 45; // -
    rest = -rest;
  }
  let digits = 1;
  for (let power = 10; power <= rest; power *= 10) digits++;
  end += digits;
  for (let i = end - 1; i >= end - digits; i--) {
    out[i] = 48 + (rest % 10);
    rest = Math.floor(rest / 10);
  }
  return end;
}
