import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { checkFile, RosterError, statLocalFile, toRosterError } from '@roster/engine';
import { readerForFile } from '@roster/parsers';
import { displayPath } from '../cli-context.ts';
import type { Command } from '../command.ts';
import { EXIT } from '../exit-codes.ts';
import { loadValidTenant } from '../load-valid-tenant.ts';
import { formatCount } from '../output/format-count.ts';
import { rejectionLines } from '../output/sync-report.ts';
import { renderTable } from '../output/table.ts';
import { resolveTenantDirs } from '../tenant-dirs.ts';

async function sampleOf(dir: string): Promise<string> {
  const sample = (await readdir(dir)).filter((name) => /^sample\.[A-Za-z0-9]+$/.test(name)).sort()[0];
  if (!sample)
    throw new RosterError('USAGE', `Tenant ${path.basename(dir)} has no sample.* file`, {
      hint: 'Pass the file to check with --file PATH',
    });
  return path.join(dir, sample);
}

const ZERO = { created: 0, updated: 0, unchanged: 0, reactivated: 0, deactivated: 0 };

export const checkCommand: Command = {
  name: 'check',
  summary:
    "read and map a local file (default: the tenant's sample) with no database: counts, a preview, every rejected row",
  usage: 'check TENANT [--file PATH]',
  options: { file: { type: 'string' } },
  async run(context, positionals, values) {
    if (positionals.length !== 1) throw new RosterError('USAGE', 'Name one tenant to check');
    const [dir = ''] = await resolveTenantDirs(context, positionals);
    const tenant = await loadValidTenant(context, dir);
    const file =
      typeof values.file === 'string' ? path.resolve(context.userCwd, values.file) : await sampleOf(dir);
    try {
      // As run and plan do: a mistyped path or a folder is named as such, not met mid-read.
      if (typeof values.file === 'string') await statLocalFile(file);
      const report = await checkFile({
        path: file,
        fileName: path.basename(file),
        reader: readerForFile(tenant.tenant.file),
        mappings: tenant.mappings,
        key: tenant.tenant.key,
      });
      if (context.json) {
        const counts = { rows: report.rows, valid: report.valid, rejected: report.rejected, ...ZERO };
        context.stdout.write(
          `${JSON.stringify({ tenant: tenant.id, status: 'succeeded', file: displayPath(context, file), header: report.header, counts, rejections: report.rejections, preview: report.preview, warnings: report.warnings }, null, 2)}\n`,
        );
      } else {
        const lines = [
          `${tenant.id}: ${displayPath(context, file)}`,
          `  ${formatCount(report.rows)} rows: ${formatCount(report.valid)} valid, ${formatCount(report.rejected)} rejected`,
          `  header: ${report.header.map((cell) => `"${cell}"`).join(', ')}`,
          ...report.warnings.map((warning) => `  warning: ${warning}`),
        ];
        if (report.preview.length > 0) {
          const table = renderTable(
            // Both identifiers, whichever is the key: under an e-mail key the employee id is what the
            // platform shows beside the person (and the key's column read the e-mail twice).
            ['line', 'employee_id', 'email', 'name', 'title', 'department', 'manager', 'hire date', 'status'],
            report.preview.map(({ line, fields }) => [
              line,
              fields.employee_id ?? '',
              fields.email ?? '',
              [fields.first_name, fields.last_name].filter(Boolean).join(' '),
              fields.job_title ?? '',
              fields.department ?? '',
              fields.manager_id ?? '',
              fields.hire_date ?? '',
              fields.status,
            ]),
          );
          lines.push('', table.replace(/^/gm, '  '));
        }
        if (report.rejections.length > 0)
          lines.push('', '  rejected rows:', ...rejectionLines(report.rejections, report.rejected, 200));
        context.stdout.write(`${lines.join('\n')}\n`);
      }
      return report.rejected === 0 ? EXIT.ok : EXIT.bad;
    } catch (thrown) {
      const error = toRosterError(thrown);
      if (context.json) {
        context.stdout.write(
          `${JSON.stringify({ tenant: tenant.id, status: 'failed', file: displayPath(context, file), error: { code: error.code, message: error.message }, counts: { rows: 0, valid: 0, rejected: 0, ...ZERO }, rejections: [], preview: [] }, null, 2)}\n`,
        );
        return EXIT.bad;
      }
      throw error;
    }
  },
};
