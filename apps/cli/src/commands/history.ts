import path from 'node:path';
import { RosterError } from '@roster/engine';
import type { Command } from '../command.ts';
import { EXIT } from '../exit-codes.ts';
import { rejectionLines } from '../output/sync-report.ts';
import { renderTable } from '../output/table.ts';
import { openRuntime } from '../runtime.ts';
import { resolveTenantDirs } from '../tenant-dirs.ts';

export const historyCommand: Command = {
  name: 'history',
  summary: 'past runs of a tenant with their counts and errors',
  usage: 'history TENANT [--limit N] [--rejections]',
  options: { limit: { type: 'string' }, rejections: { type: 'boolean' } },
  async run(context, positionals, values) {
    if (positionals.length !== 1) throw new RosterError('USAGE', 'Name one tenant');
    const limit = Number(values.limit ?? 20);
    if (!Number.isInteger(limit) || limit < 1)
      throw new RosterError('USAGE', `Invalid --limit "${String(values.limit)}"`);
    const [dir] = await resolveTenantDirs(context, positionals);
    const tenantId = path.basename(dir as string);
    await using runtime = await openRuntime(context);
    const runs = await runtime.store.history(tenantId, limit);
    if (context.json) {
      const withRejections = await Promise.all(
        runs.map(async (run) => ({ ...run, rejections: await runtime.store.rejectionsOf(run.id, 10_000) })),
      );
      context.stdout.write(`${JSON.stringify({ tenant: tenantId, runs: withRejections }, null, 2)}\n`);
      return EXIT.ok;
    }
    if (runs.length === 0) {
      context.stdout.write(`${tenantId}: no runs yet\n`);
      return EXIT.ok;
    }
    const table = renderTable(
      [
        'run',
        // toISOString: the times are UTC, whatever the machine's zone.
        'started (UTC)',
        'trigger',
        'status',
        'file',
        'rows',
        'created',
        'updated',
        'reactivated',
        'deactivated',
        'rejected',
        'note',
      ],
      runs.map((run) => [
        run.id,
        run.startedAt.toISOString().replace('T', ' ').slice(0, 19),
        run.trigger,
        run.status,
        run.fileName ?? '',
        run.counts.rows,
        run.counts.created,
        run.counts.updated,
        run.counts.reactivated,
        run.counts.deactivated,
        run.counts.rejected,
        [
          run.approved ? `approved ${run.guard ?? ''}`.trim() : '',
          run.status !== 'succeeded' ? (run.error ?? '').slice(0, 80) : '',
        ]
          .filter(Boolean)
          .join('; '),
      ]),
    );
    context.stdout.write(`${table}\n`);
    // Notes are whole sentences, too long for a column: under the table, newest run first.
    for (const run of runs.filter((r) => r.notes.length > 0)) {
      context.stdout.write(`\nrun ${run.id} notes:\n${run.notes.map((note) => `  ${note}`).join('\n')}\n`);
    }
    if (values.rejections === true) {
      for (const run of runs.filter((r) => r.counts.rejected > 0)) {
        context.stdout.write(
          `\nrun ${run.id} rejected rows:\n${rejectionLines(await runtime.store.rejectionsOf(run.id, 50), run.counts.rejected, 50).join('\n')}\n`,
        );
      }
    }
    return EXIT.ok;
  },
};
