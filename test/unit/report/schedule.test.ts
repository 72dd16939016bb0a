import { describe, expect, it } from 'vitest';
import { latestDueWeek, planReports, reportDueAt, ReportSchedule } from '../../../lib/report/schedule';

const MONDAY_9 = ReportSchedule.parse({});
const CET = () => 60;
const UTC = () => 0;
/** A moment given as UTC wall-clock time. */
const at = (iso: string) => Date.parse(`${iso}Z`);

describe('when the weekly report is due', () => {
  it('is due at the chosen weekday and hour after the week ended, in local time', () => {
    // 2026-W49 runs from Monday 30 November to Sunday 6 December; Monday 7 December 09:00 in Amsterdam is 08:00 UTC.
    expect(reportDueAt('2026-W49', MONDAY_9, CET)).toBe(at('2026-12-07T08:00:00'));
    expect(reportDueAt('2026-W49', { enabled: true, weekday: 5, hour: 16 }, UTC)).toBe(at('2026-12-11T16:00:00'));
    expect(latestDueWeek(at('2026-12-07T07:59:59'), MONDAY_9, CET)).toBe('2026-W48');
    expect(latestDueWeek(at('2026-12-07T08:00:00'), MONDAY_9, CET)).toBe('2026-W49');
    // Sunday evening in Amsterdam is already Monday in Tokyo: the local day decides.
    expect(latestDueWeek(at('2026-12-07T00:30:00'), { enabled: true, weekday: 1, hour: 9 }, () => 9 * 60)).toBe('2026-W49');
    expect(latestDueWeek(at('2026-12-07T00:30:00'), MONDAY_9, () => -5 * 60)).toBe('2026-W48');
  });

  it('makes the latest due week only the first time, and sets the alarm for the next one', () => {
    const plan = planReports({ now: at('2026-12-09T12:00:00'), lastMade: null, schedule: MONDAY_9, offsetAt: CET });
    expect(plan).toEqual({ make: ['2026-W49'], nextAt: at('2026-12-14T08:00:00') });
  });

  it('makes nothing when this week\'s report was made, and waits for the next', () => {
    const plan = planReports({ now: at('2026-12-09T12:00:00'), lastMade: '2026-W49', schedule: MONDAY_9, offsetAt: CET });
    expect(plan).toEqual({ make: [], nextAt: at('2026-12-14T08:00:00') });
  });

  it('catches up after the browser was closed, across the year end (2026 has 53 weeks)', () => {
    const plan = planReports({ now: at('2027-01-12T10:00:00'), lastMade: '2026-W51', schedule: MONDAY_9, offsetAt: CET });
    expect(plan.make).toEqual(['2026-W52', '2026-W53', '2027-W01']);
    expect(plan.nextAt).toBe(at('2027-01-18T08:00:00'));
  });

  it('catches up at most as many weeks as are kept, the most recent ones', () => {
    const plan = planReports({ now: at('2027-01-12T10:00:00'), lastMade: '2026-W30', schedule: MONDAY_9, offsetAt: UTC, keep: 2 });
    expect(plan.make).toEqual(['2026-W53', '2027-W01']);
  });

  it('makes nothing after the clock was set back, and nothing at all when switched off', () => {
    expect(planReports({ now: at('2026-12-09T12:00:00'), lastMade: '2027-W05', schedule: MONDAY_9, offsetAt: CET }).make).toEqual([]);
    expect(planReports({ now: at('2026-12-09T12:00:00'), lastMade: null, schedule: { ...MONDAY_9, enabled: false }, offsetAt: CET })).toEqual({ make: [], nextAt: null });
  });

  it('refuses a schedule that names no weekday or hour', () => {
    expect(ReportSchedule.safeParse({ enabled: true, weekday: 0, hour: 9 }).success).toBe(false);
    expect(ReportSchedule.safeParse({ enabled: true, weekday: 1, hour: 24 }).success).toBe(false);
  });
});
