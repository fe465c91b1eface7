import { RosterError } from '@roster/engine';

/** The contract's exit codes. */
export const EXIT = {
  ok: 0,
  /** The data or the config is bad, or a run was refused. */
  bad: 1,
  usage: 2,
  /** A connection or server failure (the error's `transient` says whether trying again later may fix it). */
  unavailable: 3,
  /** Stopped by Ctrl-C (SIGINT), as shells report a process it ended: 128 + 2. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

const UNAVAILABLE = new Set([
  'CONNECTION_FAILED',
  'AUTH_FAILED',
  'HOST_KEY_MISMATCH',
  'PERMISSION_DENIED',
  'TRANSFER_FAILED',
  'DATABASE_FAILED',
  'RUN_IN_PROGRESS',
]);

/**
 * Failures of a connection or a server (exit 3, the contract's "connection or server failure"), as
 * opposed to bad data or config (exit 1). Some of these a retry cannot fix (a wrong password, a host
 * key that is not pinned, a file the server will not let us read): the error's `transient` says which,
 * and that is what the scheduler retries on; the exit code says where the failure is.
 */
export function isConnectionFailure(error: { readonly code: string; readonly transient: boolean }): boolean {
  return error.transient || UNAVAILABLE.has(error.code);
}

/** The exit code for an error that ended a command. */
export function exitCodeFor(error: unknown): ExitCode {
  if (!(error instanceof RosterError)) return EXIT.bad;
  if (error.code === 'USAGE' || error.code === 'TENANT_NOT_FOUND') return EXIT.usage;
  return isConnectionFailure(error) ? EXIT.unavailable : EXIT.bad;
}
