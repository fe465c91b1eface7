/**
 * Progress while tenants run: one line rewritten in place on a terminal (rows and rows/s per running
 * tenant), plain start/finish lines otherwise so that logs stay readable.
 */
import { formatCount } from './output/format-count.ts';

export interface Progress {
  start(tenant: string): void;
  rows(tenant: string, rows: number): void;
  finish(tenant: string, status: string): void;
  stop(): void;
}

export function createProgress(
  stream: NodeJS.WritableStream & { isTTY?: boolean },
  enabled: boolean,
): Progress {
  if (!enabled) return { start() {}, rows() {}, finish() {}, stop() {} };
  const running = new Map<string, { rows: number; since: number }>();
  if (!stream.isTTY) {
    return {
      // The report printed when a tenant finishes says how it ended; logs only need the start.
      start: (tenant) => stream.write(`${tenant}: started\n`),
      rows() {},
      finish() {},
      stop() {},
    };
  }
  let drawn = false;
  const draw = () => {
    const parts = [...running].map(([tenant, { rows, since }]) => {
      const seconds = (performance.now() - since) / 1000;
      const rate = seconds > 0.2 ? ` (${formatCount(Math.round(rows / seconds))} rows/s)` : '';
      return `${tenant} ${formatCount(rows)} rows${rate}`;
    });
    stream.write(`\r\x1b[2K${parts.join(' · ')}`);
    drawn = true;
  };
  const clear = () => {
    if (drawn) stream.write('\r\x1b[2K');
    drawn = false;
  };
  const timer = setInterval(() => running.size > 0 && draw(), 250);
  timer.unref();
  return {
    start: (tenant) => running.set(tenant, { rows: 0, since: performance.now() }),
    rows: (tenant, rows) => {
      const entry = running.get(tenant);
      if (entry) entry.rows = rows;
    },
    finish: (tenant) => {
      running.delete(tenant);
      clear();
    },
    stop: () => {
      clearInterval(timer);
      clear();
    },
  };
}
