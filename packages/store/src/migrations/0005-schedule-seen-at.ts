/**
 * Frozen: a migration never changes once released, and imports nothing from the application, so that
 * it means the same thing on every database forever. Add a new file instead.
 *
 * `sync_schedules.seen_at`: when a replica whose tenant folders hold the tenant last said so. During a
 * rolling deploy old and new replicas run side by side with different tenant folders; a replica
 * removes the schedule of a tenant it does not have only once no replica has seen it for a while, and
 * leaves a queued run of such a tenant to a replica that has it, instead of dropping it.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE sync_schedules ADD COLUMN seen_at timestamptz NOT NULL DEFAULT now()`.execute(db);
}
