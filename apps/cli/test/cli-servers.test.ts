/**
 * The commands that reach servers, run as a user would (a separate process, the real binary) against
 * a real OpenSSH server and a real PostgreSQL: what they print and the contract's exit codes.
 */
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '@roster/store';
import {
  findFreePort,
  type PostgresServer,
  type SftpServer,
  secondsAgo,
  startPostgres,
  startSftpServer,
} from '@roster/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roster } from './support/cli.ts';
import { csvOf, TEAM } from './support/people.ts';

let sftp: SftpServer;
let postgres: PostgresServer;
let tenants: string;
let databaseUrl: string;

const MAPPINGS = `# yaml-language-server: $schema=x
fields:
  employee_id: Employee ID
  email: Work Email
  first_name: First Name
  last_name: Last Name
  job_title: Job Title
  hire_date: { from: Hire Date, format: MM/dd/yyyy }
  status: { from: Status, map: { Active: active, Terminated: inactive } }
`;

async function writeTenant(id: string, hostKey: string): Promise<void> {
  const dir = path.join(tenants, id);
  await mkdir(dir, { recursive: true });
  await writeFile(
    path.join(dir, 'tenant.yaml'),
    `# yaml-language-server: $schema=x
name: ${id}
connection:
  type: sftp
  host: ${sftp.host}
  port: ${sftp.port}
  username: ${sftp.users.password.username}
  password: \${env:CLI_TEST_SFTP_PASSWORD}
  hostKey: "${hostKey}"
  directory: /upload/${id}
  retries: 1
file:
  name: "employees_*.csv"
  minAgeSeconds: 0
key: employee_id
schedule: { daily: "02:00", timezone: UTC }
lifecycle: { maxDeactivations: 20% }
`,
  );
  await writeFile(path.join(dir, 'mappings.yaml'), MAPPINGS);
  await sftp.users.password.makeDir(id);
}

beforeAll(async () => {
  [sftp, postgres] = await Promise.all([startSftpServer(), startPostgres()]);
  databaseUrl = await postgres.createDatabase();
  tenants = await mkdtemp(path.join(tmpdir(), 'roster-cli-'));
  await writeTenant('pinned', sftp.hostKeyFingerprint);
  await writeTenant('wrong-key', 'SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU');
  await sftp.users.password.writeFile('pinned/employees_001.csv', csvOf(TEAM), { mtime: secondsAgo(600) });
});
afterAll(async () => {
  await Promise.all([sftp?.stop(), postgres?.stop()]);
});

const env = () => ({ CLI_TEST_SFTP_PASSWORD: sftp.users.password.password, DATABASE_URL: databaseUrl });

