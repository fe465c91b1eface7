import { type Diagnostic, loadTenant } from '@roster/config';
import { mapWithConcurrency, RosterError } from '@roster/engine';
import { displayPath } from '../cli-context.ts';
import type { Command } from '../command.ts';
import { EXIT } from '../exit-codes.ts';
import {
  DIAGNOSTIC_FORMATS,
  type DiagnosticFormat,
  formatGithub,
  formatJson,
  formatText,
} from '../output/diagnostics-format.ts';
import { readSampleHeader } from '../sample-header.ts';
import { checkSampleRows } from '../sample-rows.ts';
import { resolveTenantDirs } from '../tenant-dirs.ts';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'check tenant folders: schema, meaning, and the mappings against each sample file',
  usage: 'validate [TENANT…] [--format text|json|github]',
  options: { format: { type: 'string' } },
  async run(context, positionals, values) {
    const format = (values.format as string | undefined) ?? (context.json ? 'json' : 'text');
    if (!DIAGNOSTIC_FORMATS.includes(format as DiagnosticFormat)) {
      throw new RosterError(
        'USAGE',
        `Invalid --format "${format}": must be one of ${DIAGNOSTIC_FORMATS.join(', ')}`,
      );
    }
    const dirs = await resolveTenantDirs(context, positionals);
    // Tenants are independent: load them concurrently (a few at a time keeps file handles bounded).
    const results = await mapWithConcurrency(dirs, 16, (dir) =>
      loadTenant(dir, { cwd: context.userCwd, readSampleHeader, checkSampleRows }),
    );
    const diagnostics: Diagnostic[] = results.flatMap((result) => result.diagnostics);
    const summary = {
      tenants: results.length,
      invalidTenants: results.filter((r) => !r.valid).length,
      diagnostics,
    };
    const output =
      format === 'json'
        ? formatJson(summary)
        : format === 'github'
          ? formatGithub(summary)
          : formatText(summary, context.stdout.isTTY === true && !context.env.NO_COLOR);
    context.stdout.write(output);
    if (results.length === 0) {
      context.stderr.write(`No tenant folders in ${displayPath(context, context.tenantsDir)}.\n`);
    }
    return summary.invalidTenants === 0 ? EXIT.ok : EXIT.bad;
  },
};
