/** Reading a file in chunks, one read ahead: every byte in order, and the file closed however it ends. */
import { mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CHUNK_BYTES, fileChunks } from '../src/file-chunks.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'roster-file-chunks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Bytes 0..255 repeated, so that a chunk out of place or read twice changes the whole. */
function fileOf(bytes: number): { file: string; content: Buffer } {
  const content = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) content[i] = (i * 7 + (i >> 16)) & 0xff;
  const file = path.join(dir, `f-${bytes}`);
  writeFileSync(file, content);
  return { file, content };
}

const openHandlesOn = (file: string) =>
  readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === file;
    } catch {
      return false;
    }
  });

describe('fileChunks', () => {
  it.each([0, 1, CHUNK_BYTES - 1, CHUNK_BYTES, CHUNK_BYTES + 1, 5 * CHUNK_BYTES + 123])(
    'yields every byte of a %i-byte file once, in order, and closes it',
    async (bytes) => {
      const { file, content } = fileOf(bytes);
      const chunks: Buffer[] = [];
      for await (const chunk of fileChunks(file, 'f.csv')) chunks.push(chunk);
      expect(Buffer.concat(chunks).equals(content)).toBe(true);
      expect(chunks.every((chunk) => chunk.length > 0 && chunk.length <= CHUNK_BYTES)).toBe(true);
      expect(openHandlesOn(file)).toEqual([]);
    },
  );

  it('keeps every chunk it gave out intact while it reads the next ones', async () => {
    const { file, content } = fileOf(4 * CHUNK_BYTES);
    const held: Buffer[] = [];
    for await (const chunk of fileChunks(file, 'f.csv')) {
      held.push(chunk);
      await new Promise((resolve) => setTimeout(resolve, 1)); // the read ahead completes meanwhile
    }
    expect(Buffer.concat(held).equals(content)).toBe(true);
  });

  it('closes the file when the reader stops early, with a read still in flight', async () => {
    const { file } = fileOf(10 * CHUNK_BYTES);
    for await (const _chunk of fileChunks(file, 'f.csv')) break;
    expect(openHandlesOn(file)).toEqual([]);
  });

  it('stops at an abort and closes the file', async () => {
    const { file } = fileOf(10 * CHUNK_BYTES);
    const controller = new AbortController();
    const reading = (async () => {
      let chunks = 0;
      for await (const _chunk of fileChunks(file, 'f.csv', controller.signal)) {
        if (++chunks === 2) controller.abort(new Error('cancelled by the test'));
      }
    })();
    await expect(reading).rejects.toThrow('cancelled by the test');
    expect(openHandlesOn(file)).toEqual([]);
  });
});
