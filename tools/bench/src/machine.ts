/** The machine and software a benchmark ran on, for the record next to its figures. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCommand } from './run-command.ts';

/** The code being measured: the commit and a fingerprint of uncommitted changes outside tools/bench. */
export interface CodeState {
  readonly commit: string;
  readonly fingerprint: string;
}

/**
 * The work tree may be shared with someone editing the product while a long run goes on: the state is
 * taken at the start and the end, and the report says when they differ.
 */
export async function codeState(repoRoot: string): Promise<CodeState> {
  const commit = (await output('git', ['rev-parse', '--short', 'HEAD'], repoRoot)) || 'unknown';
  try {
    const outside = ['--', '.', ':(exclude)tools/bench'];
    const [diff, untracked] = await Promise.all([
      runCommand('git', ['diff', 'HEAD', ...outside], { cwd: repoRoot }),
      runCommand('git', ['ls-files', '--others', '--exclude-standard', ...outside], { cwd: repoRoot }),
    ]);
    const fingerprint = createHash('sha256')
      .update(commit)
      .update(diff.stdout)
      .update(untracked.stdout)
      .digest('hex');
    return { commit, fingerprint: fingerprint.slice(0, 12) };
  } catch {
    return { commit, fingerprint: 'unknown' };
  }
}

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly ramGiB: number;
  readonly kernel: string;
  readonly node: string;
  readonly postgres: string;
  readonly openssh: string;
  readonly commit: string;
  /** Files changed in the work tree against the commit: figures of uncommitted code say so. */
  readonly uncommittedFiles: number;
}

function cpuModel(): string {
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    return /^model name\s*:\s*(.+)$/m.exec(info)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown';
  } catch {
    return os.cpus()[0]?.model ?? 'unknown';
  }
}

async function output(command: string, args: readonly string[], cwd?: string): Promise<string> {
  try {
    const { stdout, stderr } = await runCommand(command, args, cwd === undefined ? {} : { cwd });
    return (stdout.trim() || stderr.trim()).split('\n')[0] ?? '';
  } catch {
    return 'unknown';
  }
}

export async function describeMachine(repoRoot: string, pgBinDir: string): Promise<Machine> {
  let uncommittedFiles = 0;
  try {
    const { stdout } = await runCommand('git', ['status', '--porcelain'], { cwd: repoRoot });
    uncommittedFiles = stdout.split('\n').filter((line) => line.trim() !== '').length;
  } catch {
    // Not a git checkout: nothing to say.
  }
  return {
    cpu: cpuModel(),
    cores: os.availableParallelism(),
    ramGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
    postgres: await output(path.join(pgBinDir, 'postgres'), ['--version']),
    openssh: await output('ssh', ['-V']),
    commit: (await output('git', ['rev-parse', '--short', 'HEAD'], repoRoot)) || 'unknown',
    uncommittedFiles,
  };
}
