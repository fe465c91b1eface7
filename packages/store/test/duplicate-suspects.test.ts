/** The client-side pre-check for duplicates: every real duplicate is a suspect, whatever the file. */
import { describe, expect, it } from 'vitest';
import { DuplicateSuspects, hash32, MAX_SUSPECTS } from '../src/duplicate-suspects.ts';

/** Two different values with the same hash, found by brute force (a 32-bit hash collides by ~80k values). */
export function collidingPair(suffix = 'employee'): [string, string] {
  const seen = new Map<number, string>();
  for (let i = 0; ; i++) {
    const value = `E${i.toString(36)}${suffix}`;
    const hash = hash32(value);
    const earlier = seen.get(hash);
    if (earlier !== undefined) return [earlier, value];
    seen.set(hash, value);
  }
}

describe('DuplicateSuspects', () => {
  it('has no suspects when every value is distinct, through many table growths', () => {
    const suspects = new DuplicateSuspects();
    for (let i = 0; i < 50_000; i++) suspects.add(`person-${i}@example.com`);
    // 50k distinct values: a 32-bit collision is possible (p ≈ 0.3), so allow that one false suspect.
    expect((suspects.suspects() as string[]).length).toBeLessThanOrEqual(2);
  });

  it('lists every value that occurs twice, wherever the repeat comes', () => {
    const suspects = new DuplicateSuspects();
    const repeated = ['00042', 'a@x.com', 'Zoë', '', '199999'];
    for (let i = 0; i < 200_000; i++) suspects.add(String(i).padStart(5, '0'));
    for (const value of repeated) suspects.add(value);
    suspects.add(''); // the empty value's second occurrence
    const listed = suspects.suspects() as string[];
    for (const value of ['00042', '']) expect(listed).toContain(value);
    expect(listed).toContain('199999');
    expect(listed).not.toContain('a@x.com'); // first occurrence only
  });

  it('makes a colliding pair a suspect, which the database then counts exactly', () => {
    const [first, second] = collidingPair();
    expect(first).not.toBe(second);
    const suspects = new DuplicateSuspects();
    suspects.add(first);
    suspects.add(second);
    expect(suspects.suspects()).toEqual([second]);
  });

  it('gives up listing when the file is mostly duplicates', () => {
    const suspects = new DuplicateSuspects();
    for (let round = 0; round < 2; round++) for (let i = 0; i <= MAX_SUSPECTS; i++) suspects.add(`k${i}`);
    expect(suspects.suspects()).toBe('all');
  });
});
