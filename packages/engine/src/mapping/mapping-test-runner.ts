/**
 * Runs one mapping test case (a tenant's tests/*.yaml): the row goes through the same compiled mapper
 * a run uses, and the result is compared with what the case expects.
 */
import { findColumn, type LoadedMappingTestCase, type MappingsConfig, mappedColumns } from '@roster/config';
import type { KeyField } from '../profile.ts';
import { compileRowMapper } from './row-mapper.ts';

export interface MappingTestMismatch {
  /** `fields.email`, `attributes.cost_center` or `rejected`. */
  readonly what: string;
  readonly expected: unknown;
  readonly actual: unknown;
}

export interface MappingTestResult {
  readonly testCase: LoadedMappingTestCase;
  readonly passed: boolean;
  readonly mismatches: readonly MappingTestMismatch[];
}

export function runMappingTestCase(
  mappings: MappingsConfig,
  key: KeyField,
  testCase: LoadedMappingTestCase,
): MappingTestResult {
  // Columns the mappings read but the case leaves out are empty cells, so cases stay short. A column
  // the case spells differently (`EMAIL` for `Email`) is matched as a run matches the file's header:
  // adding the mapping's spelling too made two candidates, and the exact, empty one won.
  const given = Object.keys(testCase.row);
  const header = [
    ...new Set([
      ...given,
      ...mappedColumns(mappings)
        .map((column) => column.column)
        .filter((column) => findColumn(given, column).index === -1),
    ]),
  ];
  const cells = header.map((column) => testCase.row[column] ?? '');
  const mapper = compileRowMapper({ mappings, key, header, fileName: testCase.file });
  const result = mapper.map({ line: testCase.line, cells });
  const mismatches: MappingTestMismatch[] = [];
  const { expect } = testCase;

  if (expect.rejected !== undefined) {
    const actual = Array.isArray(result) ? result.map((rejection) => rejection.code) : 'not rejected';
    if (JSON.stringify(actual) !== JSON.stringify(expect.rejected))
      mismatches.push({ what: 'rejected', expected: expect.rejected, actual });
    return { testCase, passed: mismatches.length === 0, mismatches };
  }
  if (Array.isArray(result)) {
    mismatches.push({
      what: 'rejected',
      expected: 'not rejected',
      actual: result.map((rejection) => `${rejection.code}: ${rejection.message}`),
    });
    return { testCase, passed: false, mismatches };
  }
  for (const [field, expected] of Object.entries(expect.fields ?? {})) {
    const actual = (result.fields as Record<string, string | null>)[field];
    if (actual !== expected) mismatches.push({ what: `fields.${field}`, expected, actual: actual ?? null });
  }
  for (const [name, expected] of Object.entries(expect.attributes ?? {})) {
    const actual = result.attributes[name];
    if (actual !== expected)
      mismatches.push({ what: `attributes.${name}`, expected, actual: actual ?? null });
  }
  return { testCase, passed: mismatches.length === 0, mismatches };
}
