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
