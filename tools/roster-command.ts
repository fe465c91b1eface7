/**
 * `pnpm roster` as package.json defines it — Node's flags and the entry point — so that the demo and
 * the benchmark start the CLI exactly as users do (without pnpm's own start-up).
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

export function rosterCommand(): RosterCommand {
  const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const words = (manifest.scripts.roster ?? '').split(/\s+/);
  const main = words.at(-1);
  if (words[0] !== 'node' || main === undefined || !main.endsWith('.mjs')) {
    throw new Error(
      `package.json's "roster" script is not "node [flags] ENTRY.mjs": ${manifest.scripts.roster}`,
    );
  }
  return { nodeFlags: words.slice(1, -1), main: path.join(REPO_ROOT, main) };
}
