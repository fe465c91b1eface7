import { type ChildProcess, spawn } from 'node:child_process';
import type { Socket } from 'node:net';
import { signalProcessTree } from './process-tree.ts';
import { TestkitError } from './testkit-error.ts';

const MAX_LOG_CHARS = 512 * 1024;

export interface SpawnServerOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
}

/**
 * A long-running server child (sshd, postgres) whose stdout and stderr are kept (the last 512 KiB) so
 * a failed test can show them, and whose startup is judged from its own log lines: "listening" from
 * our process proves that *our* server bound the port, not another suite's that took it meanwhile.
 */
export class ServerProcess {
  readonly pid: number;
  /** Resolves when the process has exited, with its exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  #child: ChildProcess;
  #log = '';
  #hasExited = false;
  /** Exited and its output read: the 'exit' event can come before the last lines of stderr. */
  #settled = false;
  #openStreams = 2;
  #listeners = new Set<() => void>();

  constructor(command: string, args: readonly string[], options: SpawnServerOptions = {}) {
    this.#child = spawn(command, args, {
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.exited = new Promise((resolve) => {
      this.#child.once('exit', (code) => {
        this.#hasExited = true;
        resolve(code);
        // A grandchild may hold the pipes open: don't wait for their end for long.
        setTimeout(() => this.#settle(true), 250).unref();
        this.#settle(false);
      });
      this.#child.once('error', (error) => {
        this.#append(`spawn failed: ${error.message}\n`);
        this.#hasExited = true;
        resolve(null);
        this.#settle(true);
      });
    });
    for (const stream of [this.#child.stdout, this.#child.stderr]) {
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => this.#append(chunk));
      stream?.once('end', () => {
        this.#openStreams--;
        this.#settle(false);
      });
      // A running test server must not keep the test process alive on its own.
      (stream as Socket | null)?.unref();
    }
    this.#child.unref();
    this.pid = this.#child.pid ?? -1;
  }

  get hasExited(): boolean {
    return this.#hasExited;
  }

  logs(): string {
    return this.#log;
  }

  /**
   * Resolves once the log matches `pattern`. Rejects if the process exits first (with `PORT_IN_USE`
   * when its log says the address was taken, so the caller retries on another port) or on timeout.
   */
  waitForLog(pattern: RegExp, timeoutMs: number, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (pattern.test(this.#log)) finish();
        else if (this.#settled) finish(this.#startError(what));
      };
      const timer = setTimeout(() => {
        finish(
          new TestkitError(
            'START_FAILED',
            `${what} did not become ready in ${timeoutMs} ms.\n${this.#tail()}`,
          ),
        );
      }, timeoutMs);
      const finish = (error?: Error) => {
        clearTimeout(timer);
        this.#listeners.delete(check);
        if (error === undefined) resolve();
        else reject(error);
      };
      this.#listeners.add(check);
      check();
    });
  }

  /** Signals the server and every process below it (see `signalProcessTree`). */
  signalTree(signal: NodeJS.Signals): void {
    if (this.pid > 0 && !this.#hasExited) signalProcessTree(this.pid, signal);
  }

  /**
   * Signals the tree and resolves once the server has exited. The child is unref'd so an idle server
   * never holds the test process open; while we wait for its exit it must be, or the wait is dropped.
   */
  async terminate(signal: NodeJS.Signals): Promise<void> {
    this.#child.ref();
    this.signalTree(signal);
    await this.exited;
  }

  /**
   * Asks the server alone to shut down with `signal` (its processes below are its business) and
   * SIGKILLs the whole tree if it has not exited after `graceMs`.
   */
  async shutdown(signal: NodeJS.Signals, graceMs: number): Promise<void> {
    if (this.#hasExited) return;
    this.#child.ref();
    this.#child.kill(signal);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(resolve, graceMs, 'late');
    });
    const outcome = await Promise.race([this.exited, late]);
    clearTimeout(timer);
    if (outcome === 'late') await this.terminate('SIGKILL');
  }

  #startError(what: string): TestkitError {
    if (/address already in use/i.test(this.#log)) {
      return new TestkitError('PORT_IN_USE', `${what} could not bind its port: address already in use`);
    }
    return new TestkitError('START_FAILED', `${what} exited during startup.\n${this.#tail()}`);
  }

  #tail(): string {
    return `Its log ends with:\n${this.#log.slice(-4000)}`;
  }

  #settle(force: boolean): void {
    if (this.#settled || !this.#hasExited || (!force && this.#openStreams > 0)) return;
    this.#settled = true;
    this.#notify();
  }

  #append(chunk: string): void {
    this.#log += chunk;
    if (this.#log.length > MAX_LOG_CHARS) this.#log = this.#log.slice(-MAX_LOG_CHARS);
    this.#notify();
  }

  #notify(): void {
    for (const listener of this.#listeners) listener();
  }
}
