/**
 * How a run handles its file source around recording the run: the connection opens while the run
 * is recorded (not after), and is closed whatever fails first. The source and the store here are
 * stand-ins for the ports; the real SFTP source and PostgreSQL are exercised end to end by the CLI's
 * tests.
 */
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import type { MappingsConfig, TenantConfig } from '@roster/config';
import { describe, expect, it } from 'vitest';
import {
  type FileSource,
  RosterError,
  type RunRecord,
  runSync,
  type SyncDependencies,
  type SyncTenant,
  type TableReader,
  type UserStore,
} from '../src/index.ts';
import { configFingerprint } from '../src/sync/config-fingerprint.ts';

const tenant: SyncTenant = {
  id: 'acme',
  dir: '/nowhere',
  tenant: { file: { name: 'people.csv' }, key: 'employee_id' } as unknown as TenantConfig,
  mappings: { fields: { employee_id: 'ID' } } as unknown as MappingsConfig,
};

/** A source that records what happened to it and has no file. */
function recordingSource(events: string[]): FileSource {
  return {
    pick: async () => {
      events.push('pick');
      return undefined;
    },
    list: async () => [],
    download: async () => {},
    afterSync: async () => {},
    close: async () => {
      events.push('close');
    },
    [Symbol.asyncDispose]: async () => {},
  };
}

/** The dependencies of a run that never reaches reading a file. */
function depsWith(store: UserStore, openSource: SyncDependencies['openSource']): SyncDependencies {
  return {
    store,
    openSource,
    readerFor: () => {
      throw new Error('not reached: these runs have no file');
    },
  };
}

function storeThat(startRun: () => Promise<number>, events: string[]): UserStore {
  return {
    startRun,
    lastSucceededRun: async () => undefined,
    lastSourceRun: async () => undefined,
    finishRun: async () => {
      events.push('finishRun');
    },
  } as unknown as UserStore;
}

describe('runSync and its file source', () => {
  it('opens the source while the run is being recorded', async () => {
    const events: string[] = [];
    const store = storeThat(async () => {
      events.push('startRun begins');
      await new Promise((resolve) => setTimeout(resolve, 20));
      events.push('startRun ends');
      return 7;
    }, events);
    const result = await runSync(
      tenant,
      depsWith(store, async () => {
        events.push('openSource');
        return recordingSource(events);
      }),
      { trigger: 'manual' },
    );
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('FILE_NOT_FOUND');
    expect(events.indexOf('openSource')).toBeLessThan(events.indexOf('startRun ends'));
    expect(events.slice(-3)).toEqual(['pick', 'finishRun', 'close']);
  });

  it('closes an opened source when recording the run fails', async () => {
    const events: string[] = [];
    const store = storeThat(async () => {
      throw new RosterError('DATABASE_FAILED', 'The database is gone', { transient: true });
    }, events);
    const result = await runSync(
      tenant,
      depsWith(store, async () => recordingSource(events)),
      { trigger: 'manual' },
    );
    expect(result.error?.code).toBe('DATABASE_FAILED');
    expect(events).toEqual(['close']);
  });

  it('takes a source that is already opening instead of opening one, and closes it', async () => {
    const events: string[] = [];
    const given = recordingSource(events);
    const result = await runSync(
      tenant,
      depsWith(
        storeThat(async () => 3, events),
        async () => {
          events.push('openSource');
          return recordingSource([]);
        },
      ),
      { trigger: 'manual', openingSource: Promise.resolve(given) },
    );
    expect(result.error?.code).toBe('FILE_NOT_FOUND');
    expect(events).toEqual(['pick', 'finishRun', 'close']);
  });

  it('closes a source already opening when the run reads a local file instead', async () => {
    const events: string[] = [];
    const result = await runSync(
      tenant,
      depsWith(
        storeThat(async () => 4, events),
        async () => recordingSource([]),
      ),
      {
        trigger: 'manual',
        localFile: '/nowhere/people.csv',
        openingSource: Promise.resolve(recordingSource(events)),
      },
    );
    expect(result.status).toBe('failed');
    expect(events).toEqual(['finishRun', 'close']);
  });

  it('names what the folder holds when no file matches, so a wrong file.name shows', async () => {
    const names = ['people_20240101.csv', ...Array.from({ length: 11 }, (_, i) => `other-${i}.txt`)];
    const listing = names.map((name) => ({ name, path: `/in/${name}`, size: 1, modifiedAt: new Date() }));
    const result = await runSync(
      tenant,
      depsWith(
        storeThat(async () => 8, []),
        async () => ({ ...recordingSource([]), list: async () => listing }),
      ),
      { trigger: 'manual' },
    );
    expect(result.error?.code).toBe('FILE_NOT_FOUND');
    expect(result.message).toContain('the folder holds people_20240101.csv, other-0.txt');
    expect(result.message).toContain('other-8.txt and 2 more');
    const empty = await runSync(
      tenant,
      depsWith(
        storeThat(async () => 9, []),
        async () => recordingSource([]),
      ),
      { trigger: 'manual' },
    );
    expect(empty.message).toContain("at the tenant's source; the folder is empty.");
  });

  it('reports a source that cannot be opened as the run failure', async () => {
    const events: string[] = [];
    const result = await runSync(
      tenant,
      depsWith(
        storeThat(async () => 9, events),
        async () => {
          throw new RosterError('AUTH_FAILED', 'The server refused the key');
        },
      ),
      { trigger: 'manual' },
    );
    expect(result).toMatchObject({ status: 'failed', runId: 9, error: { code: 'AUTH_FAILED' } });
    expect(events).toEqual(['finishRun']);
  });
});

