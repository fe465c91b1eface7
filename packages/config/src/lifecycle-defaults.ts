/**
 * The lifecycle guards' defaults and how a threshold is read: runs apply them (@roster/engine's
 * guards), and validation uses them to say when the customer's sample would already be refused.
 */
import type { Lifecycle } from './generated/tenant-config.ts';

export const DEFAULT_LIFECYCLE = {
  deactivateMissing: true,
  maxDeactivations: '10%',
  maxIdentityChanges: '10%',
  maxRejected: '5%',
  minRowRatio: 0.5,
} as const satisfies Required<Lifecycle>;

/**
 * The largest allowed count: `25` → 25, `10%` of 400 → 40. A percentage above zero allows at least
 * one: `10%` of a tenant of 9 would otherwise be 0, and every single leaver of a small customer would
 * need `--approve` (a new-user sweep met it); one person is never a mass deactivation. `0%` is 0.
 */
export function thresholdLimit(threshold: number | string, total: number): number {
  if (typeof threshold === 'number') return threshold;
  const percent = Number.parseFloat(threshold);
  return Math.max(percent > 0 && total > 0 ? 1 : 0, Math.floor((total * percent) / 100));
}
