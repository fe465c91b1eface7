/** YAML as Roster reads it: keys are names, and are kept as written. */
import { describe, expect, it } from 'vitest';
import { parseYamlSource } from '../src/yaml-source.ts';

describe('parseYamlSource', () => {
  it('keeps keys that look like numbers or booleans as they are written', () => {
    const source = parseYamlSource(
      'mappings.yaml',
      'map:\n  01: full-time\n  02: part-time\n  1.50: half\n  1e3: thousand\n  TRUE: yes\n  "007": agent\n',
    );
    expect(source.diagnostics).toEqual([]);
    expect(source.value).toEqual({
      map: {
        '01': 'full-time',
        '02': 'part-time',
        '1.50': 'half',
        '1e3': 'thousand',
        TRUE: 'yes',
        '007': 'agent',
      },
    });
    // Positions are found by the keys as written.
    expect(source.positionOf(['map', '1.50'], { key: true })).toEqual({ line: 4, col: 3 });
  });

  it('says a second YAML document is one file too many, in its own words, not the parser API', () => {
    const source = parseYamlSource('tenant.yaml', 'name: Acme\n---\nname: Globex\n');
    expect(source.value).toBeUndefined();
    expect(source.diagnostics).toEqual([
      {
        file: 'tenant.yaml',
        line: 2,
        col: 1,
        level: 'error',
        code: 'YAML_SYNTAX',
        message:
          'A second YAML document starts here (a `---` line): a Roster file is one document. Remove this line and what follows, or put it in a file of its own. A tenant is one folder with one tenant.yaml and one mappings.yaml.',
      },
    ]);
  });

  it('leaves values typed as YAML reads them', () => {
    expect(parseYamlSource('tenant.yaml', 'port: 2222\nretries: 0\n').value).toEqual({
      port: 2222,
      retries: 0,
    });
  });

  it('reports a tab-indented line as the tab alone, not as a duplicate key elsewhere', () => {
    const source = parseYamlSource('tenant.yaml', 'name: Acme\nfile:\n\tname: "people*.csv"\n');
    expect(source.diagnostics.map((d) => [d.code, d.line])).toEqual([['YAML_TAB', 3]]);
  });

  it('reports one tab-indented line of mappings.yaml as the tab alone, not the errors it causes on later lines', () => {
    const mappings = [
      'fields:',
      '  employee_id: Employee ID',
      '\temail:', // line 3: the tab
      '    from: Work Email',
      '    transform: [trim, lowercase]',
      '  first_name: Legal First Name',
      '  last_name: Legal Last Name',
      '  job_title: Business Title',
      '  department: Supervisory Organization',
      '  manager_id: Manager Employee ID',
      '  location: Work Location',
      '  status:',
      '    from: Worker Status',
      '',
    ].join('\n');
    const source = parseYamlSource('mappings.yaml', mappings);
    expect(source.diagnostics.map((d) => [d.code, d.line, d.col])).toEqual([['YAML_TAB', 3, 1]]);
    expect(source.diagnostics[0]?.message).toContain('checked once it is fixed');
    // A problem before the tab is not the tab's doing: it is still shown.
    const both = parseYamlSource('mappings.yaml', `name: "Acme" Corp\n${mappings}`);
    expect(both.diagnostics.map((d) => [d.code, d.line])).toEqual([
      ['YAML_SYNTAX', 1],
      ['YAML_TAB', 4],
    ]);
  });

  it('reports an unquoted glob (a YAML alias without its anchor) at its place, says to quote it, and does not throw', () => {
    const source = parseYamlSource('tenant.yaml', 'name: Acme\nfile:\n  name: *.csv\n');
    expect(source.value).toBeUndefined();
    expect(source.diagnostics).toEqual([
      {
        file: 'tenant.yaml',
        line: 3,
        col: 9,
        level: 'error',
        code: 'YAML_ALIAS',
        message: expect.stringContaining('`*` starts a YAML alias'),
      },
    ]);
    expect(source.diagnostics[0]?.message).toContain('quote it: name: "*.csv"');
  });

  it('reports aliases that expand past the limit (a "billion laughs" file) instead of throwing', () => {
    const text = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: [*c, *c]',
      '',
    ].join('\n');
    const source = parseYamlSource('mappings.yaml', text);
    expect(source.value).toBeUndefined();
    expect(source.diagnostics.map((d) => [d.code, d.level, d.line, d.col])).toEqual([
      ['YAML_ALIAS', 'error', 3, 8],
    ]);
    expect(source.diagnostics[0]?.message).toContain('write the values out');
  });

  it('still reads an alias whose anchor comes first', () => {
    const source = parseYamlSource('mappings.yaml', 'a: &x [1, 2]\nb: *x\n');
    expect(source.diagnostics).toEqual([]);
    expect(source.value).toEqual({ a: [1, 2], b: [1, 2] });
  });
});
