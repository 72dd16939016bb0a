/**
 * OpenGraph, Twitter-card and plain <meta> tags, and the page's canonical
 * address, read once into a map.
 */
import { attr } from '../dom';

export interface PageMeta {
  /** The first content for a property or name ("og:title", "description", "profile:username"). */
  get(key: string): string | undefined;
  canonical: string | undefined;
}

export function readMeta(doc: Document): PageMeta {
  const values = new Map<string, string>();
  for (const el of Array.from(doc.querySelectorAll('meta'))) {
    const key = el.getAttribute('property') ?? el.getAttribute('name') ?? el.getAttribute('itemprop');
    const content = attr(el, 'content');
    if (key && content !== undefined && !values.has(key)) values.set(key, content);
  }
  const canonical = attr(doc.querySelector('link[rel="canonical"]'), 'href');
  return { get: (key) => values.get(key), canonical };
}

/**
 * The address a saved page says it came from: its canonical link, else og:url.
 * Used by the command line to pick the site when no --url is given.
 */
export function declaredUrl(doc: Document): string | undefined {
  const meta = readMeta(doc);
  for (const candidate of [meta.canonical, meta.get('og:url'), meta.get('twitter:url'), meta.get('al:android:url')]) {
    if (candidate && /^https?:\/\//i.test(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Whether meta tags describe the page now shown. Single-page sites leave the
 * first page's tags in place after navigating, so a profile read from stale
 * tags would be the wrong person.
 */
export function describesUrl(metaUrl: string | undefined, pageUrl: string): boolean {
  if (!metaUrl) return true;
  try {
    const a = new URL(metaUrl, pageUrl);
    const b = new URL(pageUrl);
    return trimPath(a.pathname) === trimPath(b.pathname);
  } catch {
    return false;
  }
}

function trimPath(path: string): string {
  return decodeURIComponentSafe(path).replace(/\/+$/, '').toLowerCase();
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
