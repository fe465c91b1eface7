import { mkdtemp, readdir, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SourceRow, TableReader } from '@roster/engine';
import { afterAll, beforeAll } from 'vitest';

/** The absolute path of a file in the fixture corpus. */
export function fixture(name: string): string {
  return new URL(`fixtures/${name}`, import.meta.url).pathname;
}

export interface ReadTable {
  readonly header: readonly string[];
  readonly headerLine: number;
  readonly rows: SourceRow[];
  readonly batches: number;
  readonly missing: readonly string[];
}

/** Opens a file with a reader and collects all its rows. */
export async function readTable(
  reader: TableReader,
  path: string,
  columns: readonly string[] = [],
): Promise<ReadTable> {
  const fileName = path.slice(path.lastIndexOf('/') + 1);
  const table = await reader(path, { fileName, columns });
  const rows: SourceRow[] = [];
  let batches = 0;
  for await (const batch of table.batches) {
    batches++;
    rows.push(...batch);
  }
  return {
    header: table.header,
    headerLine: table.headerLine,
    rows,
    batches,
    missing: table.missingColumns(),
  };
}

/** Rows as `[line, cells]` pairs, for exact comparisons. */
export function linesAndCells(rows: readonly SourceRow[]): [number, unknown[]][] {
  return rows.map((row) => [row.line, [...row.cells]]);
}

/** Whether this process has `path` open (Linux: /proc/self/fd). */
export async function isOpen(path: string): Promise<boolean> {
  const fds = await readdir('/proc/self/fd');
  const targets = await Promise.all(fds.map((fd) => readlink(`/proc/self/fd/${fd}`).catch(() => '')));
  return targets.includes(path);
}

/** The error a promise rejects with (fails when it resolves). */
export async function rejectionOf(
  promise: Promise<unknown>,
): Promise<Error & { code?: string; line?: number; hint?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string; line?: number; hint?: string };
  }
  throw new Error('Expected a rejection');
}

/**
 * A private temporary folder for one test file: made before its tests, removed with everything in it
 * after them. Its `path` is valid inside tests and hooks.
 */
export function testFolder(prefix: string): { readonly path: string } {
  let made: string | undefined;
  beforeAll(async () => {
    made = await mkdtemp(join(tmpdir(), prefix));
  });
  afterAll(async () => {
    if (made) await rm(made, { recursive: true, force: true });
  });
  return {
    get path() {
      if (made === undefined) throw new Error('testFolder().path is set before the first test');
      return made;
    },
  };
}
