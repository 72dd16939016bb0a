// Property-based tests of the extractors (issue: trust). Real saved pages are
// mutated at random (hostile elements inserted, stretches deleted, the page
// cut short, digits changed) and random markup is thrown at every site: no
// exception escapes, whatever comes out is a valid captured page, and markup
// put into a page never comes out as markup.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { extractWith } from '../../../lib/capture/extract';
import { GENERIC_SITE, SITES, siteFor } from '../../../lib/capture/registry';
import { CapturedPage } from '../../../lib/model';
import { BUDGET_MS } from '../../../lib/capture/generic/budget';
import { genericPages, pageSource, readLabels } from '../../fixtures/pages-generic/pages';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'pages');
const cases = JSON.parse(readFileSync(join(FIXTURES, 'cases.json'), 'utf8')) as { page: string; url: string; now?: string }[];
// The smaller pages keep the test quick; together they cover five sites and both Trustpilot layouts.
const chosen = ['trustpilot/fakepilot-beautytheshop-2024.html', 'trustpilot/fakepilot-twenix-2025.html', 'amazon/dawn-product-reviews-2024.html', 'google-maps/gosom-place-tipsy-sticks-2023.html', 'x/metascraper-profile.html', 'generic/recipe-scrapers-skinnytaste-2024.html'];
const pages = cases.filter((c) => chosen.includes(c.page)).map((c) => ({ ...c, html: readFileSync(join(FIXTURES, c.page), 'utf8') }));

const HOSTILE = '<img src=x onerror="alert(1)"><script>alert(2)</script><a href="javascript:alert(3)">Ｊan <b>de</b> Vries</a><svg onload=alert(4)></svg>';

type Mutation = { kind: 'insert' | 'delete' | 'truncate' | 'digits'; at: number; size: number };
const mutation = fc.record({
  kind: fc.constantFrom<Mutation['kind']>('insert', 'delete', 'truncate', 'digits'),
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  size: fc.integer({ min: 1, max: 4000 }),
});

/** Apply mutations to the page's text: inserts land where an element closes, outside scripts. */
function mutate(html: string, mutations: Mutation[]): string {
  let out = html;
  for (const m of mutations) {
    const pos = Math.floor(m.at * out.length);
    if (m.kind === 'insert') {
      const close = out.indexOf('</div>', pos);
      if (close !== -1) out = out.slice(0, close) + HOSTILE + out.slice(close);
    } else if (m.kind === 'delete') {
      out = out.slice(0, pos) + out.slice(pos + m.size);
    } else if (m.kind === 'truncate') {
      out = out.slice(0, Math.max(pos, 200));
    } else {
      out = out.slice(0, pos) + out.slice(pos, pos + m.size).replace(/\d/g, (d) => String((Number(d) * 7 + 3) % 10)) + out.slice(pos + m.size);
    }
  }
  return out;
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

describe('extractors on mutated real pages', () => {
  it('start from pages the extractors read', () => {
    expect(pages).toHaveLength(chosen.length);
    for (const page of pages) {
      const outcome = extractWith(siteFor(page.url) ?? GENERIC_SITE, parseHTML(page.html).document, page.url, page.now ? { now: Date.parse(page.now) } : {});
      expect(outcome.page.profiles.length, page.page).toBeGreaterThan(0);
    }
    // An inserted hostile element lands in the page as elements, not text.
    const { document } = parseHTML(mutate(pages[0]!.html, [{ kind: 'insert', at: 0.5, size: 1 }]));
    expect(document.querySelectorAll('img[onerror]').length).toBeGreaterThan(0);
  });

  it('never throw, always give a valid captured page, and never turn injected markup into text with tags', () => {
    fc.assert(
      fc.property(fc.constantFrom(...pages), fc.array(mutation, { minLength: 1, maxLength: 4 }), (page, mutations) => {
        const { document } = parseHTML(mutate(page.html, mutations));
        const site = siteFor(page.url) ?? GENERIC_SITE;
        const outcome = extractWith(site, document, page.url, page.now ? { now: Date.parse(page.now) } : {});
        // extractWith reports an exception as "extractor failed": that is a crash, not a broken layout.
        expect(outcome.problem ?? '').not.toMatch(/extractor failed/);
        expect(['ok', 'empty', 'broken']).toContain(outcome.status);
        const parsed = CapturedPage.safeParse(outcome.page);
        expect(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues[0])).toBe(true);
        for (const text of strings(outcome.page)) {
          expect(text).not.toMatch(/onerror|onload=|<script|<img|<svg/i);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('the generic extractor on mutated pages of sites it has no rules for', () => {
  // Small development pages of three layouts (nested comments, a flat forum, review cards).
  const generic = genericPages(['dev'])
    .filter((p) => ['wptavern', 'habr', 'dealerrater'].includes(p.site))
    .map((p) => ({ html: pageSource(p), url: readLabels(p).url, now: Date.parse(readLabels(p).capturedAt) }));

  it('never throws, always gives a valid captured page, never turns injected markup into text with tags', () => {
    expect(generic).toHaveLength(3);
    fc.assert(
      fc.property(fc.constantFrom(...generic), fc.array(mutation, { minLength: 1, maxLength: 4 }), (page, mutations) => {
        const { document } = parseHTML(mutate(page.html, mutations));
        const outcome = extractWith(GENERIC_SITE, document, page.url, { now: page.now, budgetMs: BUDGET_MS });
        expect(outcome.problem ?? '').not.toMatch(/extractor failed/);
        const parsed = CapturedPage.safeParse(outcome.page);
        expect(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues[0])).toBe(true);
        for (const text of strings(outcome.page)) expect(text).not.toMatch(/onerror|onload=|<script|<img|<svg/i);
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});

describe('every extractor on random markup', () => {
  const markup = fc.array(
    fc.oneof(
      fc.constantFrom('<div>', '</div>', '<a href="/users/1">', '</a>', '<span data-hook="review">', '<script type="application/ld+json">', '</script>', '<time datetime="2024-02-30">', '<meta property="og:description" content="1,2 mln. volgers">', '{"@type":"Review","author":{"name":', '"}}', '<article>', '<img onerror=alert(1)>', '<li class="comment">', '<span class="author">', 'by Anna', '3 days ago', '<span class="rating-45">', '★★★½', '<script>window.__NEXT_DATA__ = {"comments":[{"author":"A","text":'),
      fc.string({ maxLength: 20 }),
    ),
    { maxLength: 40 },
  );
  it('never throw and give valid captured pages', () => {
    fc.assert(
      // Bare fragments too: a document without <html> or <body> is where readers of document.body crash.
      fc.property(markup, fc.constantFrom(...SITES, GENERIC_SITE), fc.nat(), fc.boolean(), (parts, site, n, wrap) => {
        const { document } = parseHTML(wrap ? `<!doctype html><html><body>${parts.join('')}</body></html>` : parts.join(''));
        const url = site.examples[n % site.examples.length] ?? 'https://example.org/';
        const outcome = extractWith(site, document, url);
        expect(outcome.problem ?? '').not.toMatch(/extractor failed/);
        expect(CapturedPage.safeParse(outcome.page).success).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
