/**
 * Schedules in the config (`daily`, `weekly`, `cron`) all become one five-field cron expression in
 * the tenant's time zone: that is what the scheduler keeps, and cron-parser validates it and works out
 * when it runs.
 */
import { CronExpressionParser } from 'cron-parser';
import type { Schedule } from './generated/tenant-config.ts';

const DAY_NUMBERS = {
  sunday: 0,
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
} as const;

const clock = (time: string) => {
  const [hours = '0', minutes = '0'] = time.split(':');
  return { hours: Number(hours), minutes: Number(minutes) };
};

/** The schedule as a cron expression in local time (`daily: "02:00"` → `0 2 * * *`). */
export function scheduleToCron(schedule: Schedule): string {
  if (schedule.cron !== undefined) return schedule.cron.trim().split(/\s+/).join(' ');
  if (schedule.weekly !== undefined) {
    const { hours, minutes } = clock(schedule.weekly.at);
    return `${minutes} ${hours} * * ${DAY_NUMBERS[schedule.weekly.day]}`;
  }
  const { hours, minutes } = clock(schedule.daily ?? '00:00');
  return `${minutes} ${hours} * * *`;
}

/** Why a cron expression is not usable, or undefined when it is. Five fields only: no seconds. */
export function cronProblem(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) {
    return `a cron expression has five fields (minute hour day-of-month month day-of-week), this one has ${fields.length}`;
  }
  try {
    CronExpressionParser.parse(expression, { strict: false });
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

let knownZones: Set<string> | undefined;

/** True for an IANA zone name this runtime knows (`Europe/Istanbul`, `UTC`), false for offsets and typos. */
export function isTimeZone(name: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(name)) return false;
  // The canonical list answers almost every config in ~2 ms; building a formatter (the only test that
  // also accepts aliases such as US/Eastern or lower-case names) loads ICU's zone data, ~20 ms of each start.
  knownZones ??= new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);
  if (knownZones.has(name)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** All canonical zone names, for "did you mean" suggestions. */
/**
 * What to say of a time zone that is accepted but not written as its canonical IANA name: an old
 * alias (`US/Eastern`, `EST`, which is Panama's time, never summer time), another case
 * (`europe/istanbul`), or a fixed `Etc/GMT±N` offset, whose sign is the reverse of what it looks
 * like. Undefined for a canonical name, and for UTC however written.
 */
export function timeZoneAdvice(name: string): string | undefined {
  knownZones ??= new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);
  if (knownZones.has(name)) return undefined;
  const resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  if (resolved === 'UTC') return undefined;
  const offsets = [0, 6].map(
    (month) =>
      new Intl.DateTimeFormat('en-US', { timeZone: resolved, timeZoneName: 'longOffset' })
        .formatToParts(new Date(Date.UTC(new Date().getUTCFullYear(), month, 1)))
        .find((part) => part.type === 'timeZoneName')?.value,
  );
  const allYear = offsets[0] === offsets[1] ? `, ${offsets[0]} all year (no summer time)` : '';
  if (/^Etc\/GMT[+-]\d+$/i.test(name))
    return `"${name}" is the fixed offset ${offsets[0]} (Etc/GMT signs are reversed)${allYear ? ' all year' : ''}: if the customer's clock changes for summer, write their city's zone, e.g. "Europe/Berlin"`;
  if (resolved.toLowerCase() === name.toLowerCase()) return `write it as "${resolved}"`;
  return `"${name}" is an old alias of "${resolved}"${allYear}: write "${resolved}" if that is the customer's zone, else the zone of their city`;
}

export function timeZoneNames(): readonly string[] {
  knownZones ??= new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);
  return [...knownZones];
}

const wallClockFormats = new Map<string, Intl.DateTimeFormat>();

/** `2026-10-25 02:30`: the instant as the clocks of `timezone` show it, sortable as text. */
export function localWallClock(instant: Date, timezone: string): string {
  let format = wallClockFormats.get(timezone);
  if (!format) {
    // Swedish writes dates and times in ISO order; h23, so midnight is 00 and not 24.
    format = new Intl.DateTimeFormat('sv-SE', {
      timeZone: timezone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    wallClockFormats.set(timezone, format);
  }
  return format.format(instant);
}

/**
 * When a schedule runs next, after `after` (UTC), for the scheduler: cron-parser's `next()`, which
 * moves a time the spring clock change skips (02:30 on that night) to the same distance past the
 * jump (03:30), and gives a time the autumn change repeats once. `previous`, the occurrence just run,
 * keeps that promise whatever `after` is: an occurrence whose local time is not later than the
 * previous one's is passed over, so a replica that takes a 01:30 slot late, inside the repeated
 * hour, does not find the second 01:30 due too. Every local time a schedule names runs once; an
 * hourly schedule therefore runs once, not twice, in the repeated hour.
 */
export function nextRunAfter(
  schedule: { readonly cron: string; readonly timezone: string },
  after: Date,
  previous?: Date,
): Date {
  const occurrences = CronExpressionParser.parse(schedule.cron, {
    tz: schedule.timezone,
    strict: false,
    currentDate: after,
  });
  const floor = previous && localWallClock(previous, schedule.timezone);
  // The repeated stretch is an hour or two: a minutely schedule passes over at most ~120 occurrences.
  for (let tries = 0; tries < 1_000; tries++) {
    const next = occurrences.next().toDate();
    if (floor === undefined || localWallClock(next, schedule.timezone) > floor) return next;
  }
  throw new Error(`no occurrence of "${schedule.cron}" after ${after.toISOString()} in ${schedule.timezone}`);
}

/** The next instants (UTC) the schedule fires after `from`: for previews and tests. */
export function nextRuns(schedule: Schedule, from: Date, count: number): Date[] {
  const expression = CronExpressionParser.parse(scheduleToCron(schedule), {
    currentDate: from,
    tz: schedule.timezone,
  });
  return expression.take(count).map((next) => next.toDate());
}
