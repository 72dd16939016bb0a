import { describe, expect, it } from 'vitest';
import {
  addMonths,
  addWeeks,
  dayNumber,
  isoWeekday,
  mondayOf,
  monthKey,
  parseWeek,
  weekKey,
  weeksBetween,
  weeksInYear,
  weekStart,
} from '../../../lib/calendar/iso-week';

const day = (text: string) => dayNumber(text)!;

describe('ISO weeks across year ends', () => {
  it.each([
    // Days of one year that are in the other year's week, and their neighbours.
    ['2020-12-31', '2020-W53'],
    ['2021-01-03', '2020-W53'],
    ['2021-01-04', '2021-W01'],
    ['2024-12-29', '2024-W52'],
    ['2024-12-30', '2025-W01'],
    ['2025-01-01', '2025-W01'],
    ['2026-12-31', '2026-W53'],
    ['2027-01-03', '2026-W53'],
    ['2027-01-04', '2027-W01'],
    ['2008-12-29', '2009-W01'],
    ['2010-01-03', '2009-W53'],
    ['2026-11-30', '2026-W49'],
    ['2026-12-06', '2026-W49'],
    ['2026-12-07', '2026-W50'],
  ])('%s is in %s', (date, week) => {
    expect(weekKey(day(date))).toBe(week);
  });

  it('knows which years have 53 weeks (1 January a Thursday, or a Wednesday in a leap year)', () => {
    expect([2015, 2020, 2026, 2032].map(weeksInYear)).toEqual([53, 53, 53, 53]);
    expect([2019, 2021, 2024, 2025, 2027].map(weeksInYear)).toEqual([52, 52, 52, 52, 52]);
  });

  it('reads a week as its Monday and refuses weeks a year does not have', () => {
    expect(parseWeek('2026-W49')).toEqual({ monday: day('2026-11-30') });
    expect(parseWeek('2026-W53')).toEqual({ monday: day('2026-12-28') });
    expect(parseWeek('2025-W01')).toEqual({ monday: day('2024-12-30') });
    expect(parseWeek('2020-W53')).toEqual({ monday: day('2020-12-28') });
    expect(parseWeek('2025-W53')).toEqual({ problem: '"2025-W53": 2025 has weeks 01 to 52' });
    expect(parseWeek('2026-W00')).toMatchObject({ problem: expect.stringContaining('weeks 01 to 53') });
    expect(parseWeek('2026-49')).toEqual({ problem: '"2026-49" is not an ISO week such as 2026-W49' });
    expect(parseWeek('2026-W4')).toMatchObject({ problem: expect.stringContaining('not an ISO week') });
  });

  it('moves across a 53-week year and back', () => {
    expect(addWeeks('2026-W52', 1)).toBe('2026-W53');
    expect(addWeeks('2026-W53', 1)).toBe('2027-W01');
    expect(addWeeks('2025-W01', -1)).toBe('2024-W52');
    expect(addWeeks('2021-W01', -1)).toBe('2020-W53');
    expect(weeksBetween('2026-W52', '2027-W02')).toEqual(['2026-W52', '2026-W53', '2027-W01', '2027-W02']);
  });

  it('agrees with itself on every day from 1999 to 2032: Monday to Sunday, one week after another', () => {
    const wrong: string[] = [];
    let previous = weekKey(day('1998-12-28'));
    for (let d = day('1999-01-01'); d <= day('2032-12-31'); d++) {
      const key = weekKey(d);
      const monday = weekStart(key);
      const startsAWeek = isoWeekday(d) === 1;
      const ok =
        monday === mondayOf(d) &&
        isoWeekday(monday) === 1 &&
        (startsAWeek ? key !== previous && addWeeks(previous, 1) === key : key === previous) &&
        // A week belongs to the year of its Thursday.
        key.slice(0, 4) === String(new Date((monday + 3) * 86_400_000).getUTCFullYear());
      if (!ok) wrong.push(`${new Date(d * 86_400_000).toISOString().slice(0, 10)} -> ${key}`);
      previous = key;
    }
    expect(wrong).toEqual([]);
  });

  it('counts months too', () => {
    expect(monthKey(day('2026-12-31'))).toBe('2026-12');
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2027-01', -2)).toBe('2026-11');
  });
});