describe('roster test-connection', () => {
  it('connects, verifies the host key, lists the folder and names the file a run would take', async () => {
    const result = await roster(['test-connection', 'pinned', '--tenants', tenants], { env: env() });
    expect(result.stdout).toContain('(host key verified)');
    // The port and the folder are told apart.
    expect(result.stdout).toMatch(/@127\.0\.0\.1:\d+, folder /);
    expect(result.stdout).toContain('employees_001.csv');
    expect(result.stdout).toContain('a run would take: employees_001.csv');
    expect(result.code).toBe(0);
  });

  it('prints the host key, without credentials, and says when it is the one pinned', async () => {
    const result = await roster(['test-connection', 'pinned', '--tenants', tenants, '--print-host-key'], {
      env: {},
    });
    expect(result.stdout).toBe(`${sftp.hostKeyFingerprint}\nThis key is pinned in tenant.yaml.\n`);
    expect(result.code).toBe(0);
  });

  it('says when tenant.yaml pins another key: both fingerprints, the refusal a run gets, and to confirm first; exit 3', async () => {
    const pinned = 'SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU';
    const result = await roster(['test-connection', 'wrong-key', '--tenants', tenants, '--print-host-key'], {
      env: {},
    });
    expect(result.stdout.split('\n')[0]).toBe(sftp.hostKeyFingerprint);
    expect(result.stdout).not.toContain('NOT pinned');
    expect(result.stdout).toContain(
      `tenant.yaml pins another key: connection.hostKey is ${pinned}, but ${sftp.host}:${sftp.port} presents ${sftp.hostKeyFingerprint}.`,
    );
    expect(result.stdout).toContain('A run will be refused with HOST_KEY_MISMATCH');
    expect(result.stdout).toContain('man-in-the-middle');
    expect(result.stdout).toContain(
      'confirm the new key with the customer out of band before changing the pin',
    );
    expect(result.code).toBe(3);

    const json = await roster(
      ['test-connection', 'wrong-key', '--tenants', tenants, '--print-host-key', '--json'],
      {
        env: {},
      },
    );
    expect(JSON.parse(json.stdout)).toEqual({
      tenant: 'wrong-key',
      host: sftp.host,
      port: sftp.port,
      fingerprint: sftp.hostKeyFingerprint,
      pinned: false,
      pinnedKeys: [pinned],
      error: { code: 'HOST_KEY_MISMATCH' },
    });
    expect(json.code).toBe(3);
  });

  it('prints the host key of a tenant being onboarded: no hostKey, no credentials, mappings not written yet', async () => {
    const dir = path.join(tenants, 'onboarding');
    await mkdir(dir, { recursive: true });
    await writeFile(
      path.join(dir, 'tenant.yaml'),
      `# yaml-language-server: $schema=x
name: Onboarding
connection:
  type: sftp
  host: ${sftp.host}
  port: ${sftp.port}
  username: someone
  directory: /upload
file: { name: "employees_*.csv" }
key: employee_id
schedule: { daily: "02:00", timezone: UTC }
`,
    );
    await writeFile(path.join(dir, 'mappings.yaml'), '# yaml-language-server: $schema=x\nfields:\n');
    try {
      const text = await roster(['test-connection', 'onboarding', '--tenants', tenants, '--print-host-key'], {
        env: {},
      });
      expect(text.stderr).toBe('');
      expect(text.stdout.split('\n')[0]).toBe(sftp.hostKeyFingerprint);
      expect(text.stdout).toContain('NOT pinned');
      expect(text.code).toBe(0);
      const json = await roster(
        ['test-connection', 'onboarding', '--tenants', tenants, '--print-host-key', '--json'],
        { env: {} },
      );
      expect(JSON.parse(json.stdout)).toEqual({
        tenant: 'onboarding',
        host: sftp.host,
        port: sftp.port,
        fingerprint: sftp.hostKeyFingerprint,
        pinned: false,
      });
      // Without the flag the tenant is still invalid, and the error says how to get the key.
      const plain = await roster(['test-connection', 'onboarding', '--tenants', tenants], { env: {} });
      expect(plain.code).toBe(1);
      expect(plain.stderr).toContain('MISSING_HOST_KEY');
      expect(plain.stderr).toContain('--print-host-key');

      // A typo in the connection could point the probe at another server: it stops --print-host-key.
      const file = path.join(dir, 'tenant.yaml');
      await writeFile(file, (await readFile(file, 'utf8')).replace('  port:', '  prot:'));
      const typo = await roster(['test-connection', 'onboarding', '--tenants', tenants, '--print-host-key'], {
        env: {},
      });
      expect(typo.code).toBe(1);
      expect(typo.stderr).toContain('CONFIG_INVALID');
      expect(typo.stderr).toMatch(/tenant\.yaml:\d+:\d+ UNKNOWN_KEY Unknown key `prot`/);
      expect(typo.stdout).toBe('');
    } finally {
      await rm(dir, { recursive: true });
    }
  });

  it('refuses a server whose host key is not pinned, showing the key it presented: exit 3', async () => {
    const result = await roster(['test-connection', 'wrong-key', '--tenants', tenants], { env: env() });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('HOST_KEY_MISMATCH');
    expect(result.stderr).toContain(sftp.hostKeyFingerprint);
  });

  it('a wrong password is a clear failure with exit 3, and the password is never printed', async () => {
    const result = await roster(['test-connection', 'pinned', '--tenants', tenants], {
      env: { ...env(), CLI_TEST_SFTP_PASSWORD: 'not-the-password-42' },
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('AUTH_FAILED');
    expect(result.stderr + result.stdout).not.toContain('not-the-password-42');
  });

  it('an unset secret names the variable: exit 1', async () => {
    const result = await roster(['test-connection', 'pinned', '--tenants', tenants], {
      env: { DATABASE_URL: databaseUrl, CLI_TEST_SFTP_PASSWORD: '' },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('SECRET_UNRESOLVED');
    expect(result.stderr).toContain('CLI_TEST_SFTP_PASSWORD');
  });
});

describe('roster run, plan and history against PostgreSQL', () => {
  it('plan shows what would change and changes nothing', async () => {
    const result = await roster(['plan', 'pinned', '--tenants', tenants, '--json'], { env: env() });
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output).toMatchObject({
      tenant: 'pinned',
      status: 'succeeded',
      counts: { rows: 10, created: 10 },
    });
    expect(output.examples.created[0]).toMatchObject({ line: 2, key: '00101' });
    const history = JSON.parse(
      (await roster(['history', 'pinned', '--tenants', tenants, '--json'], { env: env() })).stdout,
    );
    expect(history.runs).toEqual([]);
  });

  it('run applies the file and prints the contract JSON; the same file again is skipped', async () => {
    const first = await roster(['run', 'pinned', '--tenants', tenants, '--json'], { env: env() });
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({
      tenant: 'pinned',
      status: 'succeeded',
      counts: {
        rows: 10,
        valid: 10,
        rejected: 0,
        created: 10,
        updated: 0,
        unchanged: 0,
        reactivated: 0,
        deactivated: 0,
      },
      rejections: [],
    });
    const again = await roster(['run', 'pinned', '--tenants', tenants, '--json'], { env: env() });
    expect(JSON.parse(again.stdout).status).toBe('skipped');
    expect(again.code).toBe(0);
  });

  it('plan says a run would skip the file already applied; plan --force shows what forcing would do', async () => {
    const plan = await roster(['plan', 'pinned', '--tenants', tenants, '--json'], { env: env() });
    expect(plan.code).toBe(0);
    expect(JSON.parse(plan.stdout)).toMatchObject({ status: 'skipped' });
    // Its listing is the applied file's (name, size, modification time): no download needed to tell.
    expect(JSON.parse(plan.stdout).message).toContain('unchanged since run');
    const forced = await roster(['plan', 'pinned', '--tenants', tenants, '--json', '--force'], {
      env: env(),
    });
    expect(JSON.parse(forced.stdout)).toMatchObject({ status: 'succeeded', counts: { unchanged: 10 } });
    const wrong = await roster(['plan', 'pinned', '--tenants', tenants, '--examples', 'x'], { env: env() });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--examples');
  });

  it('a --file that does not exist or is a folder is named as such, not reported as a bug', async () => {
    for (const given of ['/nonexistent/employees.csv', tenants]) {
      const result = await roster(['run', 'pinned', '--tenants', tenants, '--json', '--file', given], {
        env: env(),
      });
      expect(result.code).toBe(1);
      const output = JSON.parse(result.stdout) as { error: { code: string; message: string } };
      expect(output.error.code).toBe('FILE_NOT_FOUND');
      expect(output.error.message).toContain(given);
      expect(output.error.message).not.toContain('bug');
    }
  });

  it('a refused run exits 1 and says why; history shows it', async () => {
    await sftp.users.password.writeFile('pinned/employees_002.csv', csvOf(TEAM.slice(0, 5)), {
      mtime: secondsAgo(300),
    });
    const result = await roster(['run', 'pinned', '--tenants', tenants], { env: env() });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('refused (TOO_MANY_DEACTIVATIONS)');
    const history = await roster(['history', 'pinned', '--tenants', tenants], { env: env() });
    expect(history.stdout).toMatch(/refused\s+employees_002\.csv/);
    expect(history.stdout).toContain('started (UTC)');
  });

  it('run --queue hands the sync to the scheduler replicas instead of running it', async () => {
    const result = await roster(['run', 'pinned', '--tenants', tenants, '--queue', '--json'], { env: env() });
    expect(result.code).toBe(0);
    const [queued] = JSON.parse(result.stdout) as Array<{ tenant: string; jobId: string }>;
    expect(queued?.tenant).toBe('pinned');
    const database = await openDatabase({ databaseUrl });
    try {
      const { rows } = await database.executeSql(
        `SELECT singleton_key, data->>'trigger' AS trigger, state FROM pgboss.job WHERE id = $1`,
        [queued?.jobId],
      );
      expect(rows).toEqual([{ singleton_key: 'pinned', trigger: 'manual', state: 'created' }]);
    } finally {
      await database.close();
    }
    // That sync still waits (no replica here): a --force cannot join it, and is not passed off as queued.
    const forced = await roster(['run', 'pinned', '--tenants', tenants, '--queue', '--force'], {
      env: env(),
    });
    expect(forced.code).toBe(1);
    expect(forced.stdout).toContain('pinned: not queued: a sync of it is already waiting');
    expect(forced.stdout).toContain('without --force');
    const without = await roster(['run', 'pinned', '--tenants', tenants, '--queue'], {
      env: { ...env(), DATABASE_URL: '' },
    });
    expect(without.code).toBe(2);
    expect(without.stderr).toContain('--queue needs DATABASE_URL');
  });

  it('run of a tenant whose host key is not pinned fails with HOST_KEY_MISMATCH and exit 3, recorded in history', async () => {
    const result = await roster(['run', 'wrong-key', '--tenants', tenants, '--json'], { env: env() });
    expect(result.code).toBe(3);
    const output = JSON.parse(result.stdout) as { status: string; error?: { code: string } };
    expect(output.status).toBe('failed');
    expect(output.error?.code).toBe('HOST_KEY_MISMATCH');
    const history = await roster(['history', 'wrong-key', '--tenants', tenants, '--json'], { env: env() });
    const { runs } = JSON.parse(history.stdout) as { runs: Array<{ status: string; error?: string }> };
    expect(runs[0]?.status).toBe('failed');
    expect(runs[0]?.error).toContain('HOST_KEY_MISMATCH');
  });

  it('an unreachable database fails the run with exit 3, and the process exits', async () => {
    // An SSH connection left open would keep the process alive: this test would time out instead.
    const result = await roster(['run', 'pinned', '--tenants', tenants, '--json'], {
      env: { ...env(), DATABASE_URL: `postgres://postgres@127.0.0.1:${await findFreePort()}/none` },
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('DATABASE_FAILED');
  });

  it('run --all isolates tenants: one failing does not stop the others, and the exit code reports it', async () => {
    const result = await roster(['run', '--all', '--tenants', tenants, '--json', '--approve'], {
      env: env(),
    });
    const output = JSON.parse(result.stdout) as Array<{
      tenant: string;
      status: string;
      error?: { code: string };
    }>;
    expect(output.map((r) => [r.tenant, r.status])).toEqual([
      ['pinned', 'succeeded'],
      ['wrong-key', 'failed'],
    ]);
    expect(output[1]?.error?.code).toBe('HOST_KEY_MISMATCH');
    expect(result.code).toBe(3); // a connection failure
  });

  it('run exits 3 when a tenant failed in a way a retry may fix (a refused connection)', async () => {
    await writeTenant('closed-port', sftp.hostKeyFingerprint);
    const file = path.join(tenants, 'closed-port/tenant.yaml');
    const closedPort = await findFreePort();
    await writeFile(
      file,
      (await readFile(file, 'utf8')).replace(`port: ${sftp.port}`, `port: ${closedPort}`),
    );
    try {
      const result = await roster(['run', 'closed-port', '--tenants', tenants, '--json'], {
        env: env(),
      });
      const output = JSON.parse(result.stdout) as { status: string; error?: { code: string } };
      expect(output).toMatchObject({ status: 'failed', error: { code: 'CONNECTION_FAILED' } });
      expect(result.code).toBe(3);
    } finally {
      await rm(path.join(tenants, 'closed-port'), { recursive: true });
    }
  });
});

describe('roster run against files the SFTP user may not read', () => {
  it('an unreadable newest file fails with PERMISSION_DENIED (exit 3, a server failure), not as a retryable transfer', async () => {
    await writeTenant('locked', sftp.hostKeyFingerprint);
    const file = await sftp.users.password.writeFile('locked/employees_001.csv', csvOf(TEAM), {
      mtime: secondsAgo(600),
    });
    await chmod(file, 0o000);
    try {
      const result = await roster(['run', 'locked', '--tenants', tenants, '--json'], { env: env() });
      expect(JSON.parse(result.stdout)).toMatchObject({
        status: 'failed',
        error: { code: 'PERMISSION_DENIED', transient: false },
      });
      expect(result.code).toBe(3);
    } finally {
      await rm(path.join(tenants, 'locked'), { recursive: true });
    }
  });
});

describe('DATABASE_URL', () => {
  it.each([
    [
      'names a database that does not exist',
      () => databaseUrl.replace(/\/[^/]+$/, '/no_such_database'),
      'DATABASE_FAILED',
      3, // the server's answer
    ],
    ['is not a PostgreSQL URL', () => 'mysql://roster:db-pw-42@127.0.0.1:3306/roster', 'CONFIG_INVALID', 1],
  ])('that %s: a hint naming DATABASE_URL, never its password', async (_, url, code, exit) => {
    const result = await roster(['migrate'], { env: { DATABASE_URL: url() } });
    expect(result.stderr).toContain(`roster migrate: ${code}:`);
    expect(result.stderr).toMatch(/DATABASE_URL/);
    expect(result.stderr).not.toContain('db-pw-42');
    expect(result.code).toBe(exit);
  });

  it('that is not a PostgreSQL URL is refused by run --queue too, before pg-boss tries it', async () => {
    const result = await roster(['run', 'pinned', '--queue', '--tenants', tenants], {
      env: { DATABASE_URL: 'mysql://roster:db-pw-42@127.0.0.1:3306/roster' },
    });
    expect(result.stderr).toContain('CONFIG_INVALID: Invalid DATABASE_URL');
    expect(result.stderr).not.toContain('db-pw-42');
    expect(result.code).toBe(1);
  });
});
