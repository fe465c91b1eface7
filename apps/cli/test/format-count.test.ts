/** Counts in reports: the digits and commas of en-US, whatever the size. */
import { describe, expect, it } from 'vitest';
import { formatCount } from '../src/output/format-count.ts';

describe('formatCount', () => {
  it('writes what toLocaleString("en-US") writes for integers of every length, and for the rest', () => {
    const values = [
      0,
      7,
      42,
      999,
      1000,
      12_345,
      999_999,
      1_000_000,
      12_306_866,
      2 ** 53 - 1,
      -1,
      -1234,
      0.5,
      1e21,
    ];
    for (let digits = 1; digits <= 16; digits++) values.push(Number('9'.repeat(digits)), 10 ** (digits - 1));
    for (const value of values) expect(formatCount(value)).toBe(value.toLocaleString('en-US'));
  });
});
