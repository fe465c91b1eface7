/**
 * Retrying what may succeed on a second try (a refused, reset or timed-out connection) with jittered
 * exponential backoff; failing at once for what never will (a wrong password, a wrong host key).
 * ssh2-sftp-client 12 no longer retries on its own.
 */
import { isTransient } from '@roster/engine';

export interface RetryOptions {
  readonly retries: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly signal?: AbortSignal;
  /** Called before each retry, for logs. */
  readonly onRetry?: (attempt: number, error: unknown, delayMs: number) => void;
}

export async function withRetry<T>(work: () => Promise<T>, options: RetryOptions): Promise<T> {
  const base = options.baseDelayMs ?? 500;
  const max = options.maxDelayMs ?? 10_000;
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= options.retries || !isTransient(error) || options.signal?.aborted) throw error;
      // Full jitter: spreads the retries of many tenants hitting one server apart.
      const delay = Math.round(Math.random() * Math.min(max, base * 2 ** attempt));
      options.onRetry?.(attempt + 1, error, delay);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
