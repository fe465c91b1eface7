/**
 * Frozen: a migration never changes once released, and imports nothing from the application, so that
 * it means the same thing on every database forever. Add a new file instead.
 *
 * - `sync_runs.file_modified_at`: when the applied file was last modified at its source, so that an
 *   older file left in the folder (after the newest was archived) is never applied over a newer one.
 * - `sync_runs.config_sha256`: a fingerprint of the tenant's config that shapes the result (mappings,
 *   key, reading options), so that the same file is applied again after the mappings change.
 * - `sync_runs.runner`: the machine and process running it (`host:pid`), so that a run still
 *   connecting or downloading is not taken for one that died.
 * - Indexes on each tenant's other identifier (the e-mail where people are keyed by employee id, and
 *   the reverse), so that a row taking an e-mail another person holds is found by lookups, not scans.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE sync_runs ADD COLUMN file_modified_at timestamptz, ADD COLUMN config_sha256 text, ADD COLUMN runner text`.execute(
    db,
  );
  await sql`CREATE INDEX users_tenant_email_by_employee_id ON users (tenant_id, email) WHERE key_field = 'employee_id'`.execute(
    db,
  );
  await sql`CREATE INDEX users_tenant_employee_id_by_email ON users (tenant_id, employee_id) WHERE key_field = 'email'`.execute(
    db,
  );
}
