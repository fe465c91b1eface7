/**
 * A log of errors that come in bursts: pg-boss emits an `error` for each of its loops' failures, about
 * four a second per replica while the database is down (a sweep counted ~200 lines in 25 s). The
 * first of a message is logged at once; repeats within `windowMs` are counted and logged as one line
 * when the window ends, so an outage stays visible without drowning the other lines.
 */
import type { Logger } from 'pino';

export interface RepeatLimitedLog {
  error(message: string): void;
  /** Logs what is still counted, and stops the timer. */
  close(): void;
}

export function repeatLimitedLog(
  logger: Logger,
  what: string,
  { windowMs = 30_000 }: { readonly windowMs?: number } = {},
): RepeatLimitedLog {
  const repeats = new Map<string, number>();
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    for (const [message, count] of repeats) {
      if (count > 0)
        logger.error({ err: { message }, repeated: count, withinSeconds: windowMs / 1000 }, what);
    }
    repeats.clear();
  };
  return {
    error(message) {
      const seen = repeats.get(message);
      if (seen === undefined) {
        logger.error({ err: { message } }, what);
        repeats.set(message, 0);
      } else {
        repeats.set(message, seen + 1);
      }
      timer ??= setTimeout(flush, windowMs).unref();
    },
    close() {
      clearTimeout(timer);
      flush();
    },
  };
}
