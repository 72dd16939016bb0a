/**
 * Every site Earshot captures automatically, one line each: its module holds
 * the id, platform, content-script match patterns, example URLs and the
 * extractor. Adding a site is its module, one line here, its content
 * entrypoint and its fixtures (`npm run new-site <id>` starts all four; see
 * lib/capture/README.md); a meta-test checks all four.
 *
 * The registry is for the command line, tests and benches: each content
 * script imports only its own site module, so it does not bundle the others.
 */
import { MatchPattern } from 'wxt/utils/match-patterns';
import type { ExtractOutcome, SiteDefinition } from './types';
import { extractWith, extractWithFallback, type ExtractOptions } from './extract';
import { amazon } from './sites/amazon';
import { bluesky } from './sites/bluesky';
import { generic } from './sites/generic';
import { googleMaps } from './sites/google-maps';
import { instagram } from './sites/instagram';
import { tiktok } from './sites/tiktok';
import { trustpilot } from './sites/trustpilot';
import { x } from './sites/x';
import { youtube } from './sites/youtube';

export const SITES: readonly SiteDefinition[] = [
  amazon, //       amazon      *.amazon.<every storefront>   product and review pages
  trustpilot, //   trustpilot  *.trustpilot.com              business review pages, reviewer pages
  googleMaps, //   google      www.google.<tld>/maps         place reviews, contributor pages
  youtube, //      youtube     www.youtube.com               channels, watch pages (owner, comments)
  instagram, //    instagram   www.instagram.com             profiles, posts
  tiktok, //       tiktok      www.tiktok.com                profiles, videos
  x, //            x           x.com, twitter.com            profiles, posts
  bluesky, //      bluesky     bsky.app                      profiles, posts
];

/** The extractor for pages no site claims; injected on demand from the popup. */
export const GENERIC_SITE: SiteDefinition = generic;

const compiled = SITES.map((site) => ({ site, patterns: site.matches.map((m) => new MatchPattern(m)) }));

/** The site whose content script runs on this address, or undefined (then the generic extractor applies). */
export function siteFor(url: string | URL): SiteDefinition | undefined {
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return undefined;
  }
  // Pass a string: the matcher checks `instanceof Location`, which does not exist in Node.
  const href = parsed.href;
  return compiled.find(({ patterns }) => patterns.some((p) => p.includes(href)))?.site;
}

export function siteById(id: string): SiteDefinition | undefined {
  return id === GENERIC_SITE.id ? GENERIC_SITE : SITES.find((s) => s.id === id);
}

/**
 * Extract a page as the extension would: with the site its address belongs
 * to, falling back to the generic extractor when the site finds nobody, or
 * with the generic extractor alone. A site named in the options runs alone.
 */
export function extractPage(document: Document, url: string, options: ExtractOptions & { site?: SiteDefinition } = {}): ExtractOutcome {
  if (options.site) return extractWith(options.site, document, url, options);
  return extractWithFallback(siteFor(url) ?? GENERIC_SITE, GENERIC_SITE, document, url, options);
}
