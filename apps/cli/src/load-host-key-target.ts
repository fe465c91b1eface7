/**
 * What `test-connection --print-host-key` needs from a tenant: the SFTP server's host and port, and
 * nothing else. Onboarding asks for the fingerprint before it can be pinned, so a tenant that is
 * invalid only for want of a host key or credentials (which the probe never sends) must still work;
 * any other problem in tenant.yaml stops it, because the host or port it read could be the wrong
 * one: a `prot: 2222` typo would otherwise probe port 22 and offer another server's key to pin.
 * Problems in mappings.yaml, tests or the sample do not matter here.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { diagnosticLocation, loadTenant, type TenantConfig } from '@roster/config';
import { RosterError } from '@roster/engine';
import { parse } from 'yaml';
import type { CliContext } from './cli-context.ts';
import { rosterCommandLine, tenantArgument } from './output/command-line.ts';

/** Problems that concern what the probe does not use. */
const NOT_NEEDED = new Set([
  'MISSING_HOST_KEY',
  'INVALID_HOST_KEY',
  'MISSING_CREDENTIALS',
  'SECRET_LITERAL',
  'INVALID_SECRET_REF',
]);

export interface HostKeyTarget {
  readonly id: string;
  readonly connection: TenantConfig['connection'];
}

export async function loadHostKeyTarget(context: CliContext, dir: string): Promise<HostKeyTarget> {
  const loaded = await loadTenant(dir, { cwd: context.userCwd });
  const tenantYaml = path.join(loaded.dir, 'tenant.yaml');
  const blocking = loaded.diagnostics.filter(
    (d) =>
      d.level === 'error' && path.resolve(context.userCwd, d.file) === tenantYaml && !NOT_NEEDED.has(d.code),
  );
  if (blocking.length > 0) {
    throw new RosterError(
      'CONFIG_INVALID',
      `Tenant ${loaded.id} has problems in tenant.yaml that --print-host-key cannot look past:\n  ${blocking
        .slice(0, 3)
        .map((d) => `${diagnosticLocation(d)} ${d.code} ${d.message}`)
        .join('\n  ')}`,
      {
        hint: `Fix them (\`${rosterCommandLine(context, ['validate', tenantArgument(context, loaded.dir)])}\` lists every one); the host key itself and the credentials may still be missing`,
      },
    );
  }
  if (loaded.tenant) return { id: loaded.id, connection: loaded.tenant.connection };
  // Invalid only for what the probe does not use: the schema has checked the rest of the file.
  const value = parse(await readFile(tenantYaml, 'utf8')) as Pick<TenantConfig, 'connection'>;
  return { id: loaded.id, connection: value.connection };
}
