/**
 * Values in PostgreSQL's COPY text format: `\N` for null, with backslash, tab, newline and carriage
 * return escaped (they would otherwise end a field or a row).
 */

/** True when a value has a character COPY text must escape. */
const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

export function copyValue(value: string | null): string {
  if (value === null) return '\\N';
  return NEEDS_ESCAPE.test(value) ? value.replace(/[\\\t\n\r]/g, (char) => ESCAPES[char] ?? char) : value;
}
