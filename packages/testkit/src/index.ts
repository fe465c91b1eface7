export { containerRuntimeAnswers } from './container-runtime.ts';
export { findFreePort } from './free-port.ts';
export { DATABASE_URL_ENV } from './postgres-external.ts';
export type { PostgresServer, StartPostgresOptions } from './postgres-types.ts';
export type { ServerMode, StartMode } from './server-mode.ts';
export { SFTP_ENV } from './sftp-external.ts';
export type {
  SftpEncryptedKey,
  SftpKeyUser,
  SftpPasswordUser,
  SftpServer,
  SftpUser,
  StartSftpServerOptions,
} from './sftp-types.ts';
export { fingerprintOf } from './ssh-keys.ts';
export { startPostgres } from './start-postgres.ts';
export { startSftpServer } from './start-sftp-server.ts';
export { isPortOpen, readSshBanner } from './tcp-probe.ts';
export { TESTKIT_ERROR_CODES, TestkitError, type TestkitErrorCode } from './testkit-error.ts';
export { secondsAgo, type UserFiles, type WriteFileOptions } from './user-files.ts';
