// The service worker can be stopped at any moment (idle, killed, browser
// closed). These tests stop it in the middle of an import and of the work
// after a data load, and check what the next worker finds.
import { countRows as count, expect, sendFromPage, stopServiceWorker, test } from './fixtures';

/** Customers in the import whose work is interrupted. */
const CUSTOMERS = 5000;
const customer = (id: string) => ({ id, firstName: `Klant ${id}`, handles: [], custom: {}, source: 'csv', updatedAt: 1 });

test('an import survives the service worker being stopped half-way, and nothing is half-written', async ({ context, openExtensionPage, extensionId }) => {
  const page = await openExtensionPage('sidepanel.html');
  const begun = await sendFromPage(page, { type: 'import/begin', kind: 'customers', fileName: 'klanten.csv' });
  const importId = String(begun.data?.importId);
  expect((await sendFromPage(page, { type: 'import/rows', importId, rows: [2, 3, 4].map((line) => ({ line, row: customer(`C${line}`) })) })).ok).toBe(true);

  await stopServiceWorker(context, page, extensionId);
  // Staged, not stored: the customers table has none of it.
  expect(await count(page, 'customers')).toBe(0);
  expect(await count(page, 'staging')).toBe(3);

  // The next message starts a new worker, which finds the import where it was.
  expect((await sendFromPage(page, { type: 'import/rows', importId, rows: [5, 6].map((line) => ({ line, row: customer(`C${line}`) })) })).ok).toBe(true);
  const committed = await sendFromPage(page, { type: 'import/commit', importId });
  expect(committed).toMatchObject({ ok: true, data: { customers: 5, errors: [] } });
  expect(await count(page, 'customers')).toBe(5);
  expect(await count(page, 'staging')).toBe(0);
});

test('an import abandoned when the worker stopped is cancelled without a trace', async ({ context, openExtensionPage, extensionId }) => {
  const page = await openExtensionPage('sidepanel.html');
  const importId = String((await sendFromPage(page, { type: 'import/begin', kind: 'customers', fileName: 'x.csv' })).data?.importId);
  await sendFromPage(page, { type: 'import/rows', importId, rows: [{ line: 2, row: customer('C2') }] });
  await stopServiceWorker(context, page, extensionId);
  expect(await sendFromPage(page, { type: 'import/cancel', importId })).toMatchObject({ ok: true });
  expect(await count(page, 'customers')).toBe(0);
  expect(await count(page, 'staging')).toBe(0);
});

test('the work after an import resumes when the worker is stopped in the middle of it', async ({ context, openExtensionPage, extensionId }) => {
  test.setTimeout(120_000);
  const page = await openExtensionPage('sidepanel.html');
  // 5,000 customers: indexing, matching and values take the worker seconds (6 s on a loaded 2-core
  // machine), far longer than the stop that follows the commit. More only makes the test slower.
  const importId = String((await sendFromPage(page, { type: 'import/begin', kind: 'customers', fileName: 'big.csv' })).data?.importId);
  for (let start = 0; start < CUSTOMERS; start += 5000) {
    const rows = Array.from({ length: 5000 }, (_, i) => ({ line: start + i + 2, row: { ...customer(`K${start + i}`), lastName: `Achternaam${(start + i) % 997}`, city: 'Utrecht' } }));
    expect((await sendFromPage(page, { type: 'import/rows', importId, rows })).ok).toBe(true);
  }
  expect(await sendFromPage(page, { type: 'import/commit', importId })).toMatchObject({ ok: true, data: { customers: CUSTOMERS } });
  await stopServiceWorker(context, page, extensionId);
  // The work was recorded before it started, and the stop left it unfinished.
  const pending = await page.evaluate(async () => {
    const open = indexedDB.open('earshot');
    const db: IDBDatabase = await new Promise((resolve) => (open.onsuccess = () => resolve(open.result)));
    const record = await new Promise<unknown>((resolve) => {
      const r = db.transaction('meta').objectStore('meta').get('pending-work');
      r.onsuccess = () => resolve(r.result);
    });
    db.close();
    return record;
  });
  expect(pending).toMatchObject({ value: { customers: true } });
  expect(await count(page, 'values')).toBeLessThan(CUSTOMERS);

  // Any event starts a new worker, which finds the recorded work and does it.
  await sendFromPage(page, { type: 'data/prune', olderThanDays: 3650 });
  await expect.poll(() => count(page, 'values'), { timeout: 90_000 }).toBe(CUSTOMERS);
});
