/**
 * When the weekly report is made by itself. A report covers one whole ISO
 * week and is due at the first scheduled moment after that week ended: with
 * Monday 09:00, the report on week 49 is due on the Monday of week 50 at
 * 09:00, the user's local time. A browser that was closed at that moment makes
 * the missed reports when it starts again (the most recent ones, up to how many
 * are kept). Pure: the clock and the time zone are handed in.
 */
import { z } from '../zod';
import { addWeeks, dayOfTime, weekKey, weekStart, type WeekKey } from '../calendar/iso-week';

/** The user's setting: on or off, the weekday (ISO, Monday 1 to Sunday 7) and the hour, in local time. */
export const ReportSchedule = z.object({
  // On by default: the report is made in this browser and stays there, so making it costs no one anything,
  // and a marketer who never opens the tab still finds it waiting. Sending it anywhere is a separate choice.
  enabled: z.boolean().default(true),
  weekday: z.number().int().min(1).max(7).default(1),
  hour: z.number().int().min(0).max(23).default(9),
});
export type ReportSchedule = z.infer<typeof ReportSchedule>;

/** How many weekly reports are kept in IndexedDB (older ones are removed as new ones are made). */
export const KEEP_REPORTS = 12;

/** Minutes east of UTC at a moment (the browser's `-getTimezoneOffset()`; a fixed number in tests). */
export type OffsetAt = (ms: number) => number;

const DAY_MS = 86_400_000;

/** The moment the report on `week` is due. */
export function reportDueAt(week: WeekKey, schedule: ReportSchedule, offsetAt: OffsetAt): number {
  const localWallClock = (weekStart(addWeeks(week, 1)) + schedule.weekday - 1) * DAY_MS + schedule.hour * 3_600_000;
  return localWallClock - offsetAt(localWallClock) * 60_000;
}

/** The latest week whose report is due at `now`. */
export function latestDueWeek(now: number, schedule: ReportSchedule, offsetAt: OffsetAt): WeekKey {
  const localNow = now + offsetAt(now) * 60_000;
  const lastWeek = addWeeks(weekKey(dayOfTime(localNow)), -1);
  return reportDueAt(lastWeek, schedule, offsetAt) <= now ? lastWeek : addWeeks(lastWeek, -1);
}

export interface ReportPlan {
  /** Weeks to make a report on now, oldest first. */
  make: WeekKey[];
  /** When the next report is due (the alarm's time); null when the schedule is off. */
  nextAt: number | null;
}

/**
 * What to do at `now`, given the latest week already reported on: nothing
 * made yet starts with the latest due week only (no backlog of weeks before
 * Earshot made reports); a gap is filled, the most recent `keep` weeks of it.
 */
export function planReports(input: { now: number; lastMade: WeekKey | null; schedule: ReportSchedule; offsetAt: OffsetAt; keep?: number }): ReportPlan {
  const { now, lastMade, schedule, offsetAt } = input;
  if (!schedule.enabled) return { make: [], nextAt: null };
  const keep = input.keep ?? KEEP_REPORTS;
  const due = latestDueWeek(now, schedule, offsetAt);
  const make: WeekKey[] = [];
  // Week keys of the same form sort as text; a clock set back finds lastMade ahead and makes nothing.
  for (let week = due; make.length < keep && (lastMade === null ? make.length === 0 : week > lastMade); week = addWeeks(week, -1)) make.unshift(week);
  return { make, nextAt: reportDueAt(addWeeks(due, 1), schedule, offsetAt) };
}
