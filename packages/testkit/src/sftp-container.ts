import { randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import type { SftpServer, StartSftpServerOptions } from './sftp-types.ts';
import { fingerprintOf, generateKeyPair } from './ssh-keys.ts';
import { userFiles } from './user-files.ts';

const IMAGE = 'atmoz/sftp:debian';
const PASSWORD_UID = 1001;
const KEY_UID = 1002;
const USERS_GID = 100;

/**
 * The SFTP server as an atmoz/sftp container, for machines where a container runtime answers. Same
 * shape as native mode: users chrooted to their home with `/upload`, our own ed25519 host key (so the
 * fingerprint is known in advance; clients prefer ed25519 over the RSA key the image adds), and the
 * upload folders bind-mounted from a local temporary folder so tests write files directly.
 * Not exercised on machines without a runtime.
 */
export async function startSftpContainer(options: StartSftpServerOptions = {}): Promise<SftpServer> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const dir = await mkdtemp(join(tmpdir(), 'roster-sftp-container-'));
  try {
    const hostKey = await generateKeyPair(join(dir, 'ssh_host_ed25519_key'), { type: 'ed25519' });
    const clientKey = await generateKeyPair(join(dir, 'id_ed25519'), { type: 'ed25519' });
    const passphrase = randomBytes(12).toString('base64url');
    const encrypted =
      options.encryptedKey === true
        ? await generateKeyPair(join(dir, 'id_rsa_encrypted'), { type: 'rsa', format: 'pem', passphrase })
        : undefined;
    const password = randomBytes(18).toString('base64url');
    const names = {
      password: `rtk_${randomBytes(4).toString('hex')}`,
      key: `rtk_${randomBytes(4).toString('hex')}`,
    };
    // Locally, <dir>/<user>/upload mirrors the container's /home/<user>/upload.
    const upload = { password: join(dir, names.password, 'upload'), key: join(dir, names.key, 'upload') };
    for (const folder of Object.values(upload)) {
      await mkdir(folder, { recursive: true });
      // The image chowns the folder to the container user; 0777 keeps it writable for us as well.
      await chmod(folder, 0o777);
    }
    const keys = [clientKey.publicKey, ...(encrypted === undefined ? [] : [encrypted.publicKey])];
    const container = await new GenericContainer(IMAGE)
      .withCommand([
        `${names.password}:${password}:${PASSWORD_UID}:${USERS_GID}:upload`,
        `${names.key}::${KEY_UID}:${USERS_GID}:upload`,
      ])
      .withCopyContentToContainer([
        { content: hostKey.privateKey, target: '/etc/ssh/ssh_host_ed25519_key', mode: 0o600 },
        { content: `${keys.join('\n')}\n`, target: `/home/${names.key}/.ssh/keys/roster.pub`, mode: 0o644 },
      ])
      .withBindMounts([
        { source: upload.password, target: `/home/${names.password}/upload`, mode: 'rw' },
        { source: upload.key, target: `/home/${names.key}/upload`, mode: 'rw' },
      ])
      .withExposedPorts(22)
      .withWaitStrategy(Wait.forLogMessage(/Server listening on/))
      .withStartupTimeout(options.startTimeoutMs ?? 120_000)
      .start();

    let log = '';
    const stream: Readable = await container.logs();
    stream.on('data', (chunk: Buffer | string) => {
      log += chunk.toString();
    });
    const root = process.getuid?.() === 0;
    const owner = (uid: number) => (root ? { uid, gid: USERS_GID } : undefined);
    let stopping: Promise<void> | undefined;
    const stop = () => {
      stopping ??= (async () => {
        await container.stop({ timeout: 0 }).catch(() => undefined);
        await rm(dir, { recursive: true, force: true });
      })();
      return stopping;
    };
    const user = (name: string, local: string, uid: number) => ({
      username: name,
      home: dirname(local),
      uploadDir: local,
      remoteUploadDir: '/upload',
      ...userFiles(local, owner(uid)),
    });
    return {
      mode: 'container',
      host: container.getHost(),
      port: container.getMappedPort(22),
      hostKeyFingerprint: await fingerprintOf(`${hostKey.privateKeyPath}.pub`),
      hostPublicKey: hostKey.publicKey,
      users: {
        password: { ...user(names.password, upload.password, PASSWORD_UID), password },
        key: {
          ...user(names.key, upload.key, KEY_UID),
          privateKey: clientKey.privateKey,
          privateKeyPath: clientKey.privateKeyPath,
          publicKey: clientKey.publicKey,
          encryptedKey:
            encrypted === undefined
              ? undefined
              : { privateKey: encrypted.privateKey, privateKeyPath: encrypted.privateKeyPath, passphrase },
        },
      },
      logs: () => log,
      stop,
      // `docker stop -t 0`: SIGKILL without grace, the container's sessions die with it.
      kill: async () => {
        await container.stop({ timeout: 0, remove: false });
      },
      [Symbol.asyncDispose]: stop,
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
