/**
 * A record far larger than a chunk (a photo in base64) is scanned once, not again from its start each
 * time a chunk arrives: counted in bytes looked at, so the test does not depend on the machine's speed.
 */
import { describe, expect, it, vi } from 'vitest';
import { JsonArrayScanner } from '../src/json-array-scanner.ts';

const scanned = vi.hoisted(() => ({ bytes: 0 }));

vi.mock('../src/json-tokens.ts', async (importOriginal) => {
  const tokens = await importOriginal<typeof import('../src/json-tokens.ts')>();
  return {
    ...tokens,
    stringEnd(bytes: Buffer, from: number, searchFrom = from): number {
      const close = tokens.stringEnd(bytes, from, searchFrom);
      scanned.bytes += (close === -1 ? bytes.length : close + 1) - searchFrom;
      return close;
    },
  };
});

const CHUNK = 64 * 1024;

function scanInChunks(document: Buffer): unknown[] {
  const scanner = new JsonArrayScanner(undefined, 'photo.json');
  const values: unknown[] = [];
  for (let offset = 0; offset < document.length; offset += CHUNK) {
    values.push(...scanner.write(document.subarray(offset, offset + CHUNK)).map((element) => element.value));
  }
  values.push(...scanner.end().map((element) => element.value));
  return values;
}

describe('JsonArrayScanner', () => {
  it('looks at each byte of a record spanning dozens of chunks about once', () => {
    const photo = 'x"\\{]'.repeat(400_000); // escaped quotes and backslashes all the way
    const document = Buffer.from(JSON.stringify([{ id: 1, photo }, { id: 2 }]));
    expect(document.length).toBeGreaterThan(40 * CHUNK);
    scanned.bytes = 0;
    const values = scanInChunks(document);
    expect(values).toEqual([{ id: 1, photo }, { id: 2 }]);
    // Rescanning the string from its start on each of the ~43 chunks would look at ~20x the file.
    expect(scanned.bytes).toBeGreaterThan(document.length * 0.9);
    expect(scanned.bytes).toBeLessThan(document.length * 1.1);
  });
});
