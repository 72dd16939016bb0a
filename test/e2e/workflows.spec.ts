/**
 * The marketer's and community manager's day, end to end in Chromium with the
 * built extension: import the CRM (a file with bad rows among good ones), meet
 * a reviewer on a real Trustpilot page (answered from a saved copy), confirm
 * that they are a customer and tag them from the popup, then find them in the
 * workspace, in the chart and the segments. Every page is scanned with axe-core.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';
import { expect, sampleTest, serve, storeRows, test, waitForIdle } from './fixtures';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const PAGE_URL = 'https://www.trustpilot.com/review/beautytheshop.com';

/** Customers of a made-up shop: one of them reviewed on the saved Trustpilot page; lines 4 and 6 are bad. */
const CUSTOMERS_CSV = [
  'customer_id,first_name,last_name,email,city,country',
  'K1,Finn,Stühlinger,finn.stuehlinger@example.at,Graz,AT',
  'K2,Anna,de Vries,anna@example.nl,Utrecht,NL',
  'K3,Jan,Jansen,not-an-email,Leiden,NL',
  'K4,Sanne,Smit,sanne@example.nl,Delft,NL',
  'K2,Dubbel,Id,dubbel@example.nl,Gouda,NL',
].join('\n');

/** Serious and critical accessibility problems of the page as it is now (axe-core, WCAG 2.1 A and AA). */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(ctx: Document, opts: unknown): Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, where: v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}) at ${v.where.join(', ')}`);
}

test('import a CRM, meet a customer on a review page, confirm and tag them, find them in the workspace', async ({ context, openExtensionPage }) => {
  test.setTimeout(120_000);
  await serve(context, PAGE_URL, 'trustpilot/fakepilot-beautytheshop-2024.html');

  // 1. The import: the bad rows are listed with their line and field, the good ones stored.
  const panel = await openExtensionPage('sidepanel.html#tab=import');
  await panel.getByLabel('Customers file').setInputFiles({ name: 'klanten.csv', mimeType: 'text/csv', buffer: Buffer.from(CUSTOMERS_CSV) });
  await expect(panel.getByLabel('customer_id *')).toHaveValue('customer_id');
  expect(await seriousViolations(panel)).toEqual([]);
  await panel.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(panel.getByText('3 stored, 2 rows skipped.')).toBeVisible();
  await expect(panel.getByText('Line 4, email: "not-an-email" is not an email address')).toBeVisible();
  await expect(panel.getByText(/Line 6, customer_id: "K2" appears again \(first on line 3\)/)).toBeVisible();

  // 2. A reviewer on a real page: the content script captures them and the matcher suggests the customer.
  const site = await context.newPage();
  await site.goto(PAGE_URL);
  const popup = await openExtensionPage(`popup.html?url=${encodeURIComponent(PAGE_URL)}&tab=-1`);
  const card = popup.getByRole('listitem').filter({ has: popup.getByRole('heading', { name: 'Finn Stühlinger' }) });
  await expect(card.getByText(/Perhaps your customer Finn Stühlinger/)).toBeVisible({ timeout: 30_000 });
  await expect(card.locator('.counts')).toHaveText('1 review · AT');
  expect(await seriousViolations(popup)).toEqual([]);

  // 3. Confirm and tag, in a click each.
  await card.getByRole('button', { name: 'Confirm' }).click();
  await expect(card.getByText('Customer: Finn Stühlinger (you confirmed)')).toBeVisible();
  await card.getByText('Tags (0)').click();
  await card.getByLabel('Add a tag').fill('ambassador');
  await card.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(card.getByRole('button', { name: 'Remove tag ambassador' })).toBeVisible();

  // 4. The workspace: found by search and by tag, linked, with the tag and the Trustpilot profile.
  await panel.goto(panel.url().replace(/#.*$/, '#tab=people'));
  await panel.getByRole('searchbox', { name: 'Search' }).fill('stuhlinger');
  const row = panel.getByRole('listitem').filter({ hasText: 'Finn Stühlinger' });
  await expect(row).toContainText('Customer, linked', { timeout: 20_000 });
  await expect(row).toContainText('#ambassador');
  await panel.getByRole('searchbox', { name: 'Search' }).fill('');
  await panel.getByLabel('Tag').selectOption('ambassador');
  await expect(panel.getByText('1 person', { exact: true })).toBeVisible();
  expect(await seriousViolations(panel)).toEqual([]);
  await row.getByRole('button').click();
  await expect(panel.getByRole('heading', { name: 'Finn Stühlinger', level: 2 })).toBeVisible();
  await expect(panel.getByText('Linked, confirmed by you')).toBeVisible();
  await expect(panel.getByRole('button', { name: 'Remove tag ambassador' })).toBeVisible();
  expect(await seriousViolations(panel)).toEqual([]);

  // 5. The chart and the segments list them once their values are computed.
  await panel.goto(panel.url().replace(/#.*$/, '#tab=chart'));
  await expect(panel.getByRole('img', { name: /1 matched people/ })).toBeVisible({ timeout: 30_000 });
  await panel.getByRole('button', { name: 'Show as a table' }).click();
  await expect(panel.getByRole('button', { name: 'Finn Stühlinger' })).toBeVisible();
  expect(await seriousViolations(panel)).toEqual([]);
  await panel.goto(panel.url().replace(/#.*$/, '#tab=segments'));
  await expect(panel.getByRole('row', { name: /trustpilot/ }).first()).toContainText('1');
  expect(await seriousViolations(panel)).toEqual([]);
});

sampleTest('the review queue is driven by the keyboard: j/k move, y confirms, n rejects', async ({ openExtensionPage }) => {
  const panel = await openExtensionPage('sidepanel.html');
  await waitForIdle(panel);
  await panel.goto(panel.url().replace(/#.*$/, '') + '#tab=review');
  await expect(panel.getByText(/^Suggestion 1 of \d+$/)).toBeVisible();
  expect(await seriousViolations(panel)).toEqual([]);
  const total = Number((await panel.getByText(/^Suggestion 1 of \d+$/).textContent())!.match(/of (\d+)/)![1]);
  // The sample comes with its marketer's earlier confirmations; count this test's decisions on top of them.
  const before = await storedMatches(panel);
  await panel.keyboard.press('j');
  await expect(panel.getByText(`Suggestion 2 of ${total}`)).toBeVisible();
  await panel.keyboard.press('k');
  await expect(panel.getByText(`Suggestion 1 of ${total}`)).toBeVisible();
  await panel.keyboard.press('y');
  await expect(panel.getByText(/^Confirmed: /)).toBeVisible();
  await expect(panel.getByRole('tab', { name: `Review (${total - 1})` })).toBeVisible();
  await panel.keyboard.press('n');
  await expect(panel.getByText(/^Rejected: /)).toBeVisible();
  await waitForIdle(panel);
  // The matcher has run again since: one profile is confirmed, one carries a rejection, and no profile
  // is proposed the customer it was rejected for.
  const matches = await storedMatches(panel);
  const confirmed = (list: StoredMatch[]) => list.filter((m) => m.status === 'confirmed' && m.decidedBy === 'user').length;
  const rejected = (list: StoredMatch[]) => list.filter((m) => m.rejectedCustomerIds.length > 0).length;
  expect(confirmed(matches)).toBe(confirmed(before) + 1);
  expect(rejected(matches)).toBe(rejected(before) + 1);
  expect(matches.filter((m) => m.customerId !== null && m.rejectedCustomerIds.includes(m.customerId))).toEqual([]);
});

test('the options page and an empty popup pass the accessibility scan', async ({ openExtensionPage }) => {
  const options = await openExtensionPage('options.html');
  await expect(options.getByRole('heading', { name: 'Earshot settings' })).toBeVisible();
  expect(await seriousViolations(options)).toEqual([]);
  const popup = await openExtensionPage('popup.html?url=https%3A%2F%2Fexample.org%2F&tab=-1');
  await expect(popup.getByRole('button', { name: 'Capture this page' })).toBeVisible();
  expect(await seriousViolations(popup)).toEqual([]);
});

interface StoredMatch {
  status: string;
  customerId: string | null;
  rejectedCustomerIds: string[];
  decidedBy: string;
}

/** The matches as the extension stores them. */
function storedMatches(page: Page): Promise<StoredMatch[]> {
  return storeRows<StoredMatch>(page, 'matches');
}
