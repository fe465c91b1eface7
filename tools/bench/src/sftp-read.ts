/**
 * Issue 3's figure: a large CSV (1M rows by default, ~124 MB) on the test kit's real sshd, fetched by
 * Roster's SFTP source (`download()`: tuned parallel reads into a private file), hashed as a run does,
 * then read by the CSV reader, then read and mapped as a run maps it. MB/s for each phase and the
 * process's peak RSS (`process.resourceUsage().maxRSS`, which only grows: the figure after a phase is
 * the peak up to and including it).
 *
 *   pnpm bench:sftp-read [--rows 1000000] [--runs 3] [--seed 42] [--json]
 */
import { rmSync } from 'node:fs';
import { chown, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadTenant, mappedColumns } from '@roster/config';
import { mapFile, sha256OfFile } from '@roster/engine';
import { csvReader } from '@roster/parsers';
import { openSftpSource } from '@roster/sftp';
import { secondsAgo, startSftpServer } from '@roster/testkit';
import { REPO_ROOT } from '../../roster-command.ts';
import { fileName } from './prepare-files.ts';
import { writeTenant } from './roster-tenant.ts';
import { runCommand } from './run-command.ts';
import { type Spread, spreadOf } from './stats.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    seed: { type: 'string', default: '42' },
    json: { type: 'boolean', default: false },
  },
});
const rows = Number(values.rows);
const runs = Number(values.runs);
if (!Number.isInteger(rows) || rows < 1 || !Number.isInteger(runs) || runs < 1) {
  process.stderr.write('Usage: pnpm bench:sftp-read [--rows N] [--runs K] [--seed S] [--json]\n');
  process.exit(2);
}
const log = (line: string) => process.stderr.write(`${line}\n`);
const peakMiB = () => process.resourceUsage().maxRSS / 1024; // maxRSS is in KiB
const MB = 1e6;

interface PhaseRun {
  readonly ms: number;
  readonly peakMiB: number;
}
const PHASES = ['download', 'sha256', 'read', 'read + map'] as const;
type PhaseName = (typeof PHASES)[number];

async function timed(run: () => Promise<unknown>): Promise<PhaseRun> {
  const started = performance.now();
  await run();
  return { ms: performance.now() - started, peakMiB: peakMiB() };
}

