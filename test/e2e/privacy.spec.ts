// Erasure and backups in the real extension: the options page's backup
// button and restore field, and the service worker's erasure.
import { readFile } from 'node:fs/promises';
import { countRows, expect, sendFromPage, test } from './fixtures';

const customer = (id: string, firstName: string) => ({ id, firstName, lastName: 'de Vries', email: `${firstName.toLowerCase()}@example.nl`, handles: [], custom: {}, source: 'csv', updatedAt: 1 });

test('a backup made before an erasure restores everyone but the erased customer', async ({ openExtensionPage }) => {
  const options = await openExtensionPage('options.html');
  const begun = await sendFromPage(options, { type: 'import/begin', kind: 'customers', fileName: 'klanten.csv' });
  const importId = String(begun.data?.importId);
  const rows = [customer('C1', 'Janneke'), customer('C2', 'Pieter'), customer('C3', 'Anna')].map((row, i) => ({ line: i + 2, row }));
  expect((await sendFromPage(options, { type: 'import/rows', importId, rows })).ok).toBe(true);
  expect(await sendFromPage(options, { type: 'import/commit', importId })).toMatchObject({ ok: true, data: { customers: 3 } });

  // The backup, downloaded through the page's own button.
  const downloading = options.waitForEvent('download');
  await options.getByRole('button', { name: 'Download a backup' }).click();
  const backup = await (await downloading).path();
  expect(await readFile(backup, 'utf8')).toContain('"Anna"');

  expect(await sendFromPage(options, { type: 'person/erase', personRef: 'customer:C3', includeCustomerRecord: true })).toMatchObject({ ok: true });
  expect(await countRows(options, 'customers')).toBe(2);

  await options.getByLabel('Restore a backup').setInputFiles(backup);
  await expect(options.getByRole('status')).toHaveText('Restored: 2 customers, 0 captured people. Left out, because they were erased here after the backup was made: 1.');
  expect(await countRows(options, 'customers')).toBe(2);
  const ids = await options.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('earshot');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('customers').objectStore('customers').getAllKeys();
          request.onsuccess = () => resolve(request.result as string[]);
        };
      }),
  );
  expect(ids).toEqual(['C1', 'C2']);
});
