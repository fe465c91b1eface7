import { describe, expect, it } from 'vitest';
import {
  cronProblem,
  isTimeZone,
  localWallClock,
  nextRunAfter,
  nextRuns,
  scheduleToCron,
} from '../src/index.ts';
import { timeZoneAdvice } from '../src/schedule.ts';

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

  describe("the scheduler's next run, across clock changes", () => {
    const at = (iso: string) => new Date(iso);
    const berlin = { cron: '30 2 * * *', timezone: 'Europe/Berlin' };

    it('runs a time the spring change skips once, as far past the jump as it was into the gap', () => {
      // 2027-03-28: Berlin's clocks jump from 02:00 to 03:00. 02:30 runs at 03:30 CEST (01:30 UTC).
      const spring = nextRunAfter(berlin, at('2027-03-27T12:00:00Z'));
      expect(spring).toEqual(at('2027-03-28T01:30:00Z'));
      expect(localWallClock(spring, 'Europe/Berlin')).toBe('2027-03-28 03:30');
      expect(nextRunAfter(berlin, spring, spring)).toEqual(at('2027-03-29T00:30:00Z'));
      // New York's 02:00 on its spring night is 03:00 EDT.
      expect(
        nextRunAfter({ cron: '0 2 * * *', timezone: 'America/New_York' }, at('2027-03-13T12:00:00Z')),
      ).toEqual(at('2027-03-14T07:00:00Z'));
      // Santiago's clocks skip midnight: a midnight schedule runs at 01:00.
      expect(
        localWallClock(
          nextRunAfter({ cron: '0 0 * * *', timezone: 'America/Santiago' }, at('2026-09-05T12:00:00Z')),
          'America/Santiago',
        ),
      ).toBe('2026-09-06 01:00');
    });

    it('runs a time the autumn change repeats once, even when its slot is taken late', () => {
      // 2027-10-31: Berlin's clocks go back from 03:00 to 02:00; 02:30 happens at 00:30 and 01:30 UTC.
      const first = nextRunAfter(berlin, at('2027-10-30T12:00:00Z'));
      expect(first).toEqual(at('2027-10-31T00:30:00Z'));
      expect(nextRunAfter(berlin, first, first)).toEqual(at('2027-11-01T01:30:00Z'));
      // A replica that takes the first 02:30 at 02:10 of the repeated hour (01:10 UTC).
      expect(nextRunAfter(berlin, at('2027-10-31T01:10:00Z'), first)).toEqual(at('2027-11-01T01:30:00Z'));
      // Each local time is its first instant: a schedule set up in the repeated hour, after the
      // first 02:30, runs the next night.
      expect(nextRunAfter(berlin, at('2027-10-31T01:10:00Z'))).toEqual(at('2027-11-01T01:30:00Z'));
      // Havana's clocks go back from 01:00 to 00:00: midnight runs at the first one (CDT, UTC-4).
      const havana = { cron: '0 0 * * *', timezone: 'America/Havana' };
      expect(nextRunAfter(havana, at('2026-10-31T12:00:00Z'))).toEqual(at('2026-11-01T04:00:00Z'));
      expect(nextRunAfter(havana, at('2026-11-01T04:00:00Z'), at('2026-11-01T04:00:00Z'))).toEqual(
        at('2026-11-02T05:00:00Z'),
      );
      // An hourly schedule runs each local hour once: 02:00 CEST, then 03:00 CET.
      const hourly = { cron: '0 * * * *', timezone: 'Europe/Berlin' };
      expect(nextRunAfter(hourly, at('2027-10-31T00:00:00Z'), at('2027-10-31T00:00:00Z'))).toEqual(
        at('2027-10-31T02:00:00Z'),
      );
      // Twice in the repeated hour: 02:15 and 02:45 CEST run; their CET repeats do not.
      const twice = { cron: '15,45 2 * * *', timezone: 'Europe/Berlin' };
      expect(nextRunAfter(twice, at('2027-10-31T00:45:00Z'), at('2027-10-31T00:45:00Z'))).toEqual(
        at('2027-11-01T01:15:00Z'),
      );
    });

    it('keeps to half-hour and quarter-hour clock changes (Lord Howe, Chatham)', () => {
      const lordHowe = (cron: string) => ({ cron, timezone: 'Australia/Lord_Howe' });
      const local = (instant: Date) => localWallClock(instant, 'Australia/Lord_Howe');
      // 2026-10-04: the clocks go from 02:00 to 02:30 (UTC+10:30 to +11). 02:15 runs at 02:45.
      expect(local(nextRunAfter(lordHowe('15 2 * * *'), at('2026-10-03T12:00:00Z')))).toBe(
        '2026-10-04 02:45',
      );
      // Every 15 minutes: the skipped 02:00 runs at 02:30, then 02:45; no local time twice.
      expect(
        nextRuns(
          { cron: '*/15 * * * *', timezone: 'Australia/Lord_Howe' },
          at('2026-10-03T15:10:00Z'),
          4,
        ).map(local),
      ).toEqual(['2026-10-04 01:45', '2026-10-04 02:30', '2026-10-04 02:45', '2026-10-04 03:00']);
      // 2027-04-04: back from 02:00 to 01:30. cron-parser's own zone handling threw "loop limit
      // exceeded" from 02:00 on the 3rd to 01:29 on the 4th, for any daily schedule.
      expect(nextRunAfter(lordHowe('0 9 * * *'), at('2027-04-02T23:00:00Z'))).toEqual(
        at('2027-04-03T22:30:00Z'),
      );
      const first = nextRunAfter(lordHowe('45 1 * * *'), at('2027-04-03T12:00:00Z'));
      expect(first).toEqual(at('2027-04-03T14:45:00Z'));
      expect(nextRunAfter(lordHowe('45 1 * * *'), first, first)).toEqual(at('2027-04-04T15:15:00Z'));
      // Chatham: 2026-09-27 the clocks go from 02:45 to 03:45; 02:45 runs at 03:45.
      expect(
        localWallClock(
          nextRunAfter({ cron: '45 2 * * *', timezone: 'Pacific/Chatham' }, at('2026-09-26T00:00:00Z')),
          'Pacific/Chatham',
        ),
      ).toBe('2026-09-27 03:45');
    });

    it('passes missed occurrences over: the next run is after the time given', () => {
      expect(nextRunAfter(berlin, at('2027-01-10T09:00:00Z'), at('2027-01-05T01:30:00Z'))).toEqual(
        at('2027-01-11T01:30:00Z'),
      );
    });
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
});
