import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand } from './run-command.ts';
import { TestkitError } from './testkit-error.ts';

/** Where PostgreSQL 15's programs are on Debian and Ubuntu (package postgresql-15). */
export const DEFAULT_PG_BIN_DIR = '/usr/lib/postgresql/15/bin';

export function pgBinDir(option: string | undefined): string {
  return option ?? (process.env.ROSTER_TEST_PG_BIN_DIR || DEFAULT_PG_BIN_DIR);
}

/** The path of a PostgreSQL program in `binDir`, or a `BINARY_MISSING` error saying how to install it. */
export function pgProgram(binDir: string, name: string): string {
  const path = join(binDir, name);
  if (existsSync(path)) return path;
  throw new TestkitError(
    'BINARY_MISSING',
    `PostgreSQL program ${name} not found in ${binDir}: the database tests need a real PostgreSQL 15. Install it with: apt-get install -y postgresql-15 (or set ROSTER_TEST_PG_BIN_DIR to the folder holding initdb, postgres and psql, or ROSTER_TEST_DATABASE_URL to a running server)`,
  );
}

/**
 * Runs SQL through the real `psql` (the kit has no database driver of its own) and returns the
 * unaligned, tuples-only output. Stops at the first error.
 */
export async function runSql(psql: string, url: string, sql: string): Promise<string> {
  const env = { ...process.env, PGCONNECT_TIMEOUT: '10' };
  const args = ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql];
  return (await runCommand(psql, args, { env })).stdout.trim();
}

/** A database name no other test uses: `test_` and 12 hex digits. */
export function uniqueDatabaseName(): string {
  return `test_${randomBytes(6).toString('hex')}`;
}

/** Refuses names that would need quoting tricks: tests only ever need plain identifiers. */
export function checkDatabaseName(name: string): string {
  if (/^[a-z_][a-z0-9_]{0,62}$/.test(name)) return name;
  throw new TestkitError(
    'INVALID_OPTION',
    `Invalid database name ${JSON.stringify(name)}: use lowercase letters, digits and _ (at most 63), starting with a letter or _`,
  );
}

/** `url` with its database replaced by `database`. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
