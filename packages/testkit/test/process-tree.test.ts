import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { descendantsOf, isProcessAlive, signalProcessTree } from '../src/process-tree.ts';

describe('signalProcessTree', () => {
  it('kills grandchildren that moved to their own session, as sshd sessions do', async () => {
    const parent = spawn('sh', ['-c', 'setsid sleep 300 & setsid sleep 301 & wait'], { stdio: 'ignore' });
    const pid = parent.pid ?? -1;
    await expect.poll(() => descendantsOf(pid).length, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    const tree = descendantsOf(pid);
    const exited = new Promise((resolve) => parent.once('exit', resolve));
    const signalled = signalProcessTree(pid, 'SIGKILL');
    expect(signalled).toEqual(expect.arrayContaining([pid, ...tree]));
    await exited;
    await sleep(50);
    for (const child of tree) expect(isProcessAlive(child)).toBe(false);
  });
});
