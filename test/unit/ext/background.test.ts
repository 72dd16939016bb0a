/**
 * The service worker's wiring (lib/ext/background.ts) against WXT's fake
 * browser: the retention alarm exists after start, a missed run is made up at
 * start, the alarm runs retention, and a capture the browser had no room for
 * is recorded for the interface.
 */
import { fakeBrowser } from 'wxt/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type EarshotDatabase } from '../../../lib/db/database';
import { deleteDatabase } from '../fresh-db';
import { storeCapture } from '../../../lib/db/captures';
import { storageProblem } from '../../../lib/db/storage';
import { RETENTION_ALARM, RETENTION_EVERY_MINUTES, RETENTION_LAST_RUN } from '../../../lib/background/retention';
import { startBackground } from '../../../lib/ext/background';
import type { CapturedPage } from '../../../lib/model';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.parse('2025-06-01T12:00:00Z');

const seen = (key: string, n: number): CapturedPage => ({
  url: `https://www.instagram.com/p/${n}/`,
  site: 'instagram',
  kind: 'post',
  profiles: [{ platform: 'instagram', key, displayName: key }],
  contributions: [],
});

let db: EarshotDatabase;
beforeEach(async () => {
  fakeBrowser.reset();
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
  // The worker logs what fails (the injected quota) and Dexie warns when the test deletes its database.
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  // The worker's own database (the extension's origin): the same name the worker opens, so not a fresh one.
  db = openDatabase();
  await db.open();
  // First captured two months ago but seen yesterday: kept. Last seen 40 days ago: due.
  await storeCapture(db, seen('regular', 1), { now: NOW - 60 * DAY, ownBrands: [] });
  await storeCapture(db, seen('regular', 2), { now: NOW - DAY, ownBrands: [] });
  await storeCapture(db, seen('gone', 3), { now: NOW - 40 * DAY, ownBrands: [] });
  // The last run was before the browser was closed for a night.
  await db.meta.put({ key: RETENTION_LAST_RUN, value: NOW - 9 * HOUR, updatedAt: 0 });
});
afterEach(async () => {
  fakeBrowser.reset();
  vi.useRealTimers();
  vi.restoreAllMocks();
  await deleteDatabase(db);
});

describe('the service worker\'s retention alarm', () => {
  it('is created at start, makes up the missed run, and runs retention when it fires', async () => {
    startBackground();
    await vi.waitFor(async () => {
      expect(await fakeBrowser.alarms.get(RETENTION_ALARM)).toMatchObject({ periodInMinutes: RETENTION_EVERY_MINUTES });
      // (waitFor moves the fake clock on a little while it polls.)
      expect((await db.meta.get(RETENTION_LAST_RUN))?.value).toBeGreaterThanOrEqual(NOW);
    });
    expect(await db.profiles.toCollection().primaryKeys()).toEqual(['instagram:regular']);

    await storeCapture(db, seen('later', 4), { now: NOW - 31 * DAY, ownBrands: [] });
    vi.setSystemTime(NOW + 6 * HOUR);
    await fakeBrowser.alarms.onAlarm.trigger({ name: RETENTION_ALARM, scheduledTime: Date.now(), periodInMinutes: RETENTION_EVERY_MINUTES });
    await vi.waitFor(async () => expect(await db.profiles.get('instagram:later')).toBeUndefined());
    // Retention records its run after its deletions, in a write of its own: wait for that too.
    await vi.waitFor(async () => expect((await db.meta.get(RETENTION_LAST_RUN))?.value).toBeGreaterThanOrEqual(NOW + 6 * HOUR));
  });

  it('records a capture the browser had no room for, where the interface reads it', async () => {
    const put = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (this.name === 'contributions') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    });
    startBackground();
    // Only the fields the worker reads (a real sender's tab has many more).
    type Sender = Parameters<typeof fakeBrowser.runtime.onMessage.trigger>[1];
    const sender = { id: fakeBrowser.runtime.id, url: 'https://www.instagram.com/p/9/', tab: { id: 3 } } as unknown as Sender;
    const page: CapturedPage = { ...seen('new', 9), contributions: [{ profileKey: 'new', type: 'comment', text: 'hi' }] };
    // A content script's report: the answer says 'quota', which the page cannot show...
    const [reply] = await fakeBrowser.runtime.onMessage.trigger({ type: 'capture/report', page }, sender);
    expect(reply).toMatchObject({ ok: false, error: { code: 'quota' } });
    // ...so the worker records it for the popup and the workspace.
    await vi.waitFor(async () => expect(await storageProblem(db)).toMatchObject({ code: 'quota', where: 'capture' }));
  });
});
