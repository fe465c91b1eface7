import { RosterError } from '@roster/engine';
import { describe, expect, it, vi } from 'vitest';
import { withRetry } from '../src/index.ts';

const transient = () => new RosterError('CONNECTION_FAILED', 'refused', { transient: true });

describe('withRetry', () => {
  it('retries transient failures with the attempt number, then succeeds', async () => {
    const seen: number[] = [];
    const onRetry = vi.fn();
    const result = await withRetry(
      async (attempt) => {
        seen.push(attempt);
        if (attempt < 3) throw transient();
        return 'connected';
      },
      { retries: 5, baseDelayMs: 1, onRetry },
    );
    expect(result).toBe('connected');
    expect(seen).toEqual([1, 2, 3]);
    expect(onRetry).toHaveBeenCalledTimes(2);
  });

  it('gives up after `retries` retries with the last failure', async () => {
    const work = vi.fn(async () => {
      throw transient();
    });
    await expect(withRetry(work, { retries: 2, baseDelayMs: 1 })).rejects.toMatchObject({
      code: 'CONNECTION_FAILED',
    });
    expect(work).toHaveBeenCalledTimes(3);
  });

  it('never retries a failure that is not transient', async () => {
    const work = vi.fn(async () => {
      throw new RosterError('AUTH_FAILED', 'refused the password');
    });
    await expect(withRetry(work, { retries: 5, baseDelayMs: 1 })).rejects.toMatchObject({
      code: 'AUTH_FAILED',
    });
    expect(work).toHaveBeenCalledTimes(1);
  });

  it('stops waiting when the signal aborts, with the last failure', async () => {
    const controller = new AbortController();
    const work = vi.fn(async () => {
      throw transient();
    });
    const started = performance.now();
    const retrying = withRetry(work, {
      retries: 5,
      baseDelayMs: 60_000,
      maxDelayMs: 60_000,
      signal: controller.signal,
      // Abort during the (up to a minute long) wait before the first retry.
      onRetry: () => setTimeout(() => controller.abort(), 20),
    });
    await expect(retrying).rejects.toMatchObject({ code: 'CONNECTION_FAILED' });
    expect(performance.now() - started).toBeLessThan(30_000); // half the minute it would have waited
    expect(work).toHaveBeenCalledTimes(1);
  });
});
