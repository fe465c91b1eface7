/**
 * Opening a PostgreSQL server from DATABASE_URL: a URL that is no PostgreSQL URL is a config error
 * before anything connects, and a database or user the URL gets wrong is a failure no retry can fix,
 * against a real server.
 */
import { RosterError } from '@roster/engine';
import { type PostgresServer, startPostgres } from '@roster/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toDatabaseError } from '../src/database-errors.ts';
import { openDatabase } from '../src/index.ts';

let postgres: PostgresServer;
beforeAll(async () => {
  postgres = await startPostgres();
});
afterAll(async () => {
  await postgres?.stop();
});

async function failureOf(databaseUrl: string): Promise<RosterError> {
  const error = await openDatabase({ databaseUrl }).then(
    async (database) => {
      await database.close();
      return undefined;
    },
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(RosterError);
  return error as RosterError;
}

describe('openDatabase with DATABASE_URL', () => {
  it.each([
    ['mysql://roster:s3cret-pw@127.0.0.1:3306/roster', '"mysql:…"'],
    ['sqlite:///var/lib/roster.db', '"sqlite:…"'],
    ['roster:s3cret-pw@127.0.0.1/roster', '"roster:…"'],
    ['s3cret-pw at the database host', 'is not a URL'],
  ])('refuses %s as CONFIG_INVALID without printing the password', async (url, got) => {
    const error = await failureOf(url);
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.transient).toBe(false);
    expect(error.message).toContain('Invalid DATABASE_URL: must');
    expect(error.message).toContain(got);
    expect(error.hint).toContain('postgres://');
    expect(error.message).not.toContain('s3cret-pw');
  });

  it('accepts postgresql:// as well as postgres://', async () => {
    const database = await openDatabase({ databaseUrl: postgres.url.replace(/^postgres:/, 'postgresql:') });
    await database.close();
  });

  it('a database that does not exist is no transient failure, and the hint names DATABASE_URL', async () => {
    const url = new URL(postgres.url);
    url.pathname = '/no_such_database';
    const error = await failureOf(url.href);
    expect(error.code).toBe('DATABASE_FAILED');
    expect(error.message).toContain('3D000');
    expect(error.transient).toBe(false);
    expect(error.hint).toContain('DATABASE_URL');
  });

  it('a user the server does not know is no transient failure, and the hint names DATABASE_URL', async () => {
    const url = new URL(postgres.url);
    url.username = 'no_such_role';
    const error = await failureOf(url.href);
    expect(error.code).toBe('DATABASE_FAILED');
    expect(error.message).toContain('28000');
    expect(error.transient).toBe(false);
    expect(error.hint).toContain('DATABASE_URL');
  });

  it('a wrong password (28P01) is classified the same way', () => {
    // The test kit's server trusts every local connection, so it never asks for a password: this is
    // pg's error as it reports SQLSTATE 28P01, classified by the same function as the cases above.
    const pgError = Object.assign(new Error('password authentication failed for user "roster"'), {
      code: '28P01',
    });
    const error = toDatabaseError(pgError, 'connecting to db:5432');
    expect(error.transient).toBe(false);
    expect(error.hint).toContain('password in DATABASE_URL');
  });

  it('sslmode=require against a server without SSL says so, and an unknown sslmode is refused up front', async () => {
    // The test kit's server has no SSL, as many in-cluster servers do.
    const url = new URL(postgres.url);
    url.searchParams.set('sslmode', 'require');
    const error = await failureOf(url.href);
    expect(error.transient).toBe(false);
    expect(error.hint).toContain('DATABASE_URL asks for SSL');
    url.searchParams.set('sslmode', 'nonsense');
    const refused = await failureOf(url.href);
    expect(refused.code).toBe('CONFIG_INVALID');
    expect(refused.message).toContain('sslmode="nonsense" is not one of disable, allow, prefer, require');
  });

  it('a refused connection stays transient', async () => {
    const url = new URL(postgres.url);
    url.port = '1';
    const error = await failureOf(url.href);
    expect(error.code).toBe('DATABASE_FAILED');
    expect(error.transient).toBe(true);
  });
});
