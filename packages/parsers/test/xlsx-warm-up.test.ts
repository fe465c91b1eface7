import { once } from 'node:events';
import type { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { xlsxReader } from '../src/index.ts';
import { fixture, linesAndCells, readTable } from './read-table.ts';

const WORKBOOK = fixture('employees.xlsx');
const OPTIONS = { sheet: 'Employees', headerRow: 2 } as const;

/** Every worker thread this test's thread starts, in order (Node's `process` 'worker' event). */
let started: Worker[] = [];
const record = (worker: Worker) => started.push(worker);
beforeEach(() => {
  started = [];
  process.on('worker', record);
});
afterEach(() => {
  process.off('worker', record);
});
/** Node emits 'worker' on a later tick than the Worker's construction. */
const workersEmitted = () => new Promise((resolve) => setImmediate(resolve));

describe('xlsx reader warm-up (the worker started while the file downloads)', () => {
  it('starts the worker at warm-up, and the read uses it: the same rows as a cold read, no second worker', async () => {
    const cold = await readTable(xlsxReader(OPTIONS), WORKBOOK);
    expect(started).toHaveLength(1);
    started = [];

    const reader = xlsxReader(OPTIONS);
    using _warm = reader.warmUp?.();
    await workersEmitted();
    expect(started).toHaveLength(1); // before any file is read
    const warm = await readTable(reader, WORKBOOK);
    expect(started).toHaveLength(1);
    expect(warm.header).toEqual(cold.header);
    expect(linesAndCells(warm.rows)).toEqual(linesAndCells(cold.rows));
  });

  it('stops an unused worker when the warm-up is disposed (a run skipped after the download)', async () => {
    const reader = xlsxReader(OPTIONS);
    const warm = reader.warmUp?.();
    await workersEmitted();
    expect(started).toHaveLength(1);
    const exited = once(started[0] as Worker, 'exit');
    warm?.[Symbol.dispose]();
    await exited;
    // The reader still reads, with a worker of its own.
    const table = await readTable(reader, WORKBOOK);
    expect(started).toHaveLength(2);
    expect(table.rows.length).toBeGreaterThan(0);
  });

  it('keeps the read going when the warm-up is disposed after the read took its worker', async () => {
    const reader = xlsxReader(OPTIONS);
    const warm = reader.warmUp?.();
    const table = await reader(WORKBOOK, { fileName: 'employees.xlsx', columns: [] });
    warm?.[Symbol.dispose]();
    const rows = [];
    for await (const batch of table.batches) rows.push(...batch);
    expect(rows.map((row) => row.line)).toEqual([3, 5]);
  });

  it('replaces a warmed worker that stopped before the read, instead of failing the read', async () => {
    const reader = xlsxReader(OPTIONS);
    using _warm = reader.warmUp?.();
    await workersEmitted();
    await (started[0] as Worker).terminate();
    const table = await readTable(reader, WORKBOOK);
    expect(started).toHaveLength(2);
    expect(table.rows.map((row) => row.line)).toEqual([3, 5]);
  });
});
