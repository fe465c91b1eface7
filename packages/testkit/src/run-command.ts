import { spawn } from 'node:child_process';
import { TestkitError } from './testkit-error.ts';

export interface RunCommandOptions {
  /** Written to the command's standard input, which is then closed. */
  readonly input?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  readonly timeoutMs?: number;
  /** Resolve with the result instead of throwing when the command exits non-zero. */
  readonly allowFailure?: boolean;
}

export interface CommandResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a short helper command (useradd, ssh-keygen, initdb, psql…) and collects its output. Fails
 * with `COMMAND_FAILED` naming the command and its stderr, so setup errors are readable in CI logs.
 */
export function runCommand(
  file: string,
  args: readonly string[],
  options: RunCommandOptions = {},
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 60_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.once('error', (error) => {
      reject(new TestkitError('COMMAND_FAILED', `Could not run ${file}: ${error.message}`, { cause: error }));
    });
    child.once('close', (code, signal) => {
      const result = { code, stdout, stderr };
      if (code === 0 || options.allowFailure === true) {
        resolve(result);
        return;
      }
      const how = signal === null ? `exit code ${code}` : `signal ${signal}`;
      const output = (stderr.trim() || stdout.trim()).slice(-2000);
      reject(
        new TestkitError('COMMAND_FAILED', `Command failed (${how}): ${file} ${args.join(' ')}\n${output}`),
      );
    });
    child.stdin.on('error', () => {
      // The command may exit without reading its input; its exit code tells what went wrong.
    });
    child.stdin.end(options.input ?? '');
  });
}
