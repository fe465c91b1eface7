/** How a command opens a tenant's file source: SFTP or a local folder, secrets from the environment. */
import type { SyncDependencies } from '@roster/engine';
import { openTenantSource } from '@roster/sftp';
import type { CliContext } from './cli-context.ts';

export function sourceOpener(context: CliContext): SyncDependencies['openSource'] {
  return (tenant) => openTenantSource(tenant, { env: context.env });
}
