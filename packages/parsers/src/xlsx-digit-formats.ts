import { integerText } from './integer-text.ts';

/**
 * A number format that shows an integer as digits in fixed places with literal text around them:
 * `000000` (104 shows as `000104`), `"E"0000` (`E0104`), `\E00000`, or Excel's special formats such as
 * `00000` (ZIP code) and `000\-00\-0000` (a US social security number). Employee ids are kept as
 * numbers with such a format: reading them as the number would drop the zeros the customer sees.
 *
 * Only formats of at least two `0` placeholders and literals are taken (quoted text, `\x`, and the
 * characters Excel shows as themselves: space, `-`, `+`, `(`, `)`, `$`), in one section. Anything else
 * (`#`, `?`, `.`, `,`, `%`, `E+`, `@`, `[…]`, `_`, `*`, `;`) makes the format something other than an id's.
 */
export class DigitsFormat {
  /** Literal texts and placeholders in order: a string is shown as is, `null` is one `0`. */
  readonly #parts: readonly (string | null)[];
  readonly #zeros: number;

  private constructor(parts: readonly (string | null)[]) {
    this.#parts = parts;
    this.#zeros = parts.filter((part) => part === null).length;
  }

  /** The format for a format code, or undefined when the code is not only zeros and literals. */
  static parse(code: string): DigitsFormat | undefined {
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
   * `1234-5678`), and a negative number gets a leading `-`.
   *
   * @example DigitsFormat.parse('"E"0000')?.format(104) // 'E0104'
   */
  format(value: number): string {
    const digits = integerText(Math.abs(value)).padStart(this.#zeros, '0');
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
