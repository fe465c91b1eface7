import type { ServerMode, StartMode } from './server-mode.ts';

export interface PostgresServer extends AsyncDisposable {
  readonly mode: ServerMode;
  /** `postgres://postgres@127.0.0.1:PORT/postgres`: the superuser on the maintenance database. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /**
   * Creates an empty database (named `name`, or a unique `test_…`) and returns its URL: one per test
   * keeps tests independent without a server each.
   */
  createDatabase(name?: string): Promise<string>;
  /** With `ssl`: the server's self-signed certificate (PEM), for `sslrootcert=` in a URL. */
  readonly sslCertificate?: string;
  /** The server's own log, to print when a test fails. */
  logs(): string;
  /** Stops the server and deletes its data. Safe to call twice. */
  stop(): Promise<void>;
  /** SIGKILLs the server and its backends at once, as a crash would; the port stops accepting. */
  kill(): Promise<void>;
}

export interface StartPostgresOptions {
  /** Default: `ROSTER_TESTKIT_MODE`, else `auto`. Ignored when `ROSTER_TEST_DATABASE_URL` is set. */
  readonly mode?: StartMode;
  /** Where `initdb`, `postgres` and `psql` are. Default `ROSTER_TEST_PG_BIN_DIR`, else /usr/lib/postgresql/15/bin. */
  readonly binDir?: string;
  /** Extra server settings (`-c name=value`), e.g. `{ max_connections: '200' }`. */
  readonly settings?: Readonly<Record<string, string>>;
  /** How long to wait for the server to accept connections. Default 60 s. */
  readonly startTimeoutMs?: number;
  /**
   * Serve SSL with a fresh self-signed certificate for `localhost` and 127.0.0.1 (native servers only:
   * made with `openssl`), as managed PostgreSQL services do; its path is `sslCertificate`.
   */
  readonly ssl?: boolean;
}
