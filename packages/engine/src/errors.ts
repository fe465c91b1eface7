/**
 * Every failure Roster reports has a stable code, says whether trying again can help, and ends with
 * what to do. Adapters throw these; the CLI maps them to exit codes and the scheduler decides from
 * `transient` whether to retry.
 */

export const ERROR_CODES = [
  // Configuration and secrets (terminal: someone must change a file or an environment variable).
  'CONFIG_INVALID',
  'SECRET_UNRESOLVED',
  // Fetching the file.
  'CONNECTION_FAILED', // refused, reset, timed out: transient
  'AUTH_FAILED',
  'HOST_KEY_MISMATCH',
  'FILE_NOT_FOUND',
  'PERMISSION_DENIED', // the server will not let our user read (or move) the file or folder
  'FILE_TOO_LARGE',
  'FILE_STILL_UPLOADING', // transient: the next attempt may find it complete
  'TRANSFER_FAILED', // transient: the download broke or came out truncated
  // Reading the file.
  'ENCODING_INVALID',
  'HEADER_NOT_FOUND',
  'COLUMN_MISSING',
  'COLUMN_AMBIGUOUS',
  'CSV_MALFORMED',
  'XLSX_UNREADABLE',
  'XLSX_LIMIT',
  'SHEET_NOT_FOUND',
  'JSON_MALFORMED',
  'JSON_RECORDS_NOT_FOUND',
  // Applying.
  'RUN_REFUSED',
  'RUN_IN_PROGRESS', // transient: another run of the tenant holds the lock
  'KEY_CHANGE_CONFLICT', // the tenant's key changed and its stored users cannot be matched by the new one
  'DATABASE_FAILED', // transient when the server dropped or a serialization failure occurred
  'TENANT_NOT_FOUND',
  'USAGE',
  'INTERRUPTED', // stopped from outside (Ctrl-C) before it finished: nothing applied
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface RosterErrorOptions {
  /** What the user should do next; appended to the message. */
  readonly hint?: string;
  /** True when the same run may succeed later without anyone changing anything. */
  readonly transient?: boolean;
  readonly cause?: unknown;
  /** Where in a file the problem is, when known. */
  readonly file?: string;
  readonly line?: number;
  readonly field?: string;
}

/**
 * `message` and `hint` as one sentence pair. A message that already ends a sentence (many end with a
 * config diagnostic, which does) gets no second full stop: "…a digit. Run …", never "…a digit.. Run …".
 *
 * @example
 * withHint('Invalid port', 'Check connection.port'); // "Invalid port. Check connection.port"
 */
export function withHint(message: string, hint: string): string {
  const trimmed = message.trimEnd();
  return /[.!?…]$/.test(trimmed) ? `${trimmed} ${hint}` : `${trimmed}. ${hint}`;
}

/** The one error type Roster throws on purpose. `code` is stable; `message` is for people. */
export class RosterError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly transient: boolean;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly field: string | undefined;

  constructor(code: ErrorCode, message: string, options: RosterErrorOptions = {}) {
    super(options.hint ? withHint(message, options.hint) : message, { cause: options.cause });
    this.name = 'RosterError';
    this.code = code;
    this.hint = options.hint;
    this.transient = options.transient ?? false;
    this.file = options.file;
    this.line = options.line;
    this.field = options.field;
  }
}

/** True for errors that a retry can fix: the scheduler retries these, never the others. */
export function isTransient(error: unknown): boolean {
  return error instanceof RosterError && error.transient;
}

/** Wraps anything thrown into a RosterError, keeping RosterErrors as they are. */
export function toRosterError(error: unknown): RosterError {
  if (error instanceof RosterError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new RosterError('INTERNAL', `Unexpected error: ${message}`, {
    cause: error,
    hint: 'This is a bug in Roster; please report it with the log',
  });
}
