/** COPY text to UTF-8: the bytes are exactly Buffer.from's, whatever the characters and sizes. */
import { describe, expect, it } from 'vitest';
import { Utf8Slabs } from '../src/utf8-slabs.ts';

const text = (views: readonly Uint8Array[]) => Buffer.concat(views).toString();

describe('Utf8Slabs', () => {
  it('encodes ASCII, accents, two-byte characters and surrogate pairs exactly', () => {
    const out = new Utf8Slabs();
    const rows = ['plain\t1\n', 'Zoë Łukasz Ő\n', '名前 😀 \\N\n', '', 'end'];
    for (const row of rows) out.write(row);
    const views = out.take();
    expect(Buffer.concat(views).equals(Buffer.from(rows.join('')))).toBe(true);
    expect(out.take()).toEqual([]); // taken once
  });

  it('keeps bytes already taken intact across slabs, and takes a row larger than a slab whole', () => {
    const out = new Utf8Slabs();
    const batches: string[][] = [];
    const taken: Uint8Array[][] = [];
    for (let b = 0; b < 40; b++) {
      const rows = Array.from({ length: 30 }, (_, i) => `${b}.${i}\tŁódź 😀 ${'x'.repeat(1_000 + i)}\n`);
      if (b === 20) rows.push(`huge ${'ő'.repeat(600_000)}\n`); // 1.2 MB of UTF-8, larger than a slab
      for (const row of rows) out.write(row);
      batches.push(rows);
      taken.push(out.take());
    }
    // A batch that crossed into a new slab comes as more than one view.
    expect(taken.some((views) => views.length > 1)).toBe(true);
    // Views taken earlier were not overwritten by later rows.
    expect(taken.map(text)).toEqual(batches.map((rows) => rows.join('')));
  });
});
