/* Generated from schema/tenant.schema.json by scripts/codegen.ts (pnpm gen). Do not edit: change the schema. */

/**
 * The SFTP server's host key fingerprint as OpenSSH prints it (`ssh-keygen -lf`, or `roster test-connection TENANT --print-host-key`).
 */
export type HostKeyFingerprint = string;

/**
 * One customer (tenant) of the platform: where its HR file is, how to read it, which field identifies a person, when to sync and how careful to be. The folder name is the tenant id.
 */
export interface TenantConfig {
  /**
   * The customer's display name, shown in logs, history and notifications.
   */
  name: string;
  /**
   * Where the customer's file is picked up: an SFTP server (production) or a local folder (development and demos).
   */
  connection: SftpConnection | LocalConnection;
  file: FileSpec;
  /**
   * The profile field that identifies a person across files. `employee_id` survives e-mail changes and is preferred; `email` suits customers without stable ids. Changing it later re-keys the stored users at the next run (which stops with KEY_CHANGE_CONFLICT when the new key cannot tell them apart).
   */
  key: 'employee_id' | 'email';
  schedule: Schedule;
  lifecycle?: Lifecycle;
  notify?: Notify;
}
/**
 * An SFTP server the customer uploads to. The host key is pinned; credentials are secret references.
 */
export interface SftpConnection {
  /**
   * `sftp` for an SFTP server.
   */
  type: 'sftp';
  /**
   * Host name or IP address of the SFTP server.
   */
  host: string;
  /**
   * TCP port of the SFTP server.
   */
  port?: number;
  /**
   * The SFTP user name.
   */
  username: string;
  /**
   * Password, as a secret reference. Give a password, a private key, or both.
   */
  password?: string;
  /**
   * Private key (OpenSSH or PEM format), as a secret reference, usually `${file:…}`.
   */
  privateKey?: string;
  /**
   * Passphrase of an encrypted private key, as a secret reference.
   */
  passphrase?: string;
  /**
   * The server's pinned host key fingerprint, or a list of them while a key is being rotated. A server presenting any other key is refused.
   */
  hostKey: HostKeyFingerprint | [HostKeyFingerprint, ...HostKeyFingerprint[]];
  /**
   * The remote folder the customer uploads into.
   */
  directory?: string;
  /**
   * How long to wait for the server to accept the connection and finish the handshake.
   */
  connectTimeoutSeconds?: number;
  /**
   * How many times a transient failure (connection refused, reset or timed out) is retried, with exponential backoff, before the run fails. Authentication and host-key failures are never retried.
   */
  retries?: number;
}
/**
 * A folder on this machine, for development and demos.
 */
export interface LocalConnection {
  /**
   * `local` for a folder on this machine.
   */
  type: 'local';
  /**
   * The folder holding the customer's files, relative to the tenant folder or absolute.
   */
  directory: string;
}
/**
 * Which file to take and how to read it.
 */
export interface FileSpec {
  /**
   * An exact file name or a glob (`*`, `?`, `[abc]`, `{a,b}`). When several files match, the newest by modification time is taken.
   */
  name: string;
  /**
   * The file format. Default: from the file name's extension (`.csv`/`.txt`/`.tsv` → csv, `.xlsx` → xlsx, `.json`/`.jsonl`/`.ndjson` → json).
   */
  format?: 'csv' | 'xlsx' | 'json';
  csv?: CsvOptions;
  xlsx?: XlsxOptions;
  json?: JsonOptions;
  /**
   * What a run does when no file matches: `fail` (a failed run, alerting someone) or `skip` (a skipped run, for customers who upload only when something changed).
   */
  whenMissing?: 'fail' | 'skip';
  /**
   * What happens to the file after a successful run, once the changes are committed: `keep` it, `archive` it (moved to `<directory>/processed/`, with a timestamp) or `delete` it.
   */
  afterSync?: 'keep' | 'archive' | 'delete';
  /**
   * A file modified more recently than this is treated as still being uploaded and is not taken yet.
   */
  minAgeSeconds?: number;
  /**
   * Whether a file with the same name, size and modification time as the one the last succeeded run applied (and read at least 2 s after that time) is taken to be that file, and skipped without being downloaded, as rsync's quick check does. Any other file is downloaded and skipped only when its sha256 matches. Set `false` for an upload tool that gives new exports an old, fixed modification time: every run then downloads the file to compare checksums.
   */
  trustModificationTime?: boolean;
  /**
   * The largest file accepted, in megabytes; a larger one fails the run before it is downloaded.
   */
  maxSizeMB?: number;
}
/**
 * How to read a CSV (or TSV) file.
 */
