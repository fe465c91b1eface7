/**
 * Prints a result file as markdown again, e.g. for BENCHMARKS.md, re-reading its CPU profiles when
 * their folders are still there:
 *
 *   node tools/bench/src/render.ts tools/bench/results/<timestamp>-<rows>.json [--no-profiles]
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { REPO_ROOT } from '../../roster-command.ts';
import type { BenchResult } from './bench-result.ts';
import { summariseProfiles } from './cpu-profile.ts';
import { renderMarkdown } from './report.ts';

const file = process.argv[2];
if (file === undefined) {
  process.stderr.write('Usage: node tools/bench/src/render.ts RESULT.json [--no-profiles]\n');
  process.exit(2);
}
const result = JSON.parse(await readFile(file, 'utf8')) as BenchResult;
const profiles = await Promise.all(
  result.profiles.map(async (run) => {
    const dir = path.resolve(REPO_ROOT, run.dir);
    const statements = run.statements ?? [];
    if (run.dir === '' || !existsSync(dir)) return { ...run, statements };
    return { ...run, statements, threads: await summariseProfiles(dir, { repoRoot: REPO_ROOT, limit: 25 }) };
  }),
);
const withProfiles = !process.argv.includes('--no-profiles');
process.stdout.write(`${renderMarkdown({ ...result, profiles: withProfiles ? profiles : [] })}\n`);
