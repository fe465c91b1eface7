import { randomBytes } from 'node:crypto';
import { existsSync, rmSync, statSync } from 'node:fs';
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { onProcessExit } from './exit-cleanup.ts';
import { startOnFreePort } from './free-port.ts';
import { deleteUser, deleteUserSync, sweepStaleUsers } from './os-users.ts';
import { makePrivateDir, sweepStaleDirs } from './private-dir.ts';
import { wrapCommand } from './run-as.ts';
import { ServerProcess } from './server-process.ts';
import { createSftpAccount, HOME_BASE, REMOTE_UPLOAD_DIR, sftpUser } from './sftp-accounts.ts';
import type {
  SftpEncryptedKey,
  SftpKeyUser,
  SftpPasswordUser,
  SftpServer,
  StartSftpServerOptions,
} from './sftp-types.ts';
import { fingerprintOf, generateKeyPair } from './ssh-keys.ts';
import { renderSshdConfig } from './sshd-config.ts';
import { readSshBanner } from './tcp-probe.ts';
import { TestkitError } from './testkit-error.ts';

const HOST = '127.0.0.1';
/** sshd's privilege-separation folder, compiled in; a package install without a running service lacks it. */
const PRIVSEP_DIR = '/run/sshd';

let sweep: Promise<void> | undefined;

/**
 * Starts a real OpenSSH sshd on a free loopback port, serving SFTP only, for two fresh OS users.
 *
 * Why real OS users: sshd authenticates only accounts it finds through getpwnam(), checks passwords
 * against /etc/shadow, and switches to the account's uid for the session; there is no virtual-user
 * mode. So each instance creates two users with useradd (unique `rtk_<random>` names, tagged with
 * our pid), sets the password with chpasswd, and deletes them on stop, at process exit, or, after a
 * crash, in the next run's sweep. This needs root, which the test machines and CI have.
 */
export async function startNativeSshd(options: StartSftpServerOptions = {}): Promise<SftpServer> {
  const sshdPath = options.sshdPath ?? '/usr/sbin/sshd';
  checkPrerequisites(sshdPath);
  await mkdir(PRIVSEP_DIR, { recursive: true, mode: 0o755 });
  sweep ??= sweepStaleUsers().then(() => sweepStaleDirs('sshd'));
  await sweep;

  // 0711: sshd reads authorized_keys as the logging-in user, who must traverse this folder; nobody
  // else may list it.
  const dir = await makePrivateDir('sshd');
  await chmod(dir, 0o711);
  const created: { name: string; home: string }[] = [];
  const cleanupSync = () => {
    for (const user of created) deleteUserSync(user.name, user.home);
    rmSync(dir, { recursive: true, force: true });
  };
  let server: ServerProcess | undefined;
  const unregister = onProcessExit(() => {
    server?.signalTree('SIGKILL');
    cleanupSync();
  });

  try {
    const hostKey = await generateKeyPair(join(dir, 'ssh_host_ed25519_key'), { type: 'ed25519' });
    const hostKeyFingerprint = await fingerprintOf(`${hostKey.privateKeyPath}.pub`);
    const clientKey = await generateKeyPair(join(dir, 'id_ed25519'), { type: 'ed25519' });
    const encryptedKey = options.encryptedKey === true ? await generateEncryptedKey(dir) : undefined;

    const remember = (name: string, home: string) => created.push({ name, home });
    const password = randomBytes(18).toString('base64url');
    const pwUser = await createSftpAccount(password, remember);
    const keyUser = await createSftpAccount(undefined, remember);

    const keysDir = join(dir, 'authorized_keys');
    await mkdir(keysDir, { mode: 0o755 });
    const keys = [clientKey.publicKey, ...(encryptedKey === undefined ? [] : [encryptedKey.publicKey])];
    await writeFile(join(keysDir, keyUser.user.name), `${keys.join('\n')}\n`, { mode: 0o644 });

    const start = async (port: number) => {
      const configPath = join(dir, 'sshd_config');
      const config = renderSshdConfig({
        port,
        listenAddress: HOST,
        hostKeyPath: hostKey.privateKeyPath,
        pidFile: join(dir, 'sshd.pid'),
        authorizedKeysFile: join(keysDir, '%u'),
        passwordUser: pwUser.user.name,
        keyUser: keyUser.user.name,
        startDirectory: REMOTE_UPLOAD_DIR,
      });
      await writeFile(configPath, config, { mode: 0o644 });
      const command = wrapCommand(sshdPath, ['-D', '-e', '-f', configPath], { dieWithParent: true });
      const sshd = new ServerProcess(command.command, command.args);
      server = sshd;
      const timeout = options.startTimeoutMs ?? 30_000;
      try {
        // sshd logs this only after it bound the port itself: another suite's server can't fool us.
        await sshd.waitForLog(/Server listening on \S+ port \d+/, timeout, 'sshd');
        await waitForBanner(port, sshd, timeout);
      } catch (error) {
        await sshd.terminate('SIGKILL');
        throw error;
      }
      return { port, sshd };
    };
    const { port, sshd } = await startOnFreePort(start);

    let stopping: Promise<void> | undefined;
    const kill = () => sshd.terminate('SIGKILL');
    const stop = () => {
      stopping ??= (async () => {
        // SIGKILL is enough for a test server: nothing of value is lost, and the session processes
        // (which the users' deletion needs gone) are taken down with it.
        await kill();
        for (const user of created) await deleteUser(user.name, user.home);
        await rm(dir, { recursive: true, force: true });
        unregister();
      })();
      return stopping;
    };

    const users: { password: SftpPasswordUser; key: SftpKeyUser } = {
      password: { ...sftpUser(pwUser), password },
      key: {
        ...sftpUser(keyUser),
        privateKey: clientKey.privateKey,
        privateKeyPath: clientKey.privateKeyPath,
        publicKey: clientKey.publicKey,
        encryptedKey: encryptedKey?.key,
      },
    };
    return {
      mode: 'native',
      host: HOST,
      port,
      hostKeyFingerprint,
      hostPublicKey: hostKey.publicKey,
      users,
      logs: () => sshd.logs(),
      stop,
      kill,
      [Symbol.asyncDispose]: stop,
    };
  } catch (error) {
    await server?.terminate('SIGKILL');
    for (const user of created) await deleteUser(user.name, user.home).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
    unregister();
    throw error;
  }
}

