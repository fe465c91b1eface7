/**
 * The tables as Kysely sees them. `users`, `sync_runs` and `sync_rejections` are read by the platform:
 * their names and columns are part of the contract (columns may be added, never renamed).
 */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/**
 * A timestamp the database fills in by default. Not `Generated<Timestamp>`: kysely's Generated wraps
 * the whole ColumnType as its insert and update types, which then accept no Date at all.
 */
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface UsersTable {
  id: Generated<string>;
  tenant_id: string;
  /** Which column identifies the person for this tenant: `employee_id` or `email`. */
  key_field: 'employee_id' | 'email';
  employee_id: string | null;
  email: string;
  first_name: string | null;
  last_name: string | null;
  job_title: string | null;
  department: string | null;
  manager_id: string | null;
  location: string | null;
  /** `YYYY-MM-DD` (the date type's parser is set to keep the text). */
  hire_date: string | null;
  status: 'active' | 'inactive';
  attributes: ColumnType<Record<string, unknown>, string, string>;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
  deactivated_at: Timestamp | null;
}

export interface SyncRunsTable {
  id: Generated<number>;
  tenant_id: string;
  trigger: 'manual' | 'schedule';
  file_name: string | null;
  file_size: ColumnType<number | null, number | null, number | null>;
  file_sha256: string | null;
  /** When the file was last modified at its source (0002). */
  file_modified_at: Timestamp | null;
  /** Fingerprint of the config that shaped the run's result (0002). */
  config_sha256: string | null;
  /** `host:pid` of the process running it (0002). */
  runner: string | null;
  started_at: DefaultedTimestamp;
  finished_at: Timestamp | null;
  status: 'running' | 'succeeded' | 'refused' | 'failed' | 'skipped';
  rows: Generated<number>;
  valid: Generated<number>;
  rejected: Generated<number>;
  created: Generated<number>;
  updated: Generated<number>;
  unchanged: Generated<number>;
  reactivated: Generated<number>;
  deactivated: Generated<number>;
  ignored_inactive: Generated<number>;
  error: string | null;
  guard: string | null;
  approved: Generated<boolean>;
  /** What the run said besides counts and error (0006); null when nothing. */
  notes: string[] | null;
}

export interface SyncRejectionsTable {
  run_id: number;
  line: number;
  key: string | null;
  field: string | null;
  code: string;
  message: string;
}

/** The scheduler's record of when each tenant syncs next (0004); not part of the platform's contract. */
export interface SyncSchedulesTable {
  tenant_id: string;
  /** Five-field cron in `timezone`, as the tenant's config was when the scheduler last started. */
  cron: string;
  timezone: string;
  next_run_at: Timestamp;
  /** The occurrence last queued. */
  last_run_at: Timestamp | null;
  updated_at: DefaultedTimestamp;
  /** When a replica whose tenant folders hold the tenant last said so (reconcile-schedules.ts). */
  seen_at: DefaultedTimestamp;
}

export interface RosterSchema {
  users: UsersTable;
  sync_runs: SyncRunsTable;
  sync_rejections: SyncRejectionsTable;
  sync_schedules: SyncSchedulesTable;
}
