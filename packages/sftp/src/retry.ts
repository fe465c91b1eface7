/**
 * Retrying what may succeed on a second try (a refused, reset or timed-out connection) with jittered
 * exponential backoff; failing at once for what never will (a wrong password, a wrong host key).
 * ssh2-sftp-client 12 no longer retries on its own.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { isTransient } from '@roster/engine';

/**
 * The hint of a failure that passes (a file still uploading): what happens next is the scheduler's
 * retry, while a run, plan or check by hand ends here (they used to say "The run will be retried").
 */
export const RETRIED = 'The scheduler tries again, with backoff; by hand, run it again in a few minutes.';

export interface RetryOptions {
  readonly retries: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly signal?: AbortSignal;
  /** Called before each retry, for logs. */
  readonly onRetry?: (attempt: number, error: unknown, delayMs: number) => void;
}

/**
 * Runs `work` (given the attempt number, from 1) until it succeeds, fails for good, or has been
 * retried `retries` times.
 *
 * @example
 * const connection = await withRetry((attempt) => connectOnce(options, attempt), { retries: 3 });
 */
export async function withRetry<T>(work: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const base = options.baseDelayMs ?? 500;
  const max = options.maxDelayMs ?? 10_000;
  for (let attempt = 0; ; attempt++) {
    try {
      return await work(attempt + 1);
    } catch (error) {
      if (attempt >= options.retries || !isTransient(error) || options.signal?.aborted) throw error;
      // Full jitter: spreads the retries of many tenants hitting one server apart.
      const delay = Math.round(Math.random() * Math.min(max, base * 2 ** attempt));
      options.onRetry?.(attempt + 1, error, delay);
      // An abort during the wait ends the retrying with the last failure, not an AbortError.
      await sleep(delay, undefined, options.signal ? { signal: options.signal } : {}).catch(() => {
        throw error;
      });
    }
  }
}
