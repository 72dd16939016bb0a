// The generic extractor must work from the shape of a page, never from knowing its site: its
// source may not name the host of any page it is measured on (development or held out), nor the
// site's own name in it ("ycombinator" of news.ycombinator.com). For a held-out page only pass or
// fail and the file are reported (its site folder is public, its address is not printed).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { genericPages, readLabels } from '../../fixtures/pages-generic/pages';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SOURCES = [
  ...readdirSync(join(ROOT, 'lib/capture/generic')).filter((f) => f.endsWith('.ts')).map((f) => `lib/capture/generic/${f}`),
  'lib/capture/sites/generic.ts',
  'entrypoints/generic.content.ts',
];

/** Labels of a host that name a site: not "www", not a public suffix part, not a short word. */
function siteWords(host: string): string[] {
  const labels = host.toLowerCase().replace(/^www\./, '').split('.');
  // The label before the public suffix ("co.uk" style suffixes have a two-letter label before the last).
  const suffixParts = labels.length > 2 && labels[labels.length - 2]!.length <= 3 ? 2 : 1;
  const name = labels[labels.length - 1 - suffixParts];
  return [labels.join('.'), ...(name && name.length >= 4 ? [name] : [])];
}

/** Whether the word stands alone in the text (not inside a longer identifier). */
function mentions(text: string, word: string): boolean {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![a-z0-9])${escaped}(?![a-z0-9])`, 'i').test(text);
}

describe('the generic extractor names no site', () => {
  const sources = SOURCES.map((path) => ({ path, text: readFileSync(join(ROOT, path), 'utf8') }));
  const pages = genericPages().map((page) => ({ id: page.id, set: page.set, host: new URL(readLabels(page).url).host }));

  it('reads its sources and the address of every labelled page', () => {
    expect(sources.length).toBeGreaterThan(10);
    expect(pages.length).toBe(22);
  });

  it.each(pages.map((p) => [p.id, p] as const))('%s', (_, page) => {
    const found = sources.filter((s) => siteWords(page.host).some((w) => mentions(s.text, w))).map((s) => s.path);
    // A held-out host is never printed: the file naming it is.
    expect(found, page.set === 'dev' ? page.host : 'the site of a held-out page').toEqual([]);
  });

  it('would catch a host or a site name in the source', () => {
    expect(siteWords('news.ycombinator.com')).toEqual(['news.ycombinator.com', 'ycombinator']);
    expect(siteWords('www.example.co.uk')).toEqual(['example.co.uk', 'example']);
    expect(mentions('const SITE = "ycombinator";', 'ycombinator')).toBe(true);
    expect(mentions('// see www.example.co.uk/reviews', 'example.co.uk')).toBe(true);
    expect(mentions('const habrahabr = 1;', 'habr')).toBe(false);
  });
});
