import path from 'node:path';
import { RosterError } from '@roster/engine';
import type { RosterDatabase } from './database.ts';
import { openPostgres } from './pg-database.ts';
import { openEmbedded } from './pglite-database.ts';
import { checkSslMode } from './ssl-mode.ts';

export interface DatabaseLocation {
  /** `postgres://…`: a PostgreSQL server. Unset: the embedded database. */
  readonly databaseUrl?: string | undefined;
  /** Folder of the embedded database's files (default `.roster/`), or `memory://`. */
  readonly dataDir?: string | undefined;
  /** How the connections name themselves to the server (`pg_stat_activity.application_name`). */
  readonly applicationName?: string;
}

/** The contract's choice: DATABASE_URL when set, else the embedded PostgreSQL in `.roster/`. */
export function databaseFromEnv(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): DatabaseLocation {
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(cwd, env.ROSTER_DATA_DIR ?? '.roster'),
  };
}

const POSTGRES_SCHEMES = new Set(['postgres:', 'postgresql:']);

/**
 * Throws CONFIG_INVALID unless `url` is a PostgreSQL URL: pg would otherwise take `mysql://…` or a
 * bare host name for PostgreSQL and fail later with a misleading connection error, or reach another
 * server. The message never repeats the URL, which holds the password.
 *
 * @example
 * checkDatabaseUrl('postgres://roster:secret@db:5432/roster'); // fine
 * checkDatabaseUrl('mysql://roster@db/roster'); // throws: Invalid DATABASE_URL: … got "mysql://…"
 */
export function checkDatabaseUrl(url: string): void {
  const hint =
    'Set DATABASE_URL to a PostgreSQL URL (postgres://user:password@host:5432/database), or unset it to use the embedded database';
  let scheme: string;
  try {
    scheme = new URL(url).protocol;
  } catch {
    throw new RosterError(
      'CONFIG_INVALID',
      'Invalid DATABASE_URL: must be a URL starting with postgres:// or postgresql://, got something that is not a URL',
      { hint },
    );
  }
  if (!POSTGRES_SCHEMES.has(scheme.toLowerCase())) {
    throw new RosterError(
      'CONFIG_INVALID',
      `Invalid DATABASE_URL: must start with postgres:// or postgresql://, got "${scheme}…"`,
      { hint },
    );
  }
  checkSslMode(url);
}

export async function openDatabase(location: DatabaseLocation): Promise<RosterDatabase> {
  if (location.databaseUrl) {
    checkDatabaseUrl(location.databaseUrl);
    return openPostgres({
      url: location.databaseUrl,
      ...(location.applicationName && { applicationName: location.applicationName }),
    });
  }
  const dataDir = location.dataDir ?? path.resolve('.roster');
  return openEmbedded({ dataDir: dataDir.startsWith('memory://') ? dataDir : path.join(dataDir, 'pgdata') });
}
