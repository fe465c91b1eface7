import { createServer } from 'node:net';
import { TestkitError } from './testkit-error.ts';

/**
 * Asks the kernel for a free TCP port on `host` by binding port 0 and closing again. Another process
 * may take the port before our server binds it, so servers start through `startOnFreePort`, which
 * retries with a new port when that happens.
 */
export function findFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port: 0, host, exclusive: true }, () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port);
        else reject(new Error(`Could not read the port bound on ${host}`));
      });
    });
  });
}

/**
 * Runs `start` with a fresh free port until it does not fail with `PORT_IN_USE` (parallel suites can
 * race for the same port between our probe and the server's bind).
 */
export async function startOnFreePort<T>(start: (port: number) => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const port = await findFreePort();
    try {
      return await start(port);
    } catch (error) {
      const inUse = error instanceof TestkitError && error.code === 'PORT_IN_USE';
      if (!inUse || attempt >= attempts) throw error;
    }
  }
}
