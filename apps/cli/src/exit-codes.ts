import { RosterError } from '@roster/engine';

/** The contract's exit codes. */
export const EXIT = {
  ok: 0,
  /** The data or the config is bad, or a run was refused. */
  bad: 1,
  usage: 2,
  /** A connection or server failure that trying again later may fix (the error is transient). */
  unavailable: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * Exit 3 means what the scheduler's retry means: a connection or server failure that trying again
 * later, with nothing changed, may fix (refused, reset, timed out, a file still uploading, a database
 * that went away, another run holding the lock). A server that refuses us for good (a wrong password
 * or key, a host key that is not pinned, a file we may not read, a database that does not exist) is
 * exit 1 like any other bad config: a person must act, and a script that retries on 3 would retry
 * for nothing. The error's code says which server and why.
 */
export function isConnectionFailure(error: { readonly code: string; readonly transient: boolean }): boolean {
  return error.transient;
}

/** The exit code for an error that ended a command. */
export function exitCodeFor(error: unknown): ExitCode {
  if (!(error instanceof RosterError)) return EXIT.bad;
  if (error.code === 'USAGE' || error.code === 'TENANT_NOT_FOUND') return EXIT.usage;
  return isConnectionFailure(error) ? EXIT.unavailable : EXIT.bad;
}
