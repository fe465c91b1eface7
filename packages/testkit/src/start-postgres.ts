import { chooseMode } from './container-runtime.ts';
import { startPostgresContainer } from './postgres-container.ts';
import { externalPostgres, externalPostgresRequested } from './postgres-external.ts';
import { startNativePostgres } from './postgres-server.ts';
import type { PostgresServer, StartPostgresOptions } from './postgres-types.ts';
import { TestkitError } from './testkit-error.ts';

/**
 * Starts a real PostgreSQL 15 for a test: the server named by `ROSTER_TEST_DATABASE_URL` when set, a
 * postgres:15 container when a container runtime answers, else a native server on a free loopback
 * port with its data in a private temporary folder.
 *
 * @example
 * await using pg = await startPostgres();
 * const url = await pg.createDatabase(); // a fresh, empty database for this test
 */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<PostgresServer> {
  const mode = externalPostgresRequested() ? 'external' : await chooseMode(options.mode);
  if (options.ssl && mode !== 'native') {
    throw new TestkitError(
      'INVALID_OPTION',
      `startPostgres({ ssl: true }) makes its certificate for a native server only, not a ${mode} one: run this test with ROSTER_TESTKIT_MODE=native and without ROSTER_TEST_DATABASE_URL`,
    );
  }
  switch (mode) {
    case 'external':
      return externalPostgres(options);
    case 'native':
      return startNativePostgres(options);
    case 'container':
      return startPostgresContainer(options);
  }
}
