/**
 * "Capture this page" end to end, on sites Earshot has no module for: Chromium
 * with the built extension shows a forum thread and a page of dealer reviews at
 * their real addresses, answered from saved development pages
 * (test/fixtures/pages-generic/dev); the popup's button runs the generic
 * extractor in the tab through scripting.executeScript, the service worker
 * stores what it returns, and the popup lists the people.
 *
 * What is checked comes from the pages' hand labels, not from the extension.
 * The toolbar click that grants activeTab cannot be made in headless Chromium:
 * the test build holds these two hosts instead (wxt.config.ts), so the same
 * executeScript call runs as after a click.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, EXTENSION_DIR, PAGES, serve, serviceWorkerOf, test } from './fixtures';

interface Labels {
  url: string;
  items: { author: string; role?: string }[];
}

const VISITS = [
  { kind: 'a forum thread', page: '../pages-generic/dev/somethingawful/pyawful-showthread-boomers-online-2024.html' },
  { kind: 'dealer reviews', page: '../pages-generic/dev/dealerrater/dealerraterrater-mckaig-chevrolet-2022.html' },
] as const;

const labelsOf = (page: string): Labels => JSON.parse(readFileSync(`${PAGES}${page.replace(/\.html$/, '.labels.json')}`, 'utf8')) as Labels;

for (const visit of VISITS) {
  test(`Capture this page on ${visit.kind} lists the people the page shows`, async ({ context, openExtensionPage }) => {
    const labels = labelsOf(visit.page);
    const manifest = JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8')) as { host_permissions?: string[] };
    if (!manifest.host_permissions?.includes(`${new URL(labels.url).origin}/*`)) {
      throw new Error(`${EXTENSION_DIR} was built without ${new URL(labels.url).origin}/* in host_permissions: build it with EARSHOT_E2E_CRM=1 (it stands for the activeTab grant of a toolbar click)`);
    }
    await serve(context, labels.url, visit.page);
    const tab = await context.newPage();
    await tab.goto(labels.url);
    // The popup stands for the tab it was opened over: the tab's id, as the toolbar button would give it.
    const worker = await serviceWorkerOf(context);
    const tabId = await worker.evaluate(async (url) => {
      const tabs = await (globalThis as unknown as { chrome: { tabs: { query(q: object): Promise<{ id?: number; url?: string }[]> } } }).chrome.tabs.query({});
      return tabs.find((t) => t.url === url)?.id ?? -1;
    }, labels.url);
    expect(tabId).toBeGreaterThan(-1);

    const popup = await openExtensionPage(`popup.html?url=${encodeURIComponent(labels.url)}&tab=${tabId}`);
    await popup.setViewportSize({ width: 800, height: 6000 });
    await expect(popup.getByText('Nobody captured on this page yet.')).toBeVisible();
    await popup.getByRole('button', { name: 'Capture this page' }).click();

    const people = [...new Set(labels.items.filter((it) => it.role !== 'bot').map((it) => it.author))];
    await expect(popup.getByRole('status')).toHaveText(`Captured ${people.length} people on this page.`, { timeout: 20_000 });
    await expect(popup.getByText(`People on this page: ${people.length}.`, { exact: false })).toBeVisible();
    const list = popup.getByRole('list', { name: 'People on this page' });
    for (const name of people) await expect(list.getByRole('heading', { name, exact: true })).toBeVisible();
    await expect(list.locator(':scope > li')).toHaveCount(people.length);
  });
}
