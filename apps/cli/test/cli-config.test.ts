/** The commands that need no server: validate, test, check, init, usage errors. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeWorkbook } from '../../../packages/parsers/test/xlsx-zip-builder.ts';
import { roster } from './support/cli.ts';

const repo = path.resolve(import.meta.dirname, '../../..');
const broken = path.join(repo, 'packages/config/test/fixtures/broken');
const fixtures = path.join(repo, 'packages/parsers/test/fixtures');

/** The arguments of a printed `pnpm roster …` line, as a POSIX shell splits them. */
function printedArgs(line: string): string[] {
  expect(line.startsWith('pnpm roster ')).toBe(true);
  const split = spawnSync('sh', ['-c', `printf '%s\\0' ${line.slice('pnpm roster '.length)}`], {
    encoding: 'utf8',
  });
  return split.stdout.split('\0').slice(0, -1);
}

describe('roster validate', () => {
  it('passes the example tenants', async () => {
    const result = await roster(['validate']);
    expect(result.stdout).toContain('3 tenants valid (0 errors, 0 warnings)');
    expect(result.code).toBe(0);
  });

  it('reports broken tenants as JSON with file, line and code, and exits 1', async () => {
    const result = await roster([
      'validate',
      '--tenants',
      broken,
      'typo-delimeter',
      'literal-password',
      '--format',
      'json',
    ]);
    expect(result.code).toBe(1);
    const output = JSON.parse(result.stdout);
    expect(output).toMatchObject({ valid: false, tenants: 2 });
    expect(output.diagnostics).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          file: 'packages/config/test/fixtures/broken/typo-delimeter/tenant.yaml',
          line: 13,
          col: 5,
          level: 'error',
          code: 'UNKNOWN_KEY',
        }),
        expect.objectContaining({
          file: 'packages/config/test/fixtures/broken/literal-password/tenant.yaml',
          line: 7,
          code: 'SECRET_LITERAL',
        }),
      ]),
    );
  });

  it("maps each sample's rows as a run would: a bad row warns at its line, a sample that no row maps fails", async () => {
    const tenants = await mkdtemp(path.join(tmpdir(), 'roster-validate-rows-'));
    const dir = path.join(tenants, 'acme');
    await cp(path.join(repo, 'tenants/acme'), dir, { recursive: true });
    const sample = path.join(dir, 'sample.csv');
    const lines = (await readFile(sample, 'utf8')).trimEnd().split('\n');
    lines[2] = (lines[2] ?? '').replace('07/15/2013', '2013-15-07'); // line 3: a date the format rejects
    await writeFile(sample, `${lines.join('\n')}\n`);
    const warned = await roster(['validate', '--tenants', tenants, 'acme', '--format', 'json']);
    expect(warned.code).toBe(0);
    // acme's maxRejected is 2%, which allows one row of twelve (a percentage allows at least one).
    expect(JSON.parse(warned.stdout).diagnostics).toEqual([
      expect.objectContaining({
        file: path.relative(repo, sample),
        line: 3,
        level: 'warning',
        code: 'SAMPLE_ROW_REJECTED',
        message: expect.stringContaining('(INVALID_DATE): Invalid hire_date (column "Hire Date")'),
      }),
    ]);
    // A second bad row is more than a run allows.
    lines[3] = (lines[3] ?? '').replace(/\d\d\/\d\d\/\d{4}/, '2014-16-08');
    await writeFile(sample, `${lines.join('\n')}\n`);
    const refused = await roster(['validate', '--tenants', tenants, 'acme', '--format', 'json']);
    expect(JSON.parse(refused.stdout).diagnostics).toContainEqual(
      expect.objectContaining({
        code: 'SAMPLE_WOULD_BE_REFUSED',
        message: expect.stringContaining(
          '2 of the 12 rows of sample.csv are rejected, more than lifecycle.maxRejected 2% (1 of 12)',
        ),
      }),
    );

    // The mappings expect another date format than the file's: every row is rejected.
    const mappings = path.join(dir, 'mappings.yaml');
    await writeFile(
      mappings,
      (await readFile(mappings, 'utf8')).replace('format: MM/dd/yyyy', 'format: dd.MM.yyyy'),
    );
    const failed = await roster(['validate', '--tenants', tenants, 'acme', '--format', 'json']);
    expect(failed.code).toBe(1);
    const codes = JSON.parse(failed.stdout).diagnostics.map((d: { code: string; level: string }) => d.code);
    expect(codes.filter((code: string) => code === 'SAMPLE_ROWS_ALL_REJECTED').length).toBe(1);
    expect(codes.filter((code: string) => code === 'SAMPLE_ROW_REJECTED').length).toBe(12);
  });

  it('reports an unquoted glob in one tenant at its line and still validates the others, in every format', async () => {
    const tenants = await mkdtemp(path.join(tmpdir(), 'roster-validate-alias-'));
    await cp(path.join(repo, 'tenants'), tenants, { recursive: true });
    const file = path.join(tenants, 'acme/tenant.yaml');
    const text = await readFile(file, 'utf8');
    expect(text).toContain('\n  name: "employees_*.csv"\n');
    await writeFile(file, text.replace('\n  name: "employees_*.csv"\n', '\n  name: *.csv\n'));
    const relative = path.relative(repo, file);

    const json = await roster(['validate', '--tenants', tenants, '--format', 'json']);
    expect(json.code).toBe(1);
    expect(json.stderr).not.toContain('INTERNAL');
    const output = JSON.parse(json.stdout);
    expect(output).toMatchObject({ valid: false, tenants: 3 });
    expect(output.diagnostics).toEqual([
      {
        file: relative,
        line: 17,
        col: 9,
        level: 'error',
        code: 'YAML_ALIAS',
        message: expect.stringContaining('quote it: name: "*.csv"'),
      },
    ]);

    const plain = await roster(['validate', '--tenants', tenants]);
    expect(plain.code).toBe(1);
    expect(plain.stdout).toContain(`${relative}:17:9 error YAML_ALIAS`);
    expect(plain.stdout).toContain('1 of 3 tenants invalid');

    const github = await roster(['validate', '--tenants', tenants, '--format', 'github']);
    expect(github.stdout).toContain(`::error file=${relative},line=17,col=9,title=roster YAML_ALIAS::`);

    // The commands that load one tenant report it as a config problem, not a crash.
    const check = await roster(['check', 'acme', '--tenants', tenants]);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain('YAML_ALIAS');
    expect(check.stderr).not.toContain('INTERNAL');
  });

  it('names a config file saved as Windows-1252 or UTF-16 by its encoding, and still validates the others', async () => {
    const tenants = await mkdtemp(path.join(tmpdir(), 'roster-validate-encoding-'));
    await cp(path.join(repo, 'tenants'), tenants, { recursive: true });
    const mappings = path.join(tenants, 'acme/mappings.yaml');
    const text = await readFile(mappings, 'utf8');
    expect(text).toContain('\n  first_name: Legal First Name\n');
    await writeFile(mappings, Buffer.from(text.replace('Legal First Name', 'Vorname Müller'), 'latin1'));
    const tenant = path.join(tenants, 'globex/tenant.yaml');
    await writeFile(tenant, Buffer.from(`\uFEFF${await readFile(tenant, 'utf8')}`, 'utf16le'));

    const json = await roster(['validate', '--tenants', tenants, '--format', 'json']);
    expect(json.code).toBe(1);
    const output = JSON.parse(json.stdout);
    expect(output).toMatchObject({ valid: false, tenants: 3 });
    expect(output.diagnostics).toEqual([
      {
        file: path.relative(repo, mappings),
        line: 7,
        col: 24,
        level: 'error',
        code: 'YAML_ENCODING',
        message: expect.stringMatching(
          /^mappings\.yaml is not UTF-8 \(line 7: byte 0xFC, "ü" in Windows-1252\): .* Save it as UTF-8 /,
        ),
      },
      {
        file: path.relative(repo, tenant),
        line: 0,
        col: 0,
        level: 'error',
        code: 'YAML_ENCODING',
        message: expect.stringMatching(/^tenant\.yaml is UTF-16: .* Save it as UTF-8 /),
      },
    ]);
    const plain = await roster(['validate', '--tenants', tenants]);
    expect(plain.stdout).toContain(`${path.relative(repo, mappings)}:7:24 error YAML_ENCODING`);
    expect(plain.stdout).toContain('2 of 3 tenants invalid (2 errors, 0 warnings)');
  });

  it('annotates GitHub pull requests', async () => {
    const result = await roster(['validate', '--tenants', broken, 'bad-timezone', '--format', 'github']);
    expect(result.stdout).toContain(
      '::error file=packages/config/test/fixtures/broken/bad-timezone/tenant.yaml,line=17,col=13,title=roster UNKNOWN_TIMEZONE::',
    );
    expect(result.code).toBe(1);
  });

  it('runs from the installed `roster` binary too (apps/cli/bin/roster.js)', async () => {
    const result = await roster(['validate'], {
      entry: path.resolve(import.meta.dirname, '../bin/roster.js'),
    });
    expect(result.stdout).toMatch(/tenants? valid/);
    expect(result.code).toBe(0);
  });

  it('takes a tenant named twice once', async () => {
    const result = await roster(['validate', 'acme', 'acme', 'tenants/acme']);
    expect(result.stdout).toContain('1 tenant valid');
    expect(result.code).toBe(0);
  });

  it('exits 2 on usage errors', async () => {
    expect((await roster(['frobnicate'])).code).toBe(2);
    expect((await roster(['validate', '--format', 'xml'])).code).toBe(2);
    expect((await roster(['validate', 'no-such-tenant'])).code).toBe(2);
    expect((await roster(['check'])).code).toBe(2);
    const approveRun = await roster(['run', 'acme', '--approve-run', 'latest']);
    expect(approveRun.code).toBe(2);
    expect(approveRun.stderr).toContain('Invalid --approve-run "latest": a run number from roster history');
  });
});

