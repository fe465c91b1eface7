/**
 * Reads the `.cpuprofile` files `node --cpu-prof` writes (one per thread: the main thread and each
 * worker) and ranks functions by self time — time spent in the function's own code, not its callees —
 * and packages by the same measure, so that the next optimisation goes where the time goes.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
  readonly columnNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
}

/** The parts of V8's CPU profile format used here. */
export interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples?: readonly number[];
  readonly timeDeltas?: readonly number[];
}

export interface SelfTime {
  readonly name: string;
  /** `file:line` relative to the repository, or `package/file:line` for a dependency. */
  readonly location: string;
  readonly selfMs: number;
  /** Share of the profile's busy time (idle excluded). */
  readonly percent: number;
}

export interface ProfileSummary {
  readonly file: string;
  readonly totalMs: number;
  readonly idleMs: number;
  readonly busyMs: number;
  readonly functions: readonly SelfTime[];
  readonly packages: readonly SelfTime[];
}

/**
 * Self time per function of one profile, the `(idle)` node apart, largest first.
 *
 * @example
 * const summary = summariseProfile(JSON.parse(text), { file: 'CPU.cpuprofile', repoRoot, limit: 15 });
 * for (const fn of summary.functions) console.log(fn.selfMs, fn.name, fn.location);
 */
export function summariseProfile(
  profile: CpuProfile,
  options: { readonly file: string; readonly repoRoot: string; readonly limit: number },
): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const functions = new Map<string, { name: string; location: string; micros: number }>();
  const packages = new Map<string, number>();
  let idle = 0;
  let total = 0;
  for (let index = 0; index < samples.length; index++) {
    // A sample stands for the time until the next one.
    const micros = Math.max(0, deltas[index + 1] ?? 0);
    total += micros;
    const node = byId.get(samples[index] ?? -1);
    if (node === undefined) continue;
    const frame = node.callFrame;
    if (frame.functionName === '(idle)') {
      idle += micros;
      continue;
    }
    const location = locationOf(frame, options.repoRoot);
    const name = frame.functionName || '(anonymous)';
    const key = `${name}@${location}`;
    const entry = functions.get(key) ?? { name, location, micros: 0 };
    entry.micros += micros;
    functions.set(key, entry);
    const owner = packageOf(frame, options.repoRoot);
    packages.set(owner, (packages.get(owner) ?? 0) + micros);
  }
  const busy = total - idle;
  const percent = (micros: number) => (busy > 0 ? Math.round((micros / busy) * 1000) / 10 : 0);
  const ms = (micros: number) => Math.round(micros / 100) / 10;
  return {
    file: options.file,
    totalMs: ms(total),
    idleMs: ms(idle),
    busyMs: ms(busy),
    functions: [...functions.values()]
      .sort((a, b) => b.micros - a.micros)
      .slice(0, options.limit)
      .map((entry) => ({
        name: entry.name,
        location: entry.location,
        selfMs: ms(entry.micros),
        percent: percent(entry.micros),
      })),
    packages: [...packages.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, options.limit)
      .map(([name, micros]) => ({ name, location: '', selfMs: ms(micros), percent: percent(micros) })),
  };
}

/** Every profile in a folder (one per thread), main thread first (it is written first). */
export async function summariseProfiles(
  dir: string,
  options: { readonly repoRoot: string; readonly limit: number },
): Promise<ProfileSummary[]> {
  const files = (await readdir(dir)).filter((name) => name.endsWith('.cpuprofile')).sort();
  const summaries: ProfileSummary[] = [];
  for (const file of files) {
    const profile = JSON.parse(await readFile(path.join(dir, file), 'utf8')) as CpuProfile;
    summaries.push(summariseProfile(profile, { file: path.join(dir, file), ...options }));
  }
  return summaries;
}

const PNPM_PACKAGE = /node_modules\/\.pnpm\/[^/]+\/node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/;

function relativeUrl(url: string, repoRoot: string): string {
  const file = url.startsWith('file://') ? decodeURIComponent(new URL(url).pathname) : url;
  const dependency = PNPM_PACKAGE.exec(file);
  if (dependency) return `${dependency[1]}/${dependency[2]}`;
  return file.startsWith(`${repoRoot}/`) ? file.slice(repoRoot.length + 1) : file;
}

function locationOf(frame: CallFrame, repoRoot: string): string {
  if (frame.url === '') return frame.functionName.startsWith('(') ? '' : '(native)';
  return `${relativeUrl(frame.url, repoRoot)}:${frame.lineNumber + 1}`;
}

/** Who owns the code: a workspace package, a dependency, Node itself, or V8's own bookkeeping. */
function packageOf(frame: CallFrame, repoRoot: string): string {
  if (frame.url === '') return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
  if (frame.url.startsWith('node:')) return 'node: (Node.js internals)';
  const file = frame.url.startsWith('file://') ? decodeURIComponent(new URL(frame.url).pathname) : frame.url;
  const dependency = PNPM_PACKAGE.exec(file);
  if (dependency?.[1]) return dependency[1];
  const relative = relativeUrl(frame.url, repoRoot);
  const workspace = /^(packages|apps|tools)\/[^/]+/.exec(relative);
  return workspace ? workspace[0] : relative;
}
