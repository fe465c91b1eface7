// The package ships no types: pull our declaration of it into every program that compiles this file
// (the CLI's and the scheduler's too, whose tsconfig does not include it).
/// <reference path="./ssh2-sftp-client.d.ts" />
/**
 * Opening and closing one SFTP connection: a TCP socket with Nagle's algorithm off, the server's host
 * key checked against the pinned fingerprints, password (also through keyboard-interactive) or key
 * authentication, and every failure turned into a RosterError that is transient only when a later
 * attempt may succeed (refused, reset, timed out), never for credentials or host keys.
 */
import net from 'node:net';
import { RosterError } from '@roster/engine';
import SftpClient, { type EventCallbacks } from 'ssh2-sftp-client';
import { fingerprintOf, normalizeFingerprint } from './host-key.ts';

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

export interface SftpConnectOptions extends SftpEndpoint, SftpCredentials {
  /** Pinned `SHA256:` fingerprints; any one may match (key rotation). */
  readonly hostKeys: readonly string[];
}

export interface SftpConnection {
  readonly client: SftpClient;
  readonly socket: net.Socket;
}

/** How long `end()` may wait for the server's goodbye before the socket is destroyed anyway. */
export const END_TIMEOUT_MS = 5_000;
const KEEPALIVE_MS = 10_000;

export const where = (endpoint: SftpEndpoint) => `${endpoint.host}:${endpoint.port}`;

/**
 * The library's default event callbacks print "Global close listener…" to stdout whenever a server
 * goes away, which would corrupt `--json` output. Failures reach us through the failing call instead.
 */
const SILENT: EventCallbacks = { error: () => {}, end: () => {}, close: () => {} };

export function newClient(name: string): SftpClient {
  return new SftpClient(name, SILENT);
}

/** A TCP connection with Nagle's algorithm off (it throttles SFTP's small requests to a crawl). */
export function openSocket(endpoint: SftpEndpoint, attempt = ''): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: endpoint.host, port: endpoint.port });
    socket.setNoDelay(true);
    socket.setKeepAlive(true, KEEPALIVE_MS);
    const hint = 'Check connection.host, connection.port and that a firewall lets this machine in';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new RosterError(
          'CONNECTION_FAILED',
          `Connecting to ${where(endpoint)} timed out after ${endpoint.connectTimeoutSeconds} s${attempt}`,
          { transient: true, hint },
        ),
      );
    }, endpoint.connectTimeoutSeconds * 1000);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    // Stays attached after connecting: a later reset is reported by ssh2, not as an uncaught error.
    socket.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        new RosterError(
          'CONNECTION_FAILED',
          `Cannot connect to ${where(endpoint)}: ${error.code ?? error.message}${attempt}`,
          { transient: true, cause: error, hint },
        ),
      );
    });
  });
}

function credentialKinds(credentials: SftpCredentials): string {
  const kinds = [
    credentials.password !== undefined && 'password',
    credentials.privateKey !== undefined && 'private key',
  ].filter(Boolean);
  return kinds.join(' and ');
}

/** `ssh-ed25519 AAAA… comment`, `ecdsa-sha2-…`, PEM or RFC 4716 public keys. */
function looksLikePublicKey(key: string | undefined): boolean {
  const text = key?.trimStart() ?? '';
  return /^(ssh-|ecdsa-|sk-)\S+ AAAA|^-----BEGIN (RSA )?PUBLIC KEY-----|^---- BEGIN SSH2 PUBLIC KEY ----/.test(
    text,
  );
}

interface Presented {
  fingerprint: string | undefined;
}

