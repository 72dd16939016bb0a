/**
 * github-url-detection style: every site claims its own example URLs and
 * none of another site's; pages a site has nothing to capture on are not
 * handled; everything else goes to the generic extractor.
 */
import { describe, expect, it } from 'vitest';
import { MatchPattern } from 'wxt/utils/match-patterns';
import { GENERIC_SITE, SITES, siteFor } from '../../../lib/capture/registry';

/** Every site whose content-script patterns match, not just the first. */
function claimants(url: string): string[] {
  return SITES.filter((s) => s.matches.some((m) => new MatchPattern(m).includes(url))).map((s) => s.id);
}

describe('each example URL is claimed by exactly one site', () => {
  for (const site of SITES) {
    describe(site.id, () => {
      it.each(site.examples)('%s', (url) => {
        expect(claimants(url)).toEqual([site.id]);
        expect(siteFor(url)).toBe(site);
        expect(site.handles(new URL(url))).toBe(true);
      });
      it('is a negative for every other site', () => {
        for (const other of SITES.filter((s) => s !== site)) {
          for (const url of other.examples) expect(claimants(url), `${site.id} must not claim ${url}`).not.toContain(site.id);
        }
      });
    });
  }

  it('the generic examples belong to no site', () => {
    for (const url of GENERIC_SITE.examples) expect(claimants(url)).toEqual([]);
    expect(GENERIC_SITE.matches).toEqual([]);
  });
});

describe('pages of a known site with nothing to capture are not handled', () => {
  it.each([
    ['amazon', 'https://www.amazon.com/gp/cart/view.html'],
    ['amazon', 'https://www.amazon.de/'],
    ['trustpilot', 'https://www.trustpilot.com/categories/electronics_technology'],
    ['google-maps', 'https://www.google.com/maps/@52.37,4.89,14z'],
    ['youtube', 'https://www.youtube.com/'],
    ['youtube', 'https://www.youtube.com/results?search_query=earshot'],
    ['instagram', 'https://www.instagram.com/explore/'],
    ['instagram', 'https://www.instagram.com/accounts/login/'],
    ['tiktok', 'https://www.tiktok.com/foryou'],
    ['x', 'https://x.com/home'],
    ['x', 'https://x.com/i/flow/login'],
    ['x', 'https://x.com/Kikobeats/followers'],
    ['bluesky', 'https://bsky.app/'],
    ['bluesky', 'https://bsky.app/search?q=earshot'],
  ])('%s: %s', (id, url) => {
    const site = siteFor(url);
    expect(site?.id).toBe(id);
    expect(site!.handles(new URL(url))).toBe(false);
  });
});

describe('amazon runs on every storefront', () => {
  it.each(['com', 'co.uk', 'de', 'nl', 'fr', 'it', 'es', 'ca', 'com.au', 'co.jp', 'com.be', 'se', 'pl', 'in', 'com.mx', 'com.br'])('amazon.%s', (tld) => {
    expect(siteFor(`https://www.amazon.${tld}/dp/B0BBPNPZTC`)?.id).toBe('amazon');
  });
  it('and not on look-alike hosts', () => {
    expect(siteFor('https://amazon.com.evil.example/dp/B0BBPNPZTC')).toBeUndefined();
    expect(siteFor('https://notamazon.com/dp/B0BBPNPZTC')).toBeUndefined();
  });
});

describe('addresses that are not web pages', () => {
  it.each(['', 'not a url', 'javascript:alert(1)', 'file:///etc/passwd'])('%j goes nowhere', (url) => {
    expect(siteFor(url)).toBeUndefined();
  });
});
