/**
 * The lifecycle guards' defaults and how a threshold is read: runs apply them (@roster/engine's
 * guards), and validation uses them to say when the customer's sample would already be refused.
 */
import type { Lifecycle } from './generated/tenant-config.ts';

export const DEFAULT_LIFECYCLE = {
  deactivateMissing: true,
  maxDeactivations: '10%',
  maxRejected: '5%',
  minRowRatio: 0.5,
} as const satisfies Required<Lifecycle>;

/** The largest allowed count: `25` → 25, `10%` of 400 → 40. */
export function thresholdLimit(threshold: number | string, total: number): number {
  if (typeof threshold === 'number') return threshold;
  return Math.floor((total * Number.parseFloat(threshold)) / 100);
}
