import path from 'node:path';
import type { RosterDatabase } from './database.ts';
import { openPostgres } from './pg-database.ts';
import { openEmbedded } from './pglite-database.ts';

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

export async function openDatabase(location: DatabaseLocation): Promise<RosterDatabase> {
  if (location.databaseUrl) {
    return openPostgres({
      url: location.databaseUrl,
      ...(location.applicationName && { applicationName: location.applicationName }),
    });
  }
  const dataDir = location.dataDir ?? path.resolve('.roster');
  return openEmbedded({ dataDir: dataDir.startsWith('memory://') ? dataDir : path.join(dataDir, 'pgdata') });
}
