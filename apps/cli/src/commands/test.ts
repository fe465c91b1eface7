import path from 'node:path';
import { diagnosticLocation, loadMappingTests } from '@roster/config';
import { type MappingTestResult, runMappingTestCase } from '@roster/engine';
import type { Command } from '../command.ts';
import { EXIT } from '../exit-codes.ts';
import { loadValidTenant } from '../load-valid-tenant.ts';
import { resolveTenantDirs } from '../tenant-dirs.ts';

const show = (value: unknown) => JSON.stringify(value);

export const testCommand: Command = {
  name: 'test',
  summary: "run each tenant's mapping tests (tests/*.yaml): rows in, expected fields or rejections out",
  usage: 'test [TENANT…]',
  options: {},
  async run(context, positionals) {
    const dirs = await resolveTenantDirs(context, positionals);
    const results: Array<{ tenant: string; results: MappingTestResult[]; problems: string[] }> = [];
    for (const dir of dirs) {
      const tenant = await loadValidTenant(context, dir);
      const loaded = await loadMappingTests(dir, context.userCwd);
      const problems = loaded.diagnostics
        .filter((d) => d.level === 'error')
        .map((d) => `${diagnosticLocation(d)} ${d.code} ${d.message}`);
      results.push({
        tenant: tenant.id,
        problems,
        results: loaded.cases.map((testCase) =>
          runMappingTestCase(tenant.mappings, tenant.tenant.key, testCase),
        ),
      });
    }
    const all = results.flatMap((entry) => entry.results);
    const failed = all.filter((result) => !result.passed);
    const broken = results.flatMap((entry) => entry.problems);
    if (context.json) {
      context.stdout.write(
        `${JSON.stringify(
          {
            passed: failed.length === 0 && broken.length === 0,
            cases: all.length,
            failed: failed.map((result) => ({
              file: result.testCase.file,
              line: result.testCase.line,
              name: result.testCase.name,
              mismatches: result.mismatches,
            })),
            problems: broken,
          },
          null,
          2,
        )}\n`,
      );
    } else {
      for (const entry of results) {
        const passed = entry.results.filter((result) => result.passed).length;
        context.stdout.write(
          `${entry.tenant}: ${passed}/${entry.results.length} cases passed${entry.results.length === 0 ? ' (no tests/*.yaml)' : ''}\n`,
        );
        for (const problem of entry.problems) context.stdout.write(`  ${problem}\n`);
        for (const result of entry.results.filter((r) => !r.passed)) {
          context.stdout.write(
            `  FAIL ${path.relative(context.userCwd, path.resolve(context.userCwd, result.testCase.file))}:${result.testCase.line} ${result.testCase.name}\n`,
          );
          for (const mismatch of result.mismatches) {
            context.stdout.write(
              `    ${mismatch.what}\n      expected ${show(mismatch.expected)}\n      actual   ${show(mismatch.actual)}\n`,
            );
          }
        }
      }
      context.stdout.write(`${all.length - failed.length} of ${all.length} mapping test cases passed\n`);
    }
    return failed.length === 0 && broken.length === 0 ? EXIT.ok : EXIT.bad;
  },
};
