/**
 * Frozen: a migration never changes once released, and imports nothing from the application, so that
 * it means the same thing on every database forever. Add a new file instead.
 *
 * `sync_schedules`: the scheduler's own record of when each tenant syncs next. Until now pg-boss's
 * cron kept the schedules, and its cron pass (cron-parser's `prev()`) lost the run of a time the
 * spring clock change skips and ran twice a time the autumn change repeats. The scheduler now decides
 * the occurrences itself and takes each due one with a conditional update of its row, which makes one
 * job per occurrence however many replicas look.
 *
 * - `next_run_at`: the next occurrence, as an instant; replicas look for rows where it has passed.
 * - `last_run_at`: the occurrence last queued, for operators and for the clock change's promise (a
 *   local time runs once).
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE sync_schedules (
    tenant_id text PRIMARY KEY,
    cron text NOT NULL,
    timezone text NOT NULL,
    next_run_at timestamptz NOT NULL,
    last_run_at timestamptz,
    updated_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  await sql`CREATE INDEX sync_schedules_due ON sync_schedules (next_run_at)`.execute(db);
}
