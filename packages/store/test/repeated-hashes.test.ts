/** Finding the values that may repeat: every real duplicate's hash is repeated, whatever the file. */
import { describe, expect, it } from 'vitest';
import { HashLog, hash31, MAX_REPEATED } from '../src/repeated-hashes.ts';
import { collidingPair } from './colliding-pair.ts';

function logOf(values: Iterable<string>): HashLog {
  const log = new HashLog();
  for (const value of values) log.add(hash31(value));
  return log;
}

describe('hash31', () => {
  it('fits a 31-bit signed integer and tells neighbouring values apart', () => {
    const hashes = ['', 'a', 'b', 'ab', 'ba', 'Zoë', '0000001', '0000002', 'x'.repeat(999)].map(hash31);
    for (const hash of hashes)
      expect(hash >= -(2 ** 30) && hash < 2 ** 30 && Number.isInteger(hash)).toBe(true);
    expect(new Set(hashes).size).toBe(hashes.length);
  });
});

describe('HashLog', () => {
  it('repeats nothing when every value is distinct, through many growths', () => {
    const log = logOf(Array.from({ length: 50_000 }, (_, i) => `person-${i}@example.com`));
    // 50k distinct values: a 31-bit collision is possible (p ≈ 0.5), so allow one or two.
    expect((log.repeated() as number[]).length).toBeLessThanOrEqual(2);
  });

  it('lists each repeated value once, however often and wherever it repeats', () => {
    const values = Array.from({ length: 200_000 }, (_, i) => String(i).padStart(5, '0'));
    values.push('00042', '', 'Zoë', '', '199999', '00042', 'a@x.com');
    const repeated = logOf(values).repeated() as number[];
    expect(repeated).toEqual(expect.arrayContaining(['00042', '', '199999'].map(hash31)));
    expect(new Set(repeated).size).toBe(repeated.length);
    // Besides the three, only chance collisions of 200k distinct values (~9 expected for 31 bits).
    expect(repeated.length).toBeLessThan(3 + 30);
  });

  it('repeats a colliding pair, which the database then groups by value', () => {
    const [first, second] = collidingPair();
    expect(first).not.toBe(second);
    expect(logOf([first, 'other', second]).repeated()).toEqual([hash31(first)]);
  });

  it('gives up listing when the file is mostly duplicates', () => {
    const values = Array.from({ length: MAX_REPEATED + 1 }, (_, i) => `k${i}`);
    expect(logOf([...values, ...values]).repeated()).toBe('all');
    expect(logOf([...values.slice(1), ...values.slice(1)]).repeated()).toHaveLength(MAX_REPEATED);
  });

  it('allows more repeats in a large file, so that chance collisions never force the full check', () => {
    const log = new HashLog();
    // 1.28M values, 15,000 of them repeated: over MAX_REPEATED, under one in 64 of the values.
    for (let i = 0; i < 1_280_000; i++) log.add(i < 30_000 ? i >> 1 : i);
    expect(log.repeated()).toHaveLength(15_000);
  });

  it('starts empty again once read', () => {
    const log = logOf(['a', 'a']);
    expect(log.repeated()).toEqual([hash31('a')]);
    log.add(hash31('a'));
    expect(log.repeated()).toEqual([]);
  });
});
