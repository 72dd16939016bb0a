/**
 * The weekly report made by itself: at the scheduled moment (an alarm), and at
 * every worker start, which makes up for reports missed while the browser was
 * closed and sets the alarm again (browsers may drop alarms). The decision is
 * lib/report/schedule.ts; lib/ext/background.ts hands in browser.alarms.
 */
import type { EarshotDatabase } from '../db/database';
import { refreshActions } from '../db/actions';
import { lastReportedWeek, storeReports } from '../db/reports';
import { recordStorageProblem } from '../db/storage';
import { enqueueReportDeliveries } from '../db/report-delivery';
import { KEEP_REPORTS, planReports, type OffsetAt, type ReportPlan } from '../report/schedule';
import type { WeeklyReport } from '../report/weekly';
import type { Settings } from '../settings';
import { weeklyReportOf } from '../views/omni';

export const WEEKLY_REPORT_ALARM = 'earshot-weekly-report';

/** The part of browser.alarms the schedule uses (fakeBrowser's in tests). */
export interface ReportAlarms {
  create(name: string, info: { when: number }): Promise<void> | void;
  clear(name: string): Promise<unknown>;
}

export interface WeeklyReportDeps {
  db: EarshotDatabase;
  now(): number;
  /** Read at each run: the schedule and the report's settings may have changed since the alarm was set. */
  settings(): Promise<Settings>;
  offsetAt: OffsetAt;
  alarms: ReportAlarms;
  /** Deliveries of the reports just made were queued (the user chose where to): the outbox may send them. */
  syncQueued?(): void;
}

/**
 * Make the reports that are due and not made yet, keep them, and set the alarm for the next one. With
 * `make: false` (a settings change) only the alarm moves: a report is made by its alarm or at a start,
 * not because some other setting was written.
 */
export async function runDueReports(deps: WeeklyReportDeps, options: { make?: boolean } = {}): Promise<ReportPlan> {
  const { db } = deps;
  try {
    const settings = await deps.settings();
    // Nothing to report on yet (a new installation): no empty report is announced; the first comes with data.
    const empty = (await db.customers.count()) === 0 && (await db.profiles.count()) === 0;
    const planned = planReports({ now: deps.now(), lastMade: await lastReportedWeek(db), schedule: settings.weeklyReport, offsetAt: deps.offsetAt, keep: KEEP_REPORTS });
    const plan = empty || options.make === false ? { ...planned, make: [] } : planned;
    if (plan.make.length > 0) {
      // The report lists the open actions: make the to-do list current first, as the Report tab does.
      await refreshActions(db, settings.value, deps.now());
      const reports: WeeklyReport[] = [];
      for (const week of plan.make) reports.push(await weeklyReportOf(db, week, settings.value, deps.now()));
      await storeReports(db, reports, deps.now(), KEEP_REPORTS);
      // Sending it anywhere is the user's separate choice (settings.reportDelivery, none by default).
      if ((await enqueueReportDeliveries(db, reports, settings.reportDelivery, deps.now())) > 0) deps.syncQueued?.();
    }
    if (plan.nextAt === null) await deps.alarms.clear(WEEKLY_REPORT_ALARM);
    else await deps.alarms.create(WEEKLY_REPORT_ALARM, { when: plan.nextAt });
    return plan;
  } catch (error) {
    await recordStorageProblem(db, 'report', error, deps.now());
    throw error;
  }
}
