/**
 * What a web page can learn from Earshot's badges: nothing that depends on
 * whether a reviewer is the user's customer. A page script (run in the page's
 * own world, before the page's markup, as a tracker would) records every
 * mutation, then reads each badge every way a page can: attributes, text,
 * markup, computed styles, sizes (also under a hostile stylesheet), hit
 * testing, find-in-page, the selection. A customer's badge must look exactly
 * like a stranger's, and no badge word may be found anywhere in the page.
 *
 * The words themselves are read by the test through the DevTools protocol,
 * which pierces closed shadow roots (as the browser's own rendering does).
 */
import type { BrowserContext, CDPSession, Page } from '@playwright/test';
import { expect, serve, test } from './fixtures';

const PAGE_URL = 'https://www.trustpilot.com/review/beautytheshop.com';
const CUSTOMERS_CSV = [
  'customer_id,first_name,last_name,email,city,country',
  'K1,Finn,Stühlinger,finn.stuehlinger@example.at,Graz,AT',
  'K2,Anna,de Vries,anna@example.nl,Utrecht,NL',
].join('\n');

type DomNode = {
  nodeName: string;
  nodeValue?: string;
  backendNodeId: number;
  attributes?: string[];
  children?: DomNode[];
  shadowRoots?: DomNode[];
};

/** Each badge's words as the user sees and hears them (read through DevTools, which pierces closed roots). */
async function badgeWords(cdp: CDPSession): Promise<string[]> {
  const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
  const hosts: DomNode[] = [];
  const walk = (node: DomNode) => {
    if (node.attributes?.includes('data-earshot')) hosts.push(node);
    for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? [])]) walk(child);
  };
  walk(root);
  const wordsIn = (node: DomNode): string[] => {
    if (node.nodeName === 'STYLE') return [];
    const attrs = node.attributes ?? [];
    const label = attrs.indexOf('aria-label');
    return [
      ...(label >= 0 ? [attrs[label + 1]!] : []),
      ...(node.nodeName === '#text' && node.nodeValue?.trim() ? [node.nodeValue] : []),
      ...(node.children ?? []).flatMap(wordsIn),
    ];
  };
  return hosts.map((host) => (host.shadowRoots ?? []).flatMap(wordsIn).join(' ').trim());
}

/** Runs in the page's world before its markup: a tracker that watches for anything Earshot adds. */
function installProbe(): void {
  const w = window as unknown as { __probe: { batches: { at: number; records: string[]; added: Node[] }[] } };
  w.__probe = { batches: [] };
  const describe = (node: Node) => (node instanceof Element ? node.outerHTML : `#${node.nodeName}:${node.textContent ?? ''}`);
  new MutationObserver((records) => {
    const mine = records.filter((r) => {
      const touches = (n: Node) => n instanceof Element && (n.hasAttribute('data-earshot') || n.querySelector('[data-earshot]') !== null);
      return touches(r.target) || [...r.addedNodes, ...r.removedNodes].some(touches);
    });
    if (mine.length === 0) return;
    w.__probe.batches.push({
      at: performance.now(),
      added: mine.flatMap((r) => [...r.addedNodes]),
      records: mine.map((r) => `${r.type}:${r.attributeName ?? ''}:${[...r.addedNodes].map(describe).join('|')}:${[...r.removedNodes].map(describe).join('|')}`),
    });
  }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true, attributeOldValue: true });
}

