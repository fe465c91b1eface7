/**
 * JSON integers beyond 2^53 (`12345678901234567890`) as their exact digits. `JSON.parse` rounds them to
 * the nearest double (…7168), which for an id is another person's id. The readers parse records
 * natively; a record in which a rounded integer turned up is parsed again with its text passed through
 * {@link quoteUnsafeIntegers}, and so is the rest of that file, chunk by chunk (a file that has one such
 * id usually has them in every record).
 *
 * Why not a reviver with `context.source` (Node 21+): it is called for every value, and on a file where
 * every record has such an id, reading took 3.5× as long (1M records: 13.2 s against 3.6–4.3 s). Here
 * the long integers are quoted in the text, which is then parsed natively: 5.3 s against 2.6 s (the
 * rounded reading). A file without such integers pays nothing but a check the cells made anyway.
 */

const BACKSLASH = 0x5c;
const MINUS = 0x2d;
const COLON = 0x3a;
/** 2^53 has 16 digits: a shorter integer token is always exact. */
const MIN_UNSAFE_LENGTH = 16;

/**
 * JSON text with each integer that a double cannot hold written as a string of its digits, wherever it
 * is (ids are text cells; inside an array given as JSON text, the digits are quoted). `123…890.0`
 * counts as the integer `123…890`; `1e21` and other exponent forms are left to `JSON.parse`. Invalid
 * JSON stays invalid: only tokens that are JSON integers, not before a `:` (a key), are quoted, quotes
 * are added in pairs, and the errors are `JSON.parse`'s. The same string when there is nothing to quote.
 *
 * @example JSON.parse(quoteUnsafeIntegers('{"id":12345678901234567890}')) // { id: '12345678901234567890' }
 */
export function quoteUnsafeIntegers(text: string): string {
  // Grown with `+=` (a rope that JSON.parse flattens): on 50 MB of records each with such an id, quoting
  // took 130-220 ms and parsing 540-730 ms this way; joined pieces, 535 and 530 ms.
  let out = '';
  let changed = false;
  let copied = 0;
  const length = text.length;
  let index = 0;
  while (index < length) {
    // Strings are most of a record and hold nothing to change: jump over them with indexOf, and look
    // at characters only between them, where the numbers are.
    let stringStart = text.indexOf('"', index);
    if (stringStart === -1) stringStart = length;
    for (; index < stringStart; index++) {
      const code = text.charCodeAt(index);
      if (code !== MINUS && (code < 0x30 || code > 0x39)) continue;
      const end = numberEnd(text, index + 1);
      if (end - index >= MIN_UNSAFE_LENGTH && !beforeColon(text, end)) {
        const digits = unsafeIntegerDigits(text.slice(index, end));
        if (digits !== undefined) {
          out += `${text.slice(copied, index)}"${digits}"`;
          changed = true;
          copied = end;
        }
      }
      index = end - 1;
    }
    index = closingQuote(text, stringStart + 1) + 1;
  }
  return changed ? out + text.slice(copied) : text;
}

/** `JSON.parse`, keeping integers beyond 2^53 as their digits (see {@link quoteUnsafeIntegers}). */
export function parseExactIntegers(text: string): unknown {
  return JSON.parse(quoteUnsafeIntegers(text));
}

/** The index of the quote that ends a string whose content starts at `from` (`text.length` if none). */
function closingQuote(text: string, from: number): number {
  for (let quote = text.indexOf('"', from); quote !== -1; quote = text.indexOf('"', quote + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote;
  }
  return text.length;
}

/** Where a number token that started before `from` ends: digits, `.`, `e`, `E`, `+`, `-`. */
function numberEnd(text: string, from: number): number {
  let index = from;
  for (; index < text.length; index++) {
    const code = text.charCodeAt(index);
    const digit = code >= 0x30 && code <= 0x39;
    if (!digit && code !== 0x2e && code !== 0x65 && code !== 0x45 && code !== 0x2b && code !== MINUS) break;
  }
  return index;
}

/** Whether the next character from `from` on that is not whitespace is `:` (a number as a key: invalid). */
function beforeColon(text: string, from: number): boolean {
  let index = from;
  while (index < text.length && text.charCodeAt(index) <= 0x20) index++;
  return text.charCodeAt(index) === COLON;
}

/** A JSON number's integer digits (`-123`, `123.000` as `123`) when it is an integer a double cannot hold. */
function unsafeIntegerDigits(token: string): string | undefined {
  const match = /^(-?(?:0|[1-9]\d*))(?:\.0+)?$/.exec(token);
  const digits = match?.[1];
  return digits !== undefined && !Number.isSafeInteger(Number(digits)) ? digits : undefined;
}
