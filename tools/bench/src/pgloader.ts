/**
 * pgloader, the loader integration engineers already know, loading the same CSV into an empty table:
 * no download, no upsert, no deactivation — a plain bulk load, for scale. It is a Debian package; when
 * it is missing the benchmark tries to install it once and reports why it could not, instead of failing.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { measureProcess, type ProcessMeasurement } from './measure-process.ts';
import { commandWorks, runCommand } from './run-command.ts';
import type { ServerWatch } from './server-watch.ts';

export type PgloaderAvailability =
  | { readonly available: true; readonly version: string }
  | { readonly available: false; readonly reason: string };

const COLUMNS = [
  'employee_id',
  'first_name',
  'last_name',
  'email',
  'job_title',
  'department',
  'manager_id',
  'location',
  'hire_date',
  'status',
] as const;

/** The table pgloader loads into: the file's columns as text (pgloader does not parse US dates). */
export const PGLOADER_TABLE = `CREATE TABLE employees (${COLUMNS.map((column) => `${column} text`).join(', ')})`;

/** pgloader's version, installing the Debian package first (as root) when it is missing. */
export async function ensurePgloader(log: (line: string) => void): Promise<PgloaderAvailability> {
  const version = await pgloaderVersion();
  if (version !== undefined) return { available: true, version };
  if (process.getuid?.() !== 0) {
    return {
      available: false,
      reason: 'pgloader is not installed and installing it needs root (apt-get install -y pgloader)',
    };
  }
  if (!(await commandWorks('apt-get', ['--version']))) {
    return { available: false, reason: 'pgloader is not installed and this machine has no apt-get' };
  }
  log('pgloader is missing: apt-get install -y pgloader');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () =>
    runCommand('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'pgloader'], { env });
  try {
    await install().catch(async () => {
      await runCommand('apt-get', ['update', '-qq'], { env });
      await install();
    });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n').slice(-3).join(' ') : String(error);
    return { available: false, reason: `apt-get install -y pgloader failed: ${message}` };
  }
  const installed = await pgloaderVersion();
  return installed === undefined
    ? { available: false, reason: 'pgloader was installed but does not run' }
    : { available: true, version: installed };
}

async function pgloaderVersion(): Promise<string | undefined> {
  try {
    const { stdout } = await runCommand('pgloader', ['--version']);
    return stdout.split('\n')[0]?.trim();
  } catch {
    return undefined;
  }
}

export interface PgloaderRequest {
  readonly csvPath: string;
  /** A database holding an empty `employees` table ({@link PGLOADER_TABLE}). */
  readonly databaseUrl: string;
  readonly workDir: string;
  readonly postgres: ServerWatch;
}

/** Loads the CSV with pgloader's defaults for CSV (batches of 25,000 rows, COPY), measured. */
export async function runPgloader(request: PgloaderRequest): Promise<ProcessMeasurement> {
  const commands = path.join(request.workDir, 'load.pgloader');
  const target = new URL(request.databaseUrl);
  target.searchParams.set('tablename', 'employees');
  await writeFile(
    commands,
    `LOAD CSV
  FROM '${request.csvPath}' (${COLUMNS.join(', ')})
  INTO ${target.toString()} (${COLUMNS.join(', ')})
  WITH skip header = 1,
       fields optionally enclosed by '"',
       fields escaped by double-quote,
       fields terminated by ','
  SET client_encoding to 'utf8';
`,
  );
  return measureProcess('pgloader', ['--root-dir', path.join(request.workDir, 'pgloader'), commands], {
    tree: true,
    servers: [request.postgres],
  });
}
