/**
 * The shared-strings table on its own: the usual item (`<si><t>…</t></si>`) is read at once from the
 * chunk (`SharedStringsHandler.readContent`), every other shape tag by tag; both must give the same
 * strings, wherever the chunks are cut.
 */
import { describe, expect, it } from 'vitest';
import { readSharedStrings } from '../src/xlsx-shared-strings.ts';
import { chunkings } from './chunkings.ts';

async function* chunksOf(parts: readonly Buffer[]): AsyncGenerator<Buffer> {
  yield* parts;
}

const TABLE = Buffer.from(
  [
    '<sst count="9">',
    // The usual shape: plain, with an entity, with Excel's escape of a carriage return, empty.
    '<si><t>Ann</t></si><si><t>R&amp;D</t></si><si><t>a_x000D_b</t></si><si><t></t></si>',
    // Read tag by tag: spaces kept by an attribute, rich text runs, a phonetic guide, a prefix, `<t/>`.
    '<si><t xml:space="preserve"> Zoë </t></si><si><r><t>Bold</t></r><r><t> plain</t></r></si>',
    '<si><t>東京</t><rPh><t>トウキョウ</t></rPh></si><x:si><x:t>pre</x:t></x:si><si><t/></si>',
    '</sst>',
  ].join(''),
);

const EXPECTED = ['Ann', 'R&D', 'a\rb', '', ' Zoë ', 'Bold plain', '東京', 'pre', ''];

describe('readSharedStrings', () => {
  it('reads the usual items and every other shape alike', async () => {
    expect(await readSharedStrings(chunksOf([TABLE]))).toEqual(EXPECTED);
  });

  it('reads the same strings wherever the chunks are cut (inside a character too)', async () => {
    for (const chunks of chunkings(TABLE))
      expect(await readSharedStrings(chunksOf(chunks))).toEqual(EXPECTED);
  });
});
