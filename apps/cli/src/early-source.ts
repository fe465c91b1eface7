/**
 * A tenant's file source opened before the database: an SSH handshake is mostly waiting on the
 * server, and loading the database modules (kysely alone is 257 files), connecting and checking the
 * schema is work the client can do meanwhile. The run then finds its connection ready.
 */
import type { FileSource, SyncDependencies, SyncTenant } from '@roster/engine';

export interface EarlySource extends AsyncDisposable {
  /**
   * The source opened for this tenant, handed over once: the taker closes it from then on. Undefined
   * for another tenant, after it was taken, or when nothing was opened.
   */
  take(tenantId: string): Promise<FileSource> | undefined;
}

const NOTHING: EarlySource = { take: () => undefined, [Symbol.asyncDispose]: async () => {} };

/**
 * Starts opening `tenant`'s source now and returns at once. Disposing closes the source unless it was
 * taken; a failure to open is kept for the taker to see (the engine reports it as the run's), never
 * thrown here.
 *
 * @example
 * await using early = openSourceEarly(tenant, (t) => openTenantSource(t, { env }));
 * const runtime = await openRuntime(context); // meanwhile the SSH handshake goes on
 * await runSync(tenant, withEarlySource(runtime.deps, early), options);
 */
export function openSourceEarly(
  tenant: SyncTenant | undefined,
  open: (tenant: SyncTenant) => Promise<FileSource>,
): EarlySource {
  if (tenant === undefined) return NOTHING;
  let opening: Promise<FileSource> | undefined = open(tenant);
  opening.catch(() => {}); // seen by the taker, or dropped on dispose
  return {
    take(tenantId) {
      if (tenantId !== tenant.id) return undefined;
      const taken = opening;
      opening = undefined;
      return taken;
    },
    async [Symbol.asyncDispose]() {
      const untaken = opening;
      opening = undefined;
      await untaken?.then((source) => source.close()).catch(() => {});
    },
  };
}

/** The sync's dependencies, with the early source handed to its tenant's run instead of a new one. */
export function withEarlySource(deps: SyncDependencies, early: EarlySource): SyncDependencies {
  return { ...deps, openSource: (tenant) => early.take(tenant.id) ?? deps.openSource(tenant) };
}
