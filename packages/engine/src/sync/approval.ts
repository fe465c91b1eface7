/**
 * What an operator's `--approve` covers: the refusal they reviewed. It used to override any refusal,
 * of whatever file was newest when the approving run started: a sweep had a run refused for three
 * typos, then a header-only file uploaded, and `run --approve` applied that one, deactivating all 40
 * people for guards the operator never saw. An approval now applies only the file of the refusal the
 * operator names (`--approve-run N`), or of the tenant's last one when it is the only file refused
 * since the last success; read with the same mappings, and only for the guards that refusal named.
 */
import type { RunRecord } from '../ports/user-store.ts';
import type { GuardCode } from './guards.ts';

export interface ApprovedRun {
  readonly sha256: string;
  readonly configSha256: string;
  readonly guards: readonly GuardCode[];
}

/**
 * Why `--approve` does not cover this run, or undefined when it does. `refusals`: the tenant's refused
 * runs since its last success, newest first; `approveRun`: the one the operator names
 * (`--approve-run N`), else the newest — which must then be the only file refused since: a scheduled
 * run may have refused a newer upload after the operator's review (a review of this design found it:
 * the approval applied that unseen file).
 */
export function approvalGap(
  refusals: readonly RunRecord[],
  run: ApprovedRun,
  approveRun?: number,
): string | undefined {
  const reviewed =
    approveRun === undefined ? refusals[0] : refusals.find((refusal) => refusal.id === approveRun);
  if (reviewed === undefined) {
    return approveRun === undefined
      ? '--approve applies a refusal you have reviewed, and no run of this tenant has been refused since its last success (`plan` records none: this run is now the refusal to review)'
      : `--approve-run ${approveRun}: run ${approveRun} is not a refused run of this tenant since its last success (see roster history)`;
  }
  const file = (sha256: string | null) => (sha256 ? `sha256 ${sha256.slice(0, 12)}…` : 'no recorded file');
  if (approveRun === undefined) {
    const other = refusals.find((refusal) => refusal.fileSha256 !== reviewed.fileSha256);
    if (other !== undefined) {
      return `runs ${other.id} and ${reviewed.id} were refused for different files (${file(other.fileSha256)}, ${file(reviewed.fileSha256)}): name the refusal you reviewed, e.g. --approve-run ${reviewed.id}`;
    }
  }
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
