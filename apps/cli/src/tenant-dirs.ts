import { stat } from 'node:fs/promises';
import path from 'node:path';
import { findTenantDirs } from '@roster/config';
import { RosterError } from '@roster/engine';
import type { CliContext } from './cli-context.ts';

async function isDirectory(candidate: string): Promise<boolean> {
  try {
    return (await stat(candidate)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The tenant folders a command works on: each argument is a tenant id (a folder of the tenants
 * directory) or a path to a tenant folder; no argument means every tenant.
 */
export async function resolveTenantDirs(context: CliContext, names: readonly string[]): Promise<string[]> {
  if (!(await isDirectory(context.tenantsDir)) && names.every((name) => !name.includes('/'))) {
    throw new RosterError('TENANT_NOT_FOUND', `The tenants folder ${context.tenantsDir} does not exist`, {
      hint: 'Run from the repository root, or pass --tenants DIR (or set ROSTER_TENANTS_DIR)',
    });
  }
  if (names.length === 0) return findTenantDirs(context.tenantsDir);
  const dirs: string[] = [];
  for (const name of names) {
    const candidate =
      name.includes('/') || name.startsWith('.')
        ? path.resolve(context.userCwd, name)
        : path.join(context.tenantsDir, name);
    if (!(await isDirectory(candidate))) {
      const known = (await isDirectory(context.tenantsDir))
        ? (await findTenantDirs(context.tenantsDir)).map((dir) => path.basename(dir))
        : [];
      throw new RosterError('TENANT_NOT_FOUND', `Unknown tenant "${name}": no folder ${candidate}`, {
        hint:
          known.length > 0
            ? `Known tenants: ${known.join(', ')}`
            : 'Create the tenant folder first (roster init)',
      });
    }
    // `roster run acme acme` (or `acme tenants/acme`) is one tenant: running it twice would take a
    // second lock and apply the same file again.
    if (!dirs.includes(candidate)) dirs.push(candidate);
  }
  return dirs;
}
