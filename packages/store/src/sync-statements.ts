/**
 * The set-based SQL of a sync. Every statement is scoped to one tenant ($1) and works on the
 * transaction's temporary tables. The key column is one of two fixed names, never text from YAML;
 * every value is a parameter.
 *
 * The file is joined with the tenant's users once: `roster_changes` keeps only the rows that would
 * change something (typically 1-2% of a daily file) with what each would do, and the users absent
 * from the file. Counting, examples and applying then read those small tables, so a
 * million-row file costs one join, not one per question (measured: 6.5 s of SQL after the COPY
 * became about half).
 */
import { type KeyField, otherIdentifier, PROFILE_FIELDS, RosterError } from '@roster/engine';

/** The profile columns compared to decide "changed": all but the status (compared on its own). */
export const COMPARED_FIELDS = PROFILE_FIELDS.filter((field) => field !== 'status');

const tuple = (alias: string) =>
  `(${COMPARED_FIELDS.map((column) => `${alias}.${column}`).join(', ')}, ${alias}.attributes)`;

/** True when a staged row would change the stored person (status aside). */
const FIELDS_DIFFER = `${tuple('u')} IS DISTINCT FROM ${tuple('s')}`;

const PROFILE =
  'employee_id, email, first_name, last_name, job_title, department, manager_id, location, hire_date, status, attributes';

/**
 * Every statement of a sync is a bulk set operation, where hash joins are right. Statistics of a
 * tenant's users lag behind a large first load (autovacuum has not analysed them yet), and the
 * planner then picks nested loops over the staging table: quadratic, minutes for 300k rows. Turning
 * nested loops off while the file is compared keeps the plans linear whatever the statistics say.
 */
export const BULK_PLANS_ONLY = 'SET LOCAL enable_nestloop = off';
/**
 * Memory for the comparison's hash join on a PostgreSQL server. With the default 4 MB a million-row
 * tenant's join spills to disk in batches (measured at 1M rows: 1.64 s with 4 MB, 1.2 s with 256 MB).
 * A small tenant's join uses only what it needs; `ROSTER_SYNC_WORK_MEM` lowers it for a tight server.
 * Not set on the embedded database, whose memory is the CLI's own.
 */
export const syncWorkMem = (given = process.env.ROSTER_SYNC_WORK_MEM) => {
  const setting = given ?? '256MB';
  if (!/^\d+\s*(kB|MB|GB)$/.test(setting)) {
    throw new RosterError('CONFIG_INVALID', `Invalid ROSTER_SYNC_WORK_MEM "${setting}"`, {
      hint: 'Give a PostgreSQL memory size such as 64MB or 1GB',
    });
  }
  return `SET LOCAL work_mem = '${setting}'`;
};

/**
 * A million-row comparison costs enough for PostgreSQL to compile it with LLVM (on a server built
 * with JIT), which made it slower, not faster: 1.30 s with JIT, 1.24 s without (measured, 4 runs).
 */
export const NO_JIT = 'SET LOCAL jit = off';

/** Applying touches only the changed rows, by primary key: there an index lookup is right again. */
export const INDEXED_PLANS_AGAIN = 'SET LOCAL enable_nestloop = on';

/**
 * `key_hash` and `other_hash` are the client's hashes of the row's key and other identifier (the e-mail
 * under an employee-id key, the employee id under an e-mail key: repeated-hashes.ts);
 * `id` the id the client made for the person when the tenant has nobody yet (uuid-v7.ts), else null.
 * A rejected row with a key but no key hash is a candidate: one of the values of a row whose cells
 * are shifted (engine's StagedRow `rejected-unaligned`), which may be its key — it keeps the person
 * it names from being deactivated, but is not one of the file's keys and is no duplicate of any.
 */
export const CREATE_STAGING = `
  CREATE TEMPORARY TABLE roster_staging (
    line integer NOT NULL,
    rejected boolean NOT NULL,
    employee_id text, email text, first_name text, last_name text, job_title text,
    department text, manager_id text, location text, hire_date date, status text,
    attributes jsonb, key_hash integer, other_hash integer, id uuid
  ) ON COMMIT DROP`;

/** The columns in the order staging-encoder.ts writes them. */
export const COPY_STAGING =
  'COPY roster_staging (line, rejected, employee_id, email, first_name, last_name, job_title, department, manager_id, location, hire_date, status, attributes, key_hash, other_hash, id)';

