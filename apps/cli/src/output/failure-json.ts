/**
 * The `--json` output of a command that failed as a whole (its database down, its tenant's config
 * invalid): for `check`, `plan` and `run`, whose output the contract fixes, a failed result for each
 * tenant it was asked for — the same shape a tenant's failed run has, `error.transient` included —
 * so that a script reading `status` and `counts` is not handed an object without them.
 */
import { failedSyncResult, type RosterError } from '@roster/engine';
import { resultJson } from './sync-report.ts';

const RESULT_COMMANDS = new Set(['check', 'plan', 'run']);

const errorJson = (error: RosterError) => ({
  code: error.code,
  message: error.message,
  transient: error.transient,
});

/**
 * @example
 * failureJson('plan', ['acme'], error) // { tenant: 'acme', status: 'failed', counts: {…}, rejections: [], error: {…}, … }
 */
export function failureJson(command: string, tenants: readonly string[], error: RosterError): unknown {
  if (!RESULT_COMMANDS.has(command) || error.code === 'USAGE') return { error: errorJson(error) };
  const failed = (tenant: string | null) => ({
    ...resultJson(failedSyncResult(tenant ?? '', error)),
    tenant,
    ...(command === 'check' && { preview: [] }),
  });
  // `run --all` may fail before its tenants are known: one result for no tenant in particular.
  if (tenants.length === 0) return command === 'run' ? [failed(null)] : failed(null);
  // As the commands print them: one tenant's result alone, several in an array.
  const [only] = tenants;
  return tenants.length === 1 && only !== undefined ? failed(only) : tenants.map(failed);
}
