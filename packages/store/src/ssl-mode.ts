/**
 * DATABASE_URL's `sslmode` as libpq reads it — PostgreSQL's documentation, psql, and the URLs managed
 * services hand out (`?sslmode=require`). node-postgres 8 reads `require`, `prefer` and `verify-ca` as
 * `verify-full` instead, and prints a seven-line SECURITY WARNING about it on every start: a URL that
 * works in psql failed with "self-signed certificate" against any server whose CA Node does not ship
 * (a private CA, most managed services' own). Its `uselibpqcompat=true` gives libpq's meanings:
 * - `disable`: no SSL;
 * - `allow`, `prefer`: SSL without checking the certificate, and plain when the server has no SSL
 *   (libpq's fallback, done by connectAsLibpq: node-postgres has none);
 * - `require`: SSL without checking the certificate (checked against `sslrootcert` when one is given);
 * - `verify-ca`: the certificate checked against `sslrootcert`, which it needs;
 * - `verify-full`: the certificate and the host name checked (Node's CAs, or `sslrootcert`);
 * - `no-verify` (node-postgres's own): SSL without checking, as before.
 */
import { RosterError } from '@roster/engine';

/** The modes libpq and node-postgres know. */
const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full', 'no-verify'];

/** Modes under which a server without SSL is still connected to, in plain text. */
const OPPORTUNISTIC = new Set(['allow', 'prefer']);

/**
 * Throws CONFIG_INVALID for an sslmode no client knows, or `verify-ca` without the CA it verifies
 * against; the URL is never repeated (it holds the password).
 */
export function checkSslMode(url: string): void {
  const params = new URL(url).searchParams;
  // node-postgres reads the last of two sslmode parameters and this module the first: `allow&…
  // verify-full` would be checked as one and connect as the other (a review). And a key in capitals
  // (SSLMODE=require) is no parameter at all to either: the connection went in plain text unsaid.
  const keys = [...params.keys()];
  const sslmodes = keys.filter((key) => key.toLowerCase() === 'sslmode');
  if (sslmodes.length > 1 || sslmodes.some((key) => key !== 'sslmode')) {
    throw new RosterError(
      'CONFIG_INVALID',
      sslmodes.length > 1
        ? 'Invalid DATABASE_URL: sslmode is given more than once'
        : `Invalid DATABASE_URL: ${sslmodes[0]} is not a parameter PostgreSQL clients know (they read sslmode, in lower case)`,
      { hint: 'Give sslmode once, in lower case: ?sslmode=verify-full' },
    );
  }
  const sslmode = params.get('sslmode');
  if (sslmode === null) return;
  if (!SSL_MODES.includes(sslmode)) {
    throw new RosterError(
      'CONFIG_INVALID',
      `Invalid DATABASE_URL: sslmode=${JSON.stringify(sslmode)} is not one of ${SSL_MODES.join(', ')}`,
      { hint: 'Fix sslmode in DATABASE_URL, or leave it out' },
    );
  }
  if (sslmode === 'verify-ca' && params.get('sslrootcert') === null) {
    throw new RosterError(
      'CONFIG_INVALID',
      'Invalid DATABASE_URL: sslmode=verify-ca checks the server certificate against a CA, and no sslrootcert names one',
      {
        hint: "Add sslrootcert=/path/to/ca.pem (the CA that signed the server's certificate), or use sslmode=verify-full to check it against Node's CAs, or sslmode=require to encrypt without checking",
      },
    );
  }
}

/** `url` with libpq's sslmode meanings for node-postgres (and pg-boss, which uses it). */
function withLibpqSslModes(url: string): string {
  const parsed = new URL(url);
  const sslmode = parsed.searchParams.get('sslmode');
  if (sslmode === null || parsed.searchParams.has('uselibpqcompat')) return url;
  if (sslmode === 'disable' || sslmode === 'no-verify' || sslmode === 'verify-full') return url;
  // node-postgres's libpq mode has no `allow`: its SSL-first `prefer` is the closest.
  if (sslmode === 'allow') parsed.searchParams.set('sslmode', 'prefer');
  parsed.searchParams.set('uselibpqcompat', 'true');
  return parsed.href;
}

/**
 * For `allow` and `prefer`, when connecting failed with `error` because the server has no SSL, the same
 * URL without SSL: what libpq falls back to. Undefined for any other error, and under any other mode,
 * where no SSL is an error.
 */
function plainFallbackOf(url: string, error: unknown): string | undefined {
  const parsed = new URL(url);
  const sslmode = parsed.searchParams.get('sslmode');
  if (sslmode === null || !OPPORTUNISTIC.has(sslmode)) return undefined;
  if (!/does not support SSL/i.test(String(error))) return undefined;
  parsed.searchParams.set('sslmode', 'disable');
  parsed.searchParams.delete('uselibpqcompat');
  return parsed.href;
}

/**
 * `connect` on DATABASE_URL as libpq would read it: its sslmode with libpq's meaning, and under
 * `prefer`/`allow` once more on the URL without SSL when the server has none. The store's pool and
 * `run --queue`'s pg-boss both connect through this, so they agree on every URL.
 */
export async function connectAsLibpq<T>(url: string, connect: (url: string) => Promise<T>): Promise<T> {
  const libpq = withLibpqSslModes(url);
  try {
    return await connect(libpq);
  } catch (error) {
    const fallback = plainFallbackOf(libpq, error);
    if (fallback === undefined) throw error;
    return connect(fallback);
  }
}
