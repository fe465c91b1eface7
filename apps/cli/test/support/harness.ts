/**
 * What an end-to-end test needs, all real: an OpenSSH server, a PostgreSQL server (or the embedded
 * PGlite), the store migrated, and the same adapters the CLI wires.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { MappingsConfig, TenantConfig } from '@roster/config';
import type { SyncDependencies, SyncTenant } from '@roster/engine';
import { readerForFile } from '@roster/parsers';
import { openTenantSource } from '@roster/sftp';
import { migrateToLatest, openDatabase, type RosterDatabase, SqlUserStore } from '@roster/store';
import type { PostgresServer, SftpServer } from '@roster/testkit';

export type DatabaseKind = 'postgres' | 'embedded';

export interface Harness {
  readonly database: RosterDatabase;
  readonly store: SqlUserStore;
  readonly deps: SyncDependencies;
  readonly env: NodeJS.ProcessEnv;
}

export async function openHarness(
  kind: DatabaseKind,
  postgres: PostgresServer | undefined,
  env: NodeJS.ProcessEnv,
): Promise<Harness> {
  const database =
    kind === 'postgres' && postgres
      ? await openDatabase({ databaseUrl: await postgres.createDatabase() })
      : await openDatabase({ dataDir: 'memory://' });
  await migrateToLatest(database.db);
  const store = new SqlUserStore(database);
  return {
    database,
    store,
    env,
    deps: { store, openSource: (tenant) => openTenantSource(tenant, { env }), readerFor: readerForFile },
  };
}

export const MAPPINGS: MappingsConfig = {
  fields: {
    employee_id: 'Employee ID',
    email: { from: 'Work Email', transform: ['lowercase'] },
    first_name: 'First Name',
    last_name: 'Last Name',
    job_title: 'Job Title',
    hire_date: { from: 'Hire Date', format: 'MM/dd/yyyy' },
    status: { from: 'Status', map: { Active: 'active', Terminated: 'inactive' }, default: 'active' },
  },
};

/** A tenant reading `employees_*.csv` from `/upload/<id>/` of the password user on `sftp`. */
export async function sftpTenant(
  id: string,
  sftp: SftpServer,
  passwordVariable: string,
  overrides: {
    file?: Partial<TenantConfig['file']>;
    lifecycle?: TenantConfig['lifecycle'];
    key?: TenantConfig['key'];
  } = {},
): Promise<SyncTenant> {
  const user = sftp.users.password;
  await user.makeDir(id); // each tenant has its own folder on the shared server
  const tenant: TenantConfig = {
    name: id,
    connection: {
      type: 'sftp',
      host: sftp.host,
      port: sftp.port,
      username: user.username,
      password: `\${env:${passwordVariable}}`,
      hostKey: sftp.hostKeyFingerprint,
      directory: `${user.remoteUploadDir}/${id}`,
      retries: 0,
    },
    file: { name: 'employees_*.csv', minAgeSeconds: 0, ...overrides.file },
    key: overrides.key ?? 'employee_id',
    schedule: { daily: '02:00', timezone: 'UTC' },
    lifecycle: { maxDeactivations: '50%', ...overrides.lifecycle },
  };
  return { id, dir: await mkdtemp(path.join(tmpdir(), `tenant-${id}-`)), tenant, mappings: MAPPINGS };
}

/** Every user of a tenant, in key order, as the platform would read them. */
export async function usersOf(database: RosterDatabase, tenantId: string) {
  return database.db
    .selectFrom('users')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('employee_id')
    .orderBy('email')
    .execute();
}