describe('roster test', () => {
  it("runs the examples' mapping tests", async () => {
    const result = await roster(['test']);
    expect(result.stdout).toMatch(/(\d+) of \1 mapping test cases passed/);
    expect(result.code).toBe(0);
  });

  it('shows expected beside actual for a failing case and exits 1', async () => {
    const tenants = await mkdtemp(path.join(tmpdir(), 'roster-test-'));
    await cp(path.join(repo, 'tenants/acme'), path.join(tenants, 'acme'), { recursive: true });
    const file = path.join(tenants, 'acme/tests/workday-export.yaml');
    await writeFile(
      file,
      (await readFile(file, 'utf8')).replace('hire_date: "2016-01-06"', 'hire_date: "2016-06-01"'),
    );
    const result = await roster(['test', '--tenants', tenants]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('FAIL');
    expect(result.stdout).toContain('fields.hire_date');
    expect(result.stdout).toContain('expected "2016-06-01"');
    expect(result.stdout).toContain('actual   "2016-01-06"');
  });
});

describe('roster check', () => {
  it('names a whole-file problem without a :0:0 position and ends each sentence once', async () => {
    const tenants = await mkdtemp(path.join(tmpdir(), 'roster-check-'));
    await cp(path.join(repo, 'tenants/acme'), path.join(tenants, 'acme'), { recursive: true });
    await rm(path.join(tenants, 'acme/mappings.yaml'));
    const result = await roster(['check', 'acme', '--tenants', tenants]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `${path.relative(repo, path.join(tenants, 'acme/mappings.yaml'))} FILE_MISSING mappings.yaml is missing:`,
    );
    expect(result.stderr).not.toContain(':0:0');
    expect(result.stderr).toContain(
      `run \`roster init\`). Run \`pnpm roster validate acme --tenants ${tenants}\` for every problem`,
    );
    expect(result.stderr).not.toMatch(/\.\.\s/);
  });

  it('shows both identifiers in the preview under an e-mail key, not the e-mail twice', async () => {
    const result = await roster(['check', 'globex']);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    const at = lines.findIndex((line) => /^\s+line\s/.test(line));
    const [heading, , first] = lines.slice(at);
    expect(heading?.trim().split(/\s{2,}/)).toEqual([
      'line',
      'employee_id',
      'email',
      'name',
      'title',
      'department',
      'manager',
      'hire date',
      'status',
    ]);
    expect(first).toMatch(/^\s+8\s+1001\s+ayse\.yilmaz@globex\.example\s+Ayşe Yılmaz\s/);
  });

  it("reads a tenant's sample with no database: counts and a preview in file order", async () => {
    const result = await roster(['check', 'initech', '--json']);
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.counts).toMatchObject({ rows: 8, valid: 8, rejected: 0 });
    expect(output.preview[1]).toEqual({
      line: 3,
      fields: {
        employee_id: '0002',
        email: 'juergen.gross@initech.example',
        first_name: 'Jürgen',
        last_name: 'Groß',
        job_title: 'Teamleiter Entwicklung',
        department: 'Entwicklung',
        manager_id: '0001',
        location: 'München',
        hire_date: '2015-06-15',
        status: 'active',
      },
      attributes: { kostenstelle: 'KST-200', teilzeit: false },
    });
  });

  it('lists every rejected row with line, field and code, and exits 1', async () => {
    const tenants = await mkdtemp(path.join(tmpdir(), 'roster-check-'));
    await cp(path.join(repo, 'tenants/acme'), path.join(tenants, 'acme'), { recursive: true });
    const bad = path.join(tenants, 'bad.csv');
    const sample = await readFile(path.join(tenants, 'acme/sample.csv'), 'utf8');
    const lines = sample.trimEnd().split('\n');
    lines[2] = (lines[2] ?? '').replace('07/15/2013', '2013-15-07'); // line 3: a bad date
    lines[4] = (lines[4] ?? '').replace('jose.hernandez@acme-corp.example', 'jose.hernandez'); // line 5: a bad e-mail
    lines.push(lines[1] ?? ''); // the first person twice
    await writeFile(bad, lines.join('\n'));
    const result = await roster(['check', 'acme', '--tenants', tenants, '--file', bad, '--json']);
    expect(result.code).toBe(1);
    const output = JSON.parse(result.stdout);
    expect(
      output.rejections.map((r: { line: number; field: string; code: string }) => [r.line, r.field, r.code]),
    ).toEqual([
      [2, 'employee_id', 'DUPLICATE_KEY'],
      [3, 'hire_date', 'INVALID_DATE'],
      [5, 'email', 'INVALID_EMAIL'],
      [14, 'employee_id', 'DUPLICATE_KEY'],
    ]);
  });

  it("answers --json with the contract's result shape when a command fails as a whole", async () => {
    const tenants = await mkdtemp(path.join(tmpdir(), 'roster-failed-json-'));
    await cp(path.join(broken, 'literal-password'), path.join(tenants, 'bad'), { recursive: true });
    for (const command of ['check', 'plan'] as const) {
      const result = await roster([command, 'bad', '--tenants', tenants, '--json']);
      expect(result.code, command).toBe(1);
      const output = JSON.parse(result.stdout) as Record<string, unknown>;
      expect(output, command).toMatchObject({
        tenant: 'bad',
        status: 'failed',
        counts: {
          rows: 0,
          valid: 0,
          rejected: 0,
          created: 0,
          updated: 0,
          unchanged: 0,
          reactivated: 0,
          deactivated: 0,
        },
        rejections: [],
        error: { code: 'CONFIG_INVALID', transient: false },
      });
    }
    // The database cannot be opened: every tenant asked for fails, transiently, in the same shape.
    const down = await roster(['run', 'acme', 'globex', '--json'], {
      env: { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' },
    });
    expect(down.code).toBe(3);
    const runs = JSON.parse(down.stdout) as Array<Record<string, unknown>>;
    expect(runs.map((run) => [run.tenant, run.status])).toEqual([
      ['acme', 'failed'],
      ['globex', 'failed'],
    ]);
    expect(runs[0]).toMatchObject({ counts: { rows: 0 }, rejections: [], error: { transient: true } });
  });

  it('stops quietly when its reader closes the pipe early (| head)', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'roster-epipe-'));
    const file = path.join(folder, 'many.csv');
    const [header = ''] = (await readFile(path.join(repo, 'tenants/acme/sample.csv'), 'utf8')).split('\n');
    // Every e-mail invalid: the output lists 3,000 rejections, more than a pipe holds at once.
    const rows = Array.from(
      { length: 3000 },
      (_, index) =>
        `${index},Ann,Lee,p${index} at example.com,Engineer,Eng,,Austin,03/01/2009,Active,CC-1,Regular,No`,
    );
    await writeFile(file, `${header}\n${rows.join('\n')}\n`);
    const { spawn } = await import('node:child_process');
    const { rosterCommand } = await import('../../../tools/roster-command.ts');
    const command = rosterCommand();
    const child = spawn(
      process.execPath,
      [...command.nodeFlags, command.main, 'check', 'acme', '--file', file, '--json'],
      {
        cwd: repo,
        env: { ...process.env, NO_COLOR: '1', DATABASE_URL: '' },
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Read the first chunk of the output, then close the pipe, as `head` does.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toContain('EPIPE');
    expect(stderr).not.toContain('Unhandled');
    expect(code).toBe(1); // the check's own verdict: rows rejected
  });

  it('a --file that does not exist or is a folder is named as such, not reported as a bug', async () => {
    const tenants = await mkdtemp(path.join(tmpdir(), 'roster-check-'));
    await cp(path.join(repo, 'tenants/acme'), path.join(tenants, 'acme'), { recursive: true });
    for (const [given, why] of [
      [path.join(tenants, 'no-such.csv'), 'does not exist'],
      [tenants, 'is not a file'],
    ] as const) {
      const result = await roster(['check', 'acme', '--tenants', tenants, '--file', given, '--json']);
      expect(result.code).toBe(1);
      const output = JSON.parse(result.stdout) as {
        status: string;
        error: { code: string; message: string };
      };
      expect(output.status).toBe('failed');
      expect(output.error.code).toBe('FILE_NOT_FOUND');
      expect(output.error.message).toContain(given);
      expect(output.error.message).toContain(why);
      const plain = await roster(['check', 'acme', '--tenants', tenants, '--file', given]);
      expect(plain.code).toBe(1);
      expect(plain.stderr).toContain('FILE_NOT_FOUND');
      expect(plain.stderr).not.toContain('bug');
    }
  });

  /** A tenant folder around one fixture, so that the fixture goes through the whole read-and-map path. */
  async function fixtureTenant(
    file: string,
    fileSection: string,
    fields: string,
    attributes = '',
  ): Promise<string> {
    const tenants = await mkdtemp(path.join(tmpdir(), 'roster-fixture-'));
    const dir = path.join(tenants, 'fixture');
    await mkdir(dir);
    await writeFile(
      path.join(dir, 'tenant.yaml'),
      `# yaml-language-server: $schema=x\nname: Fixture\nconnection: { type: local, directory: ${path.dirname(file)} }\nfile:\n${fileSection}\nkey: employee_id\nschedule: { daily: "02:00", timezone: UTC }\n`,
    );
    await writeFile(
      path.join(dir, 'mappings.yaml'),
      `# yaml-language-server: $schema=x\nfields:\n${fields}\n${attributes}`,
    );
    return tenants;
  }
  const checkJson = async (tenants: string, file: string) =>
    JSON.parse((await roster(['check', 'fixture', '--tenants', tenants, '--file', file, '--json'])).stdout);

  it('reads Excel "CSV UTF-8" with a byte-order mark, keeping leading zeros and accents', async () => {
    const file = path.join(fixtures, 'excel-utf8-bom.csv');
    const tenants = await fixtureTenant(
      file,
      '  name: "*.csv"',
      '  employee_id: Employee ID\n  email: Work Email\n  first_name: First Name\n  last_name: Last Name\n  hire_date: { from: Start Date, format: MM/dd/yyyy }',
    );
    const output = await checkJson(tenants, file);
    expect(output.preview[0]).toMatchObject({
      line: 2,
      fields: {
        employee_id: '00123',
        email: 'ayse.yilmaz@example.com',
        first_name: 'Ayşe',
        last_name: 'Yılmaz',
        hire_date: '2019-07-05',
      },
    });
  });

  it('reads UTF-8 as UTF-8 under a configured csv.encoding: windows-1252, with a warning', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'roster-encoding-'));
    const file = path.join(folder, 'employees.csv');
    await writeFile(file, 'Employee ID,Work Email,First Name\n00123,rene@example.com,René\n');
    const tenants = await fixtureTenant(
      file,
      '  name: "*.csv"\n  csv: { encoding: windows-1252 }',
      '  employee_id: Employee ID\n  email: Work Email\n  first_name: First Name',
    );
    const output = await checkJson(tenants, file);
    expect(output.preview[0].fields.first_name).toBe('René');
    expect(output.warnings).toEqual([
      expect.stringContaining(
        'employees.csv was read as UTF-8, not as the configured csv.encoding windows-1252',
      ),
    ]);
    const plain = await roster(['check', 'fixture', '--tenants', tenants, '--file', file]);
    expect(plain.stdout).toContain('warning: employees.csv was read as UTF-8');
  });

  it('reads ids and header cells copied from a right-to-left Excel without their bidirectional marks', async () => {
    // RTL Excel and Outlook put U+200F/U+200E around numbers when copying: `\u200F00005` became a
    // second person, and a header cell `\u200FEmail` failed COLUMN_MISSING.
    const folder = await mkdtemp(path.join(tmpdir(), 'roster-bidi-'));
    const file = path.join(folder, 'employees.csv');
    await writeFile(
      file,
      'Employee ID,\u200FEmail,Manager ID\n\u200F00005,dana@example.com,\u200E00001\u200E\n00006\u00AD,omar@example.com,\u2067\u200F00005\u2069\n',
    );
    const tenants = await fixtureTenant(
      file,
      '  name: "*.csv"',
      '  employee_id: Employee ID\n  email: Email\n  manager_id: Manager ID',
    );
    const output = await checkJson(tenants, file);
    expect(output.error).toBeUndefined();
    expect(output.preview.map((row: { fields: object }) => row.fields)).toEqual([
      expect.objectContaining({ employee_id: '00005', email: 'dana@example.com', manager_id: '00001' }),
      expect.objectContaining({ employee_id: '00006', email: 'omar@example.com', manager_id: '00005' }),
    ]);
  });

  it('reads Excel\'s ="00123", unquoted or quoted, as the id it keeps the leading zeros of', async () => {
    // Excel users export ids as ="001" to keep the zeros; quoted, the cell is "=""002""".
    const folder = await mkdtemp(path.join(tmpdir(), 'roster-text-formula-'));
    const file = path.join(folder, 'employees.csv');
    await writeFile(
      file,
      [
        'Employee ID,Email,First Name,Manager ID',
        '="001",ana@example.com,="Ana",',
        '"=""002""",bo@example.com,"=""Bo""","=""001"""',
        '="003",cy@example.com,Cy,="002"',
        '',
      ].join('\n'),
    );
    const tenants = await fixtureTenant(
      file,
      '  name: "*.csv"',
      '  employee_id: Employee ID\n  email: Email\n  first_name: First Name\n  manager_id: Manager ID',
    );
    const output = await checkJson(tenants, file);
    expect(output.counts).toMatchObject({ rows: 3, valid: 3, rejected: 0 });
    expect(output.preview.map((row: { fields: object }) => row.fields)).toEqual([
      expect.objectContaining({ employee_id: '001', first_name: 'Ana', manager_id: null }),
      expect.objectContaining({ employee_id: '002', first_name: 'Bo', manager_id: '001' }),
      expect.objectContaining({ employee_id: '003', first_name: 'Cy', manager_id: '002' }),
    ]);
  });

  it('names the sheet it read when a mapped column is missing from a workbook, and xlsx.sheet', async () => {
    const file = path.join(fixtures, 'employees.xlsx');
    // No xlsx.sheet: the first sheet ("Summary") is read, but the people are on "Employees".
    const tenants = await fixtureTenant(
      file,
      '  name: "*.xlsx"',
      '  employee_id: Employee ID\n  email: Work Email',
    );
    const output = await checkJson(tenants, file);
    expect(output.error.code).toBe('COLUMN_MISSING');
    expect(output.error.message).toContain('is not in the header of employees.xlsx (sheet "Summary")');
    expect(output.error.message).toContain('name it with `file.xlsx.sheet` in tenant.yaml');
  });

  it('reads a workbook: the named sheet, its header row, real dates, serial dates and numeric ids', async () => {
    const file = path.join(fixtures, 'employees.xlsx');
    const tenants = await fixtureTenant(
      file,
      '  name: "*.xlsx"\n  xlsx: { sheet: Employees, headerRow: 2 }',
      '  employee_id: Employee ID\n  email: Work Email\n  first_name: Name\n  hire_date: Hire Date',
      'attributes:\n  start: { from: Start Serial, type: date }\n  salary: Salary\n  fte: { from: FTE, type: number }\n  active: { from: Active, type: boolean }\n',
    );
    const output = await checkJson(tenants, file);
    expect(output.preview).toEqual([
      {
        line: 3,
        fields: expect.objectContaining({
          employee_id: '123',
          first_name: 'Ann Lee',
          hire_date: '2019-07-05',
        }),
        attributes: { start: '2019-07-05', salary: '150000', fte: 0.5, active: true },
      },
      {
        line: 5,
        fields: expect.objectContaining({
          employee_id: '00124',
          first_name: 'Bob Ray',
          hire_date: '2020-01-31',
        }),
        attributes: { start: '2019-07-05', salary: '123456789012', fte: 1, active: false },
      },
    ]);
  });

  /**
   * A tenant `name` reading CSV files of a local folder, in a tenants folder of its own, and the
   * environment of an embedded database of its own. `fileExtra` and `tenantExtra` are YAML lines.
   */
  async function localTenant(
    name: string,
    options: {
      readonly key?: string;
      readonly fileExtra?: string;
      readonly tenantExtra?: string;
      readonly fields: string;
    },
  ) {
    const folder = await mkdtemp(path.join(tmpdir(), `roster-${name}-`));
    const dir = path.join(folder, 'tenants', name);
    await mkdir(dir, { recursive: true });
    await writeFile(
      path.join(dir, 'tenant.yaml'),
      `# yaml-language-server: $schema=x\nname: ${name}\nconnection: { type: local, directory: ${folder} }\nfile:\n  name: "*.csv"\n${options.fileExtra ?? ''}key: ${options.key ?? 'employee_id'}\nschedule: { daily: "02:00", timezone: UTC }\n${options.tenantExtra ?? ''}`,
    );
    await writeFile(
      path.join(dir, 'mappings.yaml'),
      `# yaml-language-server: $schema=x\nfields:\n${options.fields}`,
    );
    return {
      folder,
      tenants: path.join(folder, 'tenants'),
      env: { ROSTER_DATA_DIR: path.join(folder, 'data') },
    };
  }

  it('Ctrl-C stops a run: nothing applied, the run recorded as INTERRUPTED, exit 130', async () => {
    const { folder, tenants, env } = await localTenant('bigco', {
      fields: '  employee_id: ID\n  email: Email\n',
    });
    const rows = Array.from({ length: 400_000 }, (_, n) => `${n},p${n}@example.com`);
    const file = path.join(folder, 'people.csv');
    await writeFile(file, `ID,Email\n${rows.join('\n')}\n`);
    // The embedded database takes ~10 s for 400k people here: Ctrl-C a second after the run starts.
    const run = await roster(['run', 'bigco', '--tenants', tenants, '--file', file], {
      env,
      interrupt: { when: (stderr) => stderr.includes('bigco: started'), afterMs: 1000 },
    });
    expect(run.stderr).toContain('Stopping: the runs in progress roll back');
    expect(run.code).toBe(130);
    const history = JSON.parse(
      (await roster(['history', 'bigco', '--tenants', tenants, '--json'], { env })).stdout,
    );
    expect(history.runs).toHaveLength(1);
    expect(history.runs[0]).toMatchObject({ status: 'failed', counts: { created: 0 } });
    expect(history.runs[0].error).toContain('INTERRUPTED');
  }, 60_000);

  it('keeps what a run said besides its counts, and history shows it under the table', async () => {
    // A tenant pinned to Windows-1252 whose export has become UTF-8: read as UTF-8, and said so.
    const { folder, tenants, env } = await localTenant('notco', {
      fileExtra: '  csv: { encoding: windows-1252 }\n',
      fields: '  employee_id: ID\n  email: Email\n  first_name: Name\n',
    });
    const file = path.join(folder, 'people.csv');
    await writeFile(file, 'ID,Email,Name\n1,zoe@example.com,Zoë\n2,rene@example.com,René\n');
    const run = await roster(['run', 'notco', '--tenants', tenants, '--file', file], { env });
    expect(run.code).toBe(0);
    const note = 'people.csv was read as UTF-8, not as the configured csv.encoding windows-1252';
    expect(run.stdout).toContain(note);
    const history = await roster(['history', 'notco', '--tenants', tenants], { env });
    expect(history.stdout).toMatch(new RegExp(`\\nrun 1 notes:\\n  ${note}`));
    const json = JSON.parse(
      (await roster(['history', 'notco', '--tenants', tenants, '--json'], { env })).stdout,
    );
    expect(json.runs[0].notes).toEqual([expect.stringContaining(note)]);
  });

  it("plan names a leaver of an e-mail-keyed tenant by the e-mail once, not as 'key <key>'", async () => {
    const { folder, tenants, env } = await localTenant('mailco', {
      key: 'email',
      tenantExtra: 'lifecycle: { maxDeactivations: 100% }\n',
      fields: '  employee_id: ID\n  email: Email\n',
    });
    const file = path.join(folder, 'people.csv');
    await writeFile(file, 'ID,Email\n1,a@x.com\n2,b@x.com\n3,c@x.com\n');
    expect((await roster(['run', 'mailco', '--tenants', tenants, '--file', file], { env })).code).toBe(0);
    await writeFile(file, 'ID,Email\n1,a@x.com\n2,b@x.com\n');
    const plan = await roster(['plan', 'mailco', '--tenants', tenants, '--file', file], { env });
    expect(plan.stdout).toContain('    c@x.com (not in the file)');
    expect(plan.stdout).not.toContain('<c@x.com>');
  });

  it('runs a minified JSON array as one person per record, though every record is on line 1', async () => {
    // A row's line is also its ordinal in the store (new users' ids, conflict joins): records that
    // share a line must still be told apart.
    const folder = await mkdtemp(path.join(tmpdir(), 'roster-minified-'));
    const file = path.join(folder, 'people.json');
    const people = (ids: number[]) =>
      JSON.stringify(ids.map((i) => ({ 'Employee ID': `E${i}`, 'Work Email': `p${i}@example.com` })));
    const tenants = await fixtureTenant(
      file,
      '  name: "*.json"',
      '  employee_id: Employee ID\n  email: Work Email',
    );
    const env = { ROSTER_DATA_DIR: path.join(folder, 'data') };
    const run = async () =>
      JSON.parse(
        (await roster(['run', 'fixture', '--tenants', tenants, '--file', file, '--json'], { env })).stdout,
      );
    await writeFile(file, people([1, 2, 3]));
    expect(await run()).toMatchObject({ status: 'succeeded', counts: { rows: 3, created: 3 } });
    // New people beside known ones: the store makes their ids from their rows' ordinals.
    await writeFile(file, people([1, 2, 3, 4, 5, 6]));
    expect(await run()).toMatchObject({ status: 'succeeded', counts: { rows: 6, created: 3, unchanged: 3 } });
  });

  it('reads nested JSON records at a path, and rejects a record that is not an object', async () => {
    const file = path.join(fixtures, 'nested-records.json');
    const tenants = await fixtureTenant(
      file,
      '  name: "*.json"\n  json: { records: data.employees }',
      '  employee_id: Employee ID\n  email: Work Email\n  first_name: Name.First\n  manager_id: Manager.Id',
    );
    const output = await checkJson(tenants, file);
    // Lines are the file's lines where each record starts, for an editor or a GitHub annotation.
    expect(output.preview[0]).toMatchObject({
      line: 5,
      fields: { employee_id: '123', email: 'ann@example.com', first_name: 'Ann', manager_id: '00042' },
    });
    expect(output.rejections.map((r: { line: number; code: string }) => [r.line, r.code])).toEqual([
      [16, 'NOT_AN_OBJECT'],
    ]);
    expect(output.rejections[0].message).toContain('Invalid record 3 (line 16)');
  });
});

