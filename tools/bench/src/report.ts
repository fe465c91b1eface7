/** A benchmark run as markdown: the machine and command, one table of every step, the targets, the profiles. */
import type { BenchResult, ProfiledRun } from './bench-result.ts';
import { CONTENDER_LABELS, STEP_LABELS } from './bench-types.ts';
import { describeLoad } from './machine-load.ts';
import type { Spread } from './stats.ts';
import type { StepSummary } from './summarise.ts';

const int = (value: number) => Math.round(value).toLocaleString('en-US');
const sec = (ms: number) => (ms / 1000).toFixed(2);
const mib = (spread: Spread | undefined) => (spread === undefined ? '–' : spread.median.toFixed(0));
const cpu = (spread: Spread | undefined) => (spread === undefined ? '–' : (spread.median / 1000).toFixed(1));
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

const COUNT_NAMES: Readonly<Record<string, string>> = {
  created: 'created',
  updated: 'updated',
  unchanged: 'unchanged',
  reactivated: 'reactivated',
  deactivated: 'deactivated',
  rejected: 'rejected',
  ignoredInactive: 'ignored inactive',
  copy: 'COPY',
  merge: 'MERGE',
  update: 'UPDATE',
  loaded: 'loaded',
};

function resultCell(summary: StepSummary): string {
  const counts = Object.entries(COUNT_NAMES)
    .filter(([key]) => (summary.counts[key] ?? 0) > 0)
    .map(([key, name]) => `${name} ${int(summary.counts[key] ?? 0)}`)
    .join(', ');
  const outcome =
    summary.failures === 0
      ? summary.status
      : `**${summary.failures} of ${summary.runs} failed**: ${summary.errors[0]?.replaceAll('\n', ' ').replaceAll('|', '\\|').slice(0, 160) ?? ''}`;
  return counts === '' ? outcome : `${outcome}: ${counts}`;
}

function wallCell(spread: Spread): string {
  return spread.n > 1 ? `${sec(spread.median)} (${sec(spread.min)}–${sec(spread.max)})` : sec(spread.median);
}

export function summaryTable(summaries: readonly StepSummary[]): string {
  const lines = [
    '| contender | step | rows | wall s, median (min–max) | rows/s | × limit | client peak RSS MiB · CPU s | postgres peak RSS MiB (sum · largest process) · CPU s | sshd peak RSS MiB · CPU s | result |',
    '| --- | --- | --: | --: | --: | --: | --: | --: | --: | --- |',
  ];
  for (const summary of summaries) {
    lines.push(
      `| ${CONTENDER_LABELS[summary.contender]} | ${STEP_LABELS[summary.step]} | ${int(summary.rows)} | ${wallCell(summary.wallMs)} | ${int(summary.rowsPerSecond)} | ${summary.ratioToLimit === undefined ? '–' : `${summary.ratioToLimit.toFixed(2)}×`} | ${mib(summary.clientPeakMiB)} · ${cpu(summary.clientCpuMs)} | ${summary.postgresSumMiB === undefined ? '–' : `(${mib(summary.postgresSumMiB)} · ${mib(summary.postgresMaxMiB)}) · ${cpu(summary.postgresCpuMs)}`} | ${summary.sshdSumMiB === undefined ? '–' : `${mib(summary.sshdSumMiB)} · ${cpu(summary.sshdCpuMs)}`} | ${resultCell(summary)} |`,
    );
  }
  return lines.join('\n');
}

function phaseLines(summaries: readonly StepSummary[]): string[] {
  return summaries
    .filter((summary) => summary.phases.length > 0)
    .map(
      (summary) =>
        `- ${CONTENDER_LABELS[summary.contender]}, ${STEP_LABELS[summary.step]}: ${summary.phases
          .map(
            (phase) =>
              `${phase.name} ${sec(phase.wallMs.median)} s (peak ${phase.peakMiB.median.toFixed(0)} MiB, CPU ${cpu(phase.cpuMs)} s)`,
          )
          .join(', ')}`,
    );
}

function statementLines(run: ProfiledRun, limit: number): string[] {
  if (run.statements.length === 0) return [];
  const total = run.statements.reduce((sum, statement) => sum + statement.ms, 0);
  return [
    `#### ${CONTENDER_LABELS[run.contender]}, ${STEP_LABELS[run.step]} — PostgreSQL: ${sec(total)} s in logged statements (run ${sec(run.wallMs)} s)`,
    '',
    '| server ms | times | statement |',
    '| --: | --: | --- |',
    ...run.statements
      .slice(0, limit)
      .map(
        (each) =>
          `| ${int(each.ms)} | ${each.count} | \`${each.statement.replaceAll('|', '\\|').replaceAll('`', "'")}\` |`,
      ),
    '',
  ];
}

