/**
 * The result of a tenant's run that failed before it read anything (its config invalid, its database
 * down): nothing counted, the error kept, in the shape every run's result has, so that reports,
 * metrics, alerts and `--json` readers treat it like any failed run.
 */
import { ZERO_COUNTS } from '../ports/user-store.ts';
import type { SyncResult } from './run-sync.ts';

export function failedSyncResult(
  tenant: string,
  error: { readonly code: string; readonly message: string; readonly transient: boolean },
  runId?: number,
): SyncResult {
  return {
    tenant,
    status: 'failed',
    runId,
    counts: ZERO_COUNTS,
    rejections: [],
    refusals: [],
    approved: false,
    warnings: [],
    durationMs: 0,
    message: error.message,
    error: { code: error.code, message: error.message, transient: error.transient },
  };
}
