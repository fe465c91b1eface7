/**
 * What an operator's `--approve` covers: the refusal they reviewed. It used to override any refusal,
 * of whatever file was newest when the approving run started: a sweep had a run refused for three
 * typos, then a header-only file uploaded, and `run --approve` applied that one, deactivating all 40
 * people for guards the operator never saw. An approval now applies only the file of the tenant's
 * last refusal (no run succeeded since), read with the same mappings, and only for the guards that
 * refusal named.
 */
import type { RunRecord } from '../ports/user-store.ts';
import type { GuardCode } from './guards.ts';

export interface ApprovedRun {
  readonly sha256: string;
  readonly configSha256: string;
  readonly guards: readonly GuardCode[];
}

/** Why `--approve` does not cover this run, or undefined when it does. */
export function approvalGap(reviewed: RunRecord | undefined, run: ApprovedRun): string | undefined {
  if (reviewed === undefined) {
    return '--approve applies a refusal you have reviewed, and no run of this tenant has been refused since its last success (`plan` records none: this run is now the refusal to review)';
  }
  const file = (sha256: string | null) => (sha256 ? `sha256 ${sha256.slice(0, 12)}…` : 'no recorded file');
  if (reviewed.fileSha256 !== run.sha256) {
    return `--approve applies the file that run ${reviewed.id} was refused for (${reviewed.fileName ?? 'its file'}, ${file(reviewed.fileSha256)}), and this run read another (${file(run.sha256)})`;
  }
  if (reviewed.configSha256 != null && reviewed.configSha256 !== run.configSha256) {
    return `--approve applies run ${reviewed.id}'s refusal, and the tenant's mappings or settings have changed since`;
  }
  const reviewedGuards = new Set((reviewed.guard ?? '').split(','));
  const unseen = run.guards.filter((guard) => !reviewedGuards.has(guard));
  if (unseen.length > 0) {
    return `--approve applies run ${reviewed.id}'s refusal (${reviewed.guard}), and this run also trips ${unseen.join(', ')}`;
  }
  return undefined;
}
