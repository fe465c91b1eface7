/** Runs a helper command (psql for setup, ssh-keygen, pgloader --version…) outside any measurement. */
import { execFile } from 'node:child_process';

export interface CommandOutput {
  readonly stdout: string;
  readonly stderr: string;
}

/** Resolves with the output; rejects naming the command and its stderr when it exits non-zero. */
export function runCommand(
  command: string,
  args: readonly string[],
  options: { readonly env?: NodeJS.ProcessEnv; readonly cwd?: string } = {},
): Promise<CommandOutput> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { env: options.env ?? process.env, cwd: options.cwd, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        if (error) {
          const output = (stderr.trim() || stdout.trim()).slice(-2000);
          reject(
            new Error(`${command} ${args.join(' ')} failed: ${error.message}\n${output}`, { cause: error }),
          );
          return;
        }
        resolve({ stdout, stderr });
      },
    );
  });
}

/** True when `command` runs (found on PATH and exits 0 with these arguments). */
export async function commandWorks(command: string, args: readonly string[]): Promise<boolean> {
  try {
    await runCommand(command, args);
    return true;
  } catch {
    return false;
  }
}
