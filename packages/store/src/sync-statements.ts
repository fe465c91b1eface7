/**
 * The set-based SQL of a sync. Every statement is scoped to one tenant ($1) and works on the
 * transaction's temporary staging table. The key column is one of two fixed names, never text from
 * YAML; every value is a parameter.
 */
import type { KeyField } from '@roster/engine';

/** The profile columns compared to decide "changed", besides the key. */
const COMPARED = [
  'employee_id',
  'email',
  'first_name',
  'last_name',
  'job_title',
  'department',
  'manager_id',
  'location',
  'hire_date',
] as const;

const tuple = (alias: string) =>
  `(${COMPARED.map((column) => `${alias}.${column}`).join(', ')}, ${alias}.attributes)`;

/** True when a staged row would change the stored person (status aside). */
export const FIELDS_DIFFER = `${tuple('u')} IS DISTINCT FROM ${tuple('s')}`;

export const CREATE_STAGING = `
  CREATE TEMPORARY TABLE roster_staging (
    line integer NOT NULL,
    rejected boolean NOT NULL,
    employee_id text, email text, first_name text, last_name text, job_title text,
    department text, manager_id text, location text, hire_date date, status text,
    attributes jsonb
  ) ON COMMIT DROP`;

export const COPY_STAGING =
  'COPY roster_staging (line, rejected, employee_id, email, first_name, last_name, job_title, department, manager_id, location, hire_date, status, attributes)';

/** Another run of the same tenant holds this lock until its transaction ends. */
export const TRY_TENANT_LOCK = `SELECT pg_try_advisory_xact_lock(hashtextextended('roster:' || $1, 0)) AS locked`;

/** The users of this tenant under this key: the one join every statement makes. */
const USER_MATCH = (key: KeyField) => `u.tenant_id = $1 AND u.key_field = '${key}' AND u.${key} = s.${key}`;

/**
 * Marks every row whose key occurs more than once (first $1 returned) as rejected (all occurrences: we cannot know which
 * is right) and returns them.
 */
export const rejectDuplicateKeys = (key: KeyField) => `
  WITH dup AS (
    SELECT ${key} AS value, count(*)::int AS occurrences FROM roster_staging WHERE ${key} IS NOT NULL GROUP BY ${key} HAVING count(*) > 1
  ),
  marked AS (
    UPDATE roster_staging s SET rejected = true FROM dup WHERE s.${key} = dup.value AND NOT s.rejected
    RETURNING s.line, s.${key} AS key, dup.occurrences
  )
  SELECT line, key, occurrences, (count(*) OVER ())::int AS total FROM marked ORDER BY line LIMIT $1`;

/** With `employee_id` as key: two people with one e-mail address are both rejected. */
export const REJECT_DUPLICATE_EMAILS = `
  WITH dup AS (SELECT email AS value FROM roster_staging WHERE NOT rejected GROUP BY email HAVING count(*) > 1),
  marked AS (
    UPDATE roster_staging s SET rejected = true FROM dup WHERE s.email = dup.value AND NOT s.rejected
    RETURNING s.line, s.employee_id AS key, s.email
  )
  SELECT line, key, email, (count(*) OVER ())::int AS total FROM marked ORDER BY line LIMIT $1`;

/**
 * An identity swap: the same key now carries another person — both a different e-mail (or, keyed by
 * e-mail, a different employee id) and a different first and last name. Applying it would hand one
 * person's account to another; the row is rejected instead.
 */
export const rejectIdentitySwaps = (key: KeyField) => {
  const other = key === 'employee_id' ? 'email' : 'employee_id';
  return `
  WITH marked AS (
    UPDATE roster_staging s SET rejected = true FROM users u
    WHERE ${USER_MATCH(key)} AND NOT s.rejected
      AND u.${other} IS NOT NULL AND s.${other} IS NOT NULL AND u.${other} <> s.${other}
      AND u.first_name IS NOT NULL AND s.first_name IS NOT NULL AND lower(u.first_name) <> lower(s.first_name)
      AND u.last_name IS NOT NULL AND s.last_name IS NOT NULL AND lower(u.last_name) <> lower(s.last_name)
    RETURNING s.line, s.${key} AS key, u.${other} AS before_other, s.${other} AS after_other
  )
  SELECT line, key, before_other, after_other, (count(*) OVER ())::int AS total FROM marked ORDER BY line LIMIT $2`;
};

/** What applying the staged rows would do. Categories are exclusive. */
export const countPlan = (key: KeyField) => `
  SELECT
    count(*) FILTER (WHERE u.id IS NULL AND s.status = 'active')::int AS created,
    count(*) FILTER (WHERE u.id IS NULL AND s.status = 'inactive')::int AS ignored_inactive,
    count(*) FILTER (WHERE u.status = 'inactive' AND s.status = 'active')::int AS reactivated,
    count(*) FILTER (WHERE u.status = 'active' AND s.status = 'inactive')::int AS deactivated_in_file,
    count(*) FILTER (WHERE u.status = s.status AND ${FIELDS_DIFFER})::int AS updated,
    count(*) FILTER (WHERE u.status = s.status AND NOT (${FIELDS_DIFFER}))::int AS unchanged
  FROM roster_staging s LEFT JOIN users u ON ${USER_MATCH(key)}
  WHERE NOT s.rejected`;

