/** The weekly reports made by schedule, as the workspace opens them. */
import type { EarshotDatabase } from '../db/database';
import { storedReport } from '../db/reports';
import type { WeeklyReport } from '../report/weekly';

/** A stored report, or null when there is none for the week (or it is not of a form this version reads). */
export async function openStoredReport(db: EarshotDatabase, week: string): Promise<WeeklyReport | null> {
  const row = await storedReport(db, week);
  // The stored record's shape was checked where it was read; the fields inside its lists are what buildWeeklyReport wrote.
  return row ? (row.report as unknown as WeeklyReport) : null;
}
