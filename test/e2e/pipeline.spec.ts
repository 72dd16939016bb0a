import type { Page } from '@playwright/test';
import { expect, sendFromPage, test } from './fixtures';

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
    };
    db.close();
    return result;
  });
}

test('the sample goes through the whole pipeline in Chromium: captures, index, matches, values', async ({ openExtensionPage }) => {
  const page = await openExtensionPage('sidepanel.html');
  const reply = await sendFromPage(page, { type: 'sample/load' });
  expect(reply).toMatchObject({ ok: true, data: { customers: 3000 } });
  const profiles = Number(reply.data?.profiles);
  expect(profiles).toBeGreaterThan(950);
  // Matching and values run in the service worker after the load; wait for them.
  await expect.poll(async () => (await counts(page)).values, { timeout: 60_000 }).toBeGreaterThan(3000);
  const c = await counts(page);
  expect(c.customers).toBe(3000);
  expect(c.profiles).toBe(profiles);
  expect(c.contributions).toBeGreaterThan(500);
  expect(c.auto).toBeGreaterThan(30);
  expect(c.review).toBeGreaterThan(100);
});
