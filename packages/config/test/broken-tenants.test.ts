/**
 * The corpus of broken tenant folders (test/fixtures/broken, written by make-broken.py): each is a
 * mistake integration engineers really make. Every one must be reported with its code, file and line,
 * and nothing else may be reported as an error.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTenant, type SampleHeaderReader } from '../src/index.ts';

const root = path.join(import.meta.dirname, 'fixtures/broken');

// A small in-memory stand-in for the CSV reader: the samples here are plain comma-separated ASCII.
const readCsvHeader: SampleHeaderReader = async (samplePath) => {
  const [first = ''] = (await readFile(samplePath, 'utf8')).split('\n');
  return first.split(',');
};

type Expected = [code: string, file: 'tenant.yaml' | 'mappings.yaml' | '', line: number];

const CASES: Record<string, Expected[]> = {
  'valid-base': [],
  'typo-delimeter': [['UNKNOWN_KEY', 'tenant.yaml', 13]],
  'port-not-a-number': [['WRONG_TYPE', 'tenant.yaml', 6]],
  'port-out-of-range': [['OUT_OF_RANGE', 'tenant.yaml', 6]],
  'missing-host-key': [['MISSING_HOST_KEY', 'tenant.yaml', 3]],
  'host-key-md5': [['INVALID_HOST_KEY', 'tenant.yaml', 8]],
  'host-key-list-one-bad': [['INVALID_HOST_KEY', 'tenant.yaml', 10]],
  'literal-password': [['SECRET_LITERAL', 'tenant.yaml', 7]],
  'malformed-secret-ref': [['INVALID_SECRET_REF', 'tenant.yaml', 7]],
  'numeric-password': [['SECRET_LITERAL', 'tenant.yaml', 7]],
  'status-map-keys-collide': [['MAP_KEY_CONFLICT', 'mappings.yaml', 13]],
  'schedule-not-a-mapping': [['WRONG_TYPE', 'tenant.yaml', 15]],
  'file-name-with-folder': [['INVALID_VALUE', 'tenant.yaml', 11]],
  'file-name-glob-unquoted': [['YAML_ALIAS', 'tenant.yaml', 11]],
  'file-name-trailing-space': [['INVALID_VALUE', 'tenant.yaml', 11]],
  'file-name-date-placeholder': [], // a warning: see below
  'timezone-alias': [], // a warning: see below
  'attribute-named-like-field': [], // a warning: see below
  'column-mapped-twice': [], // a warning: see below
  'literal-private-key': [['SECRET_LITERAL', 'tenant.yaml', 7]],
  'no-credentials': [['MISSING_CREDENTIALS', 'tenant.yaml', 3]],
  'connection-type-ftp': [['INVALID_VALUE', 'tenant.yaml', 4]],
  'local-with-host': [['UNKNOWN_KEY', 'tenant.yaml', 5]],
  'unknown-format': [['INVALID_VALUE', 'tenant.yaml', 12]],
  'no-extension-no-format': [['FORMAT_MISMATCH', 'tenant.yaml', 11]],
  'bad-timezone': [['UNKNOWN_TIMEZONE', 'tenant.yaml', 17]],
  'offset-timezone': [['UNKNOWN_TIMEZONE', 'tenant.yaml', 17]],
  'bad-cron': [['INVALID_CRON', 'tenant.yaml', 16]],
  'cron-four-fields': [['INVALID_CRON', 'tenant.yaml', 16]],
  'daily-and-cron': [['SCHEDULE_AMBIGUOUS', 'tenant.yaml', 16]],
  'no-schedule-time': [['MISSING_KEY', 'tenant.yaml', 16]],
  'daily-bad-time': [['INVALID_TIME', 'tenant.yaml', 16]],
  'weekly-bad-day': [['INVALID_VALUE', 'tenant.yaml', 16]],
  'threshold-over-100-percent': [['INVALID_THRESHOLD', 'tenant.yaml', 19]],
  'threshold-over-100-percent-decimal': [['INVALID_THRESHOLD', 'tenant.yaml', 19]],
  'threshold-negative': [['OUT_OF_RANGE', 'tenant.yaml', 20]],
  'threshold-fraction': [['WRONG_TYPE', 'tenant.yaml', 19]],
  'min-age-as-text': [['WRONG_TYPE', 'tenant.yaml', 14]],
  'key-typo': [['INVALID_VALUE', 'tenant.yaml', 14]],
  'key-not-mapped': [['KEY_NOT_MAPPED', 'mappings.yaml', 2]],
  'email-not-mapped': [['EMAIL_NOT_MAPPED', 'mappings.yaml', 2]],
  'unknown-profile-field': [['UNKNOWN_FIELD', 'mappings.yaml', 6]],
  'transform-typo': [['INVALID_VALUE', 'mappings.yaml', 4]],
  'mapping-key-typo': [['UNKNOWN_KEY', 'mappings.yaml', 7]],
  'status-map-bad-value': [['INVALID_VALUE', 'mappings.yaml', 10]],
  'date-format-uppercase': [['INVALID_DATE_FORMAT', 'mappings.yaml', 7]],
  'format-without-date': [
    ['FORMAT_NOT_DATE', 'mappings.yaml', 12],
    ['INVALID_DATE_FORMAT', 'mappings.yaml', 12],
  ],
  'attribute-name-spaces': [['INVALID_FORMAT', 'mappings.yaml', 12]],
  'default-not-a-number': [['INVALID_DEFAULT', 'mappings.yaml', 12]],
  'decimal-without-number': [['DECIMAL_NOT_NUMBER', 'mappings.yaml', 12]],
  'mapping-without-source': [['MAPPING_WITHOUT_SOURCE', 'mappings.yaml', 5]],
  'sample-column-missing': [['SAMPLE_COLUMN_MISSING', 'mappings.yaml', 4]],
  'sample-column-ambiguous': [['SAMPLE_COLUMN_AMBIGUOUS', 'mappings.yaml', 4]],
  'sample-column-repeated': [['SAMPLE_COLUMN_AMBIGUOUS', 'mappings.yaml', 4]],
  'duplicate-yaml-key': [['YAML_DUPLICATE_KEY', 'tenant.yaml', 15]],
  'tab-indent': [['YAML_TAB', 'tenant.yaml', 17]],
  'broken-yaml-quote': [['YAML_SYNTAX', 'tenant.yaml', 11]],
  'broken-yaml-indent': [['YAML_SYNTAX', 'tenant.yaml', 5]],
  'missing-mappings-file': [['FILE_MISSING', 'mappings.yaml', 0]],
  'yaml-merge-key': [['UNKNOWN_KEY', 'mappings.yaml', 5]],
  'yml-extension': [
    ['FILE_MISSING', 'mappings.yaml', 0],
    ['FILE_MISSING', 'tenant.yaml', 0],
  ],
  'empty-mappings-file': [['WRONG_TYPE', 'mappings.yaml', 1]],
  'top-level-typo': [
    ['MISSING_KEY', 'tenant.yaml', 2],
    ['UNKNOWN_KEY', 'tenant.yaml', 15],
  ],
  'missing-name': [['MISSING_KEY', 'tenant.yaml', 2]],
  Invalid_Tenant_Id: [['INVALID_TENANT_ID', '', 0]],
  'mappings-windows-1252': [['YAML_ENCODING', 'mappings.yaml', 5]],
  'tenant-utf-16': [['YAML_ENCODING', 'tenant.yaml', 0]],
  'utf-8-bom': [],
};

describe('broken tenant folders', () => {
  it.each(Object.entries(CASES))('%s', async (name, expected) => {
    const result = await loadTenant(path.join(root, name), { cwd: root, readSampleHeader: readCsvHeader });
    const errors = result.diagnostics
      .filter((d) => d.level === 'error')
      .map((d) => [d.code, d.file === name ? '' : path.basename(d.file), d.line]);
    expect(errors).toEqual(expected);
    expect(result.valid).toBe(expected.length === 0);
    for (const diagnostic of result.diagnostics) {
      expect(diagnostic.file.startsWith(name)).toBe(true);
      expect(diagnostic.message.length).toBeGreaterThan(20);
    }
  });

  it('covers every case folder on disk', async () => {
    const { readdir } = await import('node:fs/promises');
    expect((await readdir(root)).sort()).toEqual(Object.keys(CASES).sort());
  });

  it('says a YAML merge key is not read, rather than offering the known keys', async () => {
    const result = await loadTenant(path.join(root, 'yaml-merge-key'), { cwd: root });
    expect(result.diagnostics.map((d) => d.message)).toEqual([
      'Unknown key `<<` in `fields.first_name`. YAML merge keys (`<<: *anchor`) are not read: write the keys out in full.',
    ]);
  });

  it('says to rename tenant.yml and mappings.yml, which Roster does not read', async () => {
    const result = await loadTenant(path.join(root, 'yml-extension'), { cwd: root });
    expect(result.diagnostics.map((d) => d.message)).toEqual([
      'mappings.yaml is missing, but mappings.yml is there: Roster reads mappings.yaml only. Rename the file to mappings.yaml.',
      'tenant.yaml is missing, but tenant.yml is there: Roster reads tenant.yaml only. Rename the file to tenant.yaml.',
    ]);
    const missing = await loadTenant(path.join(root, 'missing-mappings-file'), { cwd: root });
    expect(missing.diagnostics.find((d) => d.code === 'FILE_MISSING')?.message).toContain(
      'every tenant folder needs tenant.yaml and mappings.yaml',
    );
  });

  it('explains a typo with the key it meant and a literal secret without echoing it', async () => {
    const typo = await loadTenant(path.join(root, 'typo-delimeter'), { cwd: root });
    expect(typo.diagnostics[0]?.message).toContain('Did you mean `delimiter`?');
    const secret = await loadTenant(path.join(root, 'literal-password'), { cwd: root });
    const messages = secret.diagnostics.map((d) => d.message).join('\n');
    expect(messages).toContain('${env:');
    expect(messages).not.toContain('Winter2024!');
    // A password of digits is a number in YAML: a literal all the same, and never echoed either.
    const digits = await loadTenant(path.join(root, 'numeric-password'), { cwd: root });
    const said = digits.diagnostics.map((d) => d.message).join('\n');
    expect(said).not.toContain('83920174');
    expect(said).not.toContain('Quote the value');
  });

  it('warns that a date placeholder in file.name matches only itself, and says to write *', async () => {
    const result = await loadTenant(path.join(root, 'file-name-date-placeholder'), { cwd: root });
    const warnings = result.diagnostics.filter((d) => d.level === 'warning');
    expect(warnings.map((d) => [d.code, d.line])).toEqual([['INVALID_VALUE', 11]]);
    expect(warnings[0]?.message).toContain('write `*` where the date goes');
  });

  it('warns that EST is an alias of a zone without summer time, at the timezone line', async () => {
    const result = await loadTenant(path.join(root, 'timezone-alias'), { cwd: root });
    const warnings = result.diagnostics.filter((d) => d.level === 'warning');
    expect(warnings.map((d) => [d.code, d.line])).toEqual([['TIMEZONE_ALIAS', 17]]);
    expect(warnings[0]?.message).toContain('"EST" is an old alias of "America/Panama"');
  });

  it('warns of an attribute named like a profile field, at its key', async () => {
    const result = await loadTenant(path.join(root, 'attribute-named-like-field'), { cwd: root });
    const warnings = result.diagnostics.filter((d) => d.level === 'warning');
    expect(warnings.map((d) => [d.code, d.file, d.line])).toEqual([
      ['ATTRIBUTE_NAMED_LIKE_FIELD', 'attribute-named-like-field/mappings.yaml', 13],
    ]);
  });

  it('warns of a column read by two profile fields, at the second, naming both fields and the column', async () => {
    const result = await loadTenant(path.join(root, 'column-mapped-twice'), { cwd: root });
    const warnings = result.diagnostics.filter((d) => d.level === 'warning');
    expect(warnings.map((d) => [d.code, d.file, d.line, d.col])).toEqual([
      ['COLUMN_MAPPED_TWICE', 'column-mapped-twice/mappings.yaml', 7, 15],
    ]);
    expect(warnings[0]?.message).toBe(
      '`fields.manager_id` reads column "Employee ID" (as "employee id"), which `fields.employee_id` reads too: every person\'s manager_id would be their employee_id. Map manager_id to its own column (the sample\'s header lists them), or remove it if the file has none.',
    );
  });

  it('explains a column the sample names twice by its positions, and what to ask the customer', async () => {
    const result = await loadTenant(path.join(root, 'sample-column-repeated'), {
      cwd: root,
      readSampleHeader: readCsvHeader,
    });
    const message = result.diagnostics.find((d) => d.code === 'SAMPLE_COLUMN_AMBIGUOUS')?.message ?? '';
    expect(message).toBe(
      'Column "Work Email" (mapped to email) is ambiguous in sample.csv: the header has it 2 times (columns 2 and 7). Ask the customer to give each column its own name: Roster will not guess which copy holds the data.',
    );
  });

  it("lists at most 20 names of a sample header that lacks a column, and never a person's row", async () => {
    const wide = ['Employee ID', 'Work Emails', ...Array.from({ length: 3000 }, (_, i) => `Extra ${i}`)];
    const result = await loadTenant(path.join(root, 'sample-column-missing'), {
      cwd: root,
      readSampleHeader: async () => wide,
    });
    const message = result.diagnostics.find((d) => d.code === 'SAMPLE_COLUMN_MISSING')?.message ?? '';
    expect(message).toContain('"Extra 17" … and 2,982 more. Did you mean "Work Emails"?');
    expect(message.length).toBeLessThan(800);
    const headerless = await loadTenant(path.join(root, 'sample-column-missing'), {
      cwd: root,
      readSampleHeader: async () => ['00042', 'ana.silva@example.com', 'Ana', 'Silva', '03/15/2021'],
    });
    const messages = headerless.diagnostics.map((d) => d.message).join('\n');
    expect(messages).toContain("it looks like a person's row rather than column names");
    expect(messages).toContain('set `headerRow`');
    expect(messages).not.toContain('ana.silva@example.com');
    expect(messages).not.toContain('Silva');
  });

  it('names the missing column and lists the header found', async () => {
    const result = await loadTenant(path.join(root, 'sample-column-missing'), {
      cwd: root,
      readSampleHeader: readCsvHeader,
    });
    const message = result.diagnostics.find((d) => d.code === 'SAMPLE_COLUMN_MISSING')?.message ?? '';
    expect(message).toContain('"Work Email"');
    expect(message).toContain('"Email Address"');
    expect(message).toContain('"Cost Center"');
  });
});