/** Whether another user of tenant $1 is matched by `key` with the value user `alias` has of it. */
const heldUnderKey = (key: KeyField, alias: string) =>
  `EXISTS (SELECT 1 FROM users k WHERE k.tenant_id = $1 AND k.key_field = '${key}' AND k.${key} = ${alias}.${key})`;

/**
 * Whether some of the tenant's users are stored under the other key: its `key` changed since they
 * were synced. Not the users a re-key leaves behind as history (see {@link rekey}): inactive, and
 * without a value of the new key or with one another user holds under it. A lookup in the old key's
 * own index, which after a re-key holds those few only, so that every run can afford to ask.
 */
export const needsRekey = (key: KeyField) => `
  SELECT EXISTS (
    SELECT 1 FROM users u WHERE u.tenant_id = $1 AND u.key_field = '${otherIdentifier(key)}'
      AND NOT (u.status = 'inactive' AND (u.${key} IS NULL OR ${heldUnderKey(key, 'u')}))
  ) AS needed`;

/**
 * What stops the tenant's users from being matched by `key`: active people without one, and values
 * two active people hold. Inactive ones are no obstacle: {@link rekey} leaves them as history.
 */
export const rekeyProblems = (key: KeyField) => `
  SELECT
    (SELECT count(*)::int FROM users WHERE tenant_id = $1 AND ${key} IS NULL AND status = 'active') AS without_key,
    (SELECT count(*)::int FROM (
       SELECT 1 FROM users WHERE tenant_id = $1 AND ${key} IS NOT NULL AND status = 'active'
       GROUP BY ${key} HAVING count(*) > 1
     ) d) AS repeated,
    (SELECT coalesce(array_agg(value), '{}') FROM (
       SELECT ${key} AS value FROM users WHERE tenant_id = $1 AND ${key} IS NOT NULL AND status = 'active'
       GROUP BY ${key} HAVING count(*) > 1 ORDER BY 1 LIMIT 5
     ) d) AS examples`;

/**
 * The tenant's users are matched by `key` from now on (inside the run's transaction): of the users
 * sharing a value of it, the active one, else the one that left last (a rehire under a new employee
 * id, the old account inactive with the same e-mail; a generic address passed from leaver to
 * leaver). The others, inactive, and inactive users with no value of the key, stay under the old key:
 * history no run matches again. Before, any of them refused the re-key until someone edited the
 * users table by hand. A value someone already holds under the new key is not taken from them.
 */
export const rekey = (key: KeyField) => {
  const old = otherIdentifier(key);
  return `
  UPDATE users u SET key_field = '${key}'
  FROM (
    SELECT id, row_number() OVER (
      PARTITION BY ${key} ORDER BY status = 'active' DESC, deactivated_at DESC NULLS LAST, updated_at DESC, id DESC
    ) AS rank
    FROM users WHERE tenant_id = $1 AND key_field = '${old}' AND ${key} IS NOT NULL
  ) r
  WHERE u.id = r.id AND r.rank = 1 AND NOT ${heldUnderKey(key, 'u')}`;
};

/** The users a re-key left under the old key, as history (see {@link rekey}). */
export const keptUnderOldKey = (key: KeyField) =>
  `SELECT count(*)::int AS kept FROM users WHERE tenant_id = $1 AND key_field = '${otherIdentifier(key)}'`;

/** Another run of the same tenant holds this lock until its transaction ends. */
export const TRY_TENANT_LOCK = `SELECT pg_try_advisory_xact_lock(hashtextextended('roster:' || $1, 0)) AS locked`;

/**
 * Only the rows whose hash the client saw more than once ($2, see repeated-hashes.ts) are grouped, or
 * every row when `among` is 'all'. Text a statement adds to a `WHERE` that does so.
 */
const amongRepeated = (hashColumn: string, among: 'repeated' | 'all') =>
  among === 'repeated' ? ` AND ${hashColumn} = ANY($2::integer[])` : '';

/**
 * Marks every row whose key occurs more than once as rejected (all occurrences: we cannot know which
 * is right) and returns the first $1 of them.
 */
export const rejectDuplicateKeys = (key: KeyField, among: 'repeated' | 'all') => `
  WITH dup AS (
    SELECT ${key} AS value, count(*)::int AS occurrences FROM roster_staging
    WHERE ${key} IS NOT NULL AND key_hash IS NOT NULL${amongRepeated('key_hash', among)} GROUP BY ${key} HAVING count(*) > 1
  ),
  marked AS (
    UPDATE roster_staging s SET rejected = true FROM dup
    WHERE s.${key} = dup.value AND NOT s.rejected${amongRepeated('s.key_hash', among)}
    RETURNING s.line, s.${key} AS key, dup.occurrences
  )
  SELECT line, key, occurrences, (count(*) OVER ())::int AS total FROM marked ORDER BY line LIMIT $1`;

