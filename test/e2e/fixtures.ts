/**
 * Playwright fixtures: a persistent Chromium context with the built extension
 * loaded, its id, and helpers to open the extension's pages. Pages of real
 * sites are answered from saved fixtures through `context.route`, so content
 * scripts see the real URLs and nothing is fetched from the network.
 */
import { test as base, chromium, expect as baseExpect, type BrowserContext, type Locator, type Page, type Worker } from '@playwright/test';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const EXTENSION_DIR = resolve(process.env.EARSHOT_EXTENSION_DIR ?? '.output/chrome-mv3');
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchWithExtension(userDataDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: false,
    args: [
      '--headless=new',
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
    ],
  });
}

export async function serviceWorkerOf(context: BrowserContext): Promise<Worker> {
  return context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
}

interface Fixtures {
  userDataDir: string;
  context: BrowserContext;
  extensionId: string;
  openExtensionPage: (path: string) => Promise<Page>;
}

interface WorkerFixtures {
  /** A browser profile with the sample shop loaded and all its work done, made once per worker (see `sampleTest`). */
  sampleProfile: SampleProfile;
}

/** The sample loaded into a closed browser profile: its folder, and what the load replied. */
export interface SampleProfile {
  dir: string;
  reply: Reply;
}

/** A browser with the extension and nothing else reachable: every request a test does not route is refused. */
async function isolatedBrowser(userDataDir: string): Promise<BrowserContext> {
  const context = await launchWithExtension(userDataDir);
  await context.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (route) => route.abort('blockedbyclient'));
  return context;
}

export const test = base.extend<Fixtures, WorkerFixtures>({
   
  userDataDir: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'earshot-e2e-'));
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
  context: async ({ userDataDir }, use) => {
    const context = await isolatedBrowser(userDataDir);
    await use(context);
    await context.close();
  },
  extensionId: async ({ context }, use) => {
    const worker = await serviceWorkerOf(context);
    await use(new URL(worker.url()).host);
  },
  openExtensionPage: async ({ context, extensionId }, use) => {
    await use(async (path: string) => {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/${path}`);
      return page;
    });
  },
  // Loading the sample and its matching, values and personas takes the worker 40 s or more: it is done
  // once, in a browser closed afterwards, and each test that needs it starts from a copy of that profile.
  sampleProfile: [
    async ({}, use) => {
      const dir = mkdtempSync(join(tmpdir(), 'earshot-sample-'));
      const context = await isolatedBrowser(dir);
      const id = new URL((await serviceWorkerOf(context)).url()).host;
      const page = await context.newPage();
      await page.goto(`chrome-extension://${id}/sidepanel.html`);
      const reply = await sendFromPage(page, { type: 'sample/load' });
      baseExpect(reply).toMatchObject({ ok: true });
      await waitForIdle(page, 240_000);
      await context.close();
      await use({ dir, reply });
      rmSync(dir, { recursive: true, force: true });
    },
    { scope: 'worker', timeout: 300_000 },
  ],
});

/**
 * Tests that start with the sample shop loaded and all its work done, in a browser of their own: a copy of
 * the profile `sampleProfile` made, so what one test changes no other sees.
 */
export const sampleTest = test.extend({
  userDataDir: async ({ sampleProfile }, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'earshot-e2e-'));
    cpSync(sampleProfile.dir, dir, { recursive: true });
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
});

export { expect } from '@playwright/test';

/**
 * Pictures of screens are for people to look at: taken, except in CI (CI set) where nobody sees them,
 * unless $EARSHOT_SCREENSHOTS names where to put them (`npm run screenshots` does).
 */
const PICTURES_WANTED = !process.env.CI || process.env.EARSHOT_SCREENSHOTS !== undefined;

/** A picture of a page (the whole page with `fullPage`) or of one part of it, when pictures are wanted. */
export async function picture(target: Page | Locator, path: string, options: { fullPage?: boolean } = {}): Promise<void> {
  if (!PICTURES_WANTED) return;
  if ('goto' in target) await target.screenshot({ path, ...options });
  else await target.screenshot({ path });
}

export type Reply = { ok: boolean; data?: Record<string, unknown>; error?: { code?: string; message: string } };

/** How many rows one of the extension's IndexedDB tables holds, read from one of its pages. */
export async function countRows(page: Page, store: string): Promise<number> {
  return page.evaluate(async (name) => {
    const open = indexedDB.open('earshot');
    const db: IDBDatabase = await new Promise((resolve, reject) => {
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const n = await new Promise<number>((resolve) => {
      const r = db.transaction(name).objectStore(name).count();
      r.onsuccess = () => resolve(r.result);
    });
    db.close();
    return n;
  }, store);
}

/** Send a message to the service worker from one of the extension's pages, as the pages do. */
export async function sendFromPage(page: Page, body: Record<string, unknown>): Promise<Reply> {
  return page.evaluate(
    (b) => (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<Reply> } } }).chrome.runtime.sendMessage(b),
    body,
  );
}