describe("runSync and its reader's warm-up (started while the file downloads)", () => {
  const picked = {
    name: 'people.csv',
    path: '/in/people.csv',
    size: 4,
    modifiedAt: new Date('2026-12-01T06:00:00Z'),
  };

  /** A source with one file, whose download writes `content`. */
  function sourceWithFile(events: string[], content: string): FileSource {
    return {
      ...recordingSource(events),
      pick: async () => picked,
      download: async (_file, localPath) => {
        events.push('download');
        await writeFile(localPath, content);
      },
    };
  }

  /** A reader that records its warm-up, its disposal and its read (which fails: nothing to stage). */
  function recordingReader(events: string[]): TableReader {
    const read: TableReader = async () => {
      events.push('read');
      throw new RosterError('CSV_MALFORMED', 'not read in this test');
    };
    read.warmUp = () => {
      events.push('warmUp');
      return { [Symbol.dispose]: () => events.push('dispose') };
    };
    return read;
  }

  function storeWith(previous: RunRecord | undefined): UserStore {
    return {
      startRun: async () => 5,
      lastSucceededRun: async () => previous,
      lastSourceRun: async () => undefined,
      describeRunFile: async () => {},
      finishRun: async () => {},
    } as unknown as UserStore;
  }

  const previousRun = (fields: Partial<RunRecord>): RunRecord =>
    ({
      id: 4,
      fileName: null,
      fileSize: null,
      fileSha256: null,
      fileModifiedAt: null,
      configSha256: null,
      ...fields,
    }) as RunRecord;

  it('warms the reader up before the download and releases it after the run', async () => {
    const events: string[] = [];
    const result = await runSync(
      tenant,
      {
        store: storeWith(undefined),
        openSource: async () => sourceWithFile(events, 'ID\n1\n'),
        readerFor: () => recordingReader(events),
      },
      { trigger: 'manual' },
    );
    expect(result.error?.code).toBe('CSV_MALFORMED');
    expect(events).toEqual(['warmUp', 'download', 'read', 'dispose', 'close']);
  });

  it('releases the warm-up unused when the downloaded file is the one already applied', async () => {
    const events: string[] = [];
    const content = 'ID\n1\n';
    const sha256 = createHash('sha256').update(content).digest('hex');
    const result = await runSync(
      tenant,
      {
        store: storeWith(previousRun({ fileSha256: sha256 })),
        openSource: async () => sourceWithFile(events, content),
        readerFor: () => recordingReader(events),
      },
      { trigger: 'manual' },
    );
    expect(result.status).toBe('skipped');
    expect(events).toEqual(['warmUp', 'download', 'dispose', 'close']);
  });

  it('starts nothing when the listing shows the file already applied (no download)', async () => {
    const events: string[] = [];
    const previous = previousRun({
      fileName: picked.name,
      fileSize: picked.size,
      fileSha256: 'a'.repeat(64),
      fileModifiedAt: picked.modifiedAt,
      configSha256: configFingerprint(tenant),
      startedAt: new Date(picked.modifiedAt.getTime() + 60_000),
    });
    const result = await runSync(
      tenant,
      {
        store: storeWith(previous),
        openSource: async () => sourceWithFile(events, ''),
        readerFor: () => recordingReader(events),
      },
      { trigger: 'manual' },
    );
    expect(result.status).toBe('skipped');
    expect(events).toEqual(['close']);
  });
});
