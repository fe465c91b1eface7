/**
 * The roster commands Roster tells people to run next, written so that pasting them works: `pnpm
 * roster` as the README runs it, `--tenants DIR` again when the user gave it (without it the command
 * would look in tenants/ and fail with TENANT_NOT_FOUND), and every word a shell would split or
 * expand quoted.
 */
import path from 'node:path';
import { type CliContext, displayPath } from '../cli-context.ts';

/** Characters a POSIX shell passes through unquoted. */
const PLAIN_WORD = /^[A-Za-z0-9_\-./:=@%+,]+$/;

/**
 * A word for a POSIX shell: as it is when nothing in it is special, else in single quotes.
 *
 * @example
 * shellWord('acme'); // "acme"
 * shellWord('big co'); // "'big co'"
 */
function shellWord(word: string): string {
  return PLAIN_WORD.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * How the user can name the tenant in `dir` on the command line: its id when it is a folder of the
 * tenants folder, else its path from where they typed the command (with a `/`, so it is read as one).
 */
export function tenantArgument(context: CliContext, dir: string): string {
  if (path.dirname(path.resolve(dir)) === path.resolve(context.tenantsDir)) return path.basename(dir);
  const shown = displayPath(context, path.resolve(dir));
  return shown.includes('/') ? shown : `./${shown}`;
}

/**
 * A command line to print as a next step.
 *
 * @example
 * // after `pnpm roster init hr1 --from x.csv --tenants ../customers`
 * rosterCommandLine(context, ['check', 'hr1']); // "pnpm roster check hr1 --tenants ../customers"
 */
export function rosterCommandLine(context: CliContext, args: readonly string[]): string {
  const words = ['pnpm', 'roster', ...args];
  if (context.tenantsOption !== undefined) words.push('--tenants', context.tenantsOption);
  return words.map(shellWord).join(' ');
}
