/**
 * A/B of two Roster checkouts on one pair of servers: is a change faster, by how much, and is that
 * more than the machine's noise? The bench (`pnpm bench`) measures one checkout against the limit;
 * this alternates two, in one process, on the same files, so that the host's slow minutes fall on
 * both. Each side gets its own database, brought to the changed version's state once; then every
 * round times the hand-built limit and each side's step, in alternating order. The step is
 * `--force` over the changed version's state, the changed version applied over the first, or a first
 * load into a fresh database (the limit's matching step: its first load for `first`, else its changed
 * version). `--format` picks the file the sides read; the limit always reads the CSV.
 *
 *   pnpm bench:ab --b ../roster-base [--a .] [--rows 100000] [--runs 8] [--step force|changed|first]
 *     [--format csv|xlsx|json]
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
  'Usage: pnpm bench:ab --b CHECKOUT [--a CHECKOUT] [--rows N] [--runs K] [--step force|changed|first] [--format csv|xlsx|json] [--seed S]';
const STEPS = ['force', 'changed', 'first'] as const;
const FORMATS = ['csv', 'xlsx', 'json'] as const;
const { values } = parseArgs({
  options: {
    a: { type: 'string', default: '.' },
    b: { type: 'string' },
    rows: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '8' },
    step: { type: 'string', default: 'force' },
    format: { type: 'string', default: 'csv' },
    seed: { type: 'string', default: '42' },
  },
});
const rows = Number(values.rows);
const runs = Number(values.runs);
const step = STEPS.find((name) => name === values.step);
const format = FORMATS.find((name) => name === values.format);
if (
  values.b === undefined ||
  !Number.isInteger(rows) ||
  rows < 1 ||
  !Number.isInteger(runs) ||
  runs < 1 ||
  step === undefined ||
  format === undefined
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
  const requests = [
    { folder: 'csv', format: 'csv', rows } as const,
    ...(format === 'csv' ? [] : [{ folder: format, format, rows } as const]),
  ];
  const [csvFiles, files = csvFiles] = await prepareFiles(servers, requests, {
    seed: Number(values.seed),
    log,
  });
  if (csvFiles === undefined || files === undefined) throw new Error('no file set was prepared');
  const tenantsDir = path.join(workDir, 'tenants');
  const tenant = tenantOf(format);
  await writeTenant(tenantsDir, {
    id: tenant,
    format,
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

  /** A database with Roster's tables, and nobody in them. */
  const freshDatabase = async (side: (typeof sides)[number]) => {
    const url = await servers.createDatabase();
    succeeded(await roster(side, url, ['migrate']), `${side.name}: roster migrate`);
    return url;
  };
  const databases = new Map<string, string>();
  // A first load gets a fresh database every round instead.
  for (const side of step === 'first' ? [] : sides) {
    const url = await freshDatabase(side);
    databases.set(side.name, url);
    await toChangedState(side, url);
    succeeded(await runTenant(side, url, false), `${side.name}: the changed version`);
  }
  let limitUrl = await freshDatabase(sides[0] as (typeof sides)[number]);
  const limitDir = await mkdtemp(path.join(workDir, 'limit-'));
  const limitStep = async (version: 'first' | 'changed') => {
    await servers.checkpoint();
    const run = await runLimitStep(limitConnection(servers), {
      remotePath: path.posix.join(csvFiles.remote, fileName(version, 'csv')),
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
  // First loads read the first version in every round; nothing makes another one newest.
  if (step === 'first') await makeNewest(servers, files, 'first');
  for (let round = 0; round < runs; round++) {
    if (step === 'first') {
      limitUrl = await freshDatabase(sides[0] as (typeof sides)[number]);
      limit.push(await limitStep('first'));
    } else {
      limit.push(await limitStep('changed'));
    }
    for (const side of round % 2 === 0 ? sides : [...sides].reverse()) {
      let url = databases.get(side.name) as string;
      if (step === 'changed') await toChangedState(side, url);
      if (step === 'first') url = await freshDatabase(side);
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
    `${rows.toLocaleString('en-US')} rows of ${format.toUpperCase()}, step \`${step}\`, ${runs} rounds, medians (min–max) in ms; limit: the hand-built ${step === 'first' ? 'first load' : 'changed version'} (CSV)`,
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
