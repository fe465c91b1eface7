/**
 * Measures `download()` of the SFTP source against a real sshd from the testkit: throughput and the
 * process's peak memory for a large CSV-like file, to show the file is never held in memory.
 *
 *   node scripts/measure-download.ts [--size-mb 120] [--runs 3]
 *
 * Native sshd needs root (see packages/testkit/README.md). Peak RSS is the whole process's, so the
 * baseline printed before the first download (node, the testkit, the generated file's writer) is
 * what the download adds to.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { secondsAgo, startSftpServer } from '@roster/testkit';
import { openSftpSource } from '../src/index.ts';

const { values } = parseArgs({
  options: { 'size-mb': { type: 'string', default: '120' }, runs: { type: 'string', default: '3' } },
});
const sizeMB = Number(values['size-mb']);
const runs = Number(values.runs);
const MB = 1024 * 1024;
const peakRssMB = () => process.resourceUsage().maxRSS / 1024; // maxRSS is in KiB

/** Distinct CSV rows (no two lines alike) until the file holds `bytes` bytes. */
async function writeCsv(file: string, bytes: number): Promise<number> {
  const out = createWriteStream(file, { flags: 'a' });
  let written = 0;
  for (let row = 0; written < bytes; ) {
    const lines: string[] = [];
    for (let i = 0; i < 10_000; i++, row++) {
      lines.push(
        `E${String(row).padStart(8, '0')},First${row % 977},Last${row % 1013},user${row}@example.com,Dept ${row % 97}\n`,
      );
    }
    const chunk = lines.join('');
    written += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return written;
}

await using server = await startSftpServer();
const user = server.users.password;
const remote = await user.writeFile('employees.csv', 'employee_id,first_name,last_name,email,department\n');
await writeCsv(remote, sizeMB * MB);
await user.setMtime('employees.csv', secondsAgo(600));
const dir = await mkdtemp(path.join(tmpdir(), 'roster-measure-'));
try {
  await using source = await openSftpSource({
    host: server.host,
    port: server.port,
    username: user.username,
    password: user.password,
    hostKeys: [server.hostKeyFingerprint],
    connectTimeoutSeconds: 20,
    directory: user.remoteUploadDir,
    pattern: 'employees.csv',
    minAgeSeconds: 60,
    maxSizeMB: 4096,
    retries: 0,
  });
  const file = await source.pick();
  if (file === undefined) throw new Error('the generated file was not found');
  const baseline = peakRssMB();
  console.log(
    `file: ${(file.size / MB).toFixed(1)} MiB over SFTP from ${server.mode} sshd on ${server.host}:${server.port}`,
  );
  console.log(`peak RSS before downloading: ${baseline.toFixed(0)} MiB`);
  const rates: number[] = [];
  for (let run = 1; run <= runs; run++) {
    const local = path.join(dir, `download-${run}`);
    const started = performance.now();
    await source.download(file, local);
    const seconds = (performance.now() - started) / 1000;
    rates.push(file.size / MB / seconds);
    console.log(
      `run ${run}: ${seconds.toFixed(2)} s, ${(file.size / MB / seconds).toFixed(0)} MiB/s, peak RSS so far ${peakRssMB().toFixed(0)} MiB`,
    );
    await rm(local);
  }
  const sorted = [...rates].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  console.log(
    JSON.stringify({
      fileMiB: Number((file.size / MB).toFixed(1)),
      runs,
      medianMiBps: Number(median.toFixed(1)),
      peakRssMiB: Math.round(peakRssMB()),
      baselinePeakRssMiB: Math.round(baseline),
    }),
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
