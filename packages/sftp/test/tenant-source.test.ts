import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadTenant } from '@roster/config';
import { type SftpServer, secondsAgo, startSftpServer } from '@roster/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTenantSource } from '../src/index.ts';
import { rosterErrorOf } from './helpers/roster-error.ts';

const MAPPINGS = 'fields:\n  employee_id: Employee ID\n  email: Work Email\n';

/** A tenant folder with `connection` as given (YAML lines), loaded and checked by the real loader. */
async function tenantWith(root: string, id: string, connection: string, file = 'employees_*.csv') {
  const dir = path.join(root, id);
  await mkdir(dir, { recursive: true });
  await writeFile(
    path.join(dir, 'tenant.yaml'),
    [
      `name: ${id}`,
      'connection:',
      connection,
      'file:',
      `  name: "${file}"`,
      '  minAgeSeconds: 60',
      'key: employee_id',
      'schedule:',
      '  daily: "02:00"',
      '  timezone: Europe/Istanbul',
      '',
    ].join('\n'),
  );
  await writeFile(path.join(dir, 'mappings.yaml'), MAPPINGS);
  const loaded = await loadTenant(dir);
  if (loaded.tenant === undefined) {
    throw new Error(`the test's tenant.yaml is invalid: ${JSON.stringify(loaded.diagnostics)}`);
  }
  return { dir: loaded.dir, tenant: loaded.tenant };
}

describe('openTenantSource', () => {
  let server: SftpServer;
  let root: string;
  let keyFile: string;
  let encryptedKeyFile: string;
  const sftp = (lines: string[]) =>
    [
      '  type: sftp',
      `  host: ${server.host}`,
      `  port: ${server.port}`,
      `  hostKey: "${server.hostKeyFingerprint}"`,
      '  retries: 0',
      ...lines.map((line) => `  ${line}`),
    ].join('\n');

  beforeAll(async () => {
    server = await startSftpServer({ encryptedKey: true });
    root = await mkdtemp(path.join(tmpdir(), 'roster-tenants-'));
    await mkdir(path.join(root, 'secrets'));
    keyFile = path.join(root, 'secrets', 'key');
    await writeFile(keyFile, server.users.key.privateKey, { mode: 0o600 });
    encryptedKeyFile = path.join(root, 'secrets', 'encrypted-key');
    await writeFile(encryptedKeyFile, server.users.key.encryptedKey?.privateKey ?? '', { mode: 0o600 });
    for (const user of [server.users.password, server.users.key]) {
      await user.writeFile('employees_1.csv', 'Employee ID,Work Email\n1,a@example.com\n', {
        mtime: secondsAgo(600),
      });
    }
  });
  afterAll(async () => {
    await server?.stop();
    if (root !== undefined) await rm(root, { recursive: true, force: true });
  });

  it('resolves a ${env:NAME} password from the environment given', async () => {
    const tenant = await tenantWith(
      root,
      'env-password',
      sftp([
        `username: ${server.users.password.username}`,
        'password: ${env:ROSTER_TEST_TENANT_PASSWORD}',
        'directory: /upload',
      ]),
    );
    await using source = await openTenantSource(tenant, {
      env: { ROSTER_TEST_TENANT_PASSWORD: server.users.password.password },
    });
    expect((await source.pick())?.name).toBe('employees_1.csv');
  });

  it('reads ${env:NAME} from process.env by default', async () => {
    const name = `ROSTER_TEST_PW_${process.pid}`;
    process.env[name] = server.users.password.password;
    try {
      const tenant = await tenantWith(
        root,
        'process-env',
        sftp([
          `username: ${server.users.password.username}`,
          `password: \${env:${name}}`,
          'directory: /upload',
        ]),
      );
      await using source = await openTenantSource(tenant);
      expect((await source.pick())?.name).toBe('employees_1.csv');
    } finally {
      delete process.env[name];
    }
  });

  it('resolves a ${file:/path} private key, and an encrypted one with an ${env:} passphrase', async () => {
    const plain = await tenantWith(
      root,
      'file-key',
      sftp([`username: ${server.users.key.username}`, `privateKey: \${file:${keyFile}}`]),
    );
    await using source = await openTenantSource(plain, { env: {} });
    expect((await source.pick())?.name).toBe('employees_1.csv');

    const encrypted = await tenantWith(
      root,
      'encrypted-key',
      sftp([
        `username: ${server.users.key.username}`,
        `privateKey: \${file:${encryptedKeyFile}}`,
        'passphrase: ${env:ROSTER_TEST_KEY_PASSPHRASE}',
      ]),
    );
    await using second = await openTenantSource(encrypted, {
      env: { ROSTER_TEST_KEY_PASSPHRASE: server.users.key.encryptedKey?.passphrase ?? '' },
    });
    expect((await second.pick())?.name).toBe('employees_1.csv');
  });

  it('fails with SECRET_UNRESOLVED naming an unset variable, never a secret value', async () => {
    const tenant = await tenantWith(
      root,
      'unset-env',
      sftp([
        `username: ${server.users.key.username}`,
        `privateKey: \${file:${encryptedKeyFile}}`,
        'passphrase: ${env:ROSTER_TEST_UNSET_PASSPHRASE}',
      ]),
    );
    const error = await rosterErrorOf(openTenantSource(tenant, { env: { OTHER: 'x' } }));
    expect(error.code).toBe('SECRET_UNRESOLVED');
    expect(error.transient).toBe(false);
    expect(error.message).toContain('ROSTER_TEST_UNSET_PASSPHRASE');
    const privateKey = server.users.key.encryptedKey?.privateKey ?? '';
    expect(error.message).not.toContain(privateKey.split('\n')[1]);
    expect(error.message).not.toContain('PRIVATE KEY');
    expect(JSON.stringify(error)).not.toContain('PRIVATE KEY');
  });

  it('fails with SECRET_UNRESOLVED naming a missing secret file', async () => {
    const missing = path.join(root, 'no-such-key');
    const tenant = await tenantWith(
      root,
      'missing-file',
      sftp([`username: ${server.users.key.username}`, `privateKey: \${file:${missing}}`]),
    );
    const error = await rosterErrorOf(openTenantSource(tenant, { env: {} }));
    expect(error.code).toBe('SECRET_UNRESOLVED');
    expect(error.message).toContain(missing);
  });

  it('opens a local folder relative to the tenant folder', async () => {
    const tenant = await tenantWith(root, 'local-demo', '  type: local\n  directory: drop');
    const file = path.join(tenant.dir, 'drop', 'employees_7.csv');
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, 'Employee ID,Work Email\n');
    await utimes(file, secondsAgo(600), secondsAgo(600));
    await using source = await openTenantSource(tenant);
    expect(await source.pick()).toMatchObject({ name: 'employees_7.csv', path: file });
  });
});
