/** The example tenants in tenants/ are what newcomers copy: they must be valid without a warning. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from 'vitest';
import { findTenantDirs, loadTenant } from '../src/index.ts';

const tenantsDir = path.resolve(import.meta.dirname, '../../../tenants');

it('every example tenant is valid and clean', async () => {
  const dirs = await findTenantDirs(tenantsDir);
  expect(dirs.length).toBeGreaterThanOrEqual(2);
  for (const dir of dirs) {
    const result = await loadTenant(dir);
    expect(result.diagnostics, path.basename(dir)).toEqual([]);
    expect(result.valid).toBe(true);
  }
});

it('the schema files the examples point editors at exist', async () => {
  const text = await readFile(path.join(tenantsDir, 'acme/tenant.yaml'), 'utf8');
  const schemaPath = /\$schema=(\S+)/.exec(text)?.[1] ?? '';
  const schema = JSON.parse(await readFile(path.join(tenantsDir, 'acme', schemaPath), 'utf8'));
  expect(schema.title).toBe('TenantConfig');
});
