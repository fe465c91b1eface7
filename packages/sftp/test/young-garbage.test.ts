import { afterEach, describe, expect, it } from 'vitest';
import { collectYoungGarbageEvery } from '../src/young-garbage.ts';

const holder = globalThis as { gc?: unknown };
const original = holder.gc;
afterEach(() => {
  holder.gc = original;
});

describe('collectYoungGarbageEvery', () => {
  it('asks for a minor collection once per interval of bytes, not per chunk', () => {
    const calls: unknown[] = [];
    holder.gc = (options: unknown) => calls.push(options);
    const step = collectYoungGarbageEvery(4_000_000);
    for (let bytes = 65_536; bytes <= 12_000_000; bytes += 65_536) step(bytes);
    expect(calls).toEqual([{ type: 'minor' }, { type: 'minor' }]);
  });

  it('does nothing when Node runs without --expose-gc', () => {
    holder.gc = undefined;
    const step = collectYoungGarbageEvery(1);
    expect(() => step(10)).not.toThrow();
  });
});
