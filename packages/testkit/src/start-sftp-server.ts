import { chooseMode } from './container-runtime.ts';
import { startSftpContainer } from './sftp-container.ts';
import { externalSftpRequested, externalSftpServer } from './sftp-external.ts';
import type { SftpServer, StartSftpServerOptions } from './sftp-types.ts';
import { startNativeSshd } from './sshd-server.ts';

/**
 * Starts a real SFTP server for a test: an OpenSSH sshd with a password user and a key user, each
 * chrooted with a writable `/upload`. It is the server named by `ROSTER_TEST_SFTP_*` when set, an
 * atmoz/sftp container when a container runtime answers, else a native sshd on a free loopback port.
 *
 * @example
 * await using sftp = await startSftpServer();
 * await sftp.users.key.writeFile('employees_1.csv', csv, { mtime: secondsAgo(120) });
 * // connect to sftp.host:sftp.port as sftp.users.key.username, pin sftp.hostKeyFingerprint,
 * // and read sftp.users.key.remoteUploadDir
 */
export async function startSftpServer(options: StartSftpServerOptions = {}): Promise<SftpServer> {
  if (externalSftpRequested()) return externalSftpServer();
  const mode = await chooseMode(options.mode);
  switch (mode) {
    case 'native':
      return startNativeSshd(options);
    case 'container':
      return startSftpContainer(options);
  }
}
