import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { chmod, chown, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { onProcessExit } from './exit-cleanup.ts';
import { startOnFreePort } from './free-port.ts';
import { createUser, lookupUser, type OsUser } from './os-users.ts';
import type { PostgresServer, StartPostgresOptions } from './postgres-types.ts';
import { makePrivateDir, sweepStaleDirs } from './private-dir.ts';
import { checkDatabaseName, pgBinDir, pgProgram, runSql, uniqueDatabaseName, withDatabase } from './psql.ts';
import { wrapCommand } from './run-as.ts';
import { runCommand } from './run-command.ts';
import { ServerProcess } from './server-process.ts';

const HOST = '127.0.0.1';
let swept = false;

/**
 * Test-speed settings: durability is worthless for a database deleted after the run. Dynamic shared
 * memory lives in the data folder (mmap) rather than /dev/shm (posix), so a killed server leaves
 * nothing behind outside the folder we delete.
 */
const FAST_SETTINGS: Readonly<Record<string, string>> = {
  fsync: 'off',
  synchronous_commit: 'off',
  full_page_writes: 'off',
  dynamic_shared_memory_type: 'mmap',
};

/**
 * A self-signed certificate for `localhost` and 127.0.0.1 in `dir`, and the settings that serve it. The
 * key belongs to the server's OS user with mode 0600: PostgreSQL refuses a key others can read.
 */
async function makeSelfSignedCertificate(
  dir: string,
  runAs: OsUser | undefined,
): Promise<{ certificate: string; settings: Record<string, string> }> {
  const certificate = join(dir, 'server.crt');
  const key = join(dir, 'server.key');
  await runCommand('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=localhost',
    '-addext',
    'subjectAltName=DNS:localhost,IP:127.0.0.1',
    '-keyout',
    key,
    '-out',
    certificate,
  ]);
  await chmod(key, 0o600);
  if (runAs !== undefined) {
    await chown(key, runAs.uid, runAs.gid);
    await chown(certificate, runAs.uid, runAs.gid);
  }
  return { certificate, settings: { ssl: 'on', ssl_cert_file: certificate, ssl_key_file: key } };
}

/**
 * Starts a real PostgreSQL (15 by default) from its binaries: initdb into a private temporary folder,
 * then `postgres` on a free loopback port with its unix socket in that folder, trust authentication.
 * PostgreSQL refuses to run as root, so as root it runs as the `postgres` OS user (created when the
 * machine has none).
 */
export async function startNativePostgres(options: StartPostgresOptions = {}): Promise<PostgresServer> {
  const binDir = pgBinDir(options.binDir);
  const initdb = pgProgram(binDir, 'initdb');
  const postgres = pgProgram(binDir, 'postgres');
  const psql = pgProgram(binDir, 'psql');
  const runAs = process.getuid?.() === 0 ? await postgresUser() : undefined;

  if (!swept) {
    // Folders (and shared memory) of test processes that were SIGKILLed; their servers died with them.
    swept = true;
    sweepStaleDirs('pg', (stale) => removeSharedMemory(join(stale, 'data')));
  }
  const dir = await makePrivateDir('pg');
  const dataDir = join(dir, 'data');
  let server: ServerProcess | undefined;
  const unregister = onProcessExit(() => {
    server?.signalTree('SIGKILL');
    removeSharedMemory(dataDir);
    rmSync(dir, { recursive: true, force: true });
  });
  try {
    if (runAs !== undefined) await chown(dir, runAs.uid, runAs.gid);
    const init = wrapCommand(
      initdb,
      [
        '-D',
        dataDir,
        '-U',
        'postgres',
        '-A',
        'trust',
        '-E',
        'UTF8',
        '--locale=C.UTF-8',
        '--no-sync',
        '--no-instructions',
      ],
      runAs === undefined ? {} : { user: runAs },
    );
    // cwd: the postgres user may not be allowed into ours (/root).
    await runCommand(init.command, init.args, { cwd: dir });

    const ssl = options.ssl ? await makeSelfSignedCertificate(dir, runAs) : undefined;
    const settings = { ...FAST_SETTINGS, ...ssl?.settings, ...options.settings };
    const start = async (port: number) => {
      const args = ['-D', dataDir, '-p', String(port), '-k', dir, '-c', `listen_addresses=${HOST}`];
      for (const [name, value] of Object.entries(settings)) args.push('-c', `${name}=${value}`);
      const command = wrapCommand(postgres, args, {
        dieWithParent: true,
        ...(runAs === undefined ? {} : { user: runAs }),
      });
      const pg = new ServerProcess(command.command, command.args, { cwd: dir });
      server = pg;
      try {
        // Logged only once *our* postmaster bound the port and finished recovery.
        await pg.waitForLog(
          /database system is ready to accept connections/,
          options.startTimeoutMs ?? 60_000,
          'postgres',
        );
        await runSql(psql, urlFor(port, 'postgres'), 'select 1');
      } catch (error) {
        await pg.terminate('SIGKILL');
        removeSharedMemory(dataDir);
        throw error;
      }
      return { port, pg };
    };
    const { port, pg } = await startOnFreePort(start);
    const url = urlFor(port, 'postgres');

    let stopping: Promise<void> | undefined;
    const kill = async () => {
      await pg.terminate('SIGKILL');
      removeSharedMemory(dataDir);
    };
    const stop = () => {
      stopping ??= (async () => {
        // SIGINT is PostgreSQL's fast shutdown: it ends the backends and removes its shared memory.
        await pg.shutdown('SIGINT', 10_000);
        removeSharedMemory(dataDir);
        await rm(dir, { recursive: true, force: true });
        unregister();
      })();
      return stopping;
    };
    return {
      mode: 'native',
      url,
      host: HOST,
      port,
      async createDatabase(name) {
        const database = checkDatabaseName(name ?? uniqueDatabaseName());
        await runSql(psql, url, `CREATE DATABASE "${database}"`);
        return withDatabase(url, database);
      },
      ...(ssl && { sslCertificate: ssl.certificate }),
      logs: () => pg.logs(),
      stop,
      kill,
      [Symbol.asyncDispose]: stop,
    };
  } catch (error) {
    await server?.terminate('SIGKILL');
    removeSharedMemory(dataDir);
    await rm(dir, { recursive: true, force: true });
    unregister();
    throw error;
  }
}

function urlFor(port: number, database: string): string {
  return `postgres://postgres@${HOST}:${port}/${database}`;
}

/** The `postgres` OS user, created (as a system user) on machines that have the binaries but not the user. */
async function postgresUser(): Promise<OsUser> {
  const existing = await lookupUser('postgres');
  if (existing !== undefined) return existing;
  try {
    return await createUser('postgres', { home: '/var/lib/postgresql', shell: '/bin/sh', system: true });
  } catch (error) {
    // A parallel suite may have created it between our lookup and useradd.
    const created = await lookupUser('postgres');
    if (created !== undefined) return created;
    throw error;
  }
}

/**
 * A SIGKILLed postmaster leaves its small System V shared memory segment behind (a clean shutdown
 * removes it). Its id is on line 7 of postmaster.pid; remove it so repeated kill tests don't pile
 * segments up until the kernel's limit.
 */
function removeSharedMemory(dataDir: string): void {
  let pidFile: string;
  try {
    pidFile = readFileSync(join(dataDir, 'postmaster.pid'), 'utf8');
  } catch {
    return;
  }
  const shmId = pidFile.split('\n')[6]?.trim().split(/\s+/)[1];
  if (shmId !== undefined && /^\d+$/.test(shmId)) spawnSync('ipcrm', ['-m', shmId], { stdio: 'ignore' });
}
