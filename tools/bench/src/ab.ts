/**
 * A/B of two Roster checkouts on one pair of servers: is a change faster, by how much, and is that
 * more than the machine's noise? The bench (`pnpm bench`) measures one checkout against the limit;
 * this alternates two, in one process, on the same files, so that the host's slow minutes fall on
 * both. Each side gets its own database, brought to the changed version's state once; then every
 * round times the hand-built limit's changed version and each side's step, in alternating order.
 *
 *   pnpm bench:ab --b ../roster-base [--a .] [--rows 100000] [--runs 8] [--step force|changed]
 *
 * A side is a checkout with its dependencies installed and its CLI bundle built, e.g.
 *   git worktree add ../roster-base HEAD~1
 *   (cd ../roster-base && pnpm install --frozen-lockfile && node apps/cli/scripts/build.ts)
 * It runs as that checkout's `pnpm roster` would (its package.json's Node flags and entry point).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { rosterCommand } from '../../roster-command.ts';
import { startBenchServers } from './bench-servers.ts';
import { limitConnection, makeNewest, rosterConnection, tenantOf } from './contenders.ts';
import { runLimitStep } from './hand-built-limit.ts';
import { measureProcess, type ProcessMeasurement } from './measure-process.ts';
import { fileName, prepareFiles } from './prepare-files.ts';
import { writeTenant } from './roster-tenant.ts';
import { type Spread, spreadOf } from './stats.ts';

const USAGE =
  'Usage: pnpm bench:ab --b CHECKOUT [--a CHECKOUT] [--rows N] [--runs K] [--step force|changed] [--seed S]';
const { values } = parseArgs({
  options: {
    a: { type: 'string', default: '.' },
    b: { type: 'string' },
    rows: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '8' },
    step: { type: 'string', default: 'force' },
    seed: { type: 'string', default: '42' },
  },
});
const rows = Number(values.rows);
const runs = Number(values.runs);
const step = values.step;
if (
  values.b === undefined ||
  !Number.isInteger(rows) ||
  rows < 1 ||
  !Number.isInteger(runs) ||
  runs < 1 ||
  (step !== 'force' && step !== 'changed')
) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(2);
}
const log = (line: string) => process.stderr.write(`${line}\n`);
// `pnpm bench:ab` runs in the repository's root; paths are the user's, from where pnpm was started.
const from = process.env.INIT_CWD ?? process.cwd();
const sides = [
  { name: 'A', root: path.resolve(from, values.a) },
  { name: 'B', root: path.resolve(from, values.b) },
].map((side) => ({ ...side, command: rosterCommand('roster', side.root) }));

interface Measured {
  readonly wallMs: number[];
  readonly cpuMs: number[];
  readonly postgresCpuMs: number[];
  readonly peakMiB: number[];
}

await using servers = await startBenchServers();
const workDir = await mkdtemp(path.join(tmpdir(), 'roster-ab-'));
try {
  log(`generating and uploading ${rows.toLocaleString('en-US')} rows…`);
  const [files] = await prepareFiles(servers, [{ folder: 'csv', format: 'csv', rows }], {
    seed: Number(values.seed),
    log,
  });
  if (files === undefined) throw new Error('no file set was prepared');
  const tenantsDir = path.join(workDir, 'tenants');
  const tenant = tenantOf('csv');
  await writeTenant(tenantsDir, {
    id: tenant,
    format: 'csv',
    remoteDir: files.remote,
    connection: rosterConnection(servers),
  });
  const roster = (side: (typeof sides)[number], url: string, args: readonly string[]) =>
    measureProcess(process.execPath, [...side.command.nodeFlags, side.command.main, ...args], {
      cwd: side.root,
      env: { ...process.env, DATABASE_URL: url, NO_COLOR: '1', INIT_CWD: '' },
      servers: [servers.postgresWatch],
    });
  const runTenant = (side: (typeof sides)[number], url: string, force: boolean) =>
    roster(side, url, ['run', tenant, '--tenants', tenantsDir, '--json', ...(force ? ['--force'] : [])]);
  const succeeded = (run: ProcessMeasurement, what: string) => {
    if (run.exitCode !== 0)
      throw new Error(`${what} failed (exit ${run.exitCode}):\n${run.stderr}${run.stdout}`);
  };
  /** The changed version applied over the first: the state a `--force` run starts from. */
  const toChangedState = async (side: (typeof sides)[number], url: string) => {
    await makeNewest(servers, files, 'first');
    succeeded(await runTenant(side, url, false), `${side.name}: the first version`);
    await makeNewest(servers, files, 'changed');
  };

  const databases = new Map<string, string>();
  for (const side of sides) {
    const url = await servers.createDatabase();
    databases.set(side.name, url);
    succeeded(await roster(side, url, ['migrate']), `${side.name}: roster migrate`);
    await toChangedState(side, url);
    succeeded(await runTenant(side, url, false), `${side.name}: the changed version`);
  }
  const limitUrl = await servers.createDatabase();
  succeeded(await roster(sides[0] as (typeof sides)[number], limitUrl, ['migrate']), 'limit: roster migrate');
  const limitDir = await mkdtemp(path.join(workDir, 'limit-'));
  const limitStep = async (version: 'first' | 'changed') => {
    await servers.checkpoint();
    const run = await runLimitStep(limitConnection(servers), {
      remotePath: path.posix.join(files.remote, fileName(version, 'csv')),
      databaseUrl: limitUrl,
      tenantId: 'bench-limit',
      workDir: limitDir,
      psql: servers.psql,
      sshd: servers.sshdWatch,
      postgres: servers.postgresWatch,
    });
    return run.download.wallMs + (run.apply?.wallMs ?? 0);
  };
  await limitStep('first');

  const limit: number[] = [];
  const measured = new Map<string, Measured>(
    sides.map((side) => [side.name, { wallMs: [], cpuMs: [], postgresCpuMs: [], peakMiB: [] }]),
  );
  for (let round = 0; round < runs; round++) {
    limit.push(await limitStep('changed'));
    for (const side of round % 2 === 0 ? sides : [...sides].reverse()) {
      const url = databases.get(side.name) as string;
      if (step === 'changed') await toChangedState(side, url);
      await servers.checkpoint();
      const run = await runTenant(side, url, step === 'force');
      succeeded(run, `${side.name}: ${step}`);
      const into = measured.get(side.name) as Measured;
      into.wallMs.push(run.wallMs);
      into.cpuMs.push(run.cpuMs);
      into.postgresCpuMs.push(run.servers.find((peak) => peak.server === 'postgres')?.cpuMs ?? 0);
      into.peakMiB.push(run.peakRssKiB / 1024);
    }
    log(`round ${round + 1} of ${runs} done`);
  }

  const shown = (spread: Spread) =>
    `${Math.round(spread.median)} (${Math.round(spread.min)}–${Math.round(spread.max)})`;
  const limitSpread = spreadOf(limit);
  const lines = [
    `${rows.toLocaleString('en-US')} rows, step \`${step}\`, ${runs} rounds, medians (min–max) in ms; limit: the hand-built changed version`,
    '',
    '| side | checkout | wall | ratio to limit | client CPU | PostgreSQL CPU | peak RSS MiB |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    `| limit | sftp + psql | ${shown(limitSpread)} | 1.00× | | | |`,
    ...sides.map((side) => {
      const of = measured.get(side.name) as Measured;
      const wall = spreadOf(of.wallMs);
      return `| ${side.name} | ${side.root} | ${shown(wall)} | ${(wall.median / limitSpread.median).toFixed(2)}× | ${shown(spreadOf(of.cpuMs))} | ${shown(spreadOf(of.postgresCpuMs))} | ${Math.round(spreadOf(of.peakMiB).median)} |`;
    }),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  await rm(workDir, { recursive: true, force: true });
}