/**
 * Two people of the file with one other identifier — one e-mail for two employee ids, or one employee
 * id for two e-mail addresses under an e-mail key — are both rejected, among the rows still valid.
 */
export const rejectDuplicateOthers = (key: KeyField, among: 'repeated' | 'all') => {
  const other = otherIdentifier(key);
  return `
  WITH dup AS (
    SELECT ${other} AS value FROM roster_staging
    WHERE NOT rejected AND ${other} IS NOT NULL${amongRepeated('other_hash', among)} GROUP BY ${other} HAVING count(*) > 1
  ),
  marked AS (
    UPDATE roster_staging s SET rejected = true FROM dup
    WHERE s.${other} = dup.value AND NOT s.rejected${amongRepeated('s.other_hash', among)}
    RETURNING s.line, s.${key} AS key, s.${other} AS other
  )
  SELECT line, key, other, (count(*) OVER ())::int AS total FROM marked ORDER BY line LIMIT $1`;
};

/** What a staged row of someone not stored does: creates them, or is ignored when inactive. */
const newPersonAction = (alias: string) =>
  `CASE WHEN ${alias}.status = 'active' THEN 'create' ELSE 'ignore' END`;

/**
 * The one comparison of the file with the stored users: every staged row that would change
 * something, with what it would do, and every active user absent from the file (`missing`; only when
 * the tenant deactivates missing people, $2). One full join answers both: two joins, one for each,
 * cost 0.7 s more at a million rows.
 *
 * An identity swap — the same key now carrying another person, with both a different e-mail (or,
 * keyed by e-mail, a different employee id) and a different first and last name — is `swap`:
 * rejected, never applied (it would hand one person's account to another). New people already
 * inactive are `ignore`: never created. A rejected row still matches its person, who is therefore
 * never missing: a bad row does not deactivate anyone.
 */
export const createChanges = (key: KeyField) => {
  const other = otherIdentifier(key);
  return `
  CREATE TEMPORARY TABLE roster_changes ON COMMIT DROP AS
  SELECT s.line, s.employee_id, s.email, s.first_name, s.last_name, s.job_title, s.department, s.manager_id, s.location,
         s.hire_date, s.status, s.attributes, u.id AS user_id, u.${other} AS before_other,
         CASE
           WHEN s.line IS NULL THEN 'missing'
           WHEN u.id IS NULL THEN ${newPersonAction('s')}
           WHEN u.${other} IS NOT NULL AND s.${other} IS NOT NULL AND u.${other} <> s.${other}
            AND u.first_name IS NOT NULL AND s.first_name IS NOT NULL AND lower(u.first_name) <> lower(s.first_name)
            AND u.last_name IS NOT NULL AND s.last_name IS NOT NULL AND lower(u.last_name) <> lower(s.last_name) THEN 'swap'
           WHEN u.status = 'inactive' AND s.status = 'active' THEN 'reactivate'
           WHEN u.status = 'active' AND s.status = 'inactive' THEN 'deactivate'
           ELSE 'update'
         END AS action
  FROM roster_staging s
  FULL JOIN (SELECT * FROM users WHERE tenant_id = $1 AND key_field = '${key}') u ON u.${key} = s.${key}
  WHERE (s.line IS NULL AND $2::boolean AND u.status = 'active')
     OR (NOT s.rejected AND (u.id IS NULL OR u.status IS DISTINCT FROM s.status OR ${FIELDS_DIFFER}))`;
};

/**
 * Rows that are not applied still name their person by the other identifier, who is then kept, not
 * `missing`:
 * - a rejected row without a usable key (an empty employee id, an invalid e-mail under an e-mail key);
 * - a row rejected as a duplicate, whose key may be the typo (`1,p2@x.io` under `1,p1@x.io`: employee
 *   2's row with a mistyped id; a sweep saw employee 2 deactivated);
 * - a swap row: keyed by e-mail, `2,a@x.com` whose e-mail belonged to employee 1 says that employee 2
 *   is still here, though their account (under the e-mail they had) is absent by its key.
 * Rows rejected while mapping stage their key alone. Run only when such rows exist (rare), before
 * the taken identifiers are judged (which count on who goes inactive); deletes the people kept.
 */