/** Everything the page can read about each badge, and whether any of the words can be found in the page. */
async function observeAsThePage(page: Page, words: string[]) {
  return page.evaluate((secretWords) => {
    const hosts = [...document.querySelectorAll('[data-earshot]')];
    const measure = (el: Element) => {
      const r = el.getBoundingClientRect();
      const h = el as HTMLElement;
      return [r.width, r.height, h.offsetWidth, h.offsetHeight, h.clientWidth, h.clientHeight, h.scrollWidth, h.scrollHeight];
    };
    const styleOf = (el: Element, pseudo?: string) => {
      const s = getComputedStyle(el, pseudo);
      return Array.from({ length: s.length }, (_, i) => `${s[i]}=${s.getPropertyValue(s[i]!)}`).join(';');
    };
    const hits = (el: Element) => {
      const r = el.getBoundingClientRect();
      const seen: string[] = [];
      for (let x = r.left + 1; x < r.right; x += 3)
        for (let y = r.top + 1; y < r.bottom; y += 3) {
          const hit = document.elementFromPoint(x, y);
          seen.push(hit === el ? 'host' : hit && el.contains(hit) ? 'inside' : 'other');
        }
      return seen.join('');
    };
    const read = (el: Element) => ({
      attributes: [...el.attributes].map((a) => `${a.name}=${a.value}`).join(' '),
      innerText: (el as HTMLElement).innerText,
      textContent: el.textContent,
      outerHTML: el.outerHTML,
      children: el.childNodes.length,
      shadowRoot: String(el.shadowRoot),
      style: styleOf(el),
      before: styleOf(el, '::before'),
      after: styleOf(el, '::after'),
      size: measure(el).join(','),
      hits: hits(el),
    });
    // Which mutation batch added each host, and every other mutation that touched one (before this
    // script changes anything itself).
    const probe = (window as unknown as { __probe: { batches: { records: string[]; added: Node[] }[] } }).__probe;
    const insertedIn = hosts.map((el) => probe.batches.findIndex((b) => b.added.includes(el)));
    const otherMutations = probe.batches.flatMap((b) => b.records.filter((r) => !r.startsWith('childList::')));
    const plain = hosts.map(read);
    // A hostile stylesheet tries to let the content decide the size.
    const hostile = document.createElement('style');
    hostile.textContent =
      '[data-earshot], [data-earshot] * { all: unset !important; display: inline !important; width: auto !important; height: auto !important; ' +
      'max-width: none !important; contain: none !important; overflow: visible !important; white-space: normal !important; }';
    document.head.append(hostile);
    for (const el of hosts) (el as HTMLElement).style.setProperty('width', 'max-content', 'important');
    const underHostileStyle = hosts.map((el) => measure(el).join(','));
    hostile.remove();
    for (const el of hosts) (el as HTMLElement).style.removeProperty('width');

    // How often each word can be found in the page, every way a page can search; then again with
    // the badges taken out (a page can do that too). Words the page itself holds ("Customer service")
    // are found as often either way: only a difference is a leak.
    const w = window as unknown as { find(s: string, caseSensitive?: boolean): boolean };
    const selection = getSelection()!;
    const occurrences = (text: string, word: string) => text.split(word).length - 1;
    const findCount = (word: string) => {
      selection.removeAllRanges();
      let n = 0;
      while (n < 200 && w.find(word, true)) n++;
      selection.removeAllRanges();
      return n;
    };
    const search = () => {
      selection.selectAllChildren(document.body);
      const selected = selection.toString();
      selection.removeAllRanges();
      const bodyText = document.body.innerText;
      const markup = document.documentElement.outerHTML;
      return secretWords.map((word) => ({
        word,
        counts: [occurrences(selected, word), occurrences(bodyText, word), occurrences(markup, word), findCount(word)],
      }));
    };
    const withBadges = search();
    const places = hosts.map((el) => ({ el, parent: el.parentNode!, next: el.nextSibling }));
    for (const { el } of places) el.remove();
    const without = search();
    for (const { el, parent, next } of places) parent.insertBefore(el, next);
    const ways = ['selection', 'body innerText', 'markup', 'window.find'];
    const found = withBadges.flatMap(({ word, counts }, i) =>
      counts.flatMap((n, way) => (n !== without[i]!.counts[way] ? [`${ways[way]}: ${word} (${without[i]!.counts[way]} -> ${n})`] : [])),
    );
    return { plain, underHostileStyle, found, insertedIn, otherMutations, hostCount: hosts.length };
  }, words);
}

async function importCustomers(openExtensionPage: (path: string) => Promise<Page>): Promise<Page> {
  const panel = await openExtensionPage('sidepanel.html#tab=import');
  await panel.getByLabel('Customers file').setInputFiles({ name: 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from(CUSTOMERS_CSV) });
  await panel.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(panel.getByText('2 stored, 0 rows skipped.')).toBeVisible();
  return panel;
}

