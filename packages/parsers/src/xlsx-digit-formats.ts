import { integerText } from './integer-text.ts';

/**
 * A number format that shows an integer as digits in fixed places with literal text around them:
 * `000000` (104 shows as `000104`), `"E"0000` (`E0104`), `\E00000`, or Excel's special formats such as
 * `00000` (ZIP code) and `000\-00\-0000` (a US social security number). Employee ids are kept as
 * numbers with such a format: reading them as the number would drop the zeros the customer sees.
 *
 * Only formats of at least two `0` placeholders and literals are taken (quoted text, `\x`, and the
 * characters Excel shows as themselves: space, `-`, `+`, `(`, `)`, `$`). Anything else (`#`, `?`, `.`,
 * `,`, `%`, `E+`, `@`, a condition such as `[>100]`) makes the format something other than an id's.
 * The first section is the one positive numbers use (`000000;-000000`, `000000;;;@`: the others are
 * for negatives, zero and text), and what only decorates it is passed over: a locale tag (`[$-409]`),
 * a colour (`[Red]`), `_x` (the width of `x` left blank) and `*x` (fill). Excel's custom-format dialog
 * writes such codes; a new-user sweep found them dropping the zeros of ids Excel showed as `000104`.
 */
/** What may stand in brackets without changing the value shown: a locale tag or a colour. */
const DECORATION = /^(\$-[0-9A-Za-z-]+|Black|Blue|Cyan|Green|Magenta|Red|White|Yellow|Color\d{1,2})$/i;

/** The first `;`-separated section of a format code (quotes and `\x` respected); undefined if unclosed. */
function positiveSection(code: string): string | undefined {
  for (let index = 0; index < code.length; index++) {
    const char = code[index];
    if (char === '\\') index++;
    else if (char === '"') {
      index = code.indexOf('"', index + 1);
      if (index === -1) return undefined;
    } else if (char === ';') return code.slice(0, index);
  }
  return code;
}

export class DigitsFormat {
  /** Literal texts and placeholders in order: a string is shown as is, `null` is one `0`. */
  readonly #parts: readonly (string | null)[];
  readonly #zeros: number;

  private constructor(parts: readonly (string | null)[]) {
    this.#parts = parts;
    this.#zeros = parts.filter((part) => part === null).length;
  }

  /** The format for a format code, or undefined when the code is not only zeros and literals. */
  static parse(whole: string): DigitsFormat | undefined {
    const code = positiveSection(whole);
    if (code === undefined) return undefined;
    const parts: (string | null)[] = [];
    let index = 0;
    while (index < code.length) {
      const char = code[index] as string;
      if (char === '0') {
        parts.push(null);
        index++;
      } else if (char === '"') {
        const close = code.indexOf('"', index + 1);
        if (close === -1) return undefined;
        parts.push(code.slice(index + 1, close));
        index = close + 1;
      } else if (char === '\\') {
        const escaped = code[index + 1];
        if (escaped === undefined) return undefined;
        parts.push(escaped);
        index += 2;
      } else if (' -+()$'.includes(char)) {
        parts.push(char);
        index++;
      } else if (char === '_' || char === '*') {
        if (code[index + 1] === undefined) return undefined;
        index += 2; // a blank the width of the next character, or a fill: nothing of the value
      } else if (char === '[') {
        const close = code.indexOf(']', index);
        if (close === -1 || !DECORATION.test(code.slice(index + 1, close))) return undefined;
        index = close + 1;
      } else {
        return undefined;
      }
    }
    // One `0` is "the number, no decimals", however labelled (`0 "days"`, `"Day" 0`): the value stays the
    // number. Two or more are a fixed width, which is what ids and codes are given.
    return parts.filter((part) => part === null).length >= 2 ? new DigitsFormat(parts) : undefined;
  }

  /**
   * An integer as Excel shows it: its digits padded with zeros to the number of placeholders, one digit
   * a placeholder from the right; digits beyond them go with the first one (`000-0000`, 12345678 →
   * `1234-5678`), and a negative number gets a leading `-`. `written`: the digits as the cell wrote
   * them, for an integer beyond 2^53, which the number has rounded.
   *
   * @example DigitsFormat.parse('"E"0000')?.format(104) // 'E0104'
   */
  format(value: number, written?: string): string {
    const magnitude = written === undefined ? integerText(Math.abs(value)) : written.replace(/^-/, '');
    const digits = magnitude.padStart(this.#zeros, '0');
    let extra = digits.length - this.#zeros;
    let next = 0;
    let text = value < 0 ? '-' : '';
    for (const part of this.#parts) {
      if (part !== null) {
        text += part;
        continue;
      }
      const take = 1 + extra;
      text += digits.slice(next, next + take);
      next += take;
      extra = 0;
    }
    return text;
  }
}
