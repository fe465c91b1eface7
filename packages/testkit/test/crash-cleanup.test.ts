import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isPortOpen } from '../src/index.ts';
import { sweepStaleUsers } from '../src/os-users.ts';

interface Report {
  readonly sftpPort: number;
  readonly pgPort: number;
  readonly users: readonly string[];
  readonly homes: readonly string[];
}

const script = fileURLToPath(new URL('./helpers/start-and-leave.ts', import.meta.url));

function userExists(name: string): boolean {
  try {
    execFileSync('getent', ['passwd', name]);
    return true;
  } catch {
    return false;
  }
}

/** Starts the helper process and resolves with its report once both servers run. */
function startAndLeave(how: 'exit' | 'hang') {
  // Native mode: containers are reaped by testcontainers' own reaper, not by this kit.
  const env = { ...process.env, ROSTER_TESTKIT_MODE: 'native' };
  const child = spawn(process.execPath, [script, how], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const report = new Promise<Report>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('\n')) resolve(JSON.parse(output) as Report);
    });
    child.once('exit', (code) => reject(new Error(`helper exited (${code}) before reporting`)));
  });
  return { child, exited, report };
}

describe.runIf(
  process.getuid?.() === 0 && !process.env.ROSTER_TEST_SFTP_HOST && !process.env.ROSTER_TEST_DATABASE_URL,
)('servers left running by a test process', () => {
  it('are stopped and deleted by the exit handler when the process exits', async () => {
    const { report, exited } = startAndLeave('exit');
    const started = await report;
    await exited;
    expect(await isPortOpen('127.0.0.1', started.sftpPort)).toBe(false);
    expect(await isPortOpen('127.0.0.1', started.pgPort)).toBe(false);
    for (const user of started.users) expect(userExists(user)).toBe(false);
    for (const home of started.homes) expect(existsSync(home)).toBe(false);
  });

  it('die with a SIGKILLed process, and the next sweep deletes its users', async () => {
    const { child, report, exited } = startAndLeave('hang');
    const started = await report;
    child.kill('SIGKILL');
    await exited;
    await expect.poll(() => isPortOpen('127.0.0.1', started.sftpPort), { timeout: 10_000 }).toBe(false);
    await expect.poll(() => isPortOpen('127.0.0.1', started.pgPort), { timeout: 10_000 }).toBe(false);
    // No handler runs on SIGKILL: the users stay until a test process sweeps them (maybe another
    // suite running beside this one, so their presence here is not asserted).
    await sweepStaleUsers();
    for (const user of started.users) expect(userExists(user)).toBe(false);
    for (const home of started.homes) expect(existsSync(home)).toBe(false);
  });
});
