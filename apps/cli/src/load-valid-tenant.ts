import path from 'node:path';
import { type Diagnostic, diagnosticLocation, type LoadedTenant, loadTenant } from '@roster/config';
import { RosterError, type SyncTenant } from '@roster/engine';
import type { CliContext } from './cli-context.ts';
import { rosterCommandLine, tenantArgument } from './output/command-line.ts';
import { readSampleHeader } from './sample-header.ts';

const firstErrors = (diagnostics: readonly Diagnostic[]) =>
  diagnostics
    .filter((d) => d.level === 'error')
    .slice(0, 3)
    .map((d) => `${diagnosticLocation(d)} ${d.code} ${d.message}`)
    .join('\n  ');

/** Loads a tenant that a command is about to use; an invalid one stops the command with its first errors. */
export async function loadValidTenant(
  context: CliContext,
  dir: string,
  options: { checkSample?: boolean } = {},
): Promise<LoadedTenant & SyncTenant> {
  const loaded = await loadTenant(dir, {
    cwd: context.userCwd,
    ...(options.checkSample && { readSampleHeader }),
  });
  if (!loaded.valid || !loaded.tenant || !loaded.mappings) {
    throw new RosterError(
      'CONFIG_INVALID',
      `Tenant ${path.basename(dir)} is invalid:\n  ${firstErrors(loaded.diagnostics)}`,
      {
        hint: `Run \`${rosterCommandLine(context, ['validate', tenantArgument(context, dir)])}\` for every problem`,
      },
    );
  }
  return { ...loaded, tenant: loaded.tenant, mappings: loaded.mappings };
}
