/**
 * Capture end to end: Chromium with the built extension visits real addresses
 * of Amazon, Trustpilot, Google Maps, YouTube, X and more. Each address is
 * answered from a saved page (test/fixtures/pages) through `context.route`;
 * every other request is refused by the fixtures. The content script reads the
 * page, the service worker stores the people, and the popup lists them.
 *
 * What is checked comes from the page's golden (<page>.expected.json), which
 * was checked against the page by reading it, not from the extension.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, PAGES, serve, test } from './fixtures';


interface Golden {
  profiles: { key: string; displayName: string }[];
  contributions: { profileKey: string; key?: string }[];
}

/** Real addresses these pages were saved from (SOURCES.md, cases.json). */
const VISITS = [
  { site: 'amazon', page: 'amazon/dawn-product-reviews-2024.html', url: 'https://www.amazon.com/Dawn-Ultra-Dishwashing-Liquid-Original/product-reviews/B0BBPNPZTC' },
  { site: 'trustpilot', page: 'trustpilot/fakepilot-beautytheshop-2025.html', url: 'https://www.trustpilot.com/review/beautytheshop.com' },
  { site: 'google-maps', page: 'google-maps/gosom-place-tipsy-sticks-2023.html', url: 'https://www.google.com/maps/place/Tipsy+Sticks/' },
  { site: 'youtube', page: 'youtube/metascraper-channel.html', url: 'https://www.youtube.com/@OneMedia.' },
  { site: 'youtube', page: 'youtube/metascraper-watch-2026.html', url: 'https://www.youtube.com/watch?v=DIsktwOQZuU' },
  { site: 'x', page: 'x/metascraper-profile.html', url: 'https://x.com/kikobeats' },
  { site: 'instagram', page: 'instagram/metascraper-profile.html', url: 'https://www.instagram.com/pluto__travel/' },
  { site: 'tiktok', page: 'tiktok/metascraper-profile.html', url: 'https://www.tiktok.com/@illojuan' },
  { site: 'bluesky', page: 'bluesky/metascraper-profile.html', url: 'https://bsky.app/profile/stephenking.bsky.social' },
] as const;

const golden = (page: string): Golden => JSON.parse(readFileSync(`${PAGES}${page.replace(/\.html$/, '.expected.json')}`, 'utf8')) as Golden;

interface Stored {
  status: string | null;
  names: string[];
  contributions: { id: string; key: string | null; profileId: string }[];
}

/** What the extension stored for a page, read from its IndexedDB in one of its pages. */
async function stored(extensionPage: Page, url: string): Promise<Stored> {
  return extensionPage.evaluate(async (pageUrl) => {
    const db = await new Promise<IDBDatabase | null>((resolve, reject) => {
      const open = indexedDB.open('earshot');
      // Not created by the extension yet: do not create it here.
      open.onupgradeneeded = () => open.transaction?.abort();
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => (open.error?.name === 'AbortError' ? resolve(null) : reject(open.error));
    });
    if (!db) return { status: null, names: [], contributions: [] };
    const request = <T>(store: string, make: (s: IDBObjectStore) => IDBRequest) =>
      new Promise<T>((resolve, reject) => {
        const r = make(db.transaction(store).objectStore(store));
        r.onsuccess = () => resolve(r.result as T);
        r.onerror = () => reject(r.error);
      });
    const visit = await request<{ status: string; profileIds: string[] } | undefined>('pages', (s) => s.get(pageUrl));
    const profiles = await request<{ id: string; displayName: string }[]>('profiles', (s) => s.getAll());
    const contributions = await request<{ id: string; key?: string; profileId: string; pageUrl: string }[]>('contributions', (s) => s.getAll());
    db.close();
    const ids = new Set(visit?.profileIds ?? []);
    return {
      status: visit?.status ?? null,
      names: profiles.filter((p) => ids.has(p.id)).map((p) => p.displayName),
      contributions: contributions.filter((c) => c.pageUrl === pageUrl).map((c) => ({ id: c.id, key: c.key ?? null, profileId: c.profileId })),
    };
  }, url);
}

