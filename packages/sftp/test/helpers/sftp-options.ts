/** SftpSourceOptions for a testkit server's user, each test in its own folder under /upload. */
import type { SftpServer, SftpUser } from '@roster/testkit';
import type { SftpSourceOptions } from '../../src/index.ts';

export type Overrides = Partial<SftpSourceOptions>;

/** Options for the password user, reading `/upload/<folder>`. */
export function asPasswordUser(
  server: SftpServer,
  folder: string,
  overrides: Overrides = {},
): SftpSourceOptions {
  const user = server.users.password;
  return { ...common(server, user, folder), password: user.password, ...overrides };
}

/** Options for the key user (unencrypted ed25519 key), reading `/upload/<folder>`. */
export function asKeyUser(server: SftpServer, folder: string, overrides: Overrides = {}): SftpSourceOptions {
  const user = server.users.key;
  return { ...common(server, user, folder), privateKey: user.privateKey, ...overrides };
}

function common(server: SftpServer, user: SftpUser, folder: string) {
  return {
    host: server.host,
    port: server.port,
    username: user.username,
    connectTimeoutSeconds: 10,
    hostKeys: [server.hostKeyFingerprint],
    directory: `${user.remoteUploadDir}/${folder}`,
    pattern: '*.csv',
    minAgeSeconds: 60,
    maxSizeMB: 1024,
    retries: 0,
  };
}

/** True when the tests run against an already-running server, which the kit cannot kill. */
export const externalServer = (process.env.ROSTER_TEST_SFTP_HOST ?? '') !== '';
