import { RosterError } from '@roster/engine';

/** The contract's exit codes. */
export const EXIT = {
  ok: 0,
  /** The data or the config is bad, or a run was refused. */
  bad: 1,
  usage: 2,
  /** A connection or server failure: trying again later may work. */
  unavailable: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

const UNAVAILABLE = new Set([
  'CONNECTION_FAILED',
  'AUTH_FAILED',
  'HOST_KEY_MISMATCH',
  'TRANSFER_FAILED',
  'DATABASE_FAILED',
  'RUN_IN_PROGRESS',
]);

/** The exit code for an error that ended a command. */
export function exitCodeFor(error: unknown): ExitCode {
  if (!(error instanceof RosterError)) return EXIT.bad;
  if (error.code === 'USAGE' || error.code === 'TENANT_NOT_FOUND') return EXIT.usage;
  return UNAVAILABLE.has(error.code) ? EXIT.unavailable : EXIT.bad;
}
