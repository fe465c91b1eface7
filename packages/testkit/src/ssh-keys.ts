import { readFile } from 'node:fs/promises';
import { runCommand } from './run-command.ts';

export interface KeyPair {
  readonly privateKeyPath: string;
  /** The private key file's text (OpenSSH format, or PEM for `format: 'pem'`). */
  readonly privateKey: string;
  /** The public key line, `ssh-ed25519 AAAA… comment`. */
  readonly publicKey: string;
}

export interface KeyPairOptions {
  readonly type: 'ed25519' | 'rsa';
  readonly passphrase?: string;
  /** 'pem' writes the older `BEGIN RSA PRIVATE KEY` format that many customers still hand out. */
  readonly format?: 'openssh' | 'pem';
  readonly comment?: string;
}

/** Generates a key pair with the real `ssh-keygen` into `path` and `path.pub`. */
export async function generateKeyPair(path: string, options: KeyPairOptions): Promise<KeyPair> {
  const args = ['-q', '-t', options.type, '-f', path, '-N', options.passphrase ?? ''];
  if (options.type === 'rsa') args.push('-b', '2048');
  if (options.format === 'pem') args.push('-m', 'PEM');
  args.push('-C', options.comment ?? 'roster-testkit');
  await runCommand('ssh-keygen', args);
  const [privateKey, publicKey] = await Promise.all([
    readFile(path, 'utf8'),
    readFile(`${path}.pub`, 'utf8'),
  ]);
  return { privateKeyPath: path, privateKey, publicKey: publicKey.trim() };
}

/**
 * The key's fingerprint as `ssh-keygen -lf` prints it (`SHA256:…`), without the bit count, comment
 * and type around it: the form Roster's `hostKey` setting pins.
 */
export async function fingerprintOf(publicKeyPath: string): Promise<string> {
  const { stdout } = await runCommand('ssh-keygen', ['-l', '-E', 'sha256', '-f', publicKeyPath]);
  const fingerprint = stdout.trim().split(/\s+/)[1];
  if (fingerprint === undefined || !fingerprint.startsWith('SHA256:')) {
    throw new Error(`Unexpected ssh-keygen -lf output: ${stdout}`);
  }
  return fingerprint;
}
