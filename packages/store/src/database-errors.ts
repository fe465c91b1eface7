import { RosterError } from '@roster/engine';

// SQLSTATE classes and codes after which trying again can succeed.
const TRANSIENT_STATES = new Set(['40001', '40P01', '55P03', '57P01', '57P02', '57P03', '53300']);
const TRANSIENT_ERRNO = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** A database failure as a RosterError: transient for dropped connections and serialization failures. */
export function toDatabaseError(error: unknown, doing: string): RosterError {
  if (error instanceof RosterError) return error;
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  const text = message ?? String(error);
  const transient =
    (code !== undefined &&
      (TRANSIENT_STATES.has(code) || code.startsWith('08') || TRANSIENT_ERRNO.has(code))) ||
    /Connection terminated|connection is closed|server closed the connection/i.test(text);
  return new RosterError(
    'DATABASE_FAILED',
    `Database error while ${doing}: ${text}${code ? ` (${code})` : ''}`,
    {
      cause: error,
      transient,
      hint: transient
        ? 'The database was unavailable; the run changed nothing and can be retried'
        : 'This needs a person: check the message above',
    },
  );
}