function classifyConnectError(
  error: unknown,
  options: SftpConnectOptions,
  presented: Presented,
  attempt: string,
): RosterError {
  if (error instanceof RosterError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const pinned = options.hostKeys.map(normalizeFingerprint);
  const shown = presented.fingerprint;
  if (shown !== undefined && !pinned.includes(normalizeFingerprint(shown))) {
    return new RosterError(
      'HOST_KEY_MISMATCH',
      `The server at ${where(options)} presented the host key ${shown}, which is not pinned in connection.hostKey (${options.hostKeys.join(', ')}); the connection was refused`,
      {
        cause: error,
        hint: 'If the customer rotated their key, confirm the new fingerprint with them out of band and add it to connection.hostKey',
      },
    );
  }
  // ssh2 throws this when the key parses but holds no private half: a public key (the .pub file).
  if (/does not contain a \(valid\) private key/i.test(message)) {
    const publicKey = looksLikePublicKey(options.privateKey);
    return new RosterError(
      'AUTH_FAILED',
      `The connection.privateKey for ${options.username} ${publicKey ? 'is a public key, not a private key' : 'holds no usable private key'}: ${message}`,
      {
        cause: error,
        hint: 'Point connection.privateKey at the private key file (it starts with -----BEGIN OPENSSH PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----); the public key (.pub) is what the customer adds to the server',
      },
    );
  }
  // ssh2 throws these while reading the key, before anything is sent.
  if (/cannot parse privateKey|passphrase|bad decrypt|unsupported key format/i.test(message)) {
    return new RosterError(
      'AUTH_FAILED',
      `The private key for ${options.username} could not be used: ${message}`,
      {
        cause: error,
        hint: 'Check the key file (OpenSSH or PEM format) and its passphrase',
      },
    );
  }
  if (/authentication methods failed|authentication failed|permission denied/i.test(message)) {
    return new RosterError(
      'AUTH_FAILED',
      `The server at ${where(options)} refused the ${credentialKinds(options)} of user ${options.username}`,
      {
        cause: error,
        hint: 'Check connection.username and the password or key its secret reference points to',
      },
    );
  }
  return new RosterError(
    'CONNECTION_FAILED',
    `The SSH connection to ${where(options)} failed: ${message}${attempt}`,
    { cause: error, transient: true, hint: 'Check that the server speaks SSH on that port' },
  );
}

/**
 * One connection attempt. `attempt` (like " (attempt 2 of 4)") is added to transient messages so
 * that the final error says the connection was retried.
 */
export async function connectOnce(options: SftpConnectOptions, attempt = ''): Promise<SftpConnection> {
  const pinned = new Set(options.hostKeys.map(normalizeFingerprint));
  const socket = await openSocket(options, attempt);
  const client = newClient('roster');
  const presented: Presented = { fingerprint: undefined };
  const { password } = options;
  if (password !== undefined) {
    // Servers that authenticate through PAM often offer only keyboard-interactive: answer its
    // password prompt the way `ssh` would.
    client.on('keyboard-interactive', (_name, _instructions, _lang, prompts, finish) => {
      finish(prompts.map(() => password));
    });
  }
  try {
    await client.connect({
      sock: socket,
      username: options.username,
      ...(password !== undefined && { password, tryKeyboard: true }),
      ...(options.privateKey !== undefined && { privateKey: options.privateKey }),
      ...(options.passphrase !== undefined && { passphrase: options.passphrase }),
      readyTimeout: options.connectTimeoutSeconds * 1000,
      keepaliveInterval: KEEPALIVE_MS,
      keepaliveCountMax: 3,
      hostVerifier: (key: Buffer) => {
        presented.fingerprint = fingerprintOf(key);
        return pinned.has(normalizeFingerprint(presented.fingerprint));
      },
    });
    return { client, socket };
  } catch (error) {
    socket.destroy();
    throw classifyConnectError(error, options, presented, attempt);
  }
}

/**
 * Ends the session politely, but never waits long: `end()` waits for the server to close, which a
 * hung server or a dropped network never does.
 */
export async function closeQuietly({ client, socket }: SftpConnection): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, END_TIMEOUT_MS);
  });
  await Promise.race([client.end().catch(() => {}), timeout]);
  clearTimeout(timer);
  socket.destroy();
}

/**
 * The fingerprint of the host key a server presents, for pinning (`test-connection --print-host-key`).
 * Needs no credentials: the key is shown during the handshake, before authentication, and the
 * connection is dropped right there.
 *
 * @example
 * const pin = await fetchHostKeyFingerprint({ host: 'sftp.example.com', port: 22, connectTimeoutSeconds: 20 });
 * // "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU"
 */
export async function fetchHostKeyFingerprint(endpoint: SftpEndpoint): Promise<string> {
  const socket = await openSocket(endpoint);
  const client = newClient('roster-host-key');
  let presented: string | undefined;
  let failure: unknown;
  try {
    await client.connect({
      sock: socket,
      username: 'roster-host-key-probe',
      readyTimeout: endpoint.connectTimeoutSeconds * 1000,
      hostVerifier: (key: Buffer) => {
        presented = fingerprintOf(key);
        return false; // stop here: we only wanted the key
      },
    });
  } catch (error) {
    failure = error; // expected: we refused the key ourselves
  } finally {
    socket.destroy();
  }
  if (presented === undefined) {
    const reason = failure instanceof Error ? `: ${failure.message}` : '';
    throw new RosterError(
      'CONNECTION_FAILED',
      `The server at ${where(endpoint)} did not present a host key${reason}`,
      { transient: true, cause: failure, hint: 'Check that the server speaks SSH on that port' },
    );
  }
  return presented;
}
