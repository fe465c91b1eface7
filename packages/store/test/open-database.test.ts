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

  it('sslmode=prefer connects in plain text to a server without SSL, as libpq does', async () => {
    const url = new URL(postgres.url);
    url.searchParams.set('sslmode', 'prefer');
    expect(await sslOf(url.href)).toBe(false);
  });

  it('a refused connection stays transient', async () => {
    const url = new URL(postgres.url);
    url.port = '1';
    const error = await failureOf(url.href);
    expect(error.code).toBe('DATABASE_FAILED');
    expect(error.transient).toBe(true);
  });
});

/** Whether the connection `databaseUrl` opens is encrypted (the server's own view of it). */
async function sslOf(databaseUrl: string): Promise<boolean> {
  const database = await openDatabase({ databaseUrl });
  try {
    const { rows } = await database.executeSql('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
    return (rows[0] as { ssl: boolean }).ssl;
  } finally {
    await database.close();
  }
}

// Managed services hand out `?sslmode=require` URLs for servers whose certificate Node's CAs do not
// sign. libpq (psql) encrypts without checking it; node-postgres 8 checked it as verify-full, failed
// with "self-signed certificate", and printed a SECURITY WARNING on every start.
describe('DATABASE_URL sslmode, as libpq reads it, against a server with a self-signed certificate', () => {
  let secured: PostgresServer;
  const warnings: string[] = [];
  const onWarning = (warning: Error) => warnings.push(warning.message);
  beforeAll(async () => {
    secured = await startPostgres({ ssl: true });
    process.on('warning', onWarning);
  });
  afterAll(async () => {
    process.off('warning', onWarning);
    await secured?.stop();
  });
  const urlWith = (params: Record<string, string>, host = '127.0.0.1') => {
    const url = new URL(secured.url);
    url.hostname = host;
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    return url.href;
  };

  it.each(['require', 'prefer', 'allow', 'no-verify'])(
    'sslmode=%s encrypts without checking the certificate, and prints no warning',
    async (sslmode) => {
      expect(await sslOf(urlWith({ sslmode }))).toBe(true);
      expect(warnings).toEqual([]);
    },
  );

  it('sslmode=verify-full refuses the unknown certificate, with a hint to name its CA; with sslrootcert it connects', async () => {
    const error = await failureOf(urlWith({ sslmode: 'verify-full' }));
    expect(error.code).toBe('DATABASE_FAILED');
    expect(error.message).toContain('self-signed certificate');
    expect(error.transient).toBe(false);
    expect(error.hint).toContain('sslrootcert=');
    const certificate = secured.sslCertificate as string;
    expect(await sslOf(urlWith({ sslmode: 'verify-full', sslrootcert: certificate }, 'localhost'))).toBe(
      true,
    );
    expect(await sslOf(urlWith({ sslmode: 'verify-ca', sslrootcert: certificate }))).toBe(true);
  });

  it('sslmode given twice, or in capitals, is a config error: clients would read it otherwise', async () => {
    const twice = await failureOf(`${urlWith({ sslmode: 'allow' })}&sslmode=verify-full`);
    expect(twice.code).toBe('CONFIG_INVALID');
    expect(twice.message).toContain('sslmode is given more than once');
    const capitals = await failureOf(urlWith({ SSLMODE: 'require' }));
    expect(capitals.code).toBe('CONFIG_INVALID');
    expect(capitals.message).toContain('SSLMODE is not a parameter PostgreSQL clients know');
  });

  it('sslmode=verify-ca without sslrootcert is a config error before anything connects', async () => {
    const error = await failureOf(urlWith({ sslmode: 'verify-ca' }));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.hint).toContain('sslrootcert=');
  });
});
