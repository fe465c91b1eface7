/**
 * The real servers of a benchmark, from the test kit: an OpenSSH sshd and a PostgreSQL, each with a
 * watch on its processes' memory, plus the few SQL chores between steps (a database per contender
 * and iteration, dropped afterwards; a checkpoint before each timed step so that one step's dirty
 * pages are not written during the next).
 */
import { chown, mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { type PostgresServer, type SftpServer, startPostgres, startSftpServer } from '@roster/testkit';
import { pidListeningOn } from './proc-usage.ts';
import { runCommand } from './run-command.ts';
import { type ServerWatch, watchServer } from './server-watch.ts';

export interface BenchServers extends AsyncDisposable {
  readonly sftp: SftpServer;
  readonly postgres: PostgresServer;
  /** The psql next to the server's binaries. */
  readonly psql: string;
  readonly postgresWatch: ServerWatch;
  readonly sshdWatch: ServerWatch | undefined;
  /** A fresh, empty database. */
  createDatabase(): Promise<string>;
  dropDatabase(url: string): Promise<void>;
  /** Runs SQL on a database through psql, outside any measurement; returns the unaligned output. */
  sql(url: string, text: string): Promise<string>;
  /** Has PostgreSQL log every statement on this database with its duration (for `--profile` only). */
  logStatements(url: string): Promise<void>;
  /** Writes every dirty buffer out now, so that the next timed step starts from a clean server. */
  checkpoint(): Promise<void>;
  /** A folder in the key user's upload folder, and its path as the user sees it over SFTP. */
  uploadFolder(name: string): Promise<{ readonly local: string; readonly remote: string }>;
  /** Gives the files of an upload folder to the SFTP user, as if it had uploaded them. */
  handOver(localFolder: string): Promise<void>;
}

/** Starts sshd and PostgreSQL side by side; stop both with `await using`. */
export async function startBenchServers(): Promise<BenchServers> {
  const [sftp, postgres] = await Promise.all([startSftpServer(), startPostgres()]);
  const psql = path.join(process.env.ROSTER_TEST_PG_BIN_DIR || '/usr/lib/postgresql/15/bin', 'psql');
  const postmaster = postgres.mode === 'native' ? pidListeningOn(postgres.port) : undefined;
  const sshd = sftp.mode === 'native' ? pidListeningOn(sftp.port) : undefined;
  if (postmaster === undefined) {
    await Promise.all([sftp.stop(), postgres.stop()]);
    throw new Error(
      `No local process listens on PostgreSQL's port ${postgres.port}: the benchmark measures the server's memory, so it needs the test kit's native PostgreSQL (ROSTER_TESTKIT_MODE=native, no ROSTER_TEST_DATABASE_URL)`,
    );
  }
  const sql = async (url: string, text: string) =>
    (
      await runCommand(psql, ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', text])
    ).stdout.trim();
  const key = sftp.users.key;
  const owner = await stat(key.uploadDir);
  const stop = async () => {
    await Promise.all([sftp.stop(), postgres.stop()]);
  };
  return {
    sftp,
    postgres,
    psql,
    postgresWatch: watchServer('postgres', postmaster),
    sshdWatch: sshd === undefined ? undefined : watchServer('sshd', sshd),
    createDatabase: () => postgres.createDatabase(),
    async dropDatabase(url) {
      const name = new URL(url).pathname.slice(1);
      await sql(postgres.url, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
    sql,
    async logStatements(url) {
      const name = new URL(url).pathname.slice(1);
      await sql(postgres.url, `ALTER DATABASE "${name}" SET log_min_duration_statement = 0`);
    },
    async checkpoint() {
      await sql(postgres.url, 'CHECKPOINT');
    },
    async uploadFolder(name) {
      const local = await key.makeDir(name);
      return { local, remote: path.posix.join(key.remoteUploadDir, name) };
    },
    async handOver(localFolder) {
      await mkdir(localFolder, { recursive: true });
      await chown(localFolder, owner.uid, owner.gid);
      for (const entry of await readdir(localFolder)) {
        await chown(path.join(localFolder, entry), owner.uid, owner.gid);
      }
    },
    [Symbol.asyncDispose]: stop,
  };
}
