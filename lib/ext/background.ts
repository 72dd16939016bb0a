/**
 * The service worker's wiring to the browser: message listener, alarms and
 * on-demand capture. The logic (and the worker's life: lib/background/lifecycle.ts)
 * lives in lib/background; this file only connects it to extension APIs.
 */
import { browser } from 'wxt/browser';
import { CapturedPage } from '../model';
import { describeIssues } from '../zod';
import { openDatabase } from '../db/database';
import { recordStorageProblem } from '../db/storage';
import { createHandlers } from '../background/handlers';
import { createWorkerLife } from '../background/lifecycle';
import type { DataChange } from '../background/work';
import { createRouter } from '../background/router';
import { createSyncHandlers } from '../background/sync';
import { createPipeline } from '../background/pipeline';
import { crmFieldsOf } from '../db/personas';
import { readSettings, writeSettings } from './settings';
import { connectorDeps, crmPermissions, startOutbox } from './sync';
import { notifyBadgeTabs, rememberBadgeTab } from './badge-tabs';
import { chosenLanguage, textIn } from './i18n';
import type { Text } from '../ui/text';
import { teamAuthorOf } from '../db/team';
import { createTeamCycle } from '../background/team-cycle';

/** Path of the on-demand generic extractor in the built extension. */
export const GENERIC_CAPTURE_FILE = '/content-scripts/generic.js';
/** Path of the generic extractor a module's content script falls back on (lib/capture/fallback-slot.ts). */
export const GENERIC_FALLBACK_FILE = '/content-scripts/generic-fallback.js';

export function startBackground(): void {
  const db = openDatabase();
  const now = () => Date.now();
  // Defined below, once the pipeline it runs exists; called only after start.
  const dataChanged = (change: DataChange) => life.dataChanged(change);

  // The CRM outbox resumes at worker start; the sync handlers and the pipeline share it.
  const teamDeps = {
    db,
    now,
    connectorDeps: connectorDeps(),
    teamAuthor: async () => teamAuthorOf(db, (await readSettings()).teamAuthor, () => crypto.randomUUID()),
    dataChanged,
  };
  let text: Text | undefined;
  /** The interface's words in the chosen language (loaded again when it changes). */
  const currentText = async () => {
    const language = await chosenLanguage();
    if (text?.language !== language) text = await textIn(language);
    return text;
  };
  const outbox = startOutbox(db, { valuesOf: (customerId) => crmFieldsOf(db, customerId), teamCycle: createTeamCycle(teamDeps), reportText: currentText });
  const life = createWorkerLife({
    db,
    now,
    alarms: browser.alarms,
    steps: createPipeline({ db, now, settings: readSettings, syncQueued: () => outbox.wake() }),
    tellBadgePages: notifyBadgeTabs,
    retention: { retentionDays: async () => (await readSettings()).retentionDays },
    // The weekly report by schedule: in the user's time zone, as the browser knows it at that moment; its
    // deliveries, when the user chose any, go out through the outbox.
    reports: { settings: readSettings, offsetAt: (ms) => -new Date(ms).getTimezoneOffset(), syncQueued: () => outbox.wake() },
  });

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
    dataChanged,
    syncQueued: () => outbox.wake(),
    text: currentText,
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
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && 'settings' in changes) life.settingsChanged();
  });
  browser.alarms.onAlarm.addListener((alarm) => life.alarmFired(alarm.name));
  void life.start();
}
