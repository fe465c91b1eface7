/** The vocabulary of a benchmark run: who competes, which steps they take, what one measurement holds. */
import type { ServerPeak } from './server-watch.ts';

export const CONTENDERS = ['limit', 'pgloader', 'csv', 'xlsx', 'json', 'pglite'] as const;
export type Contender = (typeof CONTENDERS)[number];

export const STEPS = ['first', 'changed', 'same', 'resent', 'force'] as const;
export type Step = (typeof STEPS)[number];

export const CONTENDER_LABELS: Readonly<Record<Contender, string>> = {
  limit: 'hand-built limit: `sftp` + `psql \\copy` + UPDATE + MERGE',
  pgloader: 'pgloader: CSV → empty table (local file, no upsert)',
  csv: 'Roster CSV (PostgreSQL)',
  xlsx: 'Roster XLSX (PostgreSQL)',
  json: 'Roster JSON (PostgreSQL)',
  pglite: 'Roster CSV, embedded PGlite',
};

export const STEP_LABELS: Readonly<Record<Step, string>> = {
  first: 'first load',
  changed: 'changed version',
  same: 'same file again',
  resent: 'same content re-sent',
  force: 'same file, `--force`',
};

/** One process (or one phase of the limit) inside a step. */
export interface Phase {
  readonly name: string;
  readonly wallMs: number;
  readonly peakRssKiB: number;
  readonly cpuMs: number;
}

/** One contender's step in one iteration. */
export interface Sample {
  readonly contender: Contender;
  readonly step: Step;
  readonly iteration: number;
  /** Data rows of the file the step read. */
  readonly rows: number;
  readonly ok: boolean;
  readonly wallMs: number;
  /** The peak RSS of the client process(es): Roster's CLI, or the largest of sftp (with ssh) and psql. */
  readonly clientPeakKiB: number;
  /** CPU time of the client process(es), user + system. */
  readonly clientCpuMs: number;
  readonly postgres: ServerPeak | undefined;
  readonly sshd: ServerPeak | undefined;
  readonly phases: readonly Phase[];
  /** Roster's run status (`succeeded`, `skipped`…), or the tool's outcome. */
  readonly status: string;
  readonly counts: Readonly<Record<string, number>>;
  readonly error?: string;
}
