/**
 * The client's ids for a first load's people: UUIDs of version 7 whose time part is the clock's
 * millisecond, in the order they were made, with a random part no two sources share.
 */
import { describe, expect, it } from 'vitest';
import { UuidV7Source } from '../src/uuid-v7.ts';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const millisecondOf = (id: string) => Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16);
const counterOf = (id: string) => Number.parseInt(id.replaceAll('-', '').slice(13, 16), 16);

describe('UuidV7Source', () => {
  it('writes the clock millisecond, version 7 and the variant, and orders the ids it makes', () => {
    let now = Date.UTC(2026, 11, 3, 15, 30);
    const source = new UuidV7Source(() => now);
    const ids = Array.from({ length: 3000 }, (_, index) => {
      if (index % 1000 === 999) now += 1;
      return source.next();
    });
    for (const id of ids) expect(id).toMatch(V7);
    expect(millisecondOf(ids[0] as string)).toBe(Date.UTC(2026, 11, 3, 15, 30));
    expect(millisecondOf(ids.at(-1) as string)).toBe(Date.UTC(2026, 11, 3, 15, 30) + 3);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('counts the ids of one millisecond, and borrows the next one after 4096 (or a clock gone back)', () => {
    let now = 1_000_000;
    const source = new UuidV7Source(() => now);
    const first = source.next();
    expect([millisecondOf(first), counterOf(first)]).toEqual([1_000_000, 0]);
    const same = Array.from({ length: 4095 }, () => source.next());
    expect([millisecondOf(same.at(-1) as string), counterOf(same.at(-1) as string)]).toEqual([
      1_000_000, 4095,
    ]);
    const borrowed = source.next();
    expect([millisecondOf(borrowed), counterOf(borrowed)]).toEqual([1_000_001, 0]);
    now = 999_000; // the clock went back: the ids still go forward
    expect(source.next() > borrowed).toBe(true);
  });

  it('draws the rest at random: two sources on the same clock do not repeat each other', () => {
    const clock = () => 1_700_000_000_000;
    const random = (id: string) => id.replaceAll('-', '').slice(16);
    const one = new Set(Array.from({ length: 2000 }, () => random(new UuidV7Source(clock).next())));
    expect(one.size).toBe(2000);
  });
});
