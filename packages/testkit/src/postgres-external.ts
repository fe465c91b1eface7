import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { PostgresServer, StartPostgresOptions } from './postgres-types.ts';
import { checkDatabaseName, pgBinDir, runSql, uniqueDatabaseName, withDatabase } from './psql.ts';
import { TestkitError } from './testkit-error.ts';

export const DATABASE_URL_ENV = 'ROSTER_TEST_DATABASE_URL';

/** True when `ROSTER_TEST_DATABASE_URL` asks for an external server. */
export function externalPostgresRequested(): boolean {
  return (process.env[DATABASE_URL_ENV] ?? '') !== '';
}

/**
 * A PostgreSQL server someone else runs (a CI service container, a developer's database). Fresh
 * databases are created through it with psql and dropped again on stop(), so a shared server does not
 * fill up; the server itself is left alone and cannot be killed.
 */
export function externalPostgres(options: StartPostgresOptions = {}): PostgresServer {
  const url = process.env[DATABASE_URL_ENV] ?? '';
  const parsed = new URL(url);
  const local = join(pgBinDir(options.binDir), 'psql');
  const psql = existsSync(local) ? local : 'psql';
  const created: string[] = [];
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      for (const name of created.splice(0)) {
        await runSql(psql, url, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
      }
    })();
    return stopping;
  };
  return {
    mode: 'external',
    url,
    host: parsed.hostname,
    port: Number(parsed.port || 5432),
    async createDatabase(name) {
      const database = checkDatabaseName(name ?? uniqueDatabaseName());
      await runSql(psql, url, `CREATE DATABASE "${database}"`);
      created.push(database);
      return withDatabase(url, database);
    },
    logs: () => `(external PostgreSQL ${parsed.host}: its logs are not available here)`,
    stop,
    kill: async () => {
      throw new TestkitError(
        'INVALID_OPTION',
        `Cannot kill the external PostgreSQL from ${DATABASE_URL_ENV}: skip this test when mode is 'external'`,
      );
    },
    [Symbol.asyncDispose]: stop,
  };
}