/** Active users absent from the file, rejected rows included: a bad row never deactivates its person. */
const MISSING = (key: KeyField) => `
  FROM users u
  WHERE u.tenant_id = $1 AND u.key_field = '${key}' AND u.status = 'active'
    AND NOT EXISTS (SELECT 1 FROM roster_staging s WHERE s.${key} = u.${key})`;

export const countMissing = (key: KeyField) => `SELECT count(*)::int AS missing ${MISSING(key)}`;

export const COUNT_ACTIVE = `SELECT count(*)::int AS active FROM users WHERE tenant_id = $1 AND status = 'active'`;

/**
 * Creates the new and updates the changed in one statement. `updated_at` moves only on a real change;
 * `deactivated_at` is set when a person becomes inactive and cleared when they come back.
 */
export const mergeStaged = (key: KeyField) => `
  MERGE INTO users u
  USING (SELECT * FROM roster_staging WHERE NOT rejected) s
  ON ${USER_MATCH(key)}
  WHEN MATCHED AND (u.status IS DISTINCT FROM s.status OR ${FIELDS_DIFFER}) THEN UPDATE SET
    employee_id = s.employee_id, email = s.email, first_name = s.first_name, last_name = s.last_name,
    job_title = s.job_title, department = s.department, manager_id = s.manager_id, location = s.location,
    hire_date = s.hire_date, status = s.status, attributes = s.attributes, updated_at = now(),
    deactivated_at = CASE WHEN s.status = 'inactive' THEN coalesce(u.deactivated_at, now()) END
  WHEN NOT MATCHED AND s.status = 'active' THEN INSERT
    (tenant_id, key_field, employee_id, email, first_name, last_name, job_title, department, manager_id, location, hire_date, status, attributes)
    VALUES ($1, '${key}', s.employee_id, s.email, s.first_name, s.last_name, s.job_title, s.department, s.manager_id, s.location, s.hire_date, s.status, s.attributes)`;

export const deactivateMissing = (key: KeyField) => `
  UPDATE users u SET status = 'inactive', deactivated_at = now(), updated_at = now()
  WHERE u.tenant_id = $1 AND u.key_field = '${key}' AND u.status = 'active'
    AND NOT EXISTS (SELECT 1 FROM roster_staging s WHERE s.${key} = u.${key})`;

/**
 * Every statement of a sync is a bulk set operation, where hash joins are right. Statistics of a
 * tenant's users lag behind a large first load (autovacuum has not analysed them yet), and the
 * planner then picks nested loops over the staging table: quadratic, minutes for 300k rows. Turning
 * nested loops off for this transaction keeps the plans linear whatever the statistics say.
 */
export const BULK_PLANS_ONLY = 'SET LOCAL enable_nestloop = off';

/** Examples for `plan`, each limited to $2 rows. */
export const exampleCreated = (key: KeyField) => `
  SELECT s.line, s.${key} AS key, s.email, concat_ws(' ', s.first_name, s.last_name) AS name
  FROM roster_staging s LEFT JOIN users u ON ${USER_MATCH(key)}
  WHERE NOT s.rejected AND u.id IS NULL AND s.status = 'active' ORDER BY s.line LIMIT $2`;

export const exampleUpdated = (key: KeyField) => `
  SELECT s.line, s.${key} AS key,
    to_jsonb(u) - 'id' - 'tenant_id' - 'key_field' - 'created_at' - 'updated_at' - 'deactivated_at' AS before,
    to_jsonb(s) - 'line' - 'rejected' AS after
  FROM roster_staging s JOIN users u ON ${USER_MATCH(key)}
  WHERE NOT s.rejected AND u.status = s.status AND ${FIELDS_DIFFER} ORDER BY s.line LIMIT $2`;

export const exampleReactivated = (key: KeyField) => `
  SELECT s.line, s.${key} AS key, s.email
  FROM roster_staging s JOIN users u ON ${USER_MATCH(key)}
  WHERE NOT s.rejected AND u.status = 'inactive' AND s.status = 'active' ORDER BY s.line LIMIT $2`;

export const exampleDeactivated = (key: KeyField, includeMissing: boolean) => `
  (SELECT s.${key} AS key, s.email, 'inactive' AS reason, s.line
   FROM roster_staging s JOIN users u ON ${USER_MATCH(key)}
   WHERE NOT s.rejected AND u.status = 'active' AND s.status = 'inactive' ORDER BY s.line LIMIT $2)
  ${includeMissing ? `UNION ALL (SELECT u.${key} AS key, u.email, 'missing' AS reason, NULL AS line ${MISSING(key)} ORDER BY u.${key} LIMIT $2)` : ''}`;
