/**
 * A tenant's SFTP folder as a file source, on ssh2-sftp-client: the server's host key checked against
 * the pinned fingerprints, a connect timeout and keepalive, retries for transient failures only, the
 * newest matching file downloaded with parallel reads and its size checked against the server's.
 */
import { stat } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { type FileSource, RosterError, type SourceFile } from '@roster/engine';
import SftpClient from 'ssh2-sftp-client';
import { fingerprintOf, normalizeFingerprint } from './host-key.ts';
import { archiveName, pickNewest } from './pick-newest.ts';
import { withRetry } from './retry.ts';

export interface SftpCredentials {
  readonly username: string;
  readonly password?: string;
  readonly privateKey?: string;
  readonly passphrase?: string;
}

export interface SftpEndpoint {
  readonly host: string;
  readonly port: number;
  readonly connectTimeoutSeconds: number;
}

export interface SftpSourceOptions extends SftpEndpoint, SftpCredentials {
  /** Pinned `SHA256:` fingerprints; any one may match (key rotation). */
  readonly hostKeys: readonly string[];
  readonly directory: string;
  readonly pattern: string;
  readonly minAgeSeconds: number;
  readonly maxSizeMB: number;
  readonly retries: number;
  readonly now?: () => Date;
  readonly onRetry?: (attempt: number, error: unknown, delayMs: number) => void;
}

/** Parallel reads measured fastest here: 189 MB/s against 73 MB/s with the library's defaults. */
const FAST_GET = { concurrency: 128, chunkSize: 65_536 };
const END_TIMEOUT_MS = 5_000;

const where = (endpoint: SftpEndpoint) => `${endpoint.host}:${endpoint.port}`;

/** A TCP connection with Nagle's algorithm off (it throttles SFTP's small requests to a crawl). */
function openSocket(endpoint: SftpEndpoint): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: endpoint.host, port: endpoint.port });
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 10_000);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new RosterError('CONNECTION_FAILED', `Connecting to ${where(endpoint)} timed out after ${endpoint.connectTimeoutSeconds} s`, { transient: true, hint: 'Check the host, the port and the firewall' }));
    }, endpoint.connectTimeoutSeconds * 1000);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new RosterError('CONNECTION_FAILED', `Cannot connect to ${where(endpoint)}: ${error.code ?? error.message}`, { transient: true, cause: error, hint: 'Check the host, the port and the firewall' }));
    });
  });
}