const sorted = (values: readonly string[]) => [...values].sort();

/** Wait until the people and contributions of the page are stored, then check them against the golden. */
async function expectStored(extensionPage: Page, url: string, want: Golden): Promise<void> {
  await expect
    .poll(async () => {
      const s = await stored(extensionPage, url);
      return [s.names.length, s.contributions.length];
    }, { timeout: 20_000 })
    .toEqual([want.profiles.length, want.contributions.length]);
  const s = await stored(extensionPage, url);
  expect(s.status).toBe('ok');
  expect(sorted(s.names)).toEqual(sorted(want.profiles.map((p) => p.displayName)));
  // Each contribution once, under the site's own id where the page shows one.
  expect(new Set(s.contributions.map((c) => c.id)).size).toBe(s.contributions.length);
  expect(sorted(s.contributions.flatMap((c) => (c.key ? [c.key] : [])))).toEqual(sorted(want.contributions.flatMap((c) => (c.key ? [c.key] : []))));
}

/** The popup as it stands for the tab showing `url`; every expected name must be visible in it. */
async function expectPopupLists(openExtensionPage: (path: string) => Promise<Page>, url: string, names: readonly string[]): Promise<Page> {
  const popup = await openExtensionPage(`popup.html?url=${encodeURIComponent(url)}&tab=-1`);
  // Tall enough that a list showing only what is on screen still has everyone rendered.
  await popup.setViewportSize({ width: 800, height: 4000 });
  // People who are neither customers nor suggestions are folded under one line: unfold them.
  await popup.locator('main.popup li').first().waitFor();
  for (const fold of await popup.locator('details.others:not([open]) > summary').all()) await fold.click();
  for (const name of new Set(names)) await expect(popup.getByText(name, { exact: true }).first()).toBeVisible();
  return popup;
}

for (const visit of VISITS) {
  test(`${visit.site}: ${visit.url} is captured from the page and listed in the popup`, async ({ context, openExtensionPage }) => {
    const want = golden(visit.page);
    await serve(context, visit.url, visit.page);
    const tab = await context.newPage();
    await tab.goto(visit.url);
    const reader = await openExtensionPage('popup.html');
    await expectStored(reader, visit.url, want);
    await expectPopupLists(openExtensionPage, visit.url, want.profiles.map((p) => p.displayName));
  });
}

test('reviews that scroll in are captured once, and the ones already there are not stored again', async ({ context, openExtensionPage }) => {
  const visit = VISITS.find((v) => v.site === 'google-maps')!;
  const want = golden(visit.page);
  await serve(context, visit.url, visit.page);
  const tab = await context.newPage();
  await tab.goto(visit.url);
  const reader = await openExtensionPage('popup.html');
  await expectStored(reader, visit.url, want);

  // The reviews panel loads the next review below the others, as Google Maps does on scroll.
  await tab.evaluate(() => {
    const cards = Array.from(document.querySelectorAll('div.jftiEf[data-review-id]'));
    const clone = cards[0]!.cloneNode(true) as Element;
    for (const el of [clone, ...Array.from(clone.querySelectorAll('[data-review-id]'))]) el.setAttribute('data-review-id', 'ChdDSUhNMG9nS0VJQ0FnSURoTmV3UmV2aWV3EAE');
    for (const el of Array.from(clone.querySelectorAll('[data-href*="/maps/contrib/"]'))) el.setAttribute('data-href', 'https://www.google.com/maps/contrib/100000000000000000042/reviews?hl=en-US');
    clone.setAttribute('aria-label', 'Marit Scrollvink');
    clone.querySelector('.d4r55')!.textContent = 'Marit Scrollvink';
    clone.querySelector('.wiI7pd')!.textContent = 'Came back for the pancakes, still great.';
    cards.at(-1)!.after(clone);
  });
  const more: Golden = {
    profiles: [...want.profiles, { key: '100000000000000000042', displayName: 'Marit Scrollvink' }],
    contributions: [...want.contributions, { profileKey: '100000000000000000042', key: 'ChdDSUhNMG9nS0VJQ0FnSURoTmV3UmV2aWV3EAE' }],
  };
  await expectStored(reader, visit.url, more);

  // More changes that bring nothing new store nothing new.
  await tab.evaluate(() => document.body.append(document.createElement('div')));
  await tab.waitForTimeout(1500);
  const after = await stored(reader, visit.url);
  expect(after.contributions).toHaveLength(more.contributions.length);
  await expectPopupLists(openExtensionPage, visit.url, more.profiles.map((p) => p.displayName));
});

