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

/** A stretch of local wall-clock time a clock change skips or repeats, as naive-UTC instants. */
interface ClockChange {
  readonly kind: 'skipped' | 'repeated';
  /** Local wall-clock bounds, written as if UTC: [from, to). */
  readonly from: Date;
  readonly to: Date;
}

const MINUTE_MS = 60_000;

/** The zone's offset from UTC at `instant`, in minutes. */
function offsetMinutes(format: Intl.DateTimeFormat, instant: number): number {
  const name = format.formatToParts(instant).find((part) => part.type === 'timeZoneName')?.value ?? '';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

/** The clock changes of `timezone` in the year from `from`: summer time starting and ending. */
function clockChanges(timezone: string, from: Date): ClockChange[] {
  const format = new Intl.DateTimeFormat('en-US', { timeZone: timezone, timeZoneName: 'longOffset' });
  const changes: ClockChange[] = [];
  const step = 6 * 60 * MINUTE_MS;
  let before = offsetMinutes(format, from.getTime());
  for (let at = from.getTime() + step; at < from.getTime() + 366 * 24 * 60 * MINUTE_MS; at += step) {
    const after = offsetMinutes(format, at);
    if (after === before) continue;
    // The minute it changed: the first at which the new offset holds.
    let low = at - step;
    let high = at;
    while (high - low > MINUTE_MS) {
      const middle = low + Math.floor((high - low) / 2 / MINUTE_MS) * MINUTE_MS;
      if (offsetMinutes(format, middle) === before) low = middle;
      else high = middle;
    }
    const wall = high + before * MINUTE_MS; // the local time the clock showed as it changed
    const shift = (after - before) * MINUTE_MS;
    changes.push(
      shift > 0
        ? { kind: 'skipped', from: new Date(wall), to: new Date(wall + shift) }
        : { kind: 'repeated', from: new Date(wall + shift), to: new Date(wall) },
    );
    before = after;
  }
  return changes;
}

/** `02:30` of a naive-UTC instant. */
const wallClock = (instant: Date) => instant.toISOString().slice(11, 16);

/**
 * Whether the schedule fires in a stretch of local time that a clock change skips or repeats
 * (02:00–03:00 in most of Europe and North America), and what to say of it. The scheduler's
 * pg-boss then loses the spring night's run and makes the autumn night's twice: its cron pass
 * asks cron-parser for the previous occurrence, which skips a time that does not exist and finds
 * one that happens twice both times. Schedules firing more than four times a day (on average over
 * a week) lose a few runs and gain a few, which is of no consequence, and are not reported.
 */
export function clockChangeAdvice(schedule: Schedule, from = new Date()): string | undefined {
  const cron = scheduleToCron(schedule);
  // Read as wall-clock time: in UTC, a zone without clock changes.
  const wall = (at: Date) => CronExpressionParser.parse(cron, { tz: 'UTC', strict: false, currentDate: at });
  // A naive week (from a Monday): more than 28 runs is more than four a day on average.
  const week = wall(new Date(Date.UTC(2026, 0, 5) - 1)).take(29);
  if (week.filter((next) => next.getTime() < Date.UTC(2026, 0, 12)).length > 28) return undefined;
  const hits: string[] = [];
  for (const change of clockChanges(schedule.timezone, from)) {
    const next = wall(new Date(change.from.getTime() - 1))
      .next()
      .toDate();
    if (next.getTime() >= change.to.getTime()) continue;
    const date = change.from.toISOString().slice(0, 10);
    hits.push(
      change.kind === 'skipped'
        ? `its ${wallClock(next)} on ${date} does not exist (the clocks of ${schedule.timezone} jump from ${wallClock(change.from)} to ${wallClock(change.to)}), and that run would be lost`
        : `its ${wallClock(next)} on ${date} happens twice (the clocks of ${schedule.timezone} go back from ${wallClock(change.to)} to ${wallClock(change.from)}), and it would run twice`,
    );
  }
  return hits.length > 0 ? hits.join('; ') : undefined;
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
