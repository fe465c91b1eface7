/** The example tenants in tenants/ are what newcomers copy: they must be valid without a warning. */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
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

it('a file without the schema comment is told the path to its schema from where it is', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'roster-schema-comment-'));
  try {
    await cp(path.join(tenantsDir, 'acme'), path.join(dir, 'acme'), { recursive: true });
    const tenantFile = path.join(dir, 'acme/tenant.yaml');
    const text = await readFile(tenantFile, 'utf8');
    await writeFile(tenantFile, text.replace(/^#\s*yaml-language-server:.*\n/m, ''));
    const result = await loadTenant(path.join(dir, 'acme'));
    const warning = result.diagnostics.find((d) => d.code === 'SCHEMA_COMMENT_MISSING');
    const schemaPath = /\$schema=(\S+?)`/.exec(warning?.message ?? '')?.[1] ?? '';
    const schema = JSON.parse(await readFile(path.resolve(dir, 'acme', schemaPath), 'utf8'));
    expect(schema.title).toBe('TenantConfig');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

it('validates a JSON sample as runs read JSON: a key no record has is an error only without a default', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'roster-json-sample-'));
  try {
    await cp(path.join(tenantsDir, 'globex'), path.join(dir, 'globex'), { recursive: true });
    const mappingsFile = path.join(dir, 'globex/mappings.yaml');
    const text = await readFile(mappingsFile, 'utf8');
    await writeFile(
      mappingsFile,
      `${text}  badge: { from: custom.badge, default: none }\n  desk: custom.desk\n`,
    );
    // As the CLI reads a JSON sample: the header is the columns asked for that some record has.
    const absent = new Set(['custom.badge', 'custom.desk']);
    const result = await loadTenant(path.join(dir, 'globex'), {
      readSampleHeader: async (_path, _file, columns) => columns.filter((column) => !absent.has(column)),
    });
    const found = result.diagnostics.map((d) => [d.code, d.level, d.line]);
    expect(found).toEqual([
      ['SAMPLE_COLUMN_MISSING', 'warning', 26],
      ['SAMPLE_COLUMN_MISSING', 'error', 27],
    ]);
    expect(result.diagnostics[0]?.message).toBe(
      'No record of sample.json has "custom.badge" (mapped to badge): every person will get the default. Check the key\'s spelling (nested keys are written with dots, e.g. manager.id).',
    );
    expect(result.diagnostics[1]?.message).toContain(
      'No record of sample.json has "custom.desk" (mapped to desk).',
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
