/** How a sync result reads: for people (what happened, in words) and for programs (the contract's JSON). */
import { styleText } from 'node:util';
import type { Rejection, SyncResult } from '@roster/engine';
import { formatCount } from './format-count.ts';
import { renderTable } from './table.ts';

export function resultJson(result: SyncResult): Record<string, unknown> {
  const { counts } = result;
  return {
    tenant: result.tenant,
    status: result.status,
    runId: result.runId ?? null,
    counts: {
      rows: counts.rows,
      valid: counts.valid,
      rejected: counts.rejected,
      created: counts.created,
      updated: counts.updated,
      unchanged: counts.unchanged,
      reactivated: counts.reactivated,
      deactivated: counts.deactivated,
      ignoredInactive: counts.ignoredInactive,
    },
    rejections: result.rejections,
    ...(result.file && { file: result.file }),
    ...(result.message && { message: result.message }),
    ...(result.error && { error: result.error }),
    refusals: result.refusals,
    approved: result.approved,
    ...(result.examples && { examples: result.examples }),
    warnings: result.warnings,
    durationMs: result.durationMs,
  };
}

export type Painter = (style: Parameters<typeof styleText>[0], text: string) => string;

export const painter =
  (color: boolean): Painter =>
  (style, text) =>
    color ? styleText(style, text) : text;

const STATUS_STYLE = { succeeded: 'green', refused: 'yellow', failed: 'red', skipped: 'cyan' } as const;

export function rejectionLines(rejections: readonly Rejection[], total: number, limit: number): string[] {
  const lines = rejections
    .slice(0, limit)
    .map(
      (r) =>
        `    line ${r.line}${r.key ? ` (${r.key})` : ''}${r.field ? ` ${r.field}` : ''}: ${r.code} ${r.message}`,
    );
  if (total > lines.length)
    lines.push(
      `    … and ${formatCount(total - lines.length)} more (roster history shows them; --json lists up to 10,000)`,
    );
  return lines;
}

/** A few lines that say what a run did, in words a newcomer understands. */
export function describeResult(
  result: SyncResult,
  paint: Painter,
  options: { rejectionLimit: number; verb: 'did' | 'would' },
): string {
  const { counts } = result;
  const title = `${paint('bold', result.tenant)}: ${paint(STATUS_STYLE[result.status], result.status)}${result.runId ? paint('dim', ` (run ${result.runId})`) : ''}`;
  const lines = [title];
  if (result.file)
    lines.push(
      `  file ${result.file.name} (${formatCount(result.file.size)} bytes, sha256 ${result.file.sha256.slice(0, 12)}…)`,
    );
  if (result.status === 'succeeded' || result.refusals.length > 0 || counts.rows > 0) {
    const would = options.verb === 'would' || result.status === 'refused' ? 'would be ' : '';
    const parts = [
      `${formatCount(counts.rows)} rows read`,
      `${formatCount(counts.created)} ${would}created`,
      `${formatCount(counts.updated)} ${would}updated`,
      `${formatCount(counts.reactivated)} ${would}reactivated`,
      `${formatCount(counts.deactivated)} ${would}deactivated`,
      `${formatCount(counts.unchanged)} unchanged`,
      `${formatCount(counts.rejected)} rejected`,
    ];
    if (counts.ignoredInactive > 0)
      parts.push(`${formatCount(counts.ignoredInactive)} new but already inactive (not created)`);
    lines.push(`  ${parts.join(', ')}`);
  }
  if (result.approved)
    lines.push(
      paint('yellow', `  approved by an operator despite: ${result.refusals.map((r) => r.guard).join(', ')}`),
    );
  if (result.status === 'refused')
    for (const refusal of result.refusals)
      lines.push(paint('yellow', `  refused (${refusal.guard}): ${refusal.message}`));
  else if (result.message && result.status !== 'succeeded')
    lines.push(`  ${result.status === 'failed' ? paint('red', result.message) : result.message}`);
  if (result.rejections.length > 0) {
    lines.push('  rejected rows:');
    lines.push(...rejectionLines(result.rejections, counts.rejected, options.rejectionLimit));
  }
  for (const warning of result.warnings) lines.push(paint('yellow', `  warning: ${warning}`));
  return lines.join('\n');
}

export function summaryTable(results: readonly SyncResult[]): string {
  return renderTable(
    [
      'tenant',
      'status',
      'rows',
      'created',
      'updated',
      'reactivated',
      'deactivated',
      'unchanged',
      'rejected',
      'seconds',
    ],
    results.map((r) => [
      r.tenant,
      r.status,
      r.counts.rows,
      r.counts.created,
      r.counts.updated,
      r.counts.reactivated,
      r.counts.deactivated,
      r.counts.unchanged,
      r.counts.rejected,
      (r.durationMs / 1000).toFixed(1),
    ]),
  );
}
