export { fingerprintOf, normalizeFingerprint } from './host-key.ts';
export { type LocalFolderOptions, localFolderSource } from './local-folder-source.ts';
export { archiveName, type PickRules, pickNewest } from './pick-newest.ts';
export { type RetryOptions, withRetry } from './retry.ts';
export {
  END_TIMEOUT_MS,
  fetchHostKeyFingerprint,
  type SftpConnectOptions,
  type SftpCredentials,
  type SftpEndpoint,
} from './sftp-connection.ts';
export { openSftpSource, type SftpSourceOptions } from './sftp-source.ts';
export {
  DEFAULT_MAX_SIZE_MB,
  DEFAULT_MIN_AGE_SECONDS,
  openTenantSource,
  type TenantSourceOptions,
} from './source-for-tenant.ts';