export function profileSection(profiles: readonly ProfiledRun[], limit = 15): string {
  const parts: string[] = [];
  for (const run of profiles) {
    run.threads.forEach((thread, index) => {
      const name = index === 0 ? 'main thread' : `worker thread ${index}`;
      parts.push(
        `#### ${CONTENDER_LABELS[run.contender]}, ${STEP_LABELS[run.step]} — ${name}: ${sec(thread.busyMs)} s busy, ${sec(thread.idleMs)} s idle (run ${sec(run.wallMs)} s under the profiler)`,
        '',
        '| self ms | % of busy | function | where |',
        '| --: | --: | --- | --- |',
        ...thread.functions
          .slice(0, limit)
          .map(
            (fn) =>
              `| ${int(fn.selfMs)} | ${fn.percent.toFixed(1)} | \`${fn.name.replaceAll('|', '\\|')}\` | ${fn.location || '–'} |`,
          ),
        '',
        `By package: ${thread.packages
          .slice(0, 8)
          .map((pkg) => `${pkg.name} ${pkg.percent.toFixed(0)}%`)
          .join(', ')}`,
        '',
      );
    });
    parts.push(...statementLines(run, 10));
  }
  return parts.join('\n');
}

export function renderMarkdown(result: BenchResult): string {
  const { machine, options } = result;
  const csv = result.files.find((file) => file.folder === 'csv' && file.version === 'first');
  const describeFiles = ['csv', 'xlsx', 'json', 'pglite']
    .map((folder) => {
      const first = result.files.find((file) => file.folder === folder && file.version === 'first');
      const changed = result.files.find((file) => file.folder === folder && file.version === 'changed');
      if (first === undefined || changed === undefined) return undefined;
      const quoted =
        folder === 'csv'
          ? `, ${((first.quotedRows / first.rows) * 100).toFixed(0)}% of rows with a quoted field`
          : '';
      return `${folder} ${int(first.rows)} rows ${mb(first.bytes)}${quoted}; changed version ${int(changed.rows)} rows ${mb(changed.bytes)}`;
    })
    .filter((line) => line !== undefined);
  const pgloader =
    result.pgloader === undefined
      ? []
      : result.pgloader.available
        ? [`pgloader: ${result.pgloader.version}.`]
        : [`**pgloader not measured**: ${result.pgloader.reason}.`];
  const code = result.code;
  const changed =
    code !== undefined && code.atStart.fingerprint !== code.atEnd.fingerprint
      ? [
          `**The product code changed during this run** (${code.atStart.commit} → ${code.atEnd.commit}, or uncommitted edits): its figures mix versions.`,
          '',
        ]
      : [];
  const uncommitted =
    machine.uncommittedFiles === 1 ? '1 uncommitted path' : `${machine.uncommittedFiles} uncommitted paths`;
  return [
    `### ${int(csv?.rows ?? options.rows)} rows`,
    '',
    ...changed,
    `\`${result.command}\` — ${options.runs} run${options.runs === 1 ? '' : 's'}, contenders alternated, medians (min–max); ${result.startedAt.slice(0, 16).replace('T', ' ')} UTC, ${(result.durationMs / 60_000).toFixed(1)} min in all; commit ${machine.commit}${machine.uncommittedFiles > 0 ? ` with ${uncommitted}` : ''}.`,
    '',
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.ramGiB} GiB RAM, ${machine.kernel}; Node ${machine.node}; ${machine.postgres}; ${machine.openssh}.`,
    '',
    `Other work on the machine: at the start ${describeLoad(result.load.atStart)}; at the end ${describeLoad(result.load.atEnd)}.`,
    ...(pgloader.length > 0 ? ['', ...pgloader] : []),
    '',
    `Files (seed ${options.seed}): ${describeFiles.join(' · ')}.`,
    '',
    summaryTable(result.summaries),
    '',
    ...phaseLines(result.summaries),
    '',
    '| target | measured | verdict |',
    '| --- | --- | --- |',
    ...result.targets.map(
      (check) =>
        `| ${check.target} | ${check.measured} | ${check.verdict === 'missed' ? '**missed**' : check.verdict} |`,
    ),
    '',
    ...(result.profiles.length > 0
      ? ['#### CPU profiles and database time (`--profile`, not timed)', '', profileSection(result.profiles)]
      : []),
  ].join('\n');
}
