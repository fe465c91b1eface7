/**
 * A tenant's mapping tests (tests/*.yaml), with the line of every case so that `roster test` can
 * point at the one that failed. Rows are re-read with YAML's failsafe schema, so that a cell written
 * `00123` stays the text "00123", as it would in the customer's file.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isSeq, parseDocument } from 'yaml';
import { normalizeColumnName } from './column-name.ts';
import type { Diagnostic } from './diagnostic.ts';
import type { MappingTestExpectation, MappingTestFile } from './generated/mapping-test.ts';
import type { MappingsConfig } from './generated/mappings-config.ts';
import { mappedColumns } from './mapped-columns.ts';
import { readYamlFile } from './read-yaml-file.ts';
import { closestMatch } from './suggest.ts';
import type { YamlSource } from './yaml-source.ts';

export interface LoadedMappingTestCase {
  readonly file: string;
  readonly line: number;
  readonly name: string;
  /** Column → cell text. */
  readonly row: Readonly<Record<string, string>>;
  readonly expect: MappingTestExpectation;
}

export interface LoadedMappingTests {
  readonly cases: readonly LoadedMappingTestCase[];
  readonly diagnostics: readonly Diagnostic[];
}

async function testFiles(tenantDir: string): Promise<string[]> {
  try {
    const names = await readdir(path.join(tenantDir, 'tests'));
    return names
      .filter((name) => /\.ya?ml$/.test(name))
      .sort()
      .map((name) => path.join(tenantDir, 'tests', name));
  } catch {
    return []; // no tests folder: nothing to run
  }
}

function rowsAsText(text: string): Array<Record<string, string>> {
  const document = parseDocument(text, { schema: 'failsafe' });
  const cases = document.get('cases', true);
  if (!isSeq(cases)) return [];
  return cases.items.map((item) => {
    const row = isMap(item) ? item.get('row', true) : undefined;
    const cells: Record<string, string> = {};
    if (isMap(row)) {
      for (const pair of row.items)
        cells[String((pair.key as { value?: unknown })?.value ?? pair.key)] = String(
          (pair.value as { value?: unknown } | null)?.value ?? '',
        );
    }
    return cells;
  });
}

/**
 * What a case says that its tenant's mappings cannot give: an attribute no mapping makes (the case
 * expects it forever, and fails as 'expected null, actual null'), and a column no mapping reads (a
 * misspelt column leaves the one meant empty). The profile fields are checked by the schema.
 */
function checkCaseAgainstMappings(
  source: YamlSource,
  index: number,
  testCase: MappingTestFile['cases'][number],
  row: Readonly<Record<string, string>>,
  mappings: MappingsConfig,
): Diagnostic[] {
  const found: Diagnostic[] = [];
  const add = (path: (string | number)[], level: Diagnostic['level'], message: string) => {
    const { line, col } = source.positionOf(['cases', index, ...path], { key: true });
    found.push({ file: source.file, line, col, level, code: 'UNKNOWN_FIELD', message });
  };
  const attributes = Object.keys(mappings.attributes ?? {});
  for (const name of Object.keys(testCase.expect.attributes ?? {})) {
    if (attributes.includes(name)) continue;
    const near = closestMatch(name, attributes);
    add(
      ['expect', 'attributes', name],
      'error',
      `Case "${testCase.name}": no mapping makes the attribute \`${name}\`${near ? `. Did you mean \`${near}\`?` : attributes.length > 0 ? ` (mappings.yaml has ${attributes.join(', ')}).` : ' (mappings.yaml has no attributes).'}`,
    );
  }
  const columns = [...new Set(mappedColumns(mappings).map((column) => column.column))];
  const read = new Set(columns.map(normalizeColumnName));
  for (const column of Object.keys(row)) {
    if (read.has(normalizeColumnName(column))) continue;
    const near = closestMatch(column, columns);
    add(
      ['row', column],
      'warning',
      `Case "${testCase.name}": no mapping reads the column "${column}", so the case runs as if it were not there.${near ? ` Did you mean "${near}"?` : ''}`,
    );
  }
  return found;
}

export async function loadMappingTests(
  tenantDir: string,
  cwd: string = process.cwd(),
  mappings?: MappingsConfig,
): Promise<LoadedMappingTests> {
  const cases: LoadedMappingTestCase[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const absolute of await testFiles(tenantDir)) {
    const read = await readYamlFile(absolute, cwd, 'mapping-test');
    diagnostics.push(...read.diagnostics);
    const source = read.source;
    if (!source || read.diagnostics.some((d) => d.level === 'error')) continue;
    const value = source.value as MappingTestFile;
    const rows = rowsAsText(await readFile(absolute, 'utf8'));
    value.cases.forEach((testCase, index) => {
      const { line } = source.positionOf(['cases', index]);
      const checksFields = testCase.expect.fields !== undefined || testCase.expect.attributes !== undefined;
      if (checksFields === (testCase.expect.rejected !== undefined)) {
        diagnostics.push({
          file: source.file,
          line,
          col: 1,
          level: 'error',
          code: 'INVALID_VALUE',
          message: `Case "${testCase.name}": \`expect\` needs either \`fields\`/\`attributes\` or \`rejected\`, not ${checksFields ? 'both' : 'neither'}.`,
        });
        return;
      }
      if (mappings)
        diagnostics.push(...checkCaseAgainstMappings(source, index, testCase, rows[index] ?? {}, mappings));
      cases.push({
        file: source.file,
        line,
        name: testCase.name,
        row: rows[index] ?? {},
        expect: testCase.expect,
      });
    });
  }
  return { cases, diagnostics };
}
