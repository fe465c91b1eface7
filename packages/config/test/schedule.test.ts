import { describe, expect, it } from 'vitest';
import { cronProblem, isTimeZone, nextRuns, scheduleToCron } from '../src/index.ts';
import { clockChangeAdvice, timeZoneAdvice } from '../src/schedule.ts';

describe('schedules', () => {
  it('turns daily and weekly schedules into cron expressions', () => {
    expect(scheduleToCron({ daily: '02:00', timezone: 'UTC' })).toBe('0 2 * * *');
    expect(scheduleToCron({ daily: '23:45', timezone: 'UTC' })).toBe('45 23 * * *');
    expect(scheduleToCron({ weekly: { day: 'monday', at: '05:30' }, timezone: 'UTC' })).toBe('30 5 * * 1');
    expect(scheduleToCron({ weekly: { day: 'sunday', at: '00:00' }, timezone: 'UTC' })).toBe('0 0 * * 0');
    expect(scheduleToCron({ cron: ' 0  2 * * 1-5 ', timezone: 'UTC' })).toBe('0 2 * * 1-5');
  });

  it('fires at the right UTC instant in the tenant time zone, across daylight saving', () => {
    // 02:00 in Istanbul (UTC+3 all year) is 23:00 UTC the day before.
    expect(
      nextRuns({ daily: '02:00', timezone: 'Europe/Istanbul' }, new Date('2026-11-24T12:00:00Z'), 2),
    ).toEqual([new Date('2026-11-24T23:00:00Z'), new Date('2026-11-25T23:00:00Z')]);
    // Chicago switches from CDT (UTC-5) to CST (UTC-6) on 2026-11-01.
    expect(
      nextRuns(
        { weekly: { day: 'monday', at: '05:30' }, timezone: 'America/Chicago' },
        new Date('2026-10-20T00:00:00Z'),
        3,
      ),
    ).toEqual([
      new Date('2026-10-26T10:30:00Z'),
      new Date('2026-11-02T11:30:00Z'),
      new Date('2026-11-09T11:30:00Z'),
    ]);
  });

  it('validates cron expressions and time zones', () => {
    expect(cronProblem('0 2 * * 1-5')).toBeUndefined();
    expect(cronProblem('0 2 * *')).toContain('five fields');
    expect(cronProblem('0 0 2 * * *')).toContain('five fields');
    expect(cronProblem('0 25 * * *')).toBeDefined();
    expect(isTimeZone('Europe/Istanbul')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Europe/Istambul')).toBe(false);
    expect(isTimeZone('+03:00')).toBe(false);
    // Not in the canonical list, yet zones ICU accepts: an alias, a lower-case name.
    expect(isTimeZone('US/Eastern')).toBe(true);
    expect(isTimeZone('europe/paris')).toBe(true);
  });

  it('advises on a zone written as an alias, in another case, or as a fixed offset', () => {
    // EST is Panama's time: an hour off New York's clock all summer.
    expect(timeZoneAdvice('EST')).toBe(
      '"EST" is an old alias of "America/Panama", GMT-05:00 all year (no summer time): write "America/Panama" if that is the customer\'s zone, else the zone of their city',
    );
    expect(timeZoneAdvice('US/Eastern')).toContain(
      'old alias of "America/New_York": write "America/New_York"',
    );
    expect(timeZoneAdvice('europe/istanbul')).toBe('write it as "Europe/Istanbul"');
    expect(timeZoneAdvice('Etc/GMT-3')).toContain('the fixed offset GMT+03:00 (Etc/GMT signs are reversed)');
    for (const fine of ['Europe/Istanbul', 'America/New_York', 'UTC', 'Etc/UTC', 'GMT'])
      expect(timeZoneAdvice(fine)).toBeUndefined();
  });

  it('says when a schedule falls in the hour the clocks skip or repeat, and only then', () => {
    const from = new Date('2026-01-01T00:00:00Z');
    expect(clockChangeAdvice({ daily: '02:30', timezone: 'Europe/Berlin' }, from)).toBe(
      'its 02:30 on 2026-03-29 does not exist (the clocks of Europe/Berlin jump from 02:00 to 03:00), and that run would be lost; its 02:30 on 2026-10-25 happens twice (the clocks of Europe/Berlin go back from 03:00 to 02:00), and it would run twice',
    );
    // New York's clocks skip 02:00-03:00 in March and repeat 01:00-02:00 in November.
    expect(clockChangeAdvice({ daily: '02:00', timezone: 'America/New_York' }, from)).toContain(
      'its 02:00 on 2026-03-08 does not exist',
    );
    expect(clockChangeAdvice({ daily: '01:30', timezone: 'America/New_York' }, from)).toContain(
      'its 01:30 on 2026-11-01 happens twice',
    );
    // Only the days it fires: the clocks change on a Sunday.
    expect(
      clockChangeAdvice({ weekly: { day: 'monday', at: '02:30' }, timezone: 'Europe/Berlin' }, from),
    ).toBeUndefined();
    for (const fine of [
      { daily: '03:30', timezone: 'Europe/Berlin' },
      { daily: '02:00', timezone: 'Europe/Istanbul' }, // no summer time
      { cron: '30 6 * * 1-5', timezone: 'Europe/Berlin' },
      { cron: '*/5 * * * *', timezone: 'Europe/Berlin' }, // a few runs of many: no matter
    ])
      expect(clockChangeAdvice(fine, from)).toBeUndefined();
  });
});