function checkPrerequisites(sshdPath: string): void {
  if (process.platform !== 'linux') {
    throw new TestkitError(
      'INVALID_OPTION',
      'Native sshd runs on Linux only. Start a container runtime (Docker) for testcontainers, or set ROSTER_TEST_SFTP_HOST and the other ROSTER_TEST_SFTP_* variables (packages/testkit/README.md)',
    );
  }
  if (!existsSync(sshdPath)) {
    throw new TestkitError(
      'BINARY_MISSING',
      `OpenSSH server not found at ${sshdPath}: the SFTP tests need a real sshd. Install it with: apt-get install -y openssh-server`,
    );
  }
  if (!onPath('ssh-keygen')) {
    throw new TestkitError(
      'BINARY_MISSING',
      'ssh-keygen not found on PATH: the SFTP tests generate their keys with it. Install it with: apt-get install -y openssh-client',
    );
  }
  if (process.getuid?.() !== 0) {
    throw new TestkitError(
      'NOT_ROOT',
      'Native sshd needs root: it creates two OS users (useradd) and chroots them. Run the tests as root, start a container runtime (Docker) for testcontainers, or set ROSTER_TEST_SFTP_HOST and the other ROSTER_TEST_SFTP_* variables (packages/testkit/README.md)',
    );
  }
  const base = statSync(HOME_BASE, { throwIfNoEntry: false });
  if (base !== undefined && (base.uid !== 0 || (base.mode & 0o022) !== 0)) {
    throw new TestkitError(
      'START_FAILED',
      `${HOME_BASE} must be owned by root and not writable by group or others for sshd's chroot, got uid ${base.uid} mode ${(base.mode & 0o777).toString(8)}. Fix it with: chown root:root ${HOME_BASE} && chmod 755 ${HOME_BASE}`,
    );
  }
}

function onPath(program: string): boolean {
  return (process.env.PATH ?? '')
    .split(delimiter)
    .some((dir) => dir !== '' && existsSync(join(dir, program)));
}

async function generateEncryptedKey(dir: string): Promise<{ key: SftpEncryptedKey; publicKey: string }> {
  const passphrase = randomBytes(12).toString('base64url');
  const pair = await generateKeyPair(join(dir, 'id_rsa_encrypted'), {
    type: 'rsa',
    format: 'pem',
    passphrase,
  });
  return {
    key: { privateKey: pair.privateKey, privateKeyPath: pair.privateKeyPath, passphrase },
    publicKey: pair.publicKey,
  };
}

/** Retries reading the banner until sshd answers (it may lag its "listening" line by a moment). */
async function waitForBanner(port: number, sshd: ServerProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await readSshBanner(HOST, port);
      return;
    } catch (error) {
      if (sshd.hasExited || Date.now() > deadline) {
        throw new TestkitError(
          'START_FAILED',
          `sshd on port ${port} never sent its SSH banner.\n${sshd.logs()}`,
          {
            cause: error,
          },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
