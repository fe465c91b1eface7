export { fingerprintOf } from './host-key.ts';
export { localFolderSource } from './local-folder-source.ts';
export { archiveName, pickNewest } from './pick-newest.ts';
export { withRetry } from './retry.ts';
export { fetchHostKeyFingerprint, openSftpSource, type SftpSourceOptions } from './sftp-source.ts';
export { DEFAULT_MIN_AGE_SECONDS, openTenantSource } from './source-for-tenant.ts';
