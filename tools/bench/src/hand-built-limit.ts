/**
 * The hand-built limit: what an integration engineer would script with the standard tools, and the
 * floor Roster is measured against. OpenSSH's `sftp` downloads the file (batch mode, key auth, the
 * host key checked against a known_hosts file), then one `psql` session copies it into a temporary
 * table and applies it with the deactivation `UPDATE` and one `MERGE`, in one transaction — the same
 * table, the same comparisons and the same transformations (trimmed lower-case e-mail, US dates,
 * status values) as Roster's run, without its checks (duplicates, identity swaps, guards, history).
 */
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PROFILE_FIELDS } from '@roster/engine';
import { measureProcess, type ProcessMeasurement } from './measure-process.ts';
import type { ServerWatch } from './server-watch.ts';

export interface LimitConnection {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly privateKeyPath: string;
  /** The server's public host key line (`ssh-ed25519 AAAA…`). */
  readonly hostPublicKey: string;
}

export interface LimitStepRequest {
  /** The file as the SFTP user sees it, e.g. `/upload/csv/employees_first.csv`. */
  readonly remotePath: string;
  readonly databaseUrl: string;
  readonly tenantId: string;
  /** A private folder for the batch file, known_hosts, the SQL and the downloaded copy. */
  readonly workDir: string;
  readonly psql: string;
  readonly sshd: ServerWatch | undefined;
  readonly postgres: ServerWatch;
}

export interface LimitStep {
  readonly download: ProcessMeasurement;
  readonly apply: ProcessMeasurement | undefined;
}

/** Writes the known_hosts file that pins the server's key for `sftp -o StrictHostKeyChecking=yes`. */
export async function writeKnownHosts(workDir: string, connection: LimitConnection): Promise<string> {
  const [type, key] = connection.hostPublicKey.trim().split(/\s+/);
  const file = path.join(workDir, 'known_hosts');
  await writeFile(file, `[${connection.host}]:${connection.port} ${type} ${key}\n`, { mode: 0o600 });
  return file;
}

/** Downloads with `sftp`, then applies with `psql`; the apply is skipped when the download failed. */
export async function runLimitStep(
  connection: LimitConnection,
  request: LimitStepRequest,
): Promise<LimitStep> {
  const knownHosts = await writeKnownHosts(request.workDir, connection);
  const local = path.join(request.workDir, 'download.csv');
  const batch = path.join(request.workDir, 'sftp-batch');
  await writeFile(batch, `get "${request.remotePath}" "${local}"\n`);
  const script = path.join(request.workDir, 'apply.sql');
  await writeFile(script, applySql(local, request.tenantId));
  try {
    const download = await measureProcess(
      'sftp',
      [
        '-q',
        '-b',
        batch,
        '-i',
        connection.privateKeyPath,
        '-o',
        'StrictHostKeyChecking=yes',
        '-o',
        `UserKnownHostsFile=${knownHosts}`,
        '-o',
        'GlobalKnownHostsFile=/dev/null',
        '-o',
        'BatchMode=yes',
        '-o',
        'IdentitiesOnly=yes',
        '-P',
        String(connection.port),
        `${connection.username}@${connection.host}`,
      ],
      { tree: true, servers: request.sshd === undefined ? [] : [request.sshd] },
    );
    if (download.exitCode !== 0) return { download, apply: undefined };
    const apply = await measureProcess(
      request.psql,
      ['-X', '-v', 'ON_ERROR_STOP=1', '-d', request.databaseUrl, '-f', script],
      { servers: [request.postgres] },
    );
    return { download, apply };
  } finally {
    await rm(local, { force: true });
  }
}

/** The counts psql printed as command tags: `COPY 1000000`, `MERGE 14852`, `UPDATE 4998`. */
export function limitCounts(apply: ProcessMeasurement): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const match of apply.stdout.matchAll(/^(COPY|MERGE|UPDATE) (\d+)$/gm)) {
    const [, tag = '', count = '0'] = match;
    counts[tag.toLowerCase()] = Number(count);
  }
  return counts;
}

/** The columns Roster compares to decide "changed": the profile but the status. */
const COMPARED = PROFILE_FIELDS.filter((field) => field !== 'status');

const tuple = (alias: string) =>
  `(${COMPARED.map((column) => `${alias}.${column}`).join(', ')}, ${alias}.attributes)`;

/**
 * One psql session, one transaction, the statements Roster's store runs: `\copy` into a temporary
 * table; the settings Roster's comparison runs under (sync-statements.ts): nested loops off (the
 * statistics of a tenant's users lag behind a large load, and the planner then runs the anti-join as a
 * nested loop over the staging table: minutes at 100k rows), 256 MB of `work_mem` (with the default
 * 4 MB a million-row hash join spills to disk in batches) and JIT off; the UPDATE that deactivates the active people
 * missing from the file (first, as Roster does: the merge only touches people in the file); one MERGE
 * that creates the new and updates the changed (`updated_at` moving only on a real change). The
 * target is Roster's own `users` table, created by `roster migrate`.
 */
export function applySql(csvPath: string, tenantId: string): string {
  const tenant = `'${tenantId.replaceAll("'", "''")}'`;
  return `BEGIN;
SET LOCAL enable_nestloop = off;
SET LOCAL work_mem = '256MB';
SET LOCAL jit = off;
CREATE TEMPORARY TABLE staging (
  employee_id text, first_name text, last_name text, email text, job_title text,
  department text, manager_id text, location text, hire_date text, status text
) ON COMMIT DROP;
\\copy staging FROM '${csvPath.replaceAll("'", "''")}' WITH (FORMAT csv, HEADER true)
UPDATE users u SET status = 'inactive', deactivated_at = now(), updated_at = now()
WHERE u.tenant_id = ${tenant} AND u.key_field = 'employee_id' AND u.status = 'active'
  AND NOT EXISTS (SELECT 1 FROM staging s WHERE s.employee_id = u.employee_id);
MERGE INTO users u
USING (
  SELECT employee_id, lower(trim(email)) AS email, first_name, last_name, job_title, department,
    nullif(manager_id, '') AS manager_id, location, to_date(hire_date, 'MM/DD/YYYY') AS hire_date,
    CASE status WHEN 'Terminated' THEN 'inactive' ELSE 'active' END AS status, '{}'::jsonb AS attributes
  FROM staging
) s
ON u.tenant_id = ${tenant} AND u.key_field = 'employee_id' AND u.employee_id = s.employee_id
WHEN MATCHED AND (u.status IS DISTINCT FROM s.status OR ${tuple('u')} IS DISTINCT FROM ${tuple('s')}) THEN UPDATE SET
  employee_id = s.employee_id, email = s.email, first_name = s.first_name, last_name = s.last_name,
  job_title = s.job_title, department = s.department, manager_id = s.manager_id, location = s.location,
  hire_date = s.hire_date, status = s.status, attributes = s.attributes, updated_at = now(),
  deactivated_at = CASE WHEN s.status = 'inactive' THEN coalesce(u.deactivated_at, now()) END
WHEN NOT MATCHED AND s.status = 'active' THEN INSERT
  (tenant_id, key_field, employee_id, email, first_name, last_name, job_title, department, manager_id, location, hire_date, status, attributes)
  VALUES (${tenant}, 'employee_id', s.employee_id, s.email, s.first_name, s.last_name, s.job_title, s.department, s.manager_id, s.location, s.hire_date, s.status, s.attributes);
COMMIT;
`;
}
