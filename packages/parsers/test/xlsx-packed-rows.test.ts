/**
 * The xlsx worker's batches travel packed (xlsx-packed-rows.ts): every cell must come out as it went
 * in, whatever its kind, its characters and its neighbours, also through a real structured clone.
 */
import { MessageChannel } from 'node:worker_threads';
import type { Cell } from '@roster/engine';
import { describe, expect, it } from 'vitest';
import { type PackedRows, PackedRowsBuilder, transferablesOf, unpackRows } from '../src/xlsx-packed-rows.ts';

const ROWS: ReadonlyArray<{ line: number; cells: Cell[] }> = [
  { line: 2, cells: ['00123', 'José', 'Ng', 45_000, new Date(Date.UTC(2021, 2, 4))] },
  // Empty text between texts, a boolean each way, -0 and a fraction, a date before 1970.
  { line: 3, cells: ['', 'a', true, false, -0] },
  { line: 7, cells: [0.1 + 0.2, '', '', new Date(Date.UTC(1899, 11, 31)), 'x'] },
  // Non-Latin, an astral character, a lone surrogate, a tab and a line break, a long value (a slice).
  { line: 8, cells: ['東京', '😀', '\uD800', 'a\tb\nc', 'Research and Development, EMEA'] },
];

function packed(rows: ReadonlyArray<{ line: number; cells: readonly (Cell | undefined)[] }>): PackedRows {
  const builder = new PackedRowsBuilder(5);
  for (const row of rows) builder.add(row.line, row.cells);
  return builder.take();
}

describe('packed sheet rows', () => {
  it('give back every cell of every kind, in place', () => {
    expect(unpackRows(packed(ROWS))).toEqual(ROWS);
  });

  it('read an empty cell (null, or past the end of a short row) as empty text', () => {
    expect(unpackRows(packed([{ line: 4, cells: ['a', null, 'b'] }]))).toEqual([
      { line: 4, cells: ['a', '', 'b', '', ''] },
    ]);
  });

  it('start afresh after each take', () => {
    const builder = new PackedRowsBuilder(2);
    builder.add(2, ['first', 1]);
    expect(unpackRows(builder.take())).toEqual([{ line: 2, cells: ['first', 1] }]);
    expect(builder.rows).toBe(0);
    builder.add(3, ['second', 2]);
    expect(unpackRows(builder.take())).toEqual([{ line: 3, cells: ['second', 2] }]);
  });

  it('survive postMessage with their arrays transferred', async () => {
    const { port1, port2 } = new MessageChannel();
    try {
      const received = new Promise<PackedRows>((resolve) => port2.once('message', resolve));
      const rows = packed(ROWS);
      port1.postMessage(rows, transferablesOf(rows));
      // Transferred, not copied: the sender's arrays are gone.
      expect(rows.lengths.length).toBe(0);
      expect(unpackRows(await received)).toEqual(ROWS);
    } finally {
      port1.close();
      port2.close();
    }
  });
});
