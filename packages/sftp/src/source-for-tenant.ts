/** The file source a tenant's config describes, with its secrets resolved just now (never earlier). */
import path from 'node:path';
import type { TenantConfig } from '@roster/config';
import { type FileSource, resolveSecret } from '@roster/engine';
import { localFolderSource } from './local-folder-source.ts';
import { openSftpSource } from './sftp-source.ts';

export interface TenantSourceOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly now?: () => Date;
  readonly onRetry?: (attempt: number, error: unknown, delayMs: number) => void;
}

export const DEFAULT_MIN_AGE_SECONDS = 60;
export const DEFAULT_MAX_SIZE_MB = 2048;

/**
 * Opens the source a tenant's `connection` describes. Secret references are resolved here, when a run
 * needs them; an unresolvable one fails with SECRET_UNRESOLVED naming the reference, never a value.
 *
 * @example
 * const { dir, tenant } = await loadTenant('tenants/acme'); // `tenant` is set when tenant.yaml is valid
 * if (tenant) {
 *   await using source = await openTenantSource({ dir, tenant }, { env: process.env });
 *   const file = await source.pick();
 * }
 */
export async function openTenantSource(
  tenant: { readonly dir: string; readonly tenant: TenantConfig },
  options: TenantSourceOptions = {},
): Promise<FileSource> {
  const { connection, file } = tenant.tenant;
  const rules = {
    pattern: file.name,
    minAgeSeconds: file.minAgeSeconds ?? DEFAULT_MIN_AGE_SECONDS,
    maxSizeMB: file.maxSizeMB ?? DEFAULT_MAX_SIZE_MB,
    ...(options.now && { now: options.now }),
  };
  if (connection.type === 'local') {
    return localFolderSource({ directory: path.resolve(tenant.dir, connection.directory), ...rules });
  }
  const secret = (reference: string | undefined) =>
    reference === undefined ? undefined : resolveSecret(reference, options.env);
  const [password, privateKey, passphrase] = await Promise.all([
    secret(connection.password),
    secret(connection.privateKey),
    secret(connection.passphrase),
  ]);
  return openSftpSource({
    host: connection.host,
    port: connection.port ?? 22,
    username: connection.username,
    ...(password !== undefined && { password }),
    ...(privateKey !== undefined && { privateKey }),
    ...(passphrase !== undefined && { passphrase }),
    hostKeys: Array.isArray(connection.hostKey) ? connection.hostKey : [connection.hostKey],
    directory: connection.directory ?? '.',
    connectTimeoutSeconds: connection.connectTimeoutSeconds ?? 20,
    retries: connection.retries ?? 3,
    ...rules,
    ...(options.onRetry && { onRetry: options.onRetry }),
  });
}