test('a module that finds nobody gets the generic extractor injected: its people are stored and the page stays broken', async ({ context, openExtensionPage }) => {
  const visit = VISITS.find((v) => v.site === 'amazon')!;
  // Amazon renamed the class of its reviewer names: the module reads nobody. Its content script
  // does not carry the generic extractor; the service worker injects it into the tab.
  await serve(context, visit.url, visit.page, (html) => html.replaceAll('a-profile-name', 'reviewer-name'));
  const tab = await context.newPage();
  await tab.goto(visit.url);
  const reader = await openExtensionPage('popup.html');
  // The people are stored at once; the page is marked broken after the grace period a layout gets to render.
  await expect.poll(async () => (await stored(reader, visit.url)).names.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(8);
  await expect.poll(async () => (await stored(reader, visit.url)).status, { timeout: 20_000 }).toBe('broken');
  const s = await stored(reader, visit.url);
  // The people it found are the page's reviewers.
  const reviewers = new Set(golden(visit.page).profiles.map((p) => p.displayName));
  expect(s.names.filter((name) => reviewers.has(name)).length).toBeGreaterThanOrEqual(8);
});

test('a badge next to a reviewer, in a closed shadow root, once their values are computed', async ({ context, openExtensionPage }) => {
  const visit = VISITS.find((v) => v.site === 'amazon')!;
  const names = golden(visit.page).profiles.map((p) => p.displayName);
  await serve(context, visit.url, visit.page);
  const tab = await context.newPage();
  await tab.goto(visit.url);
  await expectStored(await openExtensionPage('popup.html'), visit.url, golden(visit.page));

  // A badge for every reviewer at once; matching and values follow the capture, and the service
  // worker tells the page when they are there.
  const host = tab.locator('[data-earshot="badge"]').first();
  await expect(host).toBeAttached({ timeout: 20_000 });
  expect(names).toContain(await host.evaluate((el) => el.previousElementSibling?.textContent?.trim()));
  // Closed: the page's scripts cannot reach in, and the host says nothing. The browser itself shows what is inside.
  expect(await host.evaluate((el) => el.shadowRoot)).toBeNull();
  expect(await host.evaluate((el) => el.outerHTML)).toBe('<span data-earshot="badge"></span>');
  const cdp = await context.newCDPSession(tab);
  type DomNode = { nodeName: string; attributes?: string[]; children?: DomNode[]; shadowRoots?: (DomNode & { shadowRootType?: string })[] };
  const find = (node: DomNode): DomNode | undefined =>
    node.attributes?.includes('data-earshot') ? node : [...(node.children ?? []), ...(node.shadowRoots ?? [])].map(find).find(Boolean);
  const labelOf = (node: DomNode): string | undefined => {
    const attrs = node.attributes ?? [];
    const i = attrs.indexOf('aria-label');
    return i >= 0 ? attrs[i + 1] : (node.children ?? []).map(labelOf).find(Boolean);
  };
  const badge = async () => find((await cdp.send('DOM.getDocument', { depth: -1, pierce: true })).root as DomNode);
  await expect.poll(async () => labelOf((await badge())!.shadowRoots![0]!), { timeout: 45_000 }).toMatch(/^Earshot: Not a customer · influence \d+$/);
  expect((await badge())?.shadowRoots?.[0]?.shadowRootType).toBe('closed');
  await cdp.detach();
});
