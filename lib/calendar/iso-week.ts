/**
 * ISO 8601 weeks and calendar months over day numbers (days since
 * 1970-01-01, UTC), the buckets of the channel timeline, the satisfaction
 * series and the weekly report.
 *
 * An ISO week runs Monday to Sunday and belongs to the year of its Thursday,
 * so the days around New Year can fall in the other year's week:
 * 2024-12-30 is in 2025-W01, 2021-01-03 in 2020-W53. Years whose 1 January
 * is a Thursday (or a Wednesday in a leap year) have 53 weeks.
 */
import { dayNumber, dayString } from '../model/order-date';

export { dayNumber, dayString };

/** "2026-W49": year and week, the week zero-padded, as ISO 8601 writes them. */
export type WeekKey = string;
/** "2026-12". */
export type MonthKey = string;

const WEEK = /^(\d{4})-W(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;

/** ISO weekday, Monday 1 to Sunday 7 (1970-01-01, day 0, was a Thursday). */
export function isoWeekday(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** The Monday of the week the day is in. */
export function mondayOf(day: number): number {
  return day - isoWeekday(day) + 1;
}

export interface IsoWeek {
  year: number;
  week: number;
}

/** The ISO year and week of a day: the year of its week's Thursday, and which Thursday of that year it is. */
export function isoWeekOf(day: number): IsoWeek {
  const thursday = mondayOf(day) + 3;
  const year = new Date(thursday * 86_400_000).getUTCFullYear();
  const firstDay = dayNumber(`${year}-01-01`)!;
  return { year, week: Math.floor((thursday - firstDay) / 7) + 1 };
}

export function weekKey(day: number): WeekKey {
  const { year, week } = isoWeekOf(day);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** How many ISO weeks a year has: 53 when its last week's Thursday is still in it (28 December's week). */
export function weeksInYear(year: number): number {
  return isoWeekOf(dayNumber(`${year}-12-28`)!).week;
}

/** The Monday of a week, or why the text names none ("2026-W54", "2026-49"). */
export function parseWeek(text: string): { monday: number } | { problem: string } {
  const m = WEEK.exec(text.trim());
  if (!m) return { problem: `"${text}" is not an ISO week such as 2026-W49` };
  const year = Number(m[1]);
  const week = Number(m[2]);
  if (year < 1970) return { problem: `"${text}" is before 1970` };
  const last = weeksInYear(year);
  if (week < 1 || week > last) return { problem: `"${text}": ${year} has weeks 01 to ${last}` };
  // Week 1 is the week with 4 January in it.
  return { monday: mondayOf(dayNumber(`${year}-01-04`)!) + (week - 1) * 7 };
}

/** The Monday of a week key the code itself made; throws on a bad one (use parseWeek for input). */
export function weekStart(key: WeekKey): number {
  const parsed = parseWeek(key);
  if ('problem' in parsed) throw new RangeError(parsed.problem);
  return parsed.monday;
}

/** The week `n` weeks after (or before, n < 0) a week. */
export function addWeeks(key: WeekKey, n: number): WeekKey {
  return weekKey(weekStart(key) + n * 7);
}

/**
 * The first day of a week and of the week after, as YYYY-MM-DD: ISO dates and
 * date-times sort as text, so `from <= date < until` passes over dates of other
 * weeks without parsing them (the day itself is still read before it counts).
 */
export function weekDateRange(key: WeekKey): { from: string; until: string } {
  const monday = weekStart(key);
  return { from: dayString(monday), until: dayString(monday + 7) };
}

/** The weeks from `first` to `last`, both included, in order. */
export function weeksBetween(first: WeekKey, last: WeekKey): WeekKey[] {
  const out: WeekKey[] = [];
  for (let monday = weekStart(first), end = weekStart(last); monday <= end; monday += 7) out.push(weekKey(monday));
  return out;
}

/** "2026-12" for a day. */
export function monthKey(day: number): MonthKey {
  return dayString(day).slice(0, 7);
}

export function monthStart(key: MonthKey): number {
  const m = MONTH.exec(key);
  const day = m ? dayNumber(`${m[1]}-${m[2]}-01`) : null;
  if (day === null) throw new RangeError(`"${key}" is not a month such as 2026-12`);
  return day;
}

export function addMonths(key: MonthKey, n: number): MonthKey {
  const start = monthStart(key);
  const date = new Date(start * 86_400_000);
  date.setUTCMonth(date.getUTCMonth() + n);
  return date.toISOString().slice(0, 7);
}

/** The day of an ISO date or date-time (its calendar date as written), or null. */
export function dayOfDate(date: string | undefined): number | null {
  return date === undefined ? null : dayNumber(date);
}

/** The UTC day of a moment in milliseconds. */
export function dayOfTime(ms: number): number {
  return Math.floor(ms / 86_400_000);
}

export type Period = 'week' | 'month';

/** The bucket of a day for a period: its ISO week or its month. */
export function periodKey(period: Period, day: number): string {
  return period === 'week' ? weekKey(day) : monthKey(day);
}

/** The bucket `n` periods after `key`. */
export function addPeriods(period: Period, key: string, n: number): string {
  return period === 'week' ? addWeeks(key, n) : addMonths(key, n);
}
