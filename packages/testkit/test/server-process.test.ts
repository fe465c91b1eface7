import { describe, expect, it } from 'vitest';
import { startOnFreePort } from '../src/free-port.ts';
import { ServerProcess } from '../src/server-process.ts';
import { TestkitError } from '../src/testkit-error.ts';

describe('ServerProcess.waitForLog', () => {
  it('resolves on the ready line', async () => {
    const server = new ServerProcess('sh', [
      '-c',
      'echo "Server listening on 127.0.0.1 port 1." >&2; sleep 30',
    ]);
    await server.waitForLog(/Server listening/, 5000, 'fake');
    await server.terminate('SIGKILL');
    expect(server.hasExited).toBe(true);
  });

  it('says PORT_IN_USE when the server could not bind', async () => {
    const server = new ServerProcess('sh', [
      '-c',
      'echo "error: Bind to port 1 failed: Address already in use." >&2; exit 255',
    ]);
    await expect(server.waitForLog(/Server listening/, 5000, 'fake')).rejects.toMatchObject({
      code: 'PORT_IN_USE',
    });
  });

  it('says START_FAILED with the log when the server exits', async () => {
    const server = new ServerProcess('sh', ['-c', 'echo "fatal: bad config line 3" >&2; exit 1']);
    const waiting = server.waitForLog(/Server listening/, 5000, 'fake');
    await expect(waiting).rejects.toMatchObject({ code: 'START_FAILED' });
    await expect(waiting).rejects.toThrow('bad config line 3');
  });
});

describe('startOnFreePort', () => {
  it('retries on another port when the first was taken', async () => {
    const tried: number[] = [];
    const port = await startOnFreePort(async (candidate) => {
      tried.push(candidate);
      if (tried.length < 3) throw new TestkitError('PORT_IN_USE', 'taken');
      return candidate;
    });
    expect(tried).toHaveLength(3);
    expect(port).toBe(tried[2]);
  });

  it('does not retry other failures', async () => {
    let calls = 0;
    const failing = startOnFreePort(async () => {
      calls++;
      throw new TestkitError('START_FAILED', 'broken');
    });
    await expect(failing).rejects.toMatchObject({ code: 'START_FAILED' });
    expect(calls).toBe(1);
  });
});
