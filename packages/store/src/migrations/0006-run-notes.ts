/**
 * Frozen: a migration never changes once released, and imports nothing from the application, so that
 * it means the same thing on every database forever. Add a new file instead.
 *
 * `sync_runs.notes`: what a run said besides its counts and error: how the file was read (an encoding
 * the file's text overruled), people it would give new accounts under a new key, users a change of key
 * left as history. The CLI printed them and a scheduler's run lost them; `roster history` shows them.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE sync_runs ADD COLUMN notes text[]`.execute(db);
}
