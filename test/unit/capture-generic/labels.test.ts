// Checks the hand-made labels of the generic extractor's pages against the pages themselves,
// without any extractor: every label must be something a reader can find on its page.
import { readFileSync, existsSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHTML } from 'linkedom';
import { PageLabels } from '../../fixtures/pages-generic/labels';
import { GENERIC_PAGES_ROOT as ROOT, decodePage, genericPages } from '../../fixtures/pages-generic/pages';
import { EXPECTED_COUNTS } from './expected-counts';

/** Every saved page, named by set and site ("dev/steam") as the hand counts are. */
function pages(): { site: string; html: string; labels: string }[] {
  return genericPages().map((p) => ({ site: p.id, html: p.html, labels: p.labels }));
}

/** Undoes the string escapes of embedded script data (\u0027, \", \n), twice for data nested in a string. */
function unescapeScript(s: string): string {
  const once = (t: string) =>
    t
      .replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
      .replace(/\\[nrt]/g, ' ')
      .replace(/\\(["'\\/])/g, '$1');
  return once(once(s));
}

const noSpace = (s: string) => s.replace(/\s+/g, '');

interface PageText {
  /** All text the page holds, rendered or in script data, with whitespace removed. */
  text: string;
  /** The same without quoted passages (blockquote), where an item's own words run on around a quote. */
  unquoted: string;
  hrefs: Set<string>;
}

function readPage(path: string, url: string): PageText {
  const { document } = parseHTML(decodePage(readFileSync(path)));
  const scripts = [...document.querySelectorAll('script')].map((s) => unescapeScript(s.textContent ?? '')).join(' ');
  const base = document.querySelector('base[href]')?.getAttribute('href');
  const hrefs = new Set<string>();
  for (const a of document.querySelectorAll('a[href], link[href], area[href]')) {
    const href = a.getAttribute('href') ?? '';
    hrefs.add(href);
    try {
      hrefs.add(new URL(href, new URL(base ?? url, url)).href);
    } catch {
      // an href that is not a URL (javascript:, a template placeholder) cannot be an author's link
    }
  }
  const text = noSpace(`${document.documentElement.textContent ?? ''} ${scripts}`);
  for (const quote of document.querySelectorAll('blockquote')) quote.remove();
  return { text, unquoted: noSpace(document.documentElement.textContent ?? ''), hrefs };
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`${relative(ROOT, path)} is not JSON: ${String(e)}`);
  }
}

const all = pages();

describe('the generic pages and their labels', () => {
  it('has a labels file for every page, a hand count for every site, and no site in both sets', () => {
    expect(all.length).toBeGreaterThanOrEqual(22);
    expect(all.filter((p) => !existsSync(p.labels)).map((p) => relative(ROOT, p.labels))).toEqual([]);
    expect(Object.keys(EXPECTED_COUNTS).sort()).toEqual(all.map((p) => p.site).sort());
    const names = all.map((p) => p.site.split('/')[1]);
    expect(new Set(names).size).toBe(names.length);
  });

  describe.each(all.filter((p) => existsSync(p.labels)))('$site', (page) => {
    const parsed = PageLabels.safeParse(readJson(page.labels));

    it('matches the labels schema', () => {
      expect(parsed.success ? [] : parsed.error.issues.map((i) => `${relative(ROOT, page.labels)}: ${i.path.join('.')}: ${i.message}`)).toEqual([]);
    });
    if (!parsed.success) return;
    const labels = parsed.data;
    const seen = readPage(page.html, labels.url);

    it('has the number of items counted by hand', () => {
      const expected = EXPECTED_COUNTS[page.site];
      expect(expected, `no hand count for ${page.site}`).toBeDefined();
      if (!expected) return;
      const top = labels.items.filter((it) => it.depth === 0).length;
      expect({ top, replies: labels.items.length - top }).toEqual({ top: expected.top, replies: expected.replies });
    });

    it('names authors and text starts that occur in the page', () => {
      const missing = labels.items.flatMap((it, i) => [
        ...(seen.text.includes(noSpace(it.author)) ? [] : [`item ${i}: author "${it.author}"`]),
        ...(it.textStart === undefined || seen.text.includes(noSpace(it.textStart)) || seen.unquoted.includes(noSpace(it.textStart)) ? [] : [`item ${i}: textStart "${it.textStart}"`]),
        ...(it.dateText === undefined || seen.text.includes(noSpace(it.dateText)) ? [] : [`item ${i}: dateText "${it.dateText}"`]),
      ]);
      expect(missing).toEqual([]);
    });

    it('links each author to a profile address the page links to', () => {
      const unlinked = labels.items.flatMap((it, i) => (it.authorUrl === undefined || seen.hrefs.has(it.authorUrl) ? [] : [`item ${i}: ${it.authorUrl}`]));
      expect(unlinked).toEqual([]);
    });

    it('lists as not-items only names that occur in the page', () => {
      expect(labels.notItems.filter((name) => !seen.text.includes(noSpace(name)))).toEqual([]);
    });
  });
});
