/**
 * The first tenant's source, opened before the database (src/early-source.ts): handed to that tenant's
 * run once, closed when nobody took it, and a failure to open kept for the run to report.
 */
import type { FileSource, SyncDependencies, SyncTenant } from '@roster/engine';
import { describe, expect, it } from 'vitest';
import { openSourceEarly, withEarlySource } from '../src/early-source.ts';

const tenant = (id: string) => ({ id }) as SyncTenant;

function countingSource(): FileSource & { closes: number } {
  const source = {
    closes: 0,
    pick: async () => undefined,
    list: async () => [],
    download: async () => {},
    afterSync: async () => {},
    close: async () => {
      source.closes += 1;
    },
    [Symbol.asyncDispose]: async () => source.close(),
  };
  return source;
}

describe('openSourceEarly', () => {
  it('hands the opened source to its own tenant once, and to no other tenant', async () => {
    const source = countingSource();
    const opened: string[] = [];
    const early = openSourceEarly(tenant('acme'), async (t) => {
      opened.push(t.id);
      return source;
    });
    expect(opened).toEqual(['acme']); // started at once, before anyone asks
    expect(early.take('globex')).toBeUndefined();
    expect(await early.take('acme')).toBe(source);
    expect(early.take('acme')).toBeUndefined();
    await early[Symbol.asyncDispose]();
    expect(source.closes).toBe(0); // the taker closes it, not the early opener
  });

  it('closes the source on dispose when no run took it (the database failed to open, say)', async () => {
    const source = countingSource();
    const early = openSourceEarly(tenant('acme'), async () => source);
    await early[Symbol.asyncDispose]();
    expect(source.closes).toBe(1);
    expect(early.take('acme')).toBeUndefined();
  });

  it('keeps a failure to open for the taker, and raises nothing when nobody takes it', async () => {
    const failure = new Error('host key mismatch');
    const taken = openSourceEarly(tenant('acme'), () => Promise.reject(failure));
    await expect(taken.take('acme')).rejects.toBe(failure);

    const untaken = openSourceEarly(tenant('acme'), () => Promise.reject(failure));
    await expect(untaken[Symbol.asyncDispose]()).resolves.toBeUndefined();
  });

  it('opens nothing without a tenant', async () => {
    const early = openSourceEarly(undefined, () => {
      throw new Error('must not open');
    });
    expect(early.take('acme')).toBeUndefined();
    await early[Symbol.asyncDispose]();
  });
});

describe('withEarlySource', () => {
  it('gives the early source to its tenant and opens a new one for every other tenant', async () => {
    const early = countingSource();
    const fresh = countingSource();
    const opened: string[] = [];
    const deps = {
      openSource: async (t: SyncTenant) => {
        opened.push(t.id);
        return fresh;
      },
    } as unknown as SyncDependencies;
    const wired = withEarlySource(
      deps,
      openSourceEarly(tenant('acme'), async () => early),
    );
    expect(await wired.openSource(tenant('acme'))).toBe(early);
    expect(await wired.openSource(tenant('acme'))).toBe(fresh); // a second run of it opens anew
    expect(await wired.openSource(tenant('globex'))).toBe(fresh);
    expect(opened).toEqual(['acme', 'globex']);
  });
});