function classifyConnectError(error: unknown, endpoint: SftpEndpoint, presented: string | undefined, pinned: ReadonlySet<string>): RosterError {
  if (error instanceof RosterError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (presented !== undefined && !pinned.has(normalizeFingerprint(presented))) {
    return new RosterError('HOST_KEY_MISMATCH', `The server at ${where(endpoint)} presented the host key ${presented}, which is not pinned in connection.hostKey (${[...pinned].join(', ')}); the connection was refused`, {
      hint: 'If the customer rotated their key, confirm the new fingerprint with them out of band and add it to connection.hostKey',
    });
  }
  if (/authentication methods failed|authentication failed|permission denied/i.test(message)) {
    return new RosterError('AUTH_FAILED', `The server at ${where(endpoint)} refused the credentials`, { cause: error, hint: 'Check the username and the password or key the secret references point to' });
  }
  if (/privateKey|private key|passphrase|bad decrypt|Unsupported key format/i.test(message)) {
    return new RosterError('AUTH_FAILED', `The private key could not be used: ${message}`, { cause: error, hint: 'Check the key file and its passphrase' });
  }
  return new RosterError('CONNECTION_FAILED', `The SSH connection to ${where(endpoint)} failed: ${message}`, { cause: error, transient: true });
}

function transferError(error: unknown, doing: string): RosterError {
  if (error instanceof RosterError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new RosterError('TRANSFER_FAILED', `SFTP failed while ${doing}: ${message}`, { cause: error, transient: true, hint: 'Nothing was applied; the run can be retried' });
}

interface Connected {
  readonly client: SftpClient;
  readonly socket: net.Socket;
}

async function connectOnce(options: SftpSourceOptions): Promise<Connected> {
  const pinned = new Set(options.hostKeys.map(normalizeFingerprint));
  const socket = await openSocket(options);
  const client = new SftpClient('roster');
  client.on('error', () => {}); // reported through the failing call instead of crashing the process
  let presented: string | undefined;
  try {
    await client.connect({
      sock: socket,
      username: options.username,
      ...(options.password !== undefined && { password: options.password }),
      ...(options.privateKey !== undefined && { privateKey: options.privateKey }),
      ...(options.passphrase !== undefined && { passphrase: options.passphrase }),
      readyTimeout: options.connectTimeoutSeconds * 1000,
      keepaliveInterval: 10_000,
      keepaliveCountMax: 3,
      hostVerifier: (key: Buffer) => {
        presented = fingerprintOf(key);
        return pinned.has(normalizeFingerprint(presented));
      },
    });
    return { client, socket };
  } catch (error) {
    socket.destroy();
    throw classifyConnectError(error, options, presented, pinned);
  }
}

async function closeQuietly({ client, socket }: Connected): Promise<void> {
  // end() waits for the server's close, which a dead server never sends: give it a few seconds.
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([client.end().catch(() => {}), new Promise((resolve) => (timer = setTimeout(resolve, END_TIMEOUT_MS)))]);
  clearTimeout(timer);
  socket.destroy();
}

/** Connects (retrying transient failures) and returns the tenant's SFTP folder as a file source. */
export async function openSftpSource(options: SftpSourceOptions): Promise<FileSource> {
  const connection = await withRetry(() => connectOnce(options), { retries: options.retries, ...(options.onRetry && { onRetry: options.onRetry }) });
  const { client } = connection;
  const now = options.now ?? (() => new Date());
  const remote = (name: string) => path.posix.join(options.directory, name);
  let closed = false;

  const list = async (): Promise<SourceFile[]> => {
    try {
      const entries = await client.list(options.directory);
      return entries
        .filter((entry) => entry.type === '-')
        .map((entry) => ({ name: entry.name, path: remote(entry.name), size: entry.size, modifiedAt: new Date(entry.modifyTime) }));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (/no such file|not exist/i.test(message)) {
        throw new RosterError('FILE_NOT_FOUND', `The folder ${options.directory} does not exist on ${where(options)}`, { hint: 'Check connection.directory in tenant.yaml' });
      }
      throw transferError(error, `listing ${options.directory}`);
    }
  };

  const close = async () => {
    if (closed) return;
    closed = true;
    await closeQuietly(connection);
  };

  return {
    list,
    async pick() {
      return pickNewest(await list(), { pattern: options.pattern, minAgeSeconds: options.minAgeSeconds, maxSizeMB: options.maxSizeMB, now: now(), where: `${where(options)}${options.directory}` });
    },
    async download(file, localPath, signal) {
      const abort = () => connection.client.client.destroy();
      signal?.addEventListener('abort', abort, { once: true });
      try {
        const expected = (await client.stat(file.path)).size;
        await client.fastGet(file.path, localPath, FAST_GET);
        // The library warns that fastGet can come out short on some servers: fall back to a streamed get.
        if ((await stat(localPath)).size !== expected) await client.get(file.path, localPath);
        const size = (await stat(localPath)).size;
        if (size !== expected) {
          throw new RosterError('TRANSFER_FAILED', `Downloaded ${size} of ${expected} bytes of ${file.name}`, { transient: true, hint: 'Nothing was applied; the run can be retried' });
        }
      } catch (error) {
        throw transferError(error, `downloading ${file.name}`);
      } finally {
        signal?.removeEventListener('abort', abort);
      }
    },
    async afterSync(file, action) {
      try {
        if (action === 'delete') {
          await client.delete(file.path);
          return;
        }
        const folder = remote('processed');
        if (!(await client.exists(folder))) await client.mkdir(folder, true);
        await client.rename(file.path, path.posix.join(folder, archiveName(file.name, now())));
      } catch (error) {
        throw transferError(error, `${action === 'delete' ? 'deleting' : 'archiving'} ${file.name}`);
      }
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}

/**
 * The fingerprint of the host key a server presents, for pinning (`test-connection --print-host-key`).
 * Needs no credentials: the key is shown during the handshake, before authentication.
 */
export async function fetchHostKeyFingerprint(endpoint: SftpEndpoint): Promise<string> {
  const socket = await openSocket(endpoint);
  const client = new SftpClient('roster-host-key');
  client.on('error', () => {});
  let presented: string | undefined;
  await client
    .connect({ sock: socket, username: 'roster-host-key-probe', readyTimeout: endpoint.connectTimeoutSeconds * 1000, hostVerifier: (key: Buffer) => {
      presented = fingerprintOf(key);
      return false; // stop here: we only wanted the key
    } })
    .catch(() => {});
  socket.destroy();
  if (presented === undefined) {
    throw new RosterError('CONNECTION_FAILED', `The server at ${where(endpoint)} did not complete an SSH handshake`, { transient: true });
  }
  return presented;
}
