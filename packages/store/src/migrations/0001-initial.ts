/**
 * Frozen: a migration never changes once released, and imports nothing from the application, so that
 * it means the same thing on every database forever. Add a new file instead.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE users (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id text NOT NULL,
      key_field text NOT NULL CHECK (key_field IN ('employee_id', 'email')),
      employee_id text,
      email text NOT NULL,
      first_name text,
      last_name text,
      job_title text,
      department text,
      manager_id text,
      location text,
      hire_date date,
      status text NOT NULL CHECK (status IN ('active', 'inactive')),
      attributes jsonb NOT NULL DEFAULT '{}'::jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      deactivated_at timestamptz,
      CHECK (key_field <> 'employee_id' OR employee_id IS NOT NULL)
    )`.execute(db);
  // One person per key per tenant; the key is per tenant (tenant.yaml `key`).
  await sql`CREATE UNIQUE INDEX users_tenant_employee_id ON users (tenant_id, employee_id) WHERE key_field = 'employee_id'`.execute(
    db,
  );
  await sql`CREATE UNIQUE INDEX users_tenant_email ON users (tenant_id, email) WHERE key_field = 'email'`.execute(
    db,
  );
  await sql`CREATE INDEX users_tenant_status ON users (tenant_id, status)`.execute(db);

  await sql`
    CREATE TABLE sync_runs (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      tenant_id text NOT NULL,
      trigger text NOT NULL CHECK (trigger IN ('manual', 'schedule')),
      file_name text,
      file_size bigint,
      file_sha256 text,
      started_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz,
      status text NOT NULL CHECK (status IN ('running', 'succeeded', 'refused', 'failed', 'skipped')),
      rows integer NOT NULL DEFAULT 0,
      valid integer NOT NULL DEFAULT 0,
      rejected integer NOT NULL DEFAULT 0,
      created integer NOT NULL DEFAULT 0,
      updated integer NOT NULL DEFAULT 0,
      unchanged integer NOT NULL DEFAULT 0,
      reactivated integer NOT NULL DEFAULT 0,
      deactivated integer NOT NULL DEFAULT 0,
      ignored_inactive integer NOT NULL DEFAULT 0,
      error text,
      guard text,
      approved boolean NOT NULL DEFAULT false
    )`.execute(db);
  await sql`CREATE INDEX sync_runs_tenant_started ON sync_runs (tenant_id, started_at DESC, id DESC)`.execute(
    db,
  );

  await sql`
    CREATE TABLE sync_rejections (
      run_id bigint NOT NULL REFERENCES sync_runs (id) ON DELETE CASCADE,
      line integer NOT NULL,
      key text,
      field text,
      code text NOT NULL,
      message text NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX sync_rejections_run ON sync_rejections (run_id, line)`.execute(db);
}
