import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvReader } from '../src/index.ts';
import { isOpen, readTable, rejectionOf } from './read-table.ts';

let dir: string;
let big: string;
const ROWS = 20_000;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'roster-csv-stream-'));
  big = join(dir, 'big.csv');
  // Every 7th row has a quoted CRLF, so start lines drift from record numbers; ~1.3 MB, about 20 chunks.
  const rows = Array.from({ length: ROWS }, (_, index) =>
    index % 7 === 0 ? `${index},"note\r\nsecond line",${'x'.repeat(40)}` : `${index},plain,${'y'.repeat(40)}`,
  );
  await writeFile(big, `id,note,pad\r\n${rows.join('\r\n')}\r\n`);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('csv streaming', () => {
  it('delivers all rows in order, in several batches, with start lines across chunk boundaries', async () => {
    const table = await readTable(csvReader(), big);
    expect(table.rows).toHaveLength(ROWS);
    expect(table.batches).toBeGreaterThan(10);
    let line = 2;
    for (const [index, row] of table.rows.entries()) {
      expect(row.line).toBe(line);
      expect(row.cells[0]).toBe(String(index));
      line += index % 7 === 0 ? 2 : 1;
    }
  });

  it('holds the file open only while the batches are iterated', async () => {
    const table = await csvReader()(big, { fileName: 'big.csv', columns: [] });
    expect(await isOpen(big)).toBe(false);
    for await (const _ of table.batches) {
      expect(await isOpen(big)).toBe(true);
      break;
    }
    expect(await isOpen(big)).toBe(false);
  });

  it('closes the file when the consumer fails mid-way', async () => {
    const table = await csvReader()(big, { fileName: 'big.csv', columns: [] });
    const error = await rejectionOf(
      (async () => {
        for await (const _ of table.batches) throw new Error('consumer failed');
      })(),
    );
    expect(error.message).toBe('consumer failed');
    expect(await isOpen(big)).toBe(false);
  });

  it('stops with the signal reason when aborted, and closes the file', async () => {
    const controller = new AbortController();
    const table = await csvReader()(big, { fileName: 'big.csv', columns: [], signal: controller.signal });
    let batches = 0;
    const error = await rejectionOf(
      (async () => {
        for await (const _ of table.batches) {
          batches++;
          controller.abort(new Error('run cancelled'));
        }
      })(),
    );
    expect(error.message).toBe('run cancelled');
    expect(batches).toBe(1);
    expect(await isOpen(big)).toBe(false);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const signal = AbortSignal.abort(new Error('too late'));
    const error = await rejectionOf(csvReader()(big, { fileName: 'big.csv', columns: [], signal }));
    expect(error.message).toBe('too late');
  });
});
