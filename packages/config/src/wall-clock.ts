/**
 * A zone's local wall-clock time as "naive" milliseconds (the local date and time read as if UTC),
 * and back to an instant: what the scheduler needs to run a schedule by the tenant's clock. Done with
 * Intl's zone data rather than cron-parser's time-zone support, which (5.10.6) throws "loop limit
 * exceeded" for a whole day around Lord Howe's half-hour clock change and loses or repeats runs on
 * Chatham's and Havana's change nights.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timezone: string): Intl.DateTimeFormat {
  let format = formats.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      hourCycle: 'h23',
    });
    formats.set(timezone, format);
  }
  return format;
}

/** The local wall-clock time at `instant` (ms), as naive ms. */
export function wallTimeAt(instant: number, timezone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatFor(timezone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const { year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: years 0-99 would be taken for 1900-1999.
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, ((instant % 1000) + 1000) % 1000);
  return date.getTime();
}

/** `2026-10-25 02:30`: the instant as the zone's clocks show it. */
export function localWallClock(instant: Date, timezone: string): string {
  return new Date(wallTimeAt(instant.getTime(), timezone)).toISOString().slice(0, 16).replace('T', ' ');
}

const offsetAt = (instant: number, timezone: string) => wallTimeAt(instant, timezone) - instant;

/**
 * The first instant at which the zone's clocks show `wall` (naive ms): of a time the autumn change
 * repeats, the first of the two. A time the spring change skips is moved as far past the jump as it
 * was into the gap (Berlin's 02:30 on that night is 03:30 summer time; Lord Howe's 02:15, where the
 * clocks go from 02:00 to 02:30, is 02:45), as cron does.
 */
export function instantOfWallTime(wall: number, timezone: string): number {
  // The offsets in force a day either side: clocks change at most once in such a stretch.
  const before = offsetAt(wall - DAY_MS, timezone);
  const after = offsetAt(wall + DAY_MS, timezone);
  let first: number | undefined;
  for (const offset of before === after ? [before] : [before, after]) {
    const instant = wall - offset;
    if (wallTimeAt(instant, timezone) === wall && (first === undefined || instant < first)) first = instant;
  }
  return first ?? wall - before;
}
