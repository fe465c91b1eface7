/**
 * `pnpm bench`: Roster against the hand-built limit (`sftp` + `psql \copy` + MERGE) and pgloader, on
 * real servers from the test kit, in one run. Writes `tools/bench/results/<timestamp>-<rows>.json`
 * and `.md`; prints the markdown (or the JSON with `--json`). See tools/bench/README.md.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type BenchOptions, parseBenchOptions, USAGE, UsageError } from './bench-options.ts';
import type { BenchResult } from './bench-result.ts';
import { renderMarkdown } from './report.ts';
import { runBench } from './run-bench.ts';
import type { RssReference } from './targets.ts';

const RESULTS = path.resolve(import.meta.dirname, '../results');
const log = (line: string) => process.stderr.write(`${line}\n`);

/** The newest earlier result at 100k rows with a CSV changed-version figure, for the flat-memory target. */
async function rssReference(options: BenchOptions): Promise<RssReference | undefined> {
  if (options.rows <= 100_000) return undefined;
  let names: string[];
  try {
    names = (await readdir(RESULTS))
      .filter((name) => name.endsWith('.json'))
      .sort()
      .reverse();
  } catch {
    return undefined;
  }
  for (const name of names) {
    const result = JSON.parse(await readFile(path.join(RESULTS, name), 'utf8')) as BenchResult;
    const changed = result.summaries?.find(
      (summary) => summary.contender === 'csv' && summary.step === 'changed',
    );
    if (result.options?.rows === 100_000 && changed !== undefined && changed.failures < changed.runs) {
      return { rows: 100_000, peakMiB: changed.clientPeakMiB.median, file: `results/${name}` };
    }
  }
  return undefined;
}

async function main(argv: readonly string[]): Promise<number> {
  let options: BenchOptions | 'help';
  try {
    options = parseBenchOptions(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    log(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const stamp = new Date()
    .toISOString()
    .replaceAll(':', '-')
    .replace(/\.\d+Z$/, 'Z');
  const base = path.join(RESULTS, `${stamp}-${options.rows}`);
  await mkdir(RESULTS, { recursive: true });
  const result = await runBench({
    options,
    command: ['pnpm bench', ...argv].join(' '),
    profileDir: `${base}-profiles`,
    rssReference: await rssReference(options),
    log,
  });
  const markdown = renderMarkdown(result);
  await writeFile(`${base}.json`, `${JSON.stringify(result, null, 2)}\n`);
  await writeFile(`${base}.md`, `${markdown}\n`);
  log(`results: ${path.relative(process.cwd(), `${base}.json`)} and .md`);
  process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : `${markdown}\n`);
  return result.summaries.some((summary) => summary.failures > 0) ? 1 : 0;
}

// Ctrl-C or a kill: exit through 'exit' handlers, where the test kit stops its servers and deletes its users.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));
process.exitCode = await main(process.argv.slice(2));