async function confirmInPopup(openExtensionPage: (path: string) => Promise<Page>, name: string): Promise<Page> {
  const popup = await openExtensionPage(`popup.html?url=${encodeURIComponent(PAGE_URL)}&tab=-1`);
  const card = popup.getByRole('listitem').filter({ has: popup.getByRole('heading', { name }) });
  await card.getByRole('button', { name: 'Confirm' }).click({ timeout: 45_000 });
  await expect(card.getByText(`Customer: ${name} (you confirmed)`)).toBeVisible();
  return popup;
}

async function settledWords(context: BrowserContext, site: Page, customerWord: RegExp): Promise<string[]> {
  const cdp = await context.newCDPSession(site);
  let words: string[] = [];
  await expect
    .poll(
      async () => {
        words = await badgeWords(cdp);
        return words.length > 1 && words.some((w) => customerWord.test(w)) && words.every((w) => /·/.test(w));
      },
      { timeout: 60_000, intervals: [500] },
    )
    .toBe(true);
  await cdp.detach();
  return words;
}

test("a page learns nothing from the badges about who is the user's customer", async ({ context, openExtensionPage }) => {
  test.setTimeout(180_000);
  await serve(context, PAGE_URL, 'trustpilot/fakepilot-beautytheshop-2024.html');
  await importCustomers(openExtensionPage);
  const site = await context.newPage();
  await site.goto(PAGE_URL);
  await confirmInPopup(openExtensionPage, 'Finn Stühlinger');

  // A fresh visit of the same page, watched by a script of the page from its first moment.
  await site.addInitScript(installProbe);
  await site.reload();
  const words = await settledWords(context, site, /(^|: )Customer/);
  const customer = words.findIndex((w) => /(^|: )Customer/.test(w));
  const strangers = words.map((w, i) => (/Not a customer/.test(w) ? i : -1)).filter((i) => i >= 0);
  expect(strangers.length).toBeGreaterThan(3);

  // Words a tracker would look for: every distinct phrase of every badge, in all its parts.
  const secret = [...new Set(words.flatMap((w) => [w, ...w.replace(/^Earshot: /, '').split(' · ')]))].filter((w) => w.length >= 3);
  const seen = await observeAsThePage(site, secret);

  expect(seen.found).toEqual([]);
  expect(seen.otherMutations).toEqual([]);
  expect(seen.hostCount).toBe(words.length);
  for (const i of strangers) {
    expect(seen.plain[i], `badge ${i} (a stranger) against the customer's`).toEqual(seen.plain[customer]);
    expect(seen.underHostileStyle[i]).toEqual(seen.underHostileStyle[customer]);
    expect(seen.insertedIn[i]).toBe(seen.insertedIn[customer]);
  }
  expect(seen.insertedIn[customer]).toBeGreaterThanOrEqual(0);
});

test('a badge says what the user decided, at once and without a reload: perhaps, then customer', async ({ context, openExtensionPage }) => {
  test.setTimeout(180_000);
  await serve(context, PAGE_URL, 'trustpilot/fakepilot-beautytheshop-2024.html');
  await importCustomers(openExtensionPage);
  const site = await context.newPage();
  await site.goto(PAGE_URL);
  const cdp = await context.newCDPSession(site);
  const finn = async () => (await badgeWords(cdp)).filter((w) => !/Not a customer|^Earshot$/.test(w));

  // The matcher suggests the customer: the badge says "perhaps", the strangers' say "not a customer".
  await expect.poll(finn, { timeout: 60_000, intervals: [500] }).toEqual([expect.stringMatching(/^Earshot: Perhaps your customer · influence \d+$/)]);
  expect((await badgeWords(cdp)).filter((w) => /^Earshot: Not a customer · influence \d+$/.test(w)).length).toBeGreaterThan(3);
  // No stranger is given a customer's segment.
  expect((await badgeWords(cdp)).filter((w) => /Miser|Champion|Affluent|Advocate/.test(w))).toEqual([]);

  // Confirmed in the popup: the open page's badge follows within seconds, pushed, not polled.
  const confirmed = Date.now();
  await confirmInPopup(openExtensionPage, 'Finn Stühlinger');
  await expect.poll(finn, { timeout: 20_000, intervals: [200] }).toEqual([expect.stringMatching(/^Earshot: Customer · €\d+ · influence \d+/)]);
  expect(Date.now() - confirmed).toBeLessThan(20_000);
  await cdp.detach();
});
