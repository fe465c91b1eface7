/** A tenant's mapping tests are checked against its mappings: what a case expects must be makeable. */
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTenant } from '../src/index.ts';

const base = path.join(import.meta.dirname, 'fixtures/broken/valid-base');
const scratch = await mkdtemp(path.join(tmpdir(), 'roster-mapping-tests-'));
afterAll(() => rm(scratch, { recursive: true, force: true }));

/** The valid base tenant with `tests/cases.yaml` holding `cases`. */
async function tenantWithTests(name: string, cases: string): Promise<string> {
  const dir = path.join(scratch, name);
  await cp(base, dir, { recursive: true });
  await mkdir(path.join(dir, 'tests'), { recursive: true });
  const schema = path.relative(
    path.join(dir, 'tests'),
    path.join(import.meta.dirname, '../schema/mapping-test.schema.json'),
  );
  await writeFile(
    path.join(dir, 'tests', 'cases.yaml'),
    `# yaml-language-server: $schema=${schema}\n${cases}`,
  );
  return dir;
}

describe('mapping tests against the mappings', () => {
  it('names an expected field the profile does not have', async () => {
    const dir = await tenantWithTests(
      'field-typo',
      `cases:
  - name: a misspelt field
    row: { Employee ID: "1", Work Email: a@example.com }
    expect:
      fields: { manger_id: null }
`,
    );
    const found = (await loadTenant(dir, { cwd: scratch })).diagnostics;
    expect(found.map((d) => [d.level, d.code, d.line])).toEqual([['error', 'UNKNOWN_KEY', 6]]);
    expect(found[0]?.message).toContain('Did you mean `manager_id`?');
  });

  it('names an expected attribute no mapping makes, and a row column no mapping reads', async () => {
    const dir = await tenantWithTests(
      'typos',
      `cases:
  - name: a misspelt column
    row: { Employee ID: "1", Work Emial: a@example.com }
    expect:
      fields: { employee_id: "1" }
  - name: a misspelt attribute
    row: { Employee ID: "2", Work Email: b@example.com }
    expect:
      attributes: { cost_centre: CC-100 }
`,
    );
    const result = await loadTenant(dir, { cwd: scratch });
    expect(result.diagnostics.map((d) => [d.level, d.code, d.line, d.message])).toEqual([
      [
        'warning',
        'UNKNOWN_FIELD',
        4,
        'Case "a misspelt column": no mapping reads the column "Work Emial", so the case runs as if it were not there. Did you mean "Work Email"?',
      ],
      [
        'error',
        'UNKNOWN_FIELD',
        10,
        'Case "a misspelt attribute": no mapping makes the attribute `cost_centre`. Did you mean `cost_center`?',
      ],
    ]);
    expect(result.diagnostics.every((d) => d.file.endsWith(path.join('tests', 'cases.yaml')))).toBe(true);
  });

  it('accepts cases that only use what the mappings make and read', async () => {
    const dir = await tenantWithTests(
      'fine',
      `cases:
  - name: an active person
    row: { Employee ID: "00042", Work Email: Ana@Example.com, Status: Active, Cost Center: CC-100 }
    expect:
      fields: { email: ana@example.com, status: active }
      attributes: { cost_center: CC-100 }
`,
    );
    expect((await loadTenant(dir, { cwd: scratch })).diagnostics).toEqual([]);
  });
});
