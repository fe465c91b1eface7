/** Bursts of one error are logged once and counted, not line by line. */
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { repeatLimitedLog } from '../src/repeat-limited-log.ts';

describe('repeatLimitedLog', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('logs the first of a message at once and its repeats as one counted line per window', () => {
    vi.useFakeTimers();
    const lines: Array<Record<string, unknown>> = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const log = repeatLimitedLog(logger, 'pg-boss error', { windowMs: 30_000 });
    for (let i = 0; i < 100; i++) log.error('connect ECONNREFUSED 127.0.0.1:5432');
    log.error('another');
    expect(lines.map((line) => [line.msg, (line.err as { message: string }).message, line.repeated])).toEqual(
      [
        ['pg-boss error', 'connect ECONNREFUSED 127.0.0.1:5432', undefined],
        ['pg-boss error', 'another', undefined],
      ],
    );
    vi.advanceTimersByTime(30_000);
    expect(lines.slice(2).map((line) => [(line.err as { message: string }).message, line.repeated])).toEqual([
      ['connect ECONNREFUSED 127.0.0.1:5432', 99],
    ]);
    // A new window: the first is logged at once again.
    log.error('connect ECONNREFUSED 127.0.0.1:5432');
    expect(lines).toHaveLength(4);
    log.close();
    expect(lines).toHaveLength(4);
  });
});
