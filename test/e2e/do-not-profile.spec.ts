/**
 * The customer's own choice in the browser: a customers.csv that marks Finn
 * do_not_profile, then his review on a real Trustpilot page (a saved copy). He
 * is captured as a reviewer like anyone, but never linked or suggested to the
 * customer who asked not to be profiled, and the workspace counts him.
 */
import { expect, sendFromPage, serve, test, waitForIdle } from './fixtures';

const PAGE_URL = 'https://www.trustpilot.com/review/beautytheshop.com';
const CUSTOMERS_CSV = ['customer_id,first_name,last_name,email,city,country,do_not_profile', 'K1,Finn,Stühlinger,finn.stuehlinger@example.at,Graz,AT,yes', 'K2,Anna,de Vries,anna@example.nl,Utrecht,NL,'].join('\n');

test('a customer marked do_not_profile is not linked to his captured review', async ({ context, openExtensionPage }) => {
  test.setTimeout(120_000);
  await serve(context, PAGE_URL, 'trustpilot/fakepilot-beautytheshop-2024.html');
  const panel = await openExtensionPage('sidepanel.html#tab=import');
  await panel.getByLabel('Customers file').setInputFiles({ name: 'klanten.csv', mimeType: 'text/csv', buffer: Buffer.from(CUSTOMERS_CSV) });
  await panel.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(panel.getByText('2 stored, 0 rows skipped.')).toBeVisible();

  const site = await context.newPage();
  await site.goto(PAGE_URL);
  const popup = await openExtensionPage(`popup.html?url=${encodeURIComponent(PAGE_URL)}&tab=-1`);
  const card = popup.getByRole('listitem').filter({ has: popup.getByRole('heading', { name: 'Finn Stühlinger' }) });
  await expect(card).toBeVisible({ timeout: 30_000 });
  await waitForIdle(panel);
  await popup.reload();
  await expect(card).toBeVisible();
  await expect(card.getByText(/your customer/i)).toHaveCount(0);

  // Nothing in the store names him: no link, no suggestion.
  const naming = await panel.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('earshot');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('matches').objectStore('matches').getAll();
          request.onsuccess = () => resolve((request.result as { customerId: string | null }[]).filter((m) => m.customerId === 'K1').length);
        };
      }),
  );
  expect(naming).toBe(0);
  expect(await sendFromPage(panel, { type: 'actions/refresh' })).toMatchObject({ ok: true });
});