/**
 * Stop the extension's service worker the way the browser does when it is idle
 * or killed: through the DevTools protocol (Target.closeTarget works in Chromium 156).
 * The next event (a message, an alarm) starts a new worker.
 */
export async function stopServiceWorker(context: BrowserContext, page: Page, extensionId: string): Promise<void> {
  const cdp = await context.newCDPSession(page);
  const { targetInfos } = await cdp.send('Target.getTargets');
  const worker = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${extensionId}/`));
  baseExpect(worker, 'the extension has a running service worker').toBeDefined();
  await cdp.send('Target.closeTarget', { targetId: worker!.targetId });
  await cdp.detach();
}

/** The saved real pages (test/fixtures/pages), by path under that folder. */
export const PAGES = fileURLToPath(new URL('../fixtures/pages/', import.meta.url));

/**
 * Answer one address with a saved page (changed by `edit` if given). The page's own scripts are switched off
 * (script-src 'none'): saved pages are the markup as it was, and their scripts
 * would only fail on refused requests or rewrite what was saved. Content
 * scripts run in their own world and are not affected.
 */
export async function serve(context: BrowserContext, url: string, page: string, edit?: (html: string) => string): Promise<void> {
  const saved = readFileSync(`${PAGES}${page}`);
  // A test may change the saved markup (a site's layout change) before it is served.
  const body = edit ? edit(saved.toString('utf8')) : saved;
  await context.route(
    (u) => u.href === url,
    (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', headers: { 'content-security-policy': "script-src 'none'" }, body }),
  );
}

/** The workspace at 400 px wide in a test started with the sample (`sampleTest`), once the worker has nothing left to do. */
export async function sampleWorkspace(openExtensionPage: (path: string) => Promise<Page>): Promise<Page> {
  const panel = await openExtensionPage('sidepanel.html');
  await panel.setViewportSize({ width: 400, height: 900 });
  await waitForIdle(panel);
  return panel;
}

/** Wait until the service worker has no recorded work left (matching, values, the people directory). */
export async function waitForIdle(page: Page, timeout = 90_000): Promise<void> {
  await baseExpect
    .poll(
      () =>
        page.evaluate(
          () =>
            new Promise<boolean>((resolve, reject) => {
              const open = indexedDB.open('earshot');
              open.onerror = () => reject(open.error);
              open.onsuccess = () => {
                const request = open.result.transaction('meta').objectStore('meta').get('pending-work');
                request.onsuccess = () => {
                  resolve(request.result === undefined);
                  open.result.close();
                };
              };
            }),
        ),
      { timeout, intervals: [500] },
    )
    .toBe(true);
}

/** The rows of one of the extension's IndexedDB stores, in key order, read in one of its pages; `where` reads them through an index. */
export function storeRows<T>(page: Page, store: string, where?: { index: string; value: string }): Promise<T[]> {
  return page.evaluate(
    ({ store, where }) =>
      new Promise<T[]>((resolveRows, reject) => {
        const open = indexedDB.open('earshot');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const objects = open.result.transaction(store).objectStore(store);
          const request = where ? objects.index(where.index).getAll(where.value) : objects.getAll();
          request.onsuccess = () => resolveRows(request.result as T[]);
        };
      }),
    { store, where },
  );
}

/** Empty one of the extension's IndexedDB stores from one of its pages (a test setting its own start). */
export function clearStore(page: Page, store: string): Promise<void> {
  return page.evaluate(
    (store) =>
      new Promise<void>((resolveCleared, reject) => {
        const open = indexedDB.open('earshot');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(store, 'readwrite');
          tx.objectStore(store).clear();
          tx.oncomplete = () => {
            open.result.close();
            resolveCleared();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    store,
  );
}

/** The linked customers in the people directory, in key order. */
export function linkedPeople(page: Page): Promise<{ ref: string; followers?: number }[]> {
  return storeRows(page, 'people', { index: 'status', value: 'linked' });
}

/** The first linked customer in the people directory (by key), as a person ref. */
export async function firstLinkedPerson(page: Page): Promise<string> {
  return (await linkedPeople(page))[0]!.ref;
}

/** Show the extension's pages in this language (the setting the options page writes). */
export async function setLanguage(page: Page, language: string): Promise<void> {
  await page.evaluate(async (lang) => {
    type Local = { get(key: string): Promise<{ settings?: Record<string, unknown> }>; set(items: Record<string, unknown>): Promise<void> };
    const local = (globalThis as unknown as { chrome: { storage: { local: Local } } }).chrome.storage.local;
    const { settings } = await local.get('settings');
    await local.set({ settings: { ...settings, language: lang } });
  }, language);
}

/** Connect HubSpot (the stand-in at `url`) through the options page's form, as a user would. */
export async function connectHubSpotInOptions(options: Page, url: string, token: string): Promise<void> {
  const form = options.getByRole('form', { name: 'Connect' });
  await form.getByLabel('Private app access token').fill(token);
  await form.getByLabel('API address').fill(url);
  await form.getByRole('button', { name: 'Connect' }).click();
  await baseExpect(options.getByRole('status')).toContainText('Connected to HubSpot');
}
