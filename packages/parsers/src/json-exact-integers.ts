/**
 * JSON integers beyond 2^53 (`12345678901234567890`) as their exact digits. `JSON.parse` rounds them to
 * the nearest double (…7168), which for an id is another person's id. Parsing everything with a reviver
 * costs on every value, so the readers parse records natively and only a record in which a rounded
 * integer turned up is parsed again with {@link parseExactIntegers}.
 */

/** `JSON.rawJSON` (Node 21+, not yet in TypeScript's es2024 lib): a value `JSON.stringify` writes as given. */
const { rawJSON } = JSON as unknown as { rawJSON(text: string): unknown };

/** The integer text of a number's source: `-123`, or `123.000` as `123`; undefined for `1e21` and the like. */
function integerDigits(source: string): string | undefined {
  const match = /^(-?\d+)(?:\.0*)?$/.exec(source);
  return match?.[1];
}

function exactInteger(this: unknown, _key: string, value: unknown, context?: { source?: string }): unknown {
  if (typeof value !== 'number' || Number.isSafeInteger(value) || !Number.isInteger(value)) return value;
  const digits = context?.source === undefined ? undefined : integerDigits(context.source);
  if (digits === undefined) return value;
  // An object member becomes a text cell; an array is kept as JSON text, where the digits stay a number.
  return Array.isArray(this) ? rawJSON(digits) : digits;
}

/**
 * Parses JSON text like `JSON.parse`, except that integers too large for a double keep their digits: as
 * strings where they are object members (ids are text cells), as raw JSON numbers inside arrays.
 *
 * @example parseExactIntegers('{"id":12345678901234567890}') // { id: '12345678901234567890' }
 */
export function parseExactIntegers(text: string): unknown {
  return JSON.parse(text, exactInteger);
}
