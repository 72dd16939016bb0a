/**
 * The service worker's wiring to the browser: message listener, alarms and
 * on-demand capture. The logic lives in lib/background; this file only
 * connects it to extension APIs.
 */
import { browser } from 'wxt/browser';
import { CapturedPage } from '../model';
import { describeIssues } from '../messages';
import { openDatabase } from '../db/database';
import { discardAbandonedImports } from '../db/imports';
import { expireUnmatched } from '../db/privacy';
import { createHandlers } from '../background/handlers';
import { createRouter } from '../background/router';
import { createSyncHandlers, eraseInCrm } from '../background/sync';
import { createPipeline } from '../background/pipeline';
import { crmValuesOf } from '../db/values';
import { indexNeedsBuild } from '../db/match-index';
import { recordWork, runWork } from '../background/work';
import { readSettings, writeSettings } from './settings';
import { connectorDeps, crmPermissions, startOutbox } from './sync';

const WORK_ALARM = 'earshot-work';
const RETENTION_ALARM = 'earshot-retention';
const RETENTION_EVERY_MINUTES = 6 * 60;
const RETENTION_LAST_RUN = 'retention-last-run';

/** Path of the on-demand generic extractor in the built extension. */
export const GENERIC_CAPTURE_FILE = '/content-scripts/generic.js';

export function startBackground(): void {
  const db = openDatabase();
  const now = () => Date.now();

  // The CRM outbox resumes at worker start; the sync handlers and the pipeline share it.
  const outbox = startOutbox(db, { valuesOf: (customerId) => crmValuesOf(db, customerId) });
  const steps = createPipeline({ db, now, settings: readSettings, syncQueued: () => outbox.wake() });

  // One run at a time; a request during a run starts one more run after it.
  // (The work itself is in IndexedDB: a stopped worker loses only this flag.)
  let running: Promise<void> | null = null;
  let again = false;
  const work = async (): Promise<void> => {
    do {
      again = false;
      await runWork(db, steps, now);
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
    async dataChanged(change) {
      await recordWork(db, change, now());
      scheduleWork();
    },
    eraseInCrm: eraseInCrm(db, now, outbox),
    syncQueued: () => outbox.wake(),
    async adoptOwnBrands(brands) {
      const settings = await readSettings();
      if (settings.value.ownBrands.length === 0) await writeSettings({ ...settings, value: { ...settings.value, ownBrands: [...brands] } });
    },
  });
  const handlers = {
    ...core,
    ...createSyncHandlers({
      db,
      now,
      outbox,
      connectorDeps: connectorDeps(),
      permissions: crmPermissions,
      async dataChanged(change) {
        await recordWork(db, change, now());
        scheduleWork();
      },
    }),
  };

  async function retention(): Promise<void> {
    const settings = await readSettings();
    await expireUnmatched(db, now(), settings.retentionDays);
    await db.meta.put({ key: RETENTION_LAST_RUN, value: now(), updatedAt: now() });
  }
  async function ensureRetentionSchedule(): Promise<void> {
    // Browsers may drop alarms on restart: make sure it exists, and catch up on a missed run.
    if (!(await browser.alarms.get(RETENTION_ALARM))) {
      await browser.alarms.create(RETENTION_ALARM, { delayInMinutes: 1, periodInMinutes: RETENTION_EVERY_MINUTES });
    }
    const last = (await db.meta.get(RETENTION_LAST_RUN))?.value;
    if (typeof last !== 'number' || now() - last > RETENTION_EVERY_MINUTES * 60_000) await retention();
  }

  const route = createRouter(
    handlers,
    { id: browser.runtime.id, origin: browser.runtime.getURL('/') },
    (error, type) => console.error(`Earshot: ${type} failed`, error),
  );

  browser.runtime.onMessage.addListener((message, sender) =>
    route(message, { id: sender.id, url: sender.url, tabId: sender.tab?.id }),
  );

  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === WORK_ALARM) scheduleWork();
    if (alarm.name === RETENTION_ALARM) retention().catch((error: unknown) => console.error('Earshot: retention failed', error));
  });

  // A worker that starts finds what the last one left: unfinished work, abandoned imports.
  void discardAbandonedImports(db, now()).catch((error: unknown) => console.error('Earshot: cleanup failed', error));
  void ensureRetentionSchedule().catch((error: unknown) => console.error('Earshot: retention failed', error));
  // After an upgrade (or a restore) the matcher's index and the values are built from the data.
  void (async () => {
    if (await indexNeedsBuild(db)) await recordWork(db, { customers: true }, now());
    else if ((await db.values.count()) === 0 && (await db.customers.count()) > 0) await recordWork(db, { orders: true }, now());
    scheduleWork();
  })().catch((error: unknown) => console.error('Earshot: start-up failed', error));
}
