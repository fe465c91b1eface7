import type { ServerMode, StartMode } from './server-mode.ts';
import type { UserFiles } from './user-files.ts';

/** An SFTP account and where its files live, both locally and as the account sees them. */
export interface SftpUser extends UserFiles {
  readonly username: string;
  /** Local absolute path of the folder the user sees as `/` over SFTP (its chroot). */
  readonly home: string;
  /** Local absolute path of the user's writable folder: tests put files here directly. */
  readonly uploadDir: string;
  /** The same folder as the user sees it over SFTP: `/upload`. */
  readonly remoteUploadDir: string;
}

export interface SftpPasswordUser extends SftpUser {
  /** The only way this user can log in (keys are refused for it). */
  readonly password: string;
}

export interface SftpEncryptedKey {
  /** An RSA key in the older PEM format (`BEGIN RSA PRIVATE KEY`), encrypted with `passphrase`. */
  readonly privateKey: string;
  readonly privateKeyPath: string;
  readonly passphrase: string;
}

export interface SftpKeyUser extends SftpUser {
  /** An unencrypted ed25519 key in OpenSSH format; this user cannot log in with a password. */
  readonly privateKey: string;
  readonly privateKeyPath: string;
  readonly publicKey: string;
  /** A second accepted key, when `encryptedKey: true` was asked for. */
  readonly encryptedKey: SftpEncryptedKey | undefined;
}

export interface SftpServer extends AsyncDisposable {
  readonly mode: ServerMode;
  readonly host: string;
  readonly port: number;
  /** The host key's fingerprint exactly as `ssh-keygen -lf` prints it: `SHA256:…` (no type or comment). */
  readonly hostKeyFingerprint: string;
  /** The host's public key line (`ssh-ed25519 AAAA…`) for a known_hosts file; undefined when not known. */
  readonly hostPublicKey: string | undefined;
  readonly users: { readonly password: SftpPasswordUser; readonly key: SftpKeyUser };
  /** The server's own log (sshd -e output), to print when a test fails. */
  logs(): string;
  /** Stops the server and deletes its users and folders. Safe to call twice. */
  stop(): Promise<void>;
  /**
   * SIGKILLs the server and every session process at once, as a crash mid-transfer would; the port
   * stops accepting. Files stay in place until `stop()`.
   */
  kill(): Promise<void>;
}

export interface StartSftpServerOptions {
  /** Default: `ROSTER_TESTKIT_MODE`, else `auto`. Ignored when `ROSTER_TEST_SFTP_HOST` is set. */
  readonly mode?: StartMode;
  /** Also accept an RSA key with a passphrase for the key user (PEM format). */
  readonly encryptedKey?: boolean;
  /** How long to wait for the server to answer with its SSH banner. Default 30 s. */
  readonly startTimeoutMs?: number;
  /** The sshd binary for native mode. Default `/usr/sbin/sshd`. */
  readonly sshdPath?: string;
}
