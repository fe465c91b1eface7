/**
 * Schedules in the config (`daily`, `weekly`, `cron`) all become one five-field cron expression in
 * the tenant's time zone: that is what the scheduler keeps, and cron-parser validates it and works out
 * when it runs.
 */
import { CronExpressionParser } from 'cron-parser';
import type { Schedule } from './generated/tenant-config.ts';
import { instantOfWallTime, wallTimeAt } from './wall-clock.ts';

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

/** How far back of `after` the wall-clock walk starts: more than any clock goes back (Troll's 2 h). */
const LOOK_BACK_MS = 3 * 60 * 60 * 1000;

/**
 * When a schedule runs next, after `after`, for the scheduler. The cron expression is walked in the
 * tenant's wall-clock time and each local time it names becomes the first instant the clocks show it
 * (wall-clock.ts): a time the spring change skips runs once, as far past the jump as it was into the
 * gap (02:30 on Berlin's spring night at 03:30); a time the autumn change repeats runs once, the
 * first time. `previous`, the occurrence just run, keeps that promise whatever `after` is: a local
 * time not later than the previous one's is passed over, so a replica that takes a 01:30 slot late,
 * inside the repeated hour, does not find the second 01:30 due, and after a skipped 02:00 run at
 * 02:30, a 02:15 or 02:30 of the same night is not run again. Missed occurrences (before `after`)
 * are passed over: the scheduler runs them once, not once each.
 */
export function nextRunAfter(
  schedule: { readonly cron: string; readonly timezone: string },
  after: Date,
  previous?: Date,
): Date {
  const { timezone } = schedule;
  const floor = previous === undefined ? Number.NEGATIVE_INFINITY : wallTimeAt(previous.getTime(), timezone);
  // Read in UTC, the expression gives wall-clock times; starting a little before `after`'s own,
  // since in the hour the clocks go back later instants show earlier local times.
  const walls = CronExpressionParser.parse(schedule.cron, {
    tz: 'UTC',
    strict: false,
    currentDate: new Date(wallTimeAt(after.getTime(), timezone) - LOOK_BACK_MS),
  });
  // A minutely schedule meets ~180 local times in the look-back before one is due.
  for (let tries = 0; tries < 10_000; tries++) {
    const wall = walls.next().getTime();
    if (wall <= floor) continue;
    const instant = instantOfWallTime(wall, timezone);
    if (instant > after.getTime()) return new Date(instant);
  }
  throw new Error(`no occurrence of "${schedule.cron}" after ${after.toISOString()} in ${timezone}`);
}

/** The next instants (UTC) the schedule fires after `from`: for previews and tests. */
export function nextRuns(schedule: Schedule, from: Date, count: number): Date[] {
  const cron = { cron: scheduleToCron(schedule), timezone: schedule.timezone };
  const runs: Date[] = [];
  for (let after = from, previous: Date | undefined; runs.length < count; ) {
    previous = nextRunAfter(cron, after, previous);
    runs.push(previous);
    after = previous;
  }
  return runs;
}
