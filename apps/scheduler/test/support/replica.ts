/** A scheduler replica as production runs it: its own process, configured through the environment. */
import { type ChildProcess, spawn } from 'node:child_process';
import { findFreePort } from '@roster/testkit';
import { rosterCommand } from '../../../../tools/roster-command.ts';

/** Node's flags and the entry point of package.json's `scheduler` script, as production starts it. */
const SCHEDULER = rosterCommand('scheduler');

export interface Replica {
  readonly name: string;
  readonly port: number;
  readonly process: ChildProcess;
  logs(): string;
  /** Resolves with the exit code. */
  readonly exited: Promise<number | null>;
}

export async function startReplica(name: string, env: NodeJS.ProcessEnv): Promise<Replica> {
  const port = await findFreePort();
  const child = spawn(process.execPath, [...SCHEDULER.nodeFlags, SCHEDULER.main], {
    env: { ...process.env, PORT: String(port), ROSTER_INSTANCE: name, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const replica = { name, port, process: child, logs: () => output, exited };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`replica ${name} exited early:\n${output}`);
    const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return replica;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`replica ${name} did not become ready:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 120_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
