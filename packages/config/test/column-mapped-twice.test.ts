/** Two profile fields read from one column: a warning at the second, never for attributes. */
import { describe, expect, it } from 'vitest';
import { checkMappingsMeaning } from '../src/checks/mappings-checks.ts';
import { Report } from '../src/checks/report.ts';
import { parseYamlSource } from '../src/yaml-source.ts';

function check(text: string) {
  const source = parseYamlSource('mappings.yaml', text);
  const report = new Report(source);
  checkMappingsMeaning(source.value, 'employee_id', report);
  return report.diagnostics.filter((d) => d.code === 'COLUMN_MAPPED_TWICE');
}

describe('COLUMN_MAPPED_TWICE', () => {
  it('warns at the second field that reads a column, in either mapping form', () => {
    const warnings = check(
      [
        'fields:',
        '  employee_id: Empl ID',
        '  email: Email',
        '  department: Dept',
        '  location: { from: Dept, transform: [trim] }',
        '',
      ].join('\n'),
    );
    expect(warnings.map((d) => [d.level, d.line, d.col])).toEqual([['warning', 5, 21]]);
    expect(warnings[0]?.message).toContain(
      '`fields.location` reads column "Dept", which `fields.department` reads too',
    );
  });

  it('leaves alone an attribute that copies a field’s column, and fields with columns of their own', () => {
    expect(
      check(
        [
          'fields:',
          '  employee_id: Empl ID',
          '  email: { from: Email, transform: [lowercase] }',
          '  department: Dept',
          '  location: Site',
          'attributes:',
          '  login: { from: Email, transform: [trim] }',
          '',
        ].join('\n'),
      ),
    ).toEqual([]);
  });
});
