/**
 * The service worker's wiring to the browser: message listener, alarms and
 * on-demand capture. The logic lives in lib/background; this file only
 * connects it to extension APIs.
 */
import { browser } from 'wxt/browser';
import { CapturedPage } from '../model';
import { describeIssues } from '../zod';
import { openDatabase } from '../db/database';
import { discardAbandonedImports } from '../db/imports';
import { recordStorageProblem } from '../db/storage';
import { createHandlers } from '../background/handlers';
import { createRouter } from '../background/router';
import { createSyncHandlers } from '../background/sync';
import { createPipeline } from '../background/pipeline';
import { crmFieldsOf } from '../db/personas';
import { indexNeedsBuild } from '../db/match-store';
import { peopleNeedRebuild } from '../db/people';
import { recordWork, runWork, type DataChange } from '../background/work';
import { ensureRetentionSchedule, runRetention, RETENTION_ALARM, type RetentionDeps } from '../background/retention';
import { runDueReports, WEEKLY_REPORT_ALARM, type WeeklyReportDeps } from '../background/weekly-report';
import { readSettings, writeSettings } from './settings';
import { connectorDeps, crmPermissions, startOutbox } from './sync';
import { notifyBadgeTabs, rememberBadgeTab } from './badge-tabs';
import { chosenLanguage, textIn } from './i18n';
import type { Text } from '../ui/text';
import { teamAuthorOf } from '../db/team';
import { createTeamCycle } from '../background/team-cycle';

const WORK_ALARM = 'earshot-work';

/** Path of the on-demand generic extractor in the built extension. */
export const GENERIC_CAPTURE_FILE = '/content-scripts/generic.js';
/** Path of the generic extractor a module's content script falls back on (lib/capture/fallback-slot.ts). */
export const GENERIC_FALLBACK_FILE = '/content-scripts/generic-fallback.js';

export function startBackground(): void {
  const db = openDatabase();
  const now = () => Date.now();

  // The CRM outbox resumes at worker start; the sync handlers and the pipeline share it.
  const teamDeps = {
    db,
    now,
    connectorDeps: connectorDeps(),
    teamAuthor: async () => teamAuthorOf(db, (await readSettings()).teamAuthor, () => crypto.randomUUID()),
    async dataChanged(change: DataChange) {
      await recordWork(db, change, now());
      scheduleWork();
    },
  };
  const outbox = startOutbox(db, { valuesOf: (customerId) => crmFieldsOf(db, customerId), teamCycle: createTeamCycle(teamDeps) });
  const steps = createPipeline({ db, now, settings: readSettings, syncQueued: () => outbox.wake() });

  // One run at a time; a request during a run starts one more run after it.
  // (The work itself is in IndexedDB: a stopped worker loses only this flag.)
  let running: Promise<void> | null = null;
  let again = false;
  const work = async (): Promise<void> => {
    do {
      again = false;
      await runWork(db, steps, now);
      // Matches and values may have changed: pages showing badges ask again.
      await notifyBadgeTabs().catch((error: unknown) => console.error('Earshot: telling pages about new badges failed', error));
    } while (again);
  };
  const scheduleWork = () => {
    // Keep an alarm as a safety net should the worker stop before the work is done.
    void browser.alarms.create(WORK_ALARM, { delayInMinutes: 0.5 });
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

  let text: Text | undefined;
  const core = createHandlers({
    db,
    now,
    newId: () => crypto.randomUUID(),
    settings: readSettings,
    async captureTab(tabId) {
      const [result] = await browser.scripting.executeScript({ target: { tabId }, files: [GENERIC_CAPTURE_FILE] });
      if (!result?.result) return null;
      // What comes back from a page is untrusted: check it as any message.
      const parsed = CapturedPage.safeParse(result.result);
      if (!parsed.success) throw new Error(`the page gave an unexpected capture: ${describeIssues(parsed.error)}`);
      return parsed.data;
    },
    async injectFallback(tabId, frameId) {
      await browser.scripting.executeScript({ target: { tabId, frameIds: [frameId] }, files: [GENERIC_FALLBACK_FILE] });
    },
    async dataChanged(change) {
      await recordWork(db, change, now());
      scheduleWork();
    },
    syncQueued: () => outbox.wake(),
    text: async () => {
      const language = await chosenLanguage();
      if (text?.language !== language) text = await textIn(language);
      return text;
    },
    showsBadges: rememberBadgeTab,
    async adoptOwnBrands(brands) {
      const settings = await readSettings();
      if (settings.value.ownBrands.length === 0) await writeSettings({ ...settings, value: { ...settings.value, ownBrands: [...brands] } });
    },
  });
  const handlers = {
    ...core,
    ...createSyncHandlers({ ...teamDeps, outbox, permissions: crmPermissions }),
  };

  // Retention (lib/background/retention.ts) records a full disk itself; here it is only logged.
  const retention: RetentionDeps = { db, now, retentionDays: async () => (await readSettings()).retentionDays };
  const retentionFailed = (error: unknown) => console.error('Earshot: retention failed', error);

  // The weekly report by schedule: in the user's time zone, as the browser knows it at that moment.
  const reports: WeeklyReportDeps = { db, now, settings: readSettings, offsetAt: (ms) => -new Date(ms).getTimezoneOffset(), alarms: browser.alarms };
  const reportsDue = (options: { make?: boolean } = {}) => void runDueReports(reports, options).catch((error: unknown) => console.error('Earshot: the weekly report failed', error));

  const route = createRouter(
    handlers,
    { id: browser.runtime.id, origin: browser.runtime.getURL('/') },
    (error, type) => {
      console.error(`Earshot: ${type} failed`, error);
      // A capture the browser had no room for is answered with code 'quota' to a content script
      // that cannot show it: record it where the interface looks.
      void recordStorageProblem(db, type.startsWith('capture/') ? 'capture' : 'message', error, now());
    },
  );

  browser.runtime.onMessage.addListener((message, sender) =>
    route(message, { id: sender.id, url: sender.url, tabId: sender.tab?.id, frameId: sender.frameId }),
  );

  // Badges switched on or off, another language: pages showing badges ask again.
  // Another schedule for the weekly report: its alarm moves (or goes) at once.
  browser.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local' || !('settings' in changes)) return;
    void notifyBadgeTabs().catch(() => undefined);
    reportsDue({ make: false });
  });

  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === WORK_ALARM) scheduleWork();
    if (alarm.name === RETENTION_ALARM) runRetention(retention).catch(retentionFailed);
    if (alarm.name === WEEKLY_REPORT_ALARM) reportsDue();
  });

  // A worker that starts finds what the last one left: unfinished work, abandoned imports.
  void discardAbandonedImports(db, now()).catch((error: unknown) => console.error('Earshot: cleanup failed', error));
  void ensureRetentionSchedule(retention, browser.alarms).catch(retentionFailed);
  // After an upgrade (or a restore) the matcher's index and the values are built from the data.
  void (async () => {
    if (await indexNeedsBuild(db)) await recordWork(db, { customers: true }, now());
    else if ((await db.values.count()) === 0 && (await db.customers.count()) > 0) await recordWork(db, { orders: true }, now());
    if (await peopleNeedRebuild(db)) await recordWork(db, { people: true }, now());
    scheduleWork();
    // Reports missed while the browser was closed are made once the directory and values are current,
    // and the alarm is set again (a browser may have dropped it).
    await running;
    reportsDue();
  })().catch((error: unknown) => console.error('Earshot: start-up failed', error));
}
