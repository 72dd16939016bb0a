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
import { createHandlers } from '../background/handlers';
import { createRouter } from '../background/router';
import { recordWork, runWork, type WorkSteps } from '../background/work';
import { readSettings } from './settings';

const WORK_ALARM = 'earshot-work';

/** Path of the on-demand generic extractor in the built extension. */
export const GENERIC_CAPTURE_FILE = '/content-scripts/generic.js';

export function startBackground(steps: WorkSteps = {}): void {
  const db = openDatabase();
  const now = () => Date.now();

  async function work(): Promise<void> {
    await runWork(db, steps, now);
  }
  const scheduleWork = () => {
    // Run soon, and keep an alarm as a safety net should the worker stop first.
    void browser.alarms.create(WORK_ALARM, { delayInMinutes: 0.5 });
    work().catch((error: unknown) => console.error('Earshot: background work failed', error));
  };

  const handlers = createHandlers({
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
  });

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
  });

  // A worker that starts finds what the last one left: unfinished work, abandoned imports.
  void discardAbandonedImports(db, now()).catch((error: unknown) => console.error('Earshot: cleanup failed', error));
  scheduleWork();
}
