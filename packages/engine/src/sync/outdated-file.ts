/**
 * Whether the file a run picked is older than the one the tenant's data already comes from. With
 * `afterSync: archive` or `delete` the newest file leaves the folder after its run, and whatever was
 * left behind (yesterday's export, a re-upload) then becomes "the newest": applying it would roll
 * people back to older data, and deactivate those hired since.
 */
import type { SourceFile } from '../ports/file-source.ts';
import type { RunRecord } from '../ports/user-store.ts';

/**
 * Why `picked` must not be applied over `applied`, or undefined when it may. Only a strictly older
 * modification time counts: files written within the same second cannot be ordered.
 *
 * @example
 * outdatedBy({ name: 'day1.csv', modifiedAt: new Date('2026-01-01'), … }, { id: 7, fileName: 'day2.csv', fileModifiedAt: new Date('2026-01-02'), … })
 * // 'day1.csv (modified 2026-01-01T00:00:00.000Z) is older than day2.csv (modified …), applied by run 7; …'
 */
export function outdatedBy(picked: SourceFile, applied: RunRecord | undefined): string | undefined {
  const appliedAt = applied?.fileModifiedAt;
  if (applied === undefined || appliedAt == null || picked.modifiedAt.getTime() >= appliedAt.getTime())
    return undefined;
  return `${picked.name} (modified ${picked.modifiedAt.toISOString()}) is older than ${applied.fileName} (modified ${appliedAt.toISOString()}), applied by run ${applied.id}: it is not applied over newer data. Remove it from the folder, or use --force to apply it anyway`;
}