export const keepNamedByUnapplied = (key: KeyField, named: { rejected: boolean; swaps: boolean }) => {
  const other = otherIdentifier(key);
  const sources = [
    named.rejected && `SELECT s.${other} FROM roster_staging s WHERE s.rejected AND s.${other} IS NOT NULL`,
    named.swaps && `SELECT w.${other} FROM roster_changes w WHERE w.action = 'swap'`,
  ].filter(Boolean);
  return `
  DELETE FROM roster_changes c
  WHERE c.action = 'missing' AND c.before_other IN (${sources.join(' UNION ALL ')})`;
};

/**
 * The rows that give an active person an identifier (the e-mail, or the employee id when keyed by
 * e-mail) they did not actively hold: new people, changed ones, and returning ones — a person coming
 * back with their old e-mail takes it again, and someone may have been given it while they were
 * gone. Only these can take an identifier someone else holds.
 */
const takesIdentifier = (key: KeyField, alias: string) => {
  const other = otherIdentifier(key);
  return `${alias}.action IN ('create', 'update', 'reactivate') AND ${alias}.status = 'active'
    AND ${alias}.${other} IS NOT NULL
    AND (${alias}.${other} IS DISTINCT FROM ${alias}.before_other OR ${alias}.action = 'reactivate')`;
};

/**
 * Per action: how many rows; how many take an identifier (`takers`: is the identity check needed, and
 * how); and how many change a stored person's other identifier to another value (`readdressed`, for
 * the maxIdentityChanges guard: another customer's file with the same ids gives everyone a stranger's
 * e-mail, which the swap rule misses when there are no names to compare). Clearing one hands no
 * account to anyone (a re-key that drops the employee id mapping did that to everyone).
 */
export const countChanges = (key: KeyField) => {
  const other = otherIdentifier(key);
  return `
  SELECT action, count(*)::int AS n, (count(*) FILTER (WHERE ${takesIdentifier(key, 'c')}))::int AS takers,
    (count(*) FILTER (WHERE c.action IN ('update', 'reactivate') AND c.before_other IS NOT NULL
      AND c.${other} IS NOT NULL AND c.${other} <> c.before_other))::int AS readdressed
  FROM roster_changes c GROUP BY action`;
};

/**
 * Below this many taking rows, each one's holder is found by a lookup in the identifier's index; above
 * it (a first load), by one hash join with the tenant's users, which at a first load are few or none.
 */
export const IDENTITY_LOOKUPS_UP_TO = 20_000;

/**
 * What the other-identifier indexes hash (migration 0003): the tenant and the value, separated by
 * chr(31). A lookup must compare this very expression for the index to answer it; the plain
 * `tenant_id = … AND email = …` beside it keeps the result exact whatever the values hold.
 */
const holderKey = (tenant: string, value: string) => `(${tenant} || chr(31) || ${value})`;

/** The holders of a taker `t`'s identifier, by a lookup in the other-identifier index (tenant $1). */
export const holdersByIndex = (key: KeyField) => {
  const other = otherIdentifier(key);
  return `SELECT u.id, u.${key} AS holder, u.status FROM users u
           WHERE ${holderKey('u.tenant_id', `u.${other}`)} = ${holderKey('$1', 't.value')}
             AND u.tenant_id = $1 AND u.key_field = '${key}' AND u.${other} = t.value AND u.id IS DISTINCT FROM t.user_id`;
};

/**
 * After the comparison: rows that would leave an identifier with two active people are not applied.
 * For each taking row, the person who holds its identifier now, and what becomes of that holder in
 * this run decide:
 * - the holder goes inactive (absent from the file, or inactive in it), or is inactive: allowed;
 * - the holder takes another identifier in this same file: `moved` — identifiers passing between
 *   people (two employees' e-mails swapped) would hand one account to another person;
 * - the holder stays active with it (its own row rejected, or absent while missing people are kept):
 *   `taken` — two active people would share one e-mail.
 * Marks those rows and returns them: `line`, `key`, `value`, `holder`, `verdict`, `was` (the action
 * they had).
 */
