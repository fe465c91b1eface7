/**
 * A fingerprint of the parts of a tenant's config that shape what a file turns into: the mappings,
 * the key, how the file is read, and whether missing people are deactivated. A run records it, and
 * an identical file is skipped only when this is unchanged too: after a mapping fix, the same file is
 * applied again (it would give other users). Schedules, guards, connection and notification settings
 * do not change what a file means and are left out.
 */
import { createHash } from 'node:crypto';
import type { SyncTenant } from './run-sync.ts';

/** Bumped when the fingerprint's composition changes (every tenant then applies its file once more). */
const VERSION = 'roster-config-1';

/** JSON with object keys in sorted order, so that the YAML's key order does not matter. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, entry]) => entry !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([name, entry]) => `${JSON.stringify(name)}:${canonicalJson(entry)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The SHA-256 (hex) of what shapes a run's result.
 *
 * @example
 * configFingerprint(tenant) === configFingerprint({ ...tenant, tenant: { ...tenant.tenant, schedule } }) // true
 */
export function configFingerprint(tenant: Pick<SyncTenant, 'tenant' | 'mappings'>): string {
  const { key, file, lifecycle } = tenant.tenant;
  const shaping = {
    version: VERSION,
    key,
    mappings: tenant.mappings,
    read: { format: file.format, csv: file.csv, xlsx: file.xlsx, json: file.json },
    deactivateMissing: lifecycle?.deactivateMissing ?? true,
  };
  return createHash('sha256').update(canonicalJson(shaping)).digest('hex');
}
