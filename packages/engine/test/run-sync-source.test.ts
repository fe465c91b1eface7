/**
 * How a run handles its file source around recording the run: the connection opens while the run
 * is recorded (not after), and is closed whatever fails first. The source and the store here are
 * stand-ins for the ports; the real SFTP source and PostgreSQL are exercised end to end by the CLI's
 * tests.
 */
import type { MappingsConfig, TenantConfig } from '@roster/config';
import { describe, expect, it } from 'vitest';
import {
  type FileSource,
  RosterError,
  runSync,
  type SyncDependencies,
  type SyncTenant,
  type UserStore,
} from '../src/index.ts';

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
    lastAppliedSourceFile: async () => undefined,
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
