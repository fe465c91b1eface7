/**
 * Issue 6's targets, checked against one run's summaries. Benchmarks, never timed tests: a missed
 * target is reported with its figure, and the profile says where the time goes.
 */
import type { Contender, Step } from './bench-types.ts';
import type { StepSummary } from './summarise.ts';

export type Verdict = 'met' | 'missed' | 'not measured';

export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  readonly verdict: Verdict;
}

/** The CSV changed version's peak RSS of an earlier run at 100k rows, to check that memory stays flat. */
export interface RssReference {
  readonly rows: number;
  readonly peakMiB: number;
  readonly file: string;
}

const XLSX_TARGET_ROWS = 100_000;

export function checkTargets(summaries: readonly StepSummary[], reference?: RssReference): TargetCheck[] {
  const find = (contender: Contender, step: Step) =>
    summaries.find(
      (summary) =>
        summary.contender === contender && summary.step === step && summary.failures < summary.runs,
    );
  const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const verdict = (ok: boolean): Verdict => (ok ? 'met' : 'missed');
  const none = (target: string, why: string): TargetCheck => ({
    target,
    measured: why,
    verdict: 'not measured',
  });
  const checks: TargetCheck[] = [];

  const changed = find('csv', 'changed');
  const limitChanged = find('limit', 'changed');
  {
    const target = 'CSV changed version ≤ 1.5× the hand-built limit';
    if (changed?.ratioToLimit === undefined || limitChanged === undefined)
      checks.push(none(target, 'needs csv and limit'));
    else
      checks.push({
        target,
        measured: `${changed.ratioToLimit.toFixed(2)}× (${seconds(changed.wallMs.median)} vs ${seconds(limitChanged.wallMs.median)})`,
        verdict: verdict(changed.ratioToLimit <= 1.5),
      });
  }
  {
    const target = 'CSV changed version: Roster peak RSS ≤ 200 MiB';
    if (changed === undefined) checks.push(none(target, 'needs csv'));
    else {
      const peak = changed.clientPeakMiB.median;
      checks.push({ target, measured: `${peak.toFixed(0)} MiB`, verdict: verdict(peak <= 200) });
    }
  }
  {
    const target = 'CSV changed version: peak RSS within 10% of the 100k-row figure';
    if (changed === undefined) checks.push(none(target, 'needs csv'));
    else if (reference === undefined) checks.push(none(target, 'no 100k-row result to compare with'));
    else {
      const peak = changed.clientPeakMiB.median;
      const growth = peak / reference.peakMiB - 1;
      checks.push({
        target,
        measured: `${peak.toFixed(0)} MiB vs ${reference.peakMiB.toFixed(0)} MiB at ${reference.rows.toLocaleString('en-US')} rows (${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(0)}%, ${reference.file})`,
        verdict: verdict(Math.abs(growth) <= 0.1),
      });
    }
  }
  for (const [step, target] of [
    ['same', 'Same file again: skipped in well under a second (< 1 s)'],
    ['resent', 'Same content re-sent (a new modification time): skipped by checksum in < 1 s'],
  ] as const) {
    const skipped = find('csv', step);
    if (skipped === undefined) checks.push(none(target, 'needs csv'));
    else
      checks.push({
        target,
        measured: seconds(skipped.wallMs.median),
        verdict: verdict(skipped.wallMs.median < 1000),
      });
  }
  {
    const target = '`--force` (nothing to write) ≤ the limit’s changed version';
    const force = find('csv', 'force');
    if (force?.ratioToLimit === undefined || limitChanged === undefined)
      checks.push(none(target, 'needs csv and limit'));
    else
      checks.push({
        target,
        measured: `${seconds(force.wallMs.median)} vs ${seconds(limitChanged.wallMs.median)} (${force.ratioToLimit.toFixed(2)}×)`,
        verdict: verdict(force.ratioToLimit <= 1),
      });
  }
  {
    const target = 'XLSX 100k rows ≤ 3 s end to end (first load and changed version)';
    const first = find('xlsx', 'first');
    const second = find('xlsx', 'changed');
    if (first === undefined || second === undefined) checks.push(none(target, 'needs xlsx'));
    else if (Math.abs(first.rows - XLSX_TARGET_ROWS) > XLSX_TARGET_ROWS * 0.01)
      checks.push(none(target, `XLSX ran at ${first.rows.toLocaleString('en-US')} rows`));
    else {
      const worst = Math.max(first.wallMs.median, second.wallMs.median);
      checks.push({
        target,
        measured: `${seconds(first.wallMs.median)} first, ${seconds(second.wallMs.median)} changed`,
        verdict: verdict(worst <= 3000),
      });
    }
  }
  {
    const target = 'JSON within 1.3× of CSV (first load and changed version)';
    const pairs = (['first', 'changed'] as const).map(
      (step) => [find('json', step), find('csv', step)] as const,
    );
    if (pairs.some(([json, csv]) => json === undefined || csv === undefined))
      checks.push(none(target, 'needs json and csv'));
    else {
      const ratios = pairs.map(([json, csv]) => (json?.wallMs.median ?? 0) / (csv?.wallMs.median ?? 1));
      checks.push({
        target,
        measured: `${ratios[0]?.toFixed(2)}× first, ${ratios[1]?.toFixed(2)}× changed`,
        verdict: verdict(Math.max(...ratios) <= 1.3),
      });
    }
  }
  return checks;
}
