/**
 * `pnpm roster` and `pnpm scheduler` as package.json defines them — Node's flags and the entry point —
 * so that the demo, the benchmark, the soak test and the tests that start a process run exactly what
 * users run (without pnpm's own start-up).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..');

export interface RosterCommand {
  /** Node's flags, e.g. `--max-semi-space-size=16`. */
  readonly nodeFlags: readonly string[];
  /** The entry point's absolute path. */
  readonly main: string;
}

/** The command of `script` in the checkout at `root` (this one by default; `pnpm bench:ab` compares two). */
export function rosterCommand(script: 'roster' | 'scheduler' = 'roster', root = REPO_ROOT): RosterCommand {
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const command = manifest.scripts[script] ?? '';
  const words = command.split(/\s+/);
  const main = words.at(-1);
  if (words[0] !== 'node' || main === undefined || !main.endsWith('.mjs')) {
    throw new Error(`package.json's "${script}" script is not "node [flags] ENTRY.mjs": ${command}`);
  }
  return { nodeFlags: words.slice(1, -1), main: path.join(root, main) };
}
