/** Finding where a JSON string ends: escaped quotes, escaped backslashes, and a search resumed later. */
import { describe, expect, it } from 'vitest';
import { stringEnd } from '../src/json-tokens.ts';

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('stringEnd', () => {
  it('finds the closing quote of a plain string', () => {
    expect(stringEnd(bytes('"Zoë",'), 1)).toBe(5);
  });

  it('skips an escaped quote but not a quote after an escaped backslash', () => {
    const text = String.raw`"a\"b\\"x"`;
    expect(stringEnd(bytes(text), 1)).toBe(text.indexOf('\\\\"') + 2);
    expect(stringEnd(bytes(String.raw`"\\\"q"`), 1)).toBe(6); // \\ then \" : the quote at 6 closes
  });

  it('returns -1 when the buffer ends inside the string, and resumes from where it stopped', () => {
    const first = bytes(String.raw`"abc\"de`);
    expect(stringEnd(first, 1)).toBe(-1);
    const longer = bytes(String.raw`"abc\"def" ,`);
    expect(stringEnd(longer, 1, first.length)).toBe(longer.indexOf('" ,'));
  });

  it('counts a backslash left before the resume point', () => {
    const text = String.raw`"ab\"c"`;
    // The first buffer ended right after the backslash: the quote after it is still escaped.
    expect(stringEnd(bytes(text), 1, 4)).toBe(6);
  });
});
