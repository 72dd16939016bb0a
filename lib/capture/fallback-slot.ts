/**
 * How the generic extractor reaches a module's content script without being
 * bundled into it (every content script must stay under 30 KB gzipped): when a
 * module finds nobody, its script asks the service worker, which injects
 * content-scripts/generic-fallback.js into the same frame. Content scripts of
 * one extension share their isolated world, so the injected script leaves the
 * extractor on that world's global, where the module's script takes it. The
 * web page has its own global and never sees this one.
 */
import type { SiteDefinition } from './types';

const SLOT = Symbol.for('earshot.generic-fallback');

type Scope = { [SLOT]?: unknown };

/** Leave the fallback extractor where the module's script will look for it. */
export function offerFallback(site: SiteDefinition, scope: object = globalThis): void {
  (scope as Scope)[SLOT] = site;
}

/** The fallback extractor, once injected into this world; undefined before. */
export function takeFallback(scope: object = globalThis): SiteDefinition | undefined {
  const site = (scope as Scope)[SLOT];
  return isSite(site) ? site : undefined;
}

function isSite(value: unknown): value is SiteDefinition {
  const site = value as Partial<SiteDefinition> | null | undefined;
  return typeof site?.extract === 'function' && typeof site.handles === 'function' && typeof site.id === 'string';
}
