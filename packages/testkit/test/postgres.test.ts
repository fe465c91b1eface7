import { describe, expect, it } from 'vitest';
import { isPortOpen, startPostgres, TestkitError } from '../src/index.ts';
import { exec } from './helpers/openssh-client.ts';

const PSQL = '/usr/lib/postgresql/15/bin/psql';

async function psql(url: string, sql: string): Promise<string> {
  const result = await exec(PSQL, ['-X', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql]);
  if (result.code !== 0) throw new Error(result.stderr);
  return result.stdout.trim();
}

const external = (process.env.ROSTER_TEST_DATABASE_URL ?? '') !== '';

describe('startPostgres', () => {
  it.skipIf(external)('fails with the install command when the binaries are missing', async () => {
    const attempt = startPostgres({ mode: 'native', binDir: '/nonexistent/postgresql/bin' });
    await expect(attempt).rejects.toBeInstanceOf(TestkitError);
    await expect(attempt).rejects.toMatchObject({ code: 'BINARY_MISSING' });
    await expect(attempt).rejects.toThrow('apt-get install -y postgresql-15');
  });

  it.skipIf(external)('runs two servers side by side that answer psql', async () => {
    const [first, second] = await Promise.all([startPostgres(), startPostgres()]);
    try {
      expect(first.port).not.toBe(second.port);
      expect(first.url).toBe(`postgres://postgres@127.0.0.1:${first.port}/postgres`);
      expect(await psql(first.url, 'select 1')).toBe('1');
      expect(await psql(second.url, 'select 1')).toBe('1');
      expect(await psql(first.url, 'show server_version_num')).toMatch(/^15\d{4}$/);
      expect(await psql(first.url, 'show fsync')).toBe('off');
      // Separate clusters: a table made in one is absent from the other.
      await psql(first.url, 'create table only_here (id int)');
      expect(await psql(second.url, "select to_regclass('only_here') is null")).toBe('t');
    } finally {
      await Promise.all([first.stop(), second.stop()]);
    }
  });

  it('creates fresh databases', async () => {
    await using pg = await startPostgres();
    const a = await pg.createDatabase();
    const b = await pg.createDatabase();
    expect(a).not.toBe(b);
    expect(await psql(a, 'select current_database()')).toMatch(/^test_[0-9a-f]{12}$/);
    const named = await pg.createDatabase('roster_named');
    expect(named).toBe(`postgres://postgres@127.0.0.1:${pg.port}/roster_named`);
    expect(await psql(named, 'select current_database()')).toBe('roster_named');
    await expect(pg.createDatabase('Robert"; drop')).rejects.toMatchObject({ code: 'INVALID_OPTION' });
  });

  it.skipIf(external)('kill() stops the server at once; stop() afterwards still cleans up', async () => {
    const pg = await startPostgres();
    expect(await isPortOpen(pg.host, pg.port)).toBe(true);
    await pg.kill();
    expect(await isPortOpen(pg.host, pg.port)).toBe(false);
    await expect(psql(pg.url, 'select 1')).rejects.toThrow();
    await pg.stop();
    await pg.stop();
  });

  it.skipIf(external)('stop() shuts the server down cleanly and keeps its log', async () => {
    const pg = await startPostgres();
    await pg.stop();
    expect(await isPortOpen(pg.host, pg.port)).toBe(false);
    expect(pg.logs()).toMatch(/database system is shut down/);
  });
});
