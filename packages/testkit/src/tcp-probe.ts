import { connect } from 'node:net';

/** True when something accepts TCP connections on host:port (within `timeoutMs`). */
export function isPortOpen(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Reads the first line an SSH server sends (`SSH-2.0-OpenSSH_9.2p1 …`). A listening socket is not
 * enough: sshd only answers with its banner once it can serve the connection.
 */
export function readSshBanner(host: string, port: number, timeoutMs = 2000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    let received = '';
    socket.setEncoding('latin1');
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      reject(new Error(`No SSH banner from ${host}:${port} within ${timeoutMs} ms`));
    });
    socket.on('data', (chunk: string) => {
      received += chunk;
      const end = received.indexOf('\n');
      if (end === -1) return;
      socket.destroy();
      const banner = received.slice(0, end).trim();
      if (banner.startsWith('SSH-2.0')) resolve(banner);
      else reject(new Error(`Not an SSH server on ${host}:${port}: it said ${JSON.stringify(banner)}`));
    });
    socket.once('error', reject);
    socket.once('close', () => reject(new Error(`${host}:${port} closed before sending an SSH banner`)));
  });
}