describe('roster init', () => {
  /** `roster init newco --from` a sample of `name` holding `content`, in a new tenants folder. */
  async function initFrom(name: string, content: string | Buffer) {
    const tenants = await mkdtemp(path.join(tmpdir(), 'roster-init-'));
    const sample = path.join(tenants, name);
    await writeFile(sample, content);
    const result = await roster(['init', 'newco', '--from', sample, '--tenants', tenants]);
    return { tenants, sample, result };
  }

  it.each([
    ['tenants/acme/sample.csv', 'Employee ID'],
    ['tenants/globex/sample.json', 'employeeNumber'],
    ['tenants/initech/sample.csv', 'Personalnummer'],
  ])('scaffolds a valid tenant from %s', async (sample, idColumn) => {
    const tenants = await mkdtemp(path.join(tmpdir(), 'roster-init-'));
    const result = await roster(['init', 'newco', '--from', sample, '--tenants', tenants]);
    expect(result.stdout).toContain('Valid.');
    expect(result.code).toBe(0);
    expect(await readFile(path.join(tenants, 'newco/mappings.yaml'), 'utf8')).toContain(
      `employee_id: ${idColumn}`,
    );
    const check = await roster(['check', 'newco', '--tenants', tenants, '--json']);
    expect(JSON.parse(check.stdout).counts.rejected).toBe(0);
  });

  it('writes a list of date patterns for a sample whose dates mix formats, and check then reads every row', async () => {
    const { tenants, result } = await initFrom(
      'mitarbeiter.csv',
      'Personalnummer;E-Mail;Vorname;Nachname;Eintrittsdatum\n' +
        '1001;anna@firma.de;Anna;Schmidt;01.04.2019\n' +
        '1002;bernd@firma.de;Bernd;Müller;15.09.2020\n' +
        '1003;deniz@firma.de;Deniz;Kaya;2022-02-01\n',
    );
    expect(result.code).toBe(0);
    const mappings = await readFile(path.join(tenants, 'newco/mappings.yaml'), 'utf8');
    expect(mappings).toContain(
      '    format: [d.M.yyyy, yyyy-MM-dd]  # guessed from the sample, whose dates mix formats',
    );
    const check = await roster(['check', 'newco', '--tenants', tenants, '--json']);
    const output = JSON.parse(check.stdout);
    expect(output.counts.rejected).toBe(0);
    expect(output.preview.map((row: { fields: { hire_date: string } }) => row.fields.hire_date)).toEqual([
      '2019-04-01',
      '2020-09-15',
      '2022-02-01',
    ]);
  });

  it('prints next steps that run as printed: pnpm roster, --tenants again, and a path with a space quoted', async () => {
    const tenants = await mkdtemp(path.join(tmpdir(), 'roster init next '));
    const result = await roster(['init', 'hr1', '--from', 'tenants/acme/sample.csv', '--tenants', tenants]);
    expect(result.code).toBe(0);
    const next = /Next: review the files, then `([^`]+)`/.exec(result.stdout)?.[1] ?? '';
    expect(next).toBe(`pnpm roster check hr1 --tenants '${tenants}'`);
    const check = await roster(printedArgs(next));
    expect(check.stderr).toBe('');
    expect(check.code).toBe(0);

    // An invalid tenant named by a path with a space: the hint quotes it, and it runs.
    const bigCo = path.join(tenants, 'big co');
    await cp(path.join(repo, 'tenants/acme'), bigCo, { recursive: true });
    const invalid = await roster(['check', bigCo]);
    expect(invalid.code).toBe(1);
    const hint = /Run `([^`]+)` for every problem/.exec(invalid.stderr)?.[1] ?? '';
    expect(hint).toBe(`pnpm roster validate '${path.relative(repo, bigCo)}'`);
    const validate = await roster(printedArgs(hint));
    expect(validate.stdout).toContain('INVALID_TENANT_ID');
    expect(validate.code).toBe(1);
  });

  const schemaLine = async (file: string) =>
    ((await readFile(file, 'utf8')).split('\n')[0] ?? '').replace('# yaml-language-server: $schema=', '');

  it.each([
    ['outside the repository: an absolute path', () => mkdtemp(path.join(tmpdir(), 'roster-init-'))],
    ['inside the repository: a relative path', () => mkdtemp(path.join(repo, 'apps/cli/.init-test-'))],
  ])('points the YAML files at the schemas wherever the tenants folder is (%s)', async (where, folder) => {
    const tenants = await folder();
    try {
      const result = await roster([
        'init',
        'newco',
        '--from',
        'tenants/acme/sample.csv',
        '--tenants',
        tenants,
      ]);
      expect(result.code).toBe(0);
      for (const name of ['tenant', 'mappings']) {
        const file = path.join(tenants, 'newco', `${name}.yaml`);
        const reference = await schemaLine(file);
        expect(path.isAbsolute(reference)).toBe(where.includes('absolute'));
        // Resolved the way the YAML language server does: against the file's folder.
        const schema = JSON.parse(await readFile(path.resolve(path.dirname(file), reference), 'utf8'));
        expect(schema.title ?? schema.$id ?? '').not.toBe('');
        expect(reference).toMatch(new RegExp(`packages/config/schema/${name}\\.schema\\.json$`));
      }
    } finally {
      await rm(tenants, { recursive: true, force: true });
    }
  });

  it.each([
    [
      'a CSV export with two title lines and a blank one',
      'title-lines.csv',
      [],
      '  csv:\n    delimiter: auto\n    encoding: auto\n    headerRow: 4\n',
    ],
    [
      'a workbook with a title row',
      'employees.xlsx',
      ['--sheet', 'Employees'],
      '  xlsx:\n    sheet: Employees\n    headerRow: 2\n',
    ],
  ])('finds the header below the title of %s', async (_what, name, extra, options) => {
    const tenants = await mkdtemp(path.join(tmpdir(), 'roster-init-'));
    const sample = path.join(fixtures, name);
    const result = await roster(['init', 'newco', '--from', sample, ...extra, '--tenants', tenants]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('employee_id  ← "Employee ID"');
    expect(await readFile(path.join(tenants, 'newco/tenant.yaml'), 'utf8')).toContain(options);
  });

  it("takes a JSON export's array of people, not the metadata array before it", async () => {
    const tenants = await mkdtemp(path.join(tmpdir(), 'roster-init-'));
    const sample = path.join(tenants, 'people.json');
    const people = [1, 2].map((n) => ({
      employeeNumber: `00${n}`,
      firstName: `Ann${n}`,
      workEmail: `ann${n}@example.com`,
      status: 'Active',
    }));
    await writeFile(sample, JSON.stringify({ meta: { tags: [{ k: 'v' }] }, data: { employees: people } }));
    const result = await roster(['init', 'newco', '--from', sample, '--tenants', tenants]);
    expect(result.code).toBe(0);
    const tenant = await readFile(path.join(tenants, 'newco/tenant.yaml'), 'utf8');
    expect(tenant).toContain('records: data.employees');
    expect(await readFile(path.join(tenants, 'newco/mappings.yaml'), 'utf8')).toContain(
      'employee_id: employeeNumber',
    );
  });

  it('recognises a German e-mail column ("E-Mail Adresse")', async () => {
    const { tenants, result } = await initFrom(
      'mitarbeiter_2024-11-20.csv',
      'Personalnummer;Vorname;Nachname;E-Mail Adresse;Eintrittsdatum\n0001;Bill;Lumbergh;bill@initech.example;01.02.2010\n',
    );
    expect(result.stdout).toContain('email        ← "E-Mail Adresse"');
    expect(result.code).toBe(0);
    expect(await readFile(path.join(tenants, 'newco/mappings.yaml'), 'utf8')).toContain(
      'email:\n    from: E-Mail Adresse',
    );
  });

  it('keeps every column of a Cyrillic header as an attribute, named by position as the schema allows', async () => {
    // Every such name became `col_`, and only the first was kept: attributes: {col_: Табельный номер}.
    const { tenants, result } = await initFrom(
      'сотрудники.csv',
      'Табельный номер,Фамилия,Имя,Email,Отдел,Должность\n00017,Иванова,Анна,anna@example.ru,Бухгалтерия,Бухгалтер\n',
    );
    expect(result.stdout).toContain('Valid.');
    expect(result.code).toBe(0);
    const mappings = await readFile(path.join(tenants, 'newco/mappings.yaml'), 'utf8');
    expect(mappings).toContain(
      'attributes:\n  col_1: Табельный номер\n  col_2: Фамилия\n  col_3: Имя\n  col_5: Отдел\n  col_6: Должность\n',
    );
    const check = JSON.parse((await roster(['check', 'newco', '--tenants', tenants, '--json'])).stdout);
    expect(check.counts.rejected).toBe(0);
    expect(check.preview[0].attributes).toEqual({
      col_1: '00017',
      col_2: 'Иванова',
      col_3: 'Анна',
      col_5: 'Бухгалтерия',
      col_6: 'Бухгалтер',
    });
  });

  it("keeps the customer's files a tenant receives in inbox/ out of git and the image, and the folder in", () => {
    const ignored = (file: string) =>
      spawnSync('git', ['-c', 'core.excludesFile=/dev/null', 'check-ignore', '-q', '--no-index', file], {
        cwd: repo,
      }).status === 0;
    expect(ignored('tenants/newco/inbox/employees_2026-12-01.csv')).toBe(true);
    expect(ignored('tenants/newco/inbox/processed/20261201T020000Z-employees.csv')).toBe(true);
    expect(ignored('tenants/newco/inbox/.gitkeep')).toBe(false);
    expect(readFileSync(path.join(repo, '.dockerignore'), 'utf8')).toMatch(/^tenants\/\*\/inbox\/\*$/m);
  });

  it('names a mistyped --from path as such, not as a file removed while read', async () => {
    const tenants = await mkdtemp(path.join(tmpdir(), 'roster-init-'));
    const missing = path.join(tenants, 'no-such-sample.csv');
    const result = await roster(['init', 'newco', '--from', missing, '--tenants', tenants]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`FILE_NOT_FOUND: The file ${missing} given with --from does not exist`);
    expect(result.stderr).toContain('Check the path');
    expect(result.stderr).not.toContain('removed before it could be read');
  });

  it.each([
    [
      'a broken JSON document',
      'export.json',
      '[\n {"id": "1", "email": "a@x.com"},\n {"id": "2" "email": "b@x.com"}\n]\n',
      "JSON_MALFORMED: Invalid JSON in export.json at line 3: Expected ',' or '}' after property value (column 13)",
    ],
    [
      'a broken JSON Lines record',
      'export.jsonl',
      '{"id": "1", "email": "a@x.com"}\n\n{"id": "2", "email": "b@x.com",}\n',
      'JSON_MALFORMED: Invalid JSON in export.jsonl at line 3: Expected double-quoted property name (column 32)',
    ],
    [
      'an object keyed by employee id',
      'export.json',
      '{"1001": {"id": "1001", "email": "a@x.com"}, "1002": {"id": "1002", "email": "b@x.com"}}\n',
      'JSON_RECORDS_NOT_FOUND: Invalid JSON file export.json: it holds no array of objects',
    ],
  ])('says where %s sample is wrong, without a stack trace', async (_, name, text, said) => {
    const { result } = await initFrom(name, text);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(said);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('maps an Active Y/N column to status, so a run keeps the N people inactive', async () => {
    const { tenants, result } = await initFrom(
      'export.csv',
      'Employee ID,Email,Active\n1,ann@example.com,Y\n2,bob@example.com,N\n',
    );
    expect(result.code).toBe(0);
    const check = await roster(['check', 'newco', '--tenants', tenants, '--json']);
    const { preview } = JSON.parse(check.stdout) as { preview: Array<{ fields: { status: string } }> };
    expect(preview.map((row) => row.fields.status)).toEqual(['active', 'inactive']);
  });

  it.each([
    ["Excel's US short dates", ['1/2/20', '12/31/19'], 'M/d/yy', ['2020-01-02', '2019-12-31']],
    ['German short dates', ['01.02.20', '31.12.19'], 'd.M.yy', ['2020-02-01', '2019-12-31']],
    ['UK short dates', ['31/12/19', '01/02/20'], 'd/M/yy', ['2019-12-31', '2020-02-01']],
  ])(
    'reads hire dates with two-digit years (%s): init guesses the format and check maps every row',
    async (_what, hired, format, dates) => {
      const { tenants, result } = await initFrom(
        'export.csv',
        `Employee ID,Email,Hire Date\n1,ann@example.com,${hired[0]}\n2,bob@example.com,${hired[1]}\n`,
      );
      expect(result.stdout).not.toContain('SAMPLE_ROWS_ALL_REJECTED');
      expect(result.stdout).toContain('Valid.');
      expect(result.code).toBe(0);
      expect(await readFile(path.join(tenants, 'newco/mappings.yaml'), 'utf8')).toContain(
        `    format: ${format}  # guessed from the sample: check it\n`,
      );
      const check = await roster(['check', 'newco', '--tenants', tenants, '--json']);
      const report = JSON.parse(check.stdout) as {
        counts: { rejected: number };
        preview: Array<{ fields: { hire_date: string } }>;
      };
      expect(report.counts.rejected).toBe(0);
      expect(report.preview.map((row) => row.fields.hire_date)).toEqual(dates);
    },
  );

  it('says a two-digit-year date that reads both ways is a guess, and names the day-first format', async () => {
    const { tenants, result } = await initFrom(
      'export.csv',
      'Employee ID,Email,Hire Date\n1,ann@example.com,01/02/20\n2,bob@example.com,03/04/21\n',
    );
    expect(result.code).toBe(0);
    expect(await readFile(path.join(tenants, 'newco/mappings.yaml'), 'utf8')).toContain(
      '    format: M/d/yy  # a guess: every sample date reads either way (month or day first); write d/M/yy if the customer puts the day first\n',
    );
  });

  it('writes a status map that validates when no status value of the sample is recognised', async () => {
    const { tenants, result } = await initFrom(
      'export.csv',
      // SAP's numeric codes (3 active, 0 withdrawn), which init does not guess.
      'Employee ID,Email,Status\n1,ann@example.com,3\n2,bob@example.com,0\n',
    );
    expect(result.stdout).toContain('Status values to map by hand: 3, 0');
    // The rows are rejected until the values are placed, but the file itself is valid YAML of the schema.
    expect(result.stdout).not.toContain('WRONG_TYPE');
    expect(result.stdout).toContain('SAMPLE_ROWS_ALL_REJECTED');
    const mappings = await readFile(path.join(tenants, 'newco/mappings.yaml'), 'utf8');
    expect(mappings).toContain('# "3": active or inactive?');
    // Placing the values as the comment says makes the tenant valid.
    await writeFile(
      path.join(tenants, 'newco/mappings.yaml'),
      mappings.replace(/map: \{\}.*\n.*\n.*\n/, 'map:\n      3: active\n      0: inactive\n'),
    );
    const fixed = await roster(['validate', 'newco', '--tenants', tenants]);
    expect(fixed.stdout).toContain('1 tenant valid (0 errors, 0 warnings)');
    expect(fixed.code).toBe(0);
  });

  it('pins the encoding of a sample that is not UTF-8, so that a later file ASCII for 64 KiB still reads', async () => {
    const { tenants, result } = await initFrom(
      'export.csv',
      Buffer.from('Employee ID;Email;First Name\n1;jose@example.com;Jos\xe9\n', 'latin1'),
    );
    expect(result.code).toBe(0);
    expect(await readFile(path.join(tenants, 'newco/tenant.yaml'), 'utf8')).toContain(
      '    encoding: windows-1252',
    );
    // 70 KiB of plain ASCII rows, then José: auto would have read it as UTF-8 and failed.
    const ascii = Array.from({ length: 2000 }, (_, n) => `${n + 2};p${n + 2}@example.com;Ann Lee Smithson`);
    const later = path.join(tenants, 'later.csv');
    await writeFile(
      later,
      Buffer.from(
        `Employee ID;Email;First Name\n${ascii.join('\n')}\n1;jose@example.com;Jos\xe9\n`,
        'latin1',
      ),
    );
    const check = await roster(['check', 'newco', '--file', later, '--tenants', tenants, '--json']);
    const report = JSON.parse(check.stdout);
    expect(report.counts).toMatchObject({ rows: 2001, valid: 2001 });
    // A UTF-8 sample keeps auto.
    const utf8 = path.join(tenants, 'utf8.csv');
    await writeFile(utf8, 'Employee ID;Email;First Name\n1;jose@example.com;José\n');
    await roster(['init', 'utf8co', '--from', utf8, '--tenants', tenants]);
    expect(await readFile(path.join(tenants, 'utf8co/tenant.yaml'), 'utf8')).toContain('    encoding: auto');
  });

  it('keeps the first 100 records of a large sample, cut at a record boundary, and says they are real people', async () => {
    const tenants = await mkdtemp(path.join(tmpdir(), 'roster-init-'));
    // A title line, CRLF line ends, and a quoted note with a line break in record 100.
    const records = Array.from({ length: 250 }, (_, n) => {
      const note = n === 99 ? '"line one\r\nline two"' : 'x';
      return `${n + 1},p${n + 1}@example.com,Ann,Lee,${note}`;
    });
    const csv = path.join(tenants, 'export.csv');
    await writeFile(
      csv,
      `People export\r\nEmployee ID,Email,First Name,Last Name,Note\r\n${records.join('\r\n')}\r\n`,
    );
    const result = await roster(['init', 'newco', '--from', csv, '--tenants', tenants]);
    expect(result.stdout).toContain('sample.csv keeps the first 100 records of');
    expect(result.stdout).toContain('They are real people');
    const kept = await readFile(path.join(tenants, 'newco/sample.csv'), 'utf8');
    expect(kept.endsWith('100,p100@example.com,Ann,Lee,"line one\r\nline two"\r\n')).toBe(true);
    expect(kept.startsWith('People export\r\nEmployee ID,')).toBe(true);
    const check = await roster(['check', 'newco', '--tenants', tenants, '--json']);
    expect(JSON.parse(check.stdout).counts).toMatchObject({ rows: 100, valid: 100 });

    // A JSON document: its array of people shortened, the rest kept.
    const json = path.join(tenants, 'export.json');
    const people = Array.from({ length: 150 }, (_, n) => ({
      id: `${n + 1}`,
      email: `p${n + 1}@example.com`,
    }));
    await writeFile(json, JSON.stringify({ meta: { source: 'hr' }, data: { employees: people } }));
    const fromJson = await roster(['init', 'jsonco', '--from', json, '--tenants', tenants, '--json']);
    expect(JSON.parse(fromJson.stdout).sample).toEqual({ file: 'sample.json', keptRecords: 100 });
    const shortened = JSON.parse(await readFile(path.join(tenants, 'jsonco/sample.json'), 'utf8'));
    expect(shortened.meta).toEqual({ source: 'hr' });
    expect(shortened.data.employees).toEqual(people.slice(0, 100));

    // JSON Lines: the first 100 lines.
    const jsonl = path.join(tenants, 'export.jsonl');
    await writeFile(jsonl, `${people.map((person) => JSON.stringify(person)).join('\n')}\n`);
    await roster(['init', 'linesco', '--from', jsonl, '--tenants', tenants]);
    const lines = (await readFile(path.join(tenants, 'linesco/sample.jsonl'), 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(100);
    expect(JSON.parse(lines[99] ?? '')).toEqual(people[99]);

    // A small sample is copied as it is.
    const small = path.join(tenants, 'small.csv');
    await writeFile(small, 'Employee ID,Email\n1,a@example.com\n');
    const fromSmall = await roster(['init', 'smallco', '--from', small, '--tenants', tenants]);
    expect(fromSmall.stdout).not.toContain('real people');
    expect(await readFile(path.join(tenants, 'smallco/sample.csv'), 'utf8')).toBe(
      'Employee ID,Email\n1,a@example.com\n',
    );
  });

  it('maps a JSON key that some records leave out with default "", so a file where none has it still runs', async () => {
    const { tenants, result } = await initFrom(
      'export.json',
      JSON.stringify([
        { id: '1', email: 'a@example.com', location: 'Austin', remote: true, manager: { id: '9' } },
        { id: '2', email: 'b@example.com', location: 'Reno', manager: null },
      ]),
    );
    expect(result.code).toBe(0);
    const mappings = await readFile(path.join(tenants, 'newco/mappings.yaml'), 'utf8');
    expect(mappings).toContain('  manager_id:\n    from: manager.id\n    default: ""');
    expect(mappings).toContain('  remote:\n    from: remote\n    default: ""');
    expect(mappings).toContain('  location: location\n');
    // Later, nobody is remote and nobody has a manager: the exporter leaves both keys out everywhere.
    const later = path.join(tenants, 'later.json');
    await writeFile(later, JSON.stringify([{ id: '1', email: 'a@example.com', location: 'Austin' }]));
    const check = await roster(['check', 'newco', '--file', later, '--tenants', tenants, '--json']);
    expect(JSON.parse(check.stdout).counts).toMatchObject({ rows: 1, valid: 1 });
  });

  it('reads the sheet whose header names the most profile fields, says so, and another with --sheet', async () => {
    const tenants = await mkdtemp(path.join(tmpdir(), 'roster-init-'));
    const cell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
    const readMe = { name: 'Read me', xml: `<row r="1">${cell('A1', 'Exported from the HR system')}</row>` };
    const sample = await writeWorkbook(path.join(tenants, 'export.xlsx'), {
      sheets: [
        readMe,
        {
          name: 'Employees',
          xml: `<row r="1">${cell('A1', 'Employee ID')}${cell('B1', 'Work Email')}</row><row r="2">${cell('A2', '7')}${cell('B2', 'ann@example.com')}</row>`,
        },
      ],
    });
    // The people are on the second tab, after a "Read me" one: found, and pinned for the runs.
    const found = await roster(['init', 'newco', '--from', sample, '--tenants', tenants]);
    expect(found.stdout).toContain(
      'Read the sheet "Employees": of the workbook\'s visible sheets, its header names the most profile fields',
    );
    expect(found.stdout).toContain('Valid.');
    expect(found.code).toBe(0);
    expect(await readFile(path.join(tenants, 'newco/tenant.yaml'), 'utf8')).toContain(
      '  xlsx:\n    sheet: Employees',
    );
    const checked = await roster(['check', 'newco', '--tenants', tenants, '--json']);
    expect(JSON.parse(checked.stdout).counts).toMatchObject({ rows: 1, valid: 1 });

    // A workbook of one sheet with no person on it: the first visible sheet, and what to do.
    const lone = await writeWorkbook(path.join(tenants, 'lone.xlsx'), {
      sheets: [readMe],
    });
    const first = await roster(['init', 'lone', '--from', lone, '--tenants', tenants]);
    expect(first.stdout).toContain(
      "Read the workbook's first visible sheet. If the people are on another one",
    );
    expect(first.stdout).toContain('--sheet NAME');
    expect(first.code).toBe(1);
    // Not an empty `fields:` (null), but a comment that says what to map.
    expect(await readFile(path.join(tenants, 'lone/mappings.yaml'), 'utf8')).toContain(
      'No column of the sample was recognised',
    );
    expect(first.stdout).toContain('KEY_NOT_MAPPED');

    const other = await roster([
      'init',
      'other',
      '--from',
      sample,
      '--sheet',
      'Employees',
      '--tenants',
      tenants,
    ]);
    expect(other.stdout).toContain('Read the sheet "Employees"');
    expect(other.stdout).toContain('Valid.');
    expect(other.code).toBe(0);
    expect(await readFile(path.join(tenants, 'other/tenant.yaml'), 'utf8')).toContain(
      '  xlsx:\n    sheet: Employees',
    );
    const check = await roster(['check', 'other', '--tenants', tenants, '--json']);
    expect(JSON.parse(check.stdout).counts).toMatchObject({ rows: 1, valid: 1 });

    const wrong = await roster([
      'init',
      'third',
      '--from',
      sample,
      '--sheet',
      'People',
      '--tenants',
      tenants,
    ]);
    expect(wrong.stderr).toContain('SHEET_NOT_FOUND');
    expect(wrong.stderr).toContain('"Read me", "Employees"');
  });
});
