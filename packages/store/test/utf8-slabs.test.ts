/** COPY text to UTF-8: the bytes are exactly Buffer.from's, whatever the characters and sizes. */
import { describe, expect, it } from 'vitest';
import { utf8Slabs } from '../src/utf8-slabs.ts';

async function* each(texts: readonly string[]): AsyncGenerator<string> {
  yield* texts;
}

async function bytesOf(texts: readonly string[]): Promise<{ joined: Buffer; chunks: Uint8Array[] }> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of utf8Slabs(each(texts))) chunks.push(chunk);
  return { joined: Buffer.concat(chunks), chunks };
}

describe('utf8Slabs', () => {
  it('encodes ASCII, accents, two-byte characters and surrogate pairs exactly, a chunk per text', async () => {
    const texts = ['plain\t1\n', 'Zoë Łukasz Ő\n', '名前 😀 \\N\n', '', 'end'];
    const { joined, chunks } = await bytesOf(texts);
    expect(joined.equals(Buffer.from(texts.join('')))).toBe(true);
    expect(chunks.map((chunk) => Buffer.from(chunk).toString())).toEqual(texts.filter((t) => t !== ''));
  });

  it('keeps every chunk intact across slabs, and takes a text larger than a slab whole', async () => {
    const texts = Array.from({ length: 200 }, (_, i) => `${i}\tŁódź 😀 ${'x'.repeat(7_000 + i)}\n`);
    texts.splice(100, 0, `huge ${'ő'.repeat(600_000)}\n`); // 1.2 MB of UTF-8, over the 1 MiB slab
    const { joined, chunks } = await bytesOf(texts);
    expect(joined.equals(Buffer.from(texts.join('')))).toBe(true);
    // Chunks read later must not have been overwritten by later texts.
    expect(chunks.map((chunk) => Buffer.from(chunk).toString())).toEqual(texts);
  });
});