// Ctrl-C or a kill: exit through 'exit' handlers, where the test kit stops its server and deletes its users.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));
const startPeak = peakMiB();
await using server = await startSftpServer();
const user = server.users.key;
const work = await mkdtemp(path.join(tmpdir(), 'roster-sftp-read-'));
process.once('exit', () => rmSync(work, { recursive: true, force: true }));
try {
  // The file: generated in a child process (its memory is not ours), owned by the SFTP user.
  const name = fileName('first', 'csv');
  const remoteFile = path.join(user.uploadDir, name);
  log(`generating ${rows.toLocaleString('en-US')} rows…`);
  await runCommand(process.execPath, [
    path.join(import.meta.dirname, 'generate.ts'),
    ...['--format', 'csv', '--version', 'first', '--rows', String(rows), '--seed', String(values.seed)],
    ...['--path', remoteFile],
  ]);
  const owner = await stat(user.uploadDir);
  await chown(remoteFile, owner.uid, owner.gid);
  await user.setMtime(name, secondsAgo(600));

  // The mappings of the benchmark's CSV tenant, loaded as a run loads them.
  const tenantsDir = path.join(work, 'tenants');
  await mkdir(tenantsDir);
  const tenantDir = await writeTenant(tenantsDir, {
    id: 'bench-csv',
    format: 'csv',
    remoteDir: user.remoteUploadDir,
    connection: {
      host: server.host,
      port: server.port,
      username: user.username,
      privateKeyPath: user.privateKeyPath,
      hostKeyFingerprint: server.hostKeyFingerprint,
    },
  });
  const tenant = await loadTenant(tenantDir);
  if (tenant.mappings === undefined || tenant.tenant === undefined)
    throw new Error('the benchmark tenant is invalid');
  const mappings = tenant.mappings;

  await using source = await openSftpSource({
    host: server.host,
    port: server.port,
    username: user.username,
    privateKey: user.privateKey,
    hostKeys: [server.hostKeyFingerprint],
    connectTimeoutSeconds: 20,
    directory: user.remoteUploadDir,
    pattern: name,
    minAgeSeconds: 60,
    maxSizeMB: 4096,
    retries: 0,
  });
  const file = await source.pick();
  if (file === undefined) throw new Error(`${name} was not found over SFTP`);
  const baseline = peakMiB();
  log(
    `${(file.size / MB).toFixed(1)} MB over SFTP from ${server.mode} sshd; peak RSS before the first phase ${baseline.toFixed(0)} MiB`,
  );

  const results: Record<PhaseName, PhaseRun[]> = { download: [], sha256: [], read: [], 'read + map': [] };
  let readRows = 0;
  for (let run = 1; run <= runs; run++) {
    const local = path.join(work, `download-${run}`);
    results.download.push(await timed(() => source.download(file, local)));
    results.sha256.push(await timed(() => sha256OfFile(local)));
    results.read.push(
      await timed(async () => {
        const table = await csvReader()(local, { fileName: name, columns: [] });
        readRows = 0;
        for await (const batch of table.batches) readRows += batch.length;
      }),
    );
    results['read + map'].push(
      await timed(async () => {
        const mapped = await mapFile({
          path: local,
          fileName: name,
          reader: csvReader(),
          mappings,
          key: 'employee_id',
          columns: mappedColumns(mappings).map((column) => column.column),
          rejectionDetailLimit: 100,
        });
        for await (const _batch of mapped.batches) {
          // Mapping happens as the batches are pulled.
        }
        if (mapped.stats.rejected > 0)
          log(`  ${mapped.stats.rejected} rows rejected: ${mapped.stats.rejections[0]?.message}`);
      }),
    );
    await rm(local, { force: true });
    log(
      `run ${run}: ${PHASES.map((phase) => `${phase} ${((results[phase].at(-1)?.ms ?? 0) / 1000).toFixed(2)} s`).join(', ')}; peak RSS ${peakMiB().toFixed(0)} MiB`,
    );
  }

  const summary = PHASES.map((phase) => {
    const ms: Spread = spreadOf(results[phase].map((each) => each.ms));
    return {
      phase,
      ms,
      mbPerSecond: file.size / MB / (ms.median / 1000),
      rowsPerSecond: phase.startsWith('read') ? readRows / (ms.median / 1000) : undefined,
      // maxRSS only grows: the first run's reading after each phase shows what that phase added.
      peakMiBAfter: results[phase][0]?.peakMiB ?? 0,
    };
  });
  const result = {
    startedAt: new Date().toISOString(),
    command: ['pnpm bench:sftp-read', ...process.argv.slice(2)].join(' '),
    rows: readRows,
    fileBytes: file.size,
    runs,
    sshd: server.mode,
    peakMiBAtStart: Math.round(startPeak),
    peakMiBBeforeFirstPhase: Math.round(baseline),
    phases: summary,
  };
  const markdown = [
    `${readRows.toLocaleString('en-US')} rows, ${(file.size / MB).toFixed(1)} MB, ${runs} runs (medians, min–max); peak RSS before the first phase ${baseline.toFixed(0)} MiB`,
    '',
    '| phase | s | MB/s | rows/s | peak RSS after the phase (first run), MiB |',
    '| --- | --: | --: | --: | --: |',
    ...summary.map(
      (each) =>
        `| ${each.phase} | ${(each.ms.median / 1000).toFixed(2)} (${(each.ms.min / 1000).toFixed(2)}–${(each.ms.max / 1000).toFixed(2)}) | ${each.mbPerSecond.toFixed(0)} | ${each.rowsPerSecond === undefined ? '–' : Math.round(each.rowsPerSecond).toLocaleString('en-US')} | ${each.peakMiBAfter.toFixed(0)} |`,
    ),
  ].join('\n');
  const resultsDir = path.join(REPO_ROOT, 'tools/bench/results');
  await mkdir(resultsDir, { recursive: true });
  const stamp = result.startedAt.replaceAll(':', '-').replace(/\.\d+Z$/, 'Z');
  await writeFile(
    path.join(resultsDir, `${stamp}-sftp-read-${rows}.json`),
    `${JSON.stringify(result, null, 2)}\n`,
  );
  process.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : `${markdown}\n`);
} finally {
  await rm(work, { recursive: true, force: true });
}
