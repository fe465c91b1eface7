import { spawn } from 'node:child_process';
import path from 'node:path';
import { rosterCommand } from '../../../../tools/roster-command.ts';

/** Node's flags and the entry point of package.json's `roster` script: the tests run what users run. */
const COMMAND = rosterCommand();

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `roster …` as a user would, in its own process, and collects what it printed. `entry` runs
 * another entry point instead of `pnpm roster`'s (without its Node flags), e.g. the installed binary.
 */
export function roster(
  args: readonly string[],
  options: {
    env?: NodeJS.ProcessEnv;
    cwd?: string;
    entry?: string;
    /** Sends SIGINT (Ctrl-C) once, `afterMs` after `when` first holds for what stderr has printed. */
    interrupt?: { readonly when: (stderr: string) => boolean; readonly afterMs: number };
  } = {},
): Promise<CliResult> {
  const command = options.entry === undefined ? [...COMMAND.nodeFlags, COMMAND.main] : [options.entry];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...command, ...args], {
      cwd: options.cwd ?? path.resolve(import.meta.dirname, '../../../..'),
      env: { ...process.env, NO_COLOR: '1', INIT_CWD: '', DATABASE_URL: '', ...options.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    let interrupted = false;
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (!interrupted && options.interrupt?.when(stderr)) {
        interrupted = true;
        setTimeout(() => child.kill('SIGINT'), options.interrupt.afterMs);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
