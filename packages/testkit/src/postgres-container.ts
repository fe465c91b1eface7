import type { Readable } from 'node:stream';
import type { PostgresServer, StartPostgresOptions } from './postgres-types.ts';
import { checkDatabaseName, uniqueDatabaseName, withDatabase } from './psql.ts';
import { TestkitError } from './testkit-error.ts';

const IMAGE = 'postgres:15';

/**
 * PostgreSQL 15 as a container, for machines where a container runtime answers. Same settings as
 * native mode; databases are created with the container's own psql, so the host needs no client.
 * Not exercised on machines without a runtime.
 */
export async function startPostgresContainer(options: StartPostgresOptions = {}): Promise<PostgresServer> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const settings = { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', ...options.settings };
  const command = [
    'postgres',
    ...Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
  ];
  const container = await new GenericContainer(IMAGE)
    .withEnvironment({ POSTGRES_HOST_AUTH_METHOD: 'trust' })
    .withCommand(command)
    .withExposedPorts(5432)
    // The image's entrypoint starts a temporary server for its init scripts first: wait for the second.
    .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
    .withStartupTimeout(options.startTimeoutMs ?? 120_000)
    .start();
  let log = '';
  const stream: Readable = await container.logs();
  stream.on('data', (chunk: Buffer | string) => {
    log += chunk.toString();
  });
  const host = container.getHost();
  const port = container.getMappedPort(5432);
  const url = `postgres://postgres@${host}:${port}/postgres`;
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= container.stop({ timeout: 0 }).then(() => undefined);
    return stopping;
  };
  return {
    mode: 'container',
    url,
    host,
    port,
    async createDatabase(name) {
      const database = checkDatabaseName(name ?? uniqueDatabaseName());
      const result = await container.exec([
        'psql',
        '-U',
        'postgres',
        '-v',
        'ON_ERROR_STOP=1',
        '-c',
        `CREATE DATABASE "${database}"`,
      ]);
      if (result.exitCode !== 0) {
        throw new TestkitError('COMMAND_FAILED', `Could not create database ${database}: ${result.output}`);
      }
      return withDatabase(url, database);
    },
    logs: () => log,
    stop,
    kill: async () => {
      await container.stop({ timeout: 0, remove: false });
    },
    [Symbol.asyncDispose]: stop,
  };
}
