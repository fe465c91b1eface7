import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { runCommand } from './run-command.ts';
import type { SftpServer } from './sftp-types.ts';
import { TestkitError } from './testkit-error.ts';
import { userFiles } from './user-files.ts';

/** The variables that point the SFTP tests at an already-running server (see README.md). */
export const SFTP_ENV = {
  host: 'ROSTER_TEST_SFTP_HOST',
  port: 'ROSTER_TEST_SFTP_PORT',
  hostKey: 'ROSTER_TEST_SFTP_HOST_KEY',
  hostPublicKey: 'ROSTER_TEST_SFTP_HOST_PUBLIC_KEY',
  remoteDir: 'ROSTER_TEST_SFTP_REMOTE_DIR',
  passwordUser: 'ROSTER_TEST_SFTP_PASSWORD_USER',
  password: 'ROSTER_TEST_SFTP_PASSWORD',
  passwordUserDir: 'ROSTER_TEST_SFTP_PASSWORD_USER_DIR',
  keyUser: 'ROSTER_TEST_SFTP_KEY_USER',
  keyPath: 'ROSTER_TEST_SFTP_KEY_PATH',
  keyUserDir: 'ROSTER_TEST_SFTP_KEY_USER_DIR',
  encryptedKeyPath: 'ROSTER_TEST_SFTP_ENCRYPTED_KEY_PATH',
  encryptedKeyPassphrase: 'ROSTER_TEST_SFTP_ENCRYPTED_KEY_PASSPHRASE',
} as const;

/** True when `ROSTER_TEST_SFTP_HOST` asks for an external server. */
export function externalSftpRequested(): boolean {
  return (process.env[SFTP_ENV.host] ?? '') !== '';
}

/**
 * An SFTP server someone else runs (a CI service, a staging box), described by environment
 * variables. The upload folders must be reachable locally (a bind mount, a shared disk) for the
 * tests to put files there. stop() leaves the server alone; kill() is refused.
 */
export async function externalSftpServer(): Promise<SftpServer> {
  const required = (name: string) => {
    const value = process.env[name];
    if (value === undefined || value === '') {
      const all = Object.values(SFTP_ENV).join(', ');
      throw new TestkitError(
        'ENV_INCOMPLETE',
        `${SFTP_ENV.host} is set but ${name} is not. Set all of ${all} (the last two are optional), or unset ${SFTP_ENV.host} to start a server`,
      );
    }
    return value;
  };
  const host = required(SFTP_ENV.host);
  const hostKeyFingerprint = required(SFTP_ENV.hostKey);
  const remoteUploadDir = process.env[SFTP_ENV.remoteDir] || '/upload';
  const passwordDir = required(SFTP_ENV.passwordUserDir);
  const keyDir = required(SFTP_ENV.keyUserDir);
  const keyPath = required(SFTP_ENV.keyPath);
  const privateKey = await readFile(keyPath, 'utf8');
  const publicKey = (await runCommand('ssh-keygen', ['-y', '-f', keyPath])).stdout.trim();
  const encryptedPath = process.env[SFTP_ENV.encryptedKeyPath];
  const encryptedKey =
    encryptedPath === undefined || encryptedPath === ''
      ? undefined
      : {
          privateKey: await readFile(encryptedPath, 'utf8'),
          privateKeyPath: encryptedPath,
          passphrase: required(SFTP_ENV.encryptedKeyPassphrase),
        };
  const user = (username: string, uploadDir: string) => ({
    username,
    home: dirname(uploadDir),
    uploadDir,
    remoteUploadDir,
    ...userFiles(uploadDir, undefined),
  });
  const stop = async () => {};
  return {
    mode: 'external',
    host,
    port: Number(process.env[SFTP_ENV.port] || 22),
    hostKeyFingerprint,
    hostPublicKey: process.env[SFTP_ENV.hostPublicKey] || undefined,
    users: {
      password: {
        ...user(required(SFTP_ENV.passwordUser), passwordDir),
        password: required(SFTP_ENV.password),
      },
      key: {
        ...user(required(SFTP_ENV.keyUser), keyDir),
        privateKey,
        privateKeyPath: keyPath,
        publicKey,
        encryptedKey,
      },
    },
    logs: () => `(external SFTP server ${host}: its logs are not available here)`,
    stop,
    kill: async () => {
      throw new TestkitError(
        'INVALID_OPTION',
        `Cannot kill the external SFTP server ${host}: skip this test when mode is 'external'`,
      );
    },
    [Symbol.asyncDispose]: stop,
  };
}