export const rejectTakenIdentifiers = (key: KeyField, lookup: 'index' | 'hash') => {
  const other = otherIdentifier(key);
  const holders =
    lookup === 'index'
      ? `FROM takers t CROSS JOIN LATERAL (
           ${holdersByIndex(key)}
         ) h`
      : `FROM takers t JOIN (
           SELECT u.id, u.${key} AS holder, u.status, u.${other} AS value FROM users u
           WHERE u.tenant_id = $1 AND u.key_field = '${key}' AND u.${other} IS NOT NULL
         ) h ON h.value = t.value AND h.id IS DISTINCT FROM t.user_id`;
  return `
  WITH takers AS (
    SELECT c.line, c.${key} AS key, c.${other} AS value, c.user_id, c.action AS was
    FROM roster_changes c WHERE ${takesIdentifier(key, 'c')}
  ),
  held AS (
    SELECT t.line, t.key, t.value, t.was, h.id AS holder_id, h.holder, h.status AS holder_status ${holders}
  ),
  judged AS (
    SELECT DISTINCT ON (line) line, key, value, was, holder, verdict FROM (
      SELECT held.*, CASE
          WHEN NOT (CASE WHEN c2.action IN ('missing', 'deactivate') THEN false
                         WHEN c2.action IN ('update', 'reactivate') THEN c2.status = 'active'
                         ELSE held.holder_status = 'active' END) THEN NULL
          WHEN c2.action IN ('update', 'reactivate') AND c2.${other} IS DISTINCT FROM held.value THEN 'moved'
          ELSE 'taken'
        END AS verdict
      FROM held LEFT JOIN roster_changes c2 ON c2.user_id = held.holder_id
    ) v
    ORDER BY line, verdict IS NULL, verdict
  )
  UPDATE roster_changes c SET action = j.verdict FROM judged j
  WHERE c.line = j.line AND j.verdict IS NOT NULL
  RETURNING j.line, j.key, j.value, j.holder, j.verdict, j.was`;
};

/**
 * People the file would create whose other identifier is that of a user it would deactivate as
 * missing (StagedPlan.renumbered): the stored key, the file's key and the identifier they share, the
 * first $1 in file order, each row with the total.
 */
export const renumberedPeople = (key: KeyField) => {
  const other = otherIdentifier(key);
  return `
  SELECT u.${key} AS before, c.${key} AS after, c.${other} AS shared, (count(*) OVER ())::int AS total
  FROM roster_changes c
  JOIN roster_changes m ON m.action = 'missing' AND m.before_other = c.${other}
  JOIN users u ON u.id = m.user_id
  WHERE c.action = 'create'
  ORDER BY c.line LIMIT $1`;
};

export const swapsOf = (key: KeyField) => `
  SELECT line, ${key} AS key, before_other, ${otherIdentifier(key)} AS after_other
  FROM roster_changes WHERE action = 'swap' ORDER BY line LIMIT $1`;

export const COUNT_ACTIVE = `SELECT count(*)::int AS active FROM users WHERE tenant_id = $1 AND status = 'active'`;

/**
 * The row count and the two columns that applying filters and joins on: statistics of every column
 * (text, jsonb) cost 0.10–0.19 s on a million-row file's ~35,000 changes, measured; these few are
 * what picks an index lookup per changed row over a scan of all users.
 */
export const ANALYZE_CHANGES = 'ANALYZE roster_changes (action, user_id)';

/** Leavers: never deleted, only deactivated. */
export const DEACTIVATE_MISSING = `
  UPDATE users u SET status = 'inactive', deactivated_at = now(), updated_at = now()
  FROM roster_changes c WHERE u.id = c.user_id AND c.action = 'missing'`;

/**
 * The changed: every profile column from the file; `updated_at` moves (only changed rows are here);
 * `deactivated_at` is set when a person becomes inactive and cleared when they come back.
 */
export const UPDATE_CHANGED = `
  UPDATE users u SET
    employee_id = c.employee_id, email = c.email, first_name = c.first_name, last_name = c.last_name,
    job_title = c.job_title, department = c.department, manager_id = c.manager_id, location = c.location,
    hire_date = c.hire_date, status = c.status, attributes = c.attributes, updated_at = now(),
    deactivated_at = CASE WHEN c.status = 'inactive' THEN coalesce(u.deactivated_at, now()) END
  FROM roster_changes c WHERE u.id = c.user_id AND c.action IN ('update', 'reactivate', 'deactivate')`;

/** 16 bytes as a UUID of version 7: the version nibble (0111) in byte 6, the variant bits (10) in byte 8. */
const WITH_VERSION_7 = (bytes: string) =>
  `encode(set_byte(set_byte(${bytes}, 6, (get_byte(${bytes}, 6) & 15) | 112), 8, (get_byte(${bytes}, 8) & 63) | 128), 'hex')::uuid`;

