/**
 * The service worker's life: the follow-up work it schedules after a change,
 * what its alarms start, and what it recovers at start-up. The browser's
 * alarms and the pages to tell come in as parameters, so a unit test drives
 * it with a fake clock and fake alarms; lib/ext/background.ts only wires it.
 */
import type { EarshotDatabase } from '../db/database';
import { discardAbandonedImports } from '../db/imports';
import { indexNeedsBuild } from '../db/match-store';
import { peopleNeedRebuild } from '../db/people';
import { ensureRetentionSchedule, runRetention, RETENTION_ALARM, type AlarmSpec, type RetentionDeps } from './retention';
import { runDueReports, WEEKLY_REPORT_ALARM, type WeeklyReportDeps } from './weekly-report';
import { recordWork, runWork, type DataChange, type WorkSteps } from './work';

export const WORK_ALARM = 'earshot-work';
/** The safety-net alarm: the work runs again should the worker stop before it is done. */
const WORK_ALARM_DELAY_MINUTES = 0.5;

/** The part of browser.alarms the worker uses: one alarm for the work, retention's and the weekly report's. */
export interface WorkerAlarms {
  get(name: string): Promise<unknown>;
  create(name: string, info: Partial<AlarmSpec> & { when?: number }): Promise<void> | void;
  clear(name: string): Promise<unknown>;
}

export interface WorkerLifeDeps {
  db: EarshotDatabase;
  now(): number;
  alarms: WorkerAlarms;
  /** The steps of the recorded work (lib/background/pipeline.ts). */
  steps: WorkSteps;
  /** Matches and values may have changed: pages showing badges ask again. */
  tellBadgePages(): Promise<void>;
  retention: Omit<RetentionDeps, 'db' | 'now'>;
  reports: Omit<WeeklyReportDeps, 'db' | 'now' | 'alarms'>;
}

export interface WorkerLife {
  /** Data changed: record the work that follows (it survives a stopped worker), then run it. */
  dataChanged(change: DataChange): Promise<void>;
  /** Run the recorded work: one run at a time, a request during a run starts one more after it. */
  scheduleWork(): void;
  /** An alarm fired. */
  alarmFired(name: string): void;
  /** The settings changed: pages showing badges ask again, and the weekly report's alarm moves (or goes). */
  settingsChanged(): void;
  /** A worker that starts finds what the last one left: unfinished work, abandoned imports, missed runs. */
  start(): Promise<void>;
  /** Resolves when nothing the worker started is still running (tests wait for it). */
  idle(): Promise<void>;
}

export function createWorkerLife(deps: WorkerLifeDeps): WorkerLife {
  const { db, now, alarms } = deps;
  const retention: RetentionDeps = { ...deps.retention, db, now };
  const reports: WeeklyReportDeps = { ...deps.reports, db, now, alarms };

  // (The work itself is in IndexedDB: a stopped worker loses only these flags.)
  let running: Promise<void> | null = null;
  let again = false;
  // Jobs started without waiting for them (an alarm, a start): each logs its own failure.
  const started = new Set<Promise<void>>();
  const inBackground = (job: Promise<unknown>, failed: string): void => {
    const logged = job.then(
      () => undefined,
      (error: unknown) => console.error(`Earshot: ${failed}`, error),
    );
    started.add(logged);
    void logged.finally(() => started.delete(logged));
  };

  const work = async (): Promise<void> => {
    do {
      again = false;
      await runWork(db, deps.steps, now);
      await deps.tellBadgePages().catch((error: unknown) => console.error('Earshot: telling pages about new badges failed', error));
    } while (again);
  };

  const scheduleWork = (): void => {
    void alarms.create(WORK_ALARM, { delayInMinutes: WORK_ALARM_DELAY_MINUTES });
    if (running) {
      again = true;
      return;
    }
    running = work()
      .catch((error: unknown) => console.error('Earshot: background work failed', error))
      .finally(() => {
        running = null;
      });
  };

  // Retention and the report record a full disk themselves (lib/background/retention.ts); here it is only logged.
  const reportsDue = (options: { make?: boolean } = {}) => inBackground(runDueReports(reports, options), 'the weekly report failed');

  /** After an upgrade (or a restore) the matcher's index, the values and the directory are built from the data. */
  const recoverWork = async (): Promise<void> => {
    if (await indexNeedsBuild(db)) await recordWork(db, { customers: true }, now());
    else if ((await db.values.count()) === 0 && (await db.customers.count()) > 0) await recordWork(db, { orders: true }, now());
    if (await peopleNeedRebuild(db)) await recordWork(db, { people: true }, now());
  };

  return {
    async dataChanged(change) {
      await recordWork(db, change, now());
      scheduleWork();
    },

    scheduleWork,

    alarmFired(name) {
      if (name === WORK_ALARM) scheduleWork();
      if (name === RETENTION_ALARM) inBackground(runRetention(retention), 'retention failed');
      if (name === WEEKLY_REPORT_ALARM) reportsDue();
    },

    settingsChanged() {
      inBackground(deps.tellBadgePages(), 'telling pages about new badges failed');
      // A report is made by its alarm or at a start, not because some other setting was written.
      reportsDue({ make: false });
    },

    async start() {
      inBackground(discardAbandonedImports(db, now()), 'cleanup failed');
      inBackground(ensureRetentionSchedule(retention, alarms), 'retention failed');
      try {
        await recoverWork();
        scheduleWork();
        // Reports missed while the browser was closed are made once the directory and values are current,
        // and the alarm is set again (a browser may have dropped it).
        await running;
        reportsDue();
      } catch (error) {
        console.error('Earshot: start-up failed', error);
      }
    },

    async idle() {
      while (running || started.size > 0) await Promise.all([running, ...started]);
    },
  };
}
