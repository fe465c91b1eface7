/** The tenants a replica schedules at start: a broken one is logged and left out, the others scheduled. */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { inventoryTenants } from '../src/load-tenants.ts';
import { writeTenant } from './support/tenants.ts';

describe('inventoryTenants', () => {
  it('leaves out a tenant whose file name is an unquoted glob (a YAML alias) and schedules the others', async () => {
    const tenantsDir = await mkdtemp(path.join(tmpdir(), 'roster-inventory-'));
    await writeTenant(tenantsDir, 'fine', { cron: '0 2 * * *' });
    await writeTenant(tenantsDir, 'glob', { cron: '0 2 * * *' });
    const file = path.join(tenantsDir, 'glob', 'tenant.yaml');
    await writeFile(
      file,
      (await readFile(file, 'utf8')).replace(
        'file: { name: "people*.csv", minAgeSeconds: 0 }',
        'file:\n  name: *.csv',
      ),
    );
    const lines: Array<Record<string, unknown>> = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });

    const inventory = await inventoryTenants(tenantsDir, logger);

    expect(inventory.schedules.map((schedule) => schedule.tenant)).toEqual(['fine']);
    expect([...inventory.invalid]).toEqual(['glob']);
    expect(lines).toEqual([
      expect.objectContaining({
        tenant: 'glob',
        problems: [expect.objectContaining({ code: 'YAML_ALIAS', line: 5, col: 9 })],
        msg: expect.stringContaining('tenant config is invalid'),
      }),
    ]);
  });
});
