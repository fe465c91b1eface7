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

/**
 * Failures that DATABASE_URL itself causes: the server answers, and will answer the same way until
 * someone changes the URL or the server's accounts. Never retried.
 */
const URL_STATES: Readonly<Record<string, string>> = {
  // invalid_catalog_name
  '3D000':
    'The database named in DATABASE_URL does not exist on that server: create it, or fix the name after the last / in DATABASE_URL',
  // invalid_password
  '28P01': 'Check the user name and password in DATABASE_URL (postgres://user:password@host:5432/db)',
  // invalid_authorization_specification: an unknown role, a role that cannot log in, no pg_hba.conf entry
  '28000':
    "Check the user name in DATABASE_URL, and that the server's pg_hba.conf lets that user in from this machine",
};

/**
 * Node's TLS codes for a server certificate that could not be checked (sslmode=verify-full, or
 * verify-ca / require with an sslrootcert): the same on every try until the URL or the server changes.
 */
const CERTIFICATE_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);
const CERTIFICATE_HINT =
  "The database server's certificate could not be checked: add sslrootcert=/path/to/ca.pem to DATABASE_URL (the CA that signed it; a managed service publishes its CA bundle), or use sslmode=require to encrypt without checking the certificate";

/**
 * A database failure as a RosterError: transient for dropped connections and serialization failures;
 * never for a database or user that DATABASE_URL gets wrong (the hint says what to fix).
 */
export function toDatabaseError(error: unknown, doing: string): RosterError {
  if (error instanceof RosterError) return error;
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  const text = message ?? String(error);
  const described = `Database error while ${doing}: ${text}${code ? ` (${code})` : ''}`;
  // node-postgres says only "The server does not support SSL connections" when DATABASE_URL's
  // sslmode asks for SSL and the server has none (a sweep got 'check the message above' for it).
  const urlHint =
    code === undefined
      ? /does not support SSL/i.test(text)
        ? 'DATABASE_URL asks for SSL (sslmode=require or stricter) and this server does not offer it: remove sslmode from DATABASE_URL, or turn SSL on in the server'
        : undefined
      : CERTIFICATE_CODES.has(code)
        ? CERTIFICATE_HINT
        : URL_STATES[code];
  if (urlHint !== undefined)
    return new RosterError('DATABASE_FAILED', described, { cause: error, transient: false, hint: urlHint });
  const transient =
    (code !== undefined &&
      (TRANSIENT_STATES.has(code) || code.startsWith('08') || TRANSIENT_ERRNO.has(code))) ||
    /Connection terminated|connection is closed|server closed the connection/i.test(text);
  return new RosterError('DATABASE_FAILED', described, {
    cause: error,
    transient,
    hint: transient
      ? 'The database was unavailable; the run changed nothing and can be retried'
      : 'This needs a person: check the message above',
  });
}
