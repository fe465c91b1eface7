/**
 * The sshd_config of a test SFTP server: two users, each chrooted to its home with a writable
 * `upload` folder (the layout of atmoz/sftp and of most customers' servers), SFTP only, and one
 * authentication method per user so a test of "wrong method" fails like it would in production.
 */
export interface SshdConfigInput {
  readonly port: number;
  readonly listenAddress: string;
  readonly hostKeyPath: string;
  readonly pidFile: string;
  /** May contain `%u`. sshd reads it as the logging-in user, so every folder on the way must be traversable. */
  readonly authorizedKeysFile: string;
  readonly passwordUser: string;
  readonly keyUser: string;
  /** Where SFTP sessions start, inside the chroot. */
  readonly startDirectory: string;
}

export function renderSshdConfig(input: SshdConfigInput): string {
  return `${[
    `Port ${input.port}`,
    `ListenAddress ${input.listenAddress}`,
    `HostKey ${input.hostKeyPath}`,
    `PidFile ${input.pidFile}`,
    'LogLevel VERBOSE',
    // The folders are ours and private; sshd's checks of their owners and modes only get in the way.
    'StrictModes no',
    // UsePAM no: sshd checks passwords against /etc/shadow itself; PAM would need a service file.
    'UsePAM no',
    'UseDNS no',
    'PermitRootLogin no',
    `AllowUsers ${input.passwordUser} ${input.keyUser}`,
    `AuthorizedKeysFile ${input.authorizedKeysFile}`,
    'PubkeyAuthentication yes',
    'PasswordAuthentication yes',
    'KbdInteractiveAuthentication no',
    'PermitEmptyPasswords no',
    // Tests open many connections at once (parallel downloads, retries): don't throttle them.
    'MaxStartups 100',
    'MaxSessions 50',
    'Subsystem sftp internal-sftp',
    'ChrootDirectory %h',
    `ForceCommand internal-sftp -d ${input.startDirectory}`,
    'AllowTcpForwarding no',
    'AllowAgentForwarding no',
    'X11Forwarding no',
    'PermitTTY no',
    'PrintMotd no',
    `Match User ${input.passwordUser}`,
    '  AuthenticationMethods password',
    `Match User ${input.keyUser}`,
    '  AuthenticationMethods publickey',
  ].join('\n')}\n`;
}
