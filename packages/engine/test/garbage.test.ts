import { afterEach, describe, expect, it } from 'vitest';
import { collectGarbageEvery } from '../src/garbage.ts';

const holder = globalThis as { gc?: unknown };
const original = holder.gc;
afterEach(() => {
  holder.gc = original;
});

describe('collectGarbageEvery', () => {
  it('asks for a minor collection once per interval of bytes, not per chunk', () => {
    const calls: unknown[] = [];
    holder.gc = (options: unknown) => calls.push(options);
    const step = collectGarbageEvery('minor', 4_000_000);
    for (let bytes = 65_536; bytes <= 12_000_000; bytes += 65_536) step(bytes);
    expect(calls).toEqual([{ type: 'minor' }, { type: 'minor' }]);
  });

  it('asks for a full collection once per interval of rows, counted from the last one', () => {
    const calls: unknown[] = [];
    const step = collectGarbageEvery('major', 100_000, (options) => calls.push(options));
    // Batches of 999 rows: the interval is reached between batches, and counted from where it was.
    for (let rows = 999; rows <= 350_000; rows += 999) step(rows);
    expect(calls).toEqual([{ type: 'major' }, { type: 'major' }, { type: 'major' }]);
  });

  it('does nothing when Node runs without --expose-gc', () => {
    holder.gc = undefined;
    const step = collectGarbageEvery('minor', 1);
    expect(() => step(10)).not.toThrow();
  });
});