export interface CsvOptions {
  /**
   * The field separator, or `auto` to detect it from the header row (outside quotes) among `,` `;` tab and `|`.
   */
  delimiter?: 'auto' | ',' | ';' | '\t' | '|';
  /**
   * The character encoding. `auto`: a byte-order mark decides (UTF-8, UTF-16LE, UTF-16BE), else valid UTF-8, else Windows-1252; a mostly-UTF-8 file with a stray byte of another encoding fails with ENCODING_INVALID at its line rather than being garbled. A configured windows-1252, iso-8859-1 or iso-8859-15 gives way when the file's first 64 KiB are valid UTF-8 with accented letters (the customer's export moved to UTF-8): it is read as UTF-8 and the run warns.
   */
  encoding?: 'auto' | 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252' | 'iso-8859-1' | 'iso-8859-15';
  /**
   * The line number (1-based) of the header row, for files with title lines above it.
   */
  headerRow?: number;
  /**
   * The quote character around fields that contain the delimiter, quotes or line breaks.
   */
  quote?: '"' | "'";
}
/**
 * How to read an Excel workbook (.xlsx).
 */
export interface XlsxOptions {
  /**
   * The worksheet's name. Default: the first sheet.
   */
  sheet?: string;
  /**
   * The row number (1-based) of the header row.
   */
  headerRow?: number;
}
/**
 * How to read a JSON file.
 */
export interface JsonOptions {
  /**
   * Dotted path to the array of people inside the document (`data.employees`). Leave it out when the document is the array itself or the file is JSON Lines (one object a line).
   */
  records?: string;
}
/**
 * When the tenant syncs: exactly one of `daily`, `weekly` or `cron`, in the tenant's time zone.
 */
export interface Schedule {
  /**
   * Every day at this local time (HH:MM, 24-hour).
   */
  daily?: string;
  /**
   * Once a week, on a day at a local time.
   */
  weekly?: {
    /**
     * The day of the week.
     */
    day: 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday' | 'sunday';
    /**
     * The local time (HH:MM, 24-hour).
     */
    at: string;
  };
  /**
   * A five-field cron expression (minute hour day-of-month month day-of-week) in local time.
   */
  cron?: string;
  /**
   * The IANA time zone the schedule is read in.
   */
  timezone: string;
}
/**
 * How leavers are handled and the safety guards that refuse a suspicious file instead of applying it.
 */
export interface Lifecycle {
  /**
   * Deactivate users who are absent from the file. Turn off for customers who send only changes.
   */
  deactivateMissing?: boolean;
  /**
   * Refuse the whole run if it would deactivate more users than this: a count, or a percentage of the tenant's active users.
   */
  maxDeactivations?: number | string;
  /**
   * Refuse the whole run if it would change the other identifier (the e-mail under an employee_id key, the employee id under an email key) of more people than this: a count, or a percentage of the people the file matches. Another customer's file with the same ids, or a shifted column, looks like this; so does a company-wide address change, which is applied with --approve.
   */
  maxIdentityChanges?: number | string;
  /**
   * Refuse the whole run if more rows than this are rejected: a count, or a percentage of the file's rows.
   */
  maxRejected?: number | string;
  /**
   * Refuse the run if the file has fewer rows than this fraction of the last accepted file's, which is what a truncated upload looks like. 0 turns the guard off. Not checked when `deactivateMissing` is false: a short file then deactivates nobody, and a customer sending only changes sends short files.
   */
  minRowRatio?: number;
}
/**
 * Who hears about runs that need a person: a Slack-compatible incoming webhook, called by the scheduler when a run is refused or fails for good (after its retries).
 */
export interface Notify {
  /**
   * The webhook URL (Slack, Mattermost, Teams workflow, or any endpoint taking `{"text": …}`), as a secret reference: the URL itself is a credential.
   */
  webhook: string;
  /**
   * Which outcomes are sent.
   *
   * @minItems 1
   */
  on?: ['failed' | 'refused', ...('failed' | 'refused')[]];
}
