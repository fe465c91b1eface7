import { execFile } from 'node:child_process';
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { SftpServer } from '../../src/index.ts';

const run = promisify(execFile);

export interface ClientResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command and returns its exit code and output instead of throwing. */
export async function exec(
  file: string,
  args: readonly string[],
  env?: NodeJS.ProcessEnv,
): Promise<ClientResult> {
  try {
    const { stdout, stderr } = await run(file, args, { env: env ?? process.env, timeout: 30_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number | string; stdout?: string; stderr?: string };
    return {
      code: typeof failed.code === 'number' ? failed.code : -1,
      stdout: failed.stdout ?? '',
      stderr: failed.stderr ?? '',
    };
  }
}

/** A scratch folder for the client side: known_hosts, batch files, an askpass script. */
export async function clientDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'roster-sftp-client-'));
  // The real OpenSSH client asks this program for passwords and passphrases (SSH_ASKPASS_REQUIRE=force),
  // so password logins are tested with no terminal, no expect and no sshpass.
  const askpass = join(dir, 'askpass.sh');
  await writeFile(askpass, '#!/bin/sh\nprintf \'%s\\n\' "$ROSTER_TEST_ASKPASS_SECRET"\n');
  await chmod(askpass, 0o700);
  return dir;
}

/** Writes a known_hosts file that trusts `publicKey` for the server's [host]:port. */
export async function writeKnownHosts(dir: string, server: SftpServer, publicKey: string): Promise<string> {
  const path = join(dir, `known_hosts_${Math.random().toString(36).slice(2)}`);
  await writeFile(path, `[${server.host}]:${server.port} ${publicKey}\n`);
  return path;
}

export interface SftpBatchOptions {
  readonly dir: string;
  readonly knownHosts: string;
  readonly username: string;
  readonly commands: readonly string[];
  /** publickey: `identity` is the key file; password: `secret` is the password. */
  readonly method: 'publickey' | 'password';
  readonly identity?: string;
  /** The password, or the key's passphrase, answered through askpass. */
  readonly secret?: string;
}

/** `sftp -b` with the real OpenSSH client, strict host key checking and no user configuration. */
export async function sftpBatch(server: SftpServer, options: SftpBatchOptions): Promise<ClientResult> {
  const batch = join(options.dir, `batch_${Math.random().toString(36).slice(2)}`);
  await writeFile(batch, `${options.commands.join('\n')}\n`);
  const args = ['-F', '/dev/null'];
  // `-b` turns on BatchMode, which forbids password prompts; ssh keeps the first value it is given,
  // so an earlier BatchMode=no lets askpass answer.
  if (options.secret !== undefined) args.push('-o', 'BatchMode=no');
  args.push(
    '-b',
    batch,
    '-P',
    String(server.port),
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    `UserKnownHostsFile=${options.knownHosts}`,
    '-o',
    'GlobalKnownHostsFile=/dev/null',
    '-o',
    'IdentityAgent=none',
    '-o',
    'NumberOfPasswordPrompts=1',
    '-o',
    'ConnectTimeout=10',
    '-o',
    `PreferredAuthentications=${options.method}`,
  );
  if (options.method === 'publickey') {
    args.push('-o', 'IdentitiesOnly=yes', '-o', `IdentityFile=${options.identity ?? '/dev/null'}`);
  } else {
    args.push('-o', 'PubkeyAuthentication=no');
  }
  args.push(`${options.username}@${server.host}`);
  const env = {
    ...process.env,
    SSH_ASKPASS: join(options.dir, 'askpass.sh'),
    SSH_ASKPASS_REQUIRE: 'force',
    ROSTER_TEST_ASKPASS_SECRET: options.secret ?? '',
  };
  return exec('sftp', args, env);
}
