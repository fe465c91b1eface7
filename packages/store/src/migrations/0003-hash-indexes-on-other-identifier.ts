/**
 * Frozen: a migration never changes once released, and imports nothing from the application, so that
 * it means the same thing on every database forever. Add a new file instead.
 *
 * The indexes on each tenant's other identifier (0002) become hash indexes. They are only ever
 * searched for one value (the holder of an e-mail a row takes), never for a range or an order, and
 * they are not unique, so a hash index serves every lookup; but it costs far less to keep up: the
 * e-mails of a file arrive in no order, and a B-tree on them pays a descent, text comparisons and
 * page splits for every created person. Measured on 98k people created in one statement (PostgreSQL
 * 15, `INSERT … SELECT`): the B-tree on `(tenant_id, email)` added 0.43–0.73 s, a hash index on
 * `email` 0.09–0.14 s. A hash index has one column, so it hashes the tenant and the value together
 * (`tenant_id || chr(31) || value`, chr(31) the unit separator): employee ids such as `1001` repeat
 * across tenants, and an index of the value alone would fetch every tenant's holder for each lookup.
 * The lookups (sync-statements.ts, `holdersByIndex`) are written with the same expression.
 *
 * Locks: the old indexes are dropped first. DROP INDEX takes the table's strongest lock, so it is
 * asked for before anything else (taking a weaker lock first and this one later could deadlock with a
 * sync that reads `users` and then writes it); the builds then run under it, reads of `users` waiting
 * for them (one took 105 ms over 98k people, PostgreSQL 15). It waits at most 5 s for a sync in
 * progress (`lock_timeout`, for this migration's transaction), so that readers do not queue behind it
 * for a whole run; `migrateToLatest` tries again.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`SET LOCAL lock_timeout = '5s'`.execute(db);
  await sql`DROP INDEX users_tenant_email_by_employee_id`.execute(db);
  await sql`DROP INDEX users_tenant_employee_id_by_email`.execute(db);
  await sql`CREATE INDEX users_email_by_employee_id ON users USING hash ((tenant_id || chr(31) || email)) WHERE key_field = 'employee_id'`.execute(
    db,
  );
  await sql`CREATE INDEX users_employee_id_by_email ON users USING hash ((tenant_id || chr(31) || employee_id)) WHERE key_field = 'email'`.execute(
    db,
  );
}
