import type { Page } from '@playwright/test';
import { expect, sampleTest } from './fixtures';

/** Counts straight from the extension's IndexedDB, read in one of its pages. */
async function counts(page: Page) {
  return page.evaluate(async () => {
    const open = indexedDB.open('earshot');
    const db: IDBDatabase = await new Promise((resolve, reject) => {
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const count = (store: string, index?: string, key?: string) =>
      new Promise<number>((resolve) => {
        const s = db.transaction(store).objectStore(store);
        const r = index ? s.index(index).count(key) : s.count();
        r.onsuccess = () => resolve(r.result);
      });
    const result = {
      customers: await count('customers'),
      profiles: await count('profiles'),
      contributions: await count('contributions'),
      auto: await count('matches', 'status', 'auto'),
      review: await count('matches', 'status', 'review'),
      values: await count('values'),
      matches: await count('matches'),
      pendingWork: await new Promise<boolean>((resolve) => {
        const r = db.transaction('meta').objectStore('meta').get('pending-work');
        r.onsuccess = () => resolve(r.result !== undefined);
      }),
    };
    db.close();
    return result;
  });
}

// The sample is loaded once for every test that needs it (the fixture `sampleProfile`); this test reads what that load did.
sampleTest('the sample goes through the whole pipeline in Chromium: captures, index, matches, values', async ({ openExtensionPage, sampleProfile }) => {
  const page = await openExtensionPage('sidepanel.html');
  const reply = sampleProfile.reply;
  expect(reply).toMatchObject({ ok: true, data: { customers: 3000 } });
  const profiles = Number(reply.data?.profiles);
  expect(profiles).toBeGreaterThan(150);
  // Matching and values run in the service worker after the load; wait until all of it is done
  // (a values run can come first, from the worker's start-up check, while matching still runs).
  await expect
    .poll(async () => {
      const c = await counts(page);
      return !c.pendingWork && c.matches === profiles && c.values > 3000;
    }, { timeout: 60_000 })
    .toBe(true);
  const c = await counts(page);
  expect(c.customers).toBe(3000);
  expect(c.profiles).toBe(profiles);
  expect(c.contributions).toBeGreaterThan(150);
  expect(c.auto).toBeGreaterThan(15);
  // A queue a person clears in minutes: tens, not hundreds.
  expect(c.review).toBeGreaterThan(10);
  expect(c.review).toBeLessThan(100);
});
