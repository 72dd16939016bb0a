/** `earshot extract`: the content scripts' extractors over saved pages, one JSON line per page. */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../lib/cli/main';
import { CapturedPage } from '../../../lib/model/capture';
import { PAGES, golden } from './helpers';

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, cwd: PAGES });
  return { code, stdout, stderr, lines: stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as unknown) };
}

let temp: string | undefined;
afterEach(() => {
  if (temp) rmSync(temp, { recursive: true, force: true });
  temp = undefined;
});

describe('earshot extract', () => {
  it('prints the golden page for a saved page, choosing the site from its canonical address', async () => {
    const { code, lines, stderr } = await cli('extract', 'trustpilot/fakepilot-beautytheshop-2025.html');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(lines).toEqual([golden('trustpilot/fakepilot-beautytheshop-2025.html')]);
  });

  it('takes --url and --now for a page that declares no address (Google Maps)', async () => {
    const page = 'google-maps/gosom-place-tipsy-sticks-2023.html';
    const missing = await cli('extract', page);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('declares no address');
    const { code, lines } = await cli('extract', page, '--url', 'https://www.google.com/maps/place/Tipsy+Sticks/', '--now', '2023-04-22T00:00:00Z');
    expect(code).toBe(0);
    expect(lines).toEqual([golden(page)]);
  });

  it('prints one line per page of a folder, in name order', async () => {
    // Instagram's pages all declare their address (the TikTok folder holds one that does not).
    const { code, lines } = await cli('extract', 'instagram');
    expect(code).toBe(0);
    expect(lines).toEqual([golden('instagram/metascraper-post-photo.html'), golden('instagram/metascraper-profile.html')]);
  });

  it('--site forces an extractor: the generic one finds the JSON-LD reviews on a Trustpilot page', async () => {
    const { lines } = await cli('extract', 'trustpilot/fakepilot-twenix-2025.html', '--site', 'generic');
    const page = lines[0] as { site: string; contributions: unknown[] };
    expect(page.site).toBe('generic');
    expect(page.contributions).toHaveLength(20);
  });

  it('reports a broken layout on stderr with exit code 1, and still prints what it read', async () => {
    temp = mkdtempSync(join(tmpdir(), 'earshot-extract-'));
    cpSync(join(PAGES, 'amazon/dawn-product-reviews-2024.html'), join(temp, 'page.html'));
    const html = (await import('node:fs')).readFileSync(join(temp, 'page.html'), 'utf8').replaceAll('class="a-profile-name"', 'class="renamed"');
    writeFileSync(join(temp, 'page.html'), html);
    const { code, stderr, lines } = await cli('extract', join(temp, 'page.html'));
    expect(code).toBe(1);
    expect(stderr).toMatch(/page\.html: broken layout: amazon: layout changed: amazon reviewer name/);
    expect(lines).toHaveLength(1);
  });

  it('says on stderr, and in the captured page, when a page holds more JSON-LD reviews than a capture keeps', async () => {
    temp = mkdtempSync(join(tmpdir(), 'earshot-extract-'));
    // A shop page with 2,500 reviews by 2,500 people, as one JSON-LD Product (generated: no real shop has one).
    const reviews = Array.from({ length: 2_500 }, (_, i) => ({
      '@type': 'Review',
      author: { '@type': 'Person', name: `Klant ${i}` },
      reviewRating: { '@type': 'Rating', ratingValue: 1 + (i % 5) },
      datePublished: '2025-03-01',
      reviewBody: `Review number ${i}`,
    }));
    const product = { '@context': 'https://schema.org', '@type': 'Product', name: 'Koffiemolen', review: reviews };
    writeFileSync(
      join(temp, 'koffiemolen.html'),
      `<!doctype html><html><head><link rel="canonical" href="https://shop.example.nl/products/koffiemolen"><script type="application/ld+json">${JSON.stringify(product)}</script></head><body><h1>Koffiemolen</h1></body></html>`,
    );
    const { code, stderr, lines } = await cli('extract', join(temp, 'koffiemolen.html'));
    expect(code).toBe(0);
    expect(stderr).toBe(`${join(temp, 'koffiemolen.html')}: 2,000 of 2,500 reviews read (cap)\n`);
    const page = CapturedPage.parse(lines[0]);
    expect(page.contributions).toHaveLength(2_000);
    expect(page.capped).toEqual([{ type: 'review', read: 2_000, found: 2_500 }]);
  });

  it('reads several files and folders in the order given; a page without an address is skipped, not a failure', async () => {
    const { code, lines, stderr } = await cli('extract', 'x/metascraper-profile.html', 'instagram', 'google-maps');
    expect(code).toBe(0);
    expect(lines).toEqual([golden('x/metascraper-profile.html'), golden('instagram/metascraper-post-photo.html'), golden('instagram/metascraper-profile.html')]);
    expect(stderr).toContain('google-maps/gosom-place-tipsy-sticks-2023.html: the page declares no address (no canonical link or og:url): give it with --url; this page is skipped');
  });

  it('the whole fixtures folder: every page that declares an address is read, exit 0', async () => {
    const { code, lines } = await cli('extract', '.');
    expect(code).toBe(0);
    expect(lines.length).toBeGreaterThan(10);
  });

  it('exit 1 when no page could be read', async () => {
    const { code, stderr } = await cli('extract', 'google-maps');
    expect(code).toBe(1);
    expect(stderr).toContain('earshot extract: google-maps/gosom-place-tipsy-sticks-2023.html: no page could be read');
  });

  it('explains bad usage', async () => {
    expect((await cli('extract')).code).toBe(2);
    expect((await cli('extract', 'nope.html')).stderr).toContain('nope.html: no such file or folder');
    expect((await cli('extract', 'amazon', '--url', 'https://www.amazon.com/dp/X')).stderr).toContain('names the address of one page');
    expect((await cli('extract', 'x/metascraper-profile.html', '--site', 'myspace')).stderr).toContain('--site myspace: no such site');
    expect((await cli('extract', 'x/metascraper-profile.html', '--now', 'someday')).stderr).toContain('--now someday');
  });
});
