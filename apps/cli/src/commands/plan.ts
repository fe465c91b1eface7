import path from 'node:path';
import { RosterError, runSync } from '@roster/engine';
import type { Command } from '../command.ts';
import { EXIT, isConnectionFailure } from '../exit-codes.ts';
import { loadValidTenant } from '../load-valid-tenant.ts';
import { describeResult, painter, resultJson } from '../output/sync-report.ts';
import { openRuntime } from '../runtime.ts';
import { resolveTenantDirs } from '../tenant-dirs.ts';

const value = (v: unknown) => (v === null || v === undefined ? '∅' : JSON.stringify(v));

/** `1042 <ann@x.com>`, or the e-mail alone when it is the key (tenants keyed by e-mail). */
const person = (key: string, email: string | null | undefined) =>
  email === undefined || email === null || email === key ? key : `${key} <${email}>`;

export const planCommand: Command = {
  name: 'plan',
  summary: 'what a run would do against the database now, with examples; changes nothing',
  usage: 'plan TENANT [--file PATH] [--examples N] [--force]',
  options: { file: { type: 'string' }, examples: { type: 'string' }, force: { type: 'boolean' } },
  async run(context, positionals, values) {
    if (positionals.length !== 1) throw new RosterError('USAGE', 'Name one tenant to plan');
    const [dir] = await resolveTenantDirs(context, positionals);
    const tenant = await loadValidTenant(context, dir as string);
    const examples = Number(values.examples ?? 5);
    if (!Number.isInteger(examples) || examples < 0)
      throw new RosterError('USAGE', `Invalid --examples "${String(values.examples)}": a whole number ≥ 0`);
    await using runtime = await openRuntime(context);
    const result = await runSync(tenant, runtime.deps, {
      trigger: 'manual',
      dryRun: true,
      // As `run` would: a file already applied (with the same mappings) would be skipped.
      force: values.force === true,
      exampleLimit: examples,
      ...(typeof values.file === 'string' && { localFile: path.resolve(context.userCwd, values.file) }),
    });
    if (context.json) {
      context.stdout.write(`${JSON.stringify(resultJson(result), null, 2)}\n`);
    } else {
      const paint = painter(context.stdout.isTTY === true && !context.env.NO_COLOR);
      const lines = [describeResult(result, paint, { rejectionLimit: 10, verb: 'would' })];
      const ex = result.examples;
      if (ex) {
        if (ex.created.length > 0)
          lines.push(
            '  would create:',
            ...ex.created.map(
              (c) =>
                `    line ${c.line}: ${c.key === c.email ? '' : `${c.key} `}${c.name} <${c.email ?? ''}>`,
            ),
          );
        if (ex.updated.length > 0) {
          lines.push('  would update:');
          for (const u of ex.updated)
            lines.push(
              `    line ${u.line}: ${u.key}`,
              ...u.changes.map((c) => `      ${c.field}: ${value(c.before)} → ${value(c.after)}`),
            );
        }
        if (ex.reactivated.length > 0)
          lines.push(
            '  would reactivate:',
            ...ex.reactivated.map((r) => `    line ${r.line}: ${person(r.key, r.email)}`),
          );
        if (ex.deactivated.length > 0)
          lines.push(
            '  would deactivate:',
            ...ex.deactivated.map(
              (d) =>
                `    ${person(d.key, d.email)} (${d.reason === 'missing' ? 'not in the file' : 'inactive in the file'})`,
            ),
          );
      }
      lines.push(paint('dim', '  (plan changes nothing)'));
      context.stdout.write(`${lines.join('\n')}\n`);
    }
    if (result.status === 'failed')
      return result.error && isConnectionFailure(result.error) ? EXIT.unavailable : EXIT.bad;
    return result.status === 'refused' ? EXIT.bad : EXIT.ok;
  },
};