/**
 * The new people, each with a time-ordered id (a UUID of version 7, RFC 9562). On a first load the
 * client made them as it staged the rows ({@link insertFirstLoad}; uuid-v7.ts: the SQL below was
 * ~0.25 s of a 98k-people load). Otherwise here: 48 bits of the insertion's millisecond, then 74 bits of SHA-256 over a
 * secret seed ($2, 32 random bytes as hex, fresh for every statement and never stored) and the row's
 * line. Ids in insertion order append to the primary key's last pages instead of landing all over
 * it, and one hash a row is cheaper than the column default's `gen_random_uuid()`, one call into
 * OpenSSL's random generator a row. Measured on a 100k-row first load beside 50k other users
 * (PostgreSQL 15, 4 alternations): 0.96–1.14 s against 1.32–1.58 s for the default. The random part
 * cannot be guessed from other ids without the seed; the time part says when the person was
 * created, as `created_at` does.
 */
export const insertCreated = (key: KeyField) => `
  INSERT INTO users (id, tenant_id, key_field, ${PROFILE})
  SELECT ${WITH_VERSION_7('id.bytes')}, $1, '${key}', ${PROFILE}
  FROM roster_changes c CROSS JOIN LATERAL (
    SELECT substring(int8send((extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3 FOR 6)
      || substring(sha256(decode($2, 'hex') || int4send(c.line)) FROM 1 FOR 10) AS bytes
  ) id
  WHERE c.action = 'create'`;

/**
 * A first load's rows, per action, as the comparison would have them: with nobody stored, a valid
 * row creates its person, or is ignored when inactive (createChanges' `create` and `ignore`).
 */
export const FIRST_LOAD_ACTIONS = `
  SELECT ${newPersonAction('s')} AS action, count(*)::int AS n
  FROM roster_staging s WHERE NOT s.rejected GROUP BY 1`;

/** The staged rows a first load creates people from. */
const FIRST_LOAD_CREATED = `roster_staging s WHERE NOT s.rejected AND s.status = 'active'`;

/**
 * A first load's people, straight from the staged rows, with the ids the client made as it staged
 * them (uuid-v7.ts). The rows were written in id order and a fresh temporary table is read back in
 * that order, so no sort is asked for: were it not, the ids would only land less tidily in the
 * primary key.
 */
export const insertFirstLoad = (key: KeyField) => `
  INSERT INTO users (id, tenant_id, key_field, ${PROFILE})
  SELECT s.id, $1, '${key}', ${PROFILE}
  FROM ${FIRST_LOAD_CREATED}`;

/** Whether the tenant has nobody yet (a first load: every person staged is new). */
export const TENANT_IS_EMPTY = `SELECT NOT EXISTS (SELECT 1 FROM users WHERE tenant_id = $1) AS empty`;

/**
 * Examples for `plan`, each limited to $1 rows. The people created come from the comparison's rows,
 * or on a first load from the staged rows.
 */
export const exampleCreated = (key: KeyField, from: 'changes' | 'first load' = 'changes') => `
  SELECT s.line, s.${key} AS key, s.email, concat_ws(' ', s.first_name, s.last_name) AS name
  FROM ${from === 'changes' ? `roster_changes s WHERE s.action = 'create'` : FIRST_LOAD_CREATED}
  ORDER BY s.line LIMIT $1`;

export const exampleUpdated = (key: KeyField) => `
  SELECT c.line, c.${key} AS key,
    to_jsonb(u) - 'id' - 'tenant_id' - 'key_field' - 'created_at' - 'updated_at' - 'deactivated_at' - 'status' AS before,
    to_jsonb(c) - 'line' - 'user_id' - 'before_other' - 'action' - 'status' AS after
  FROM roster_changes c JOIN users u ON u.id = c.user_id
  WHERE c.action = 'update' ORDER BY c.line LIMIT $1`;

export const exampleReactivated = (key: KeyField) => `
  SELECT line, ${key} AS key, email FROM roster_changes WHERE action = 'reactivate' ORDER BY line LIMIT $1`;

export const exampleDeactivated = (key: KeyField) => `
  (SELECT ${key} AS key, email, 'inactive' AS reason FROM roster_changes WHERE action = 'deactivate' ORDER BY line LIMIT $1)
  UNION ALL (
    SELECT u.${key} AS key, u.email, 'missing' AS reason FROM roster_changes c JOIN users u ON u.id = c.user_id
    WHERE c.action = 'missing' ORDER BY u.${key} LIMIT $1
  )`;
