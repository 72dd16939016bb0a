/**
 * What every site's content script does: unless the user switched the site
 * off, capture the page as it lives and show badges next to people Earshot
 * knows. Settings are read as plain values (no zod: content scripts stay small).
 */
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { startLiveCapture, type CaptureSend, type LiveDeps } from '../capture/live';
import { createBadges, isBadgesChanged, overlaysAllowed } from '../capture/badges';
import { takeFallback } from '../capture/fallback-slot';
import type { SiteDefinition } from '../capture/types';
import { send } from './messaging';

interface ContentSettings {
  siteEnabled: boolean;
  badges: boolean;
}

/** The two settings a content script needs, from the stored settings (storage.local "settings"). */
export function contentSettings(stored: unknown, siteId: string): ContentSettings {
  const s = (stored ?? {}) as { disabledSites?: unknown; pageBadges?: unknown };
  const disabled = Array.isArray(s.disabledSites) ? s.disabledSites : [];
  return { siteEnabled: !disabled.includes(siteId), badges: s.pageBadges !== false };
}

export async function startContentScript(site: SiteDefinition, ctx: ContentScriptContext): Promise<void> {
  const { settings: stored } = await browser.storage.local.get('settings');
  const settings = contentSettings(stored, site.id);
  if (!settings.siteEnabled) return;
  const badges =
    settings.badges && overlaysAllowed(location.href)
      ? createBadges({ document, location, request: (profileIds) => send('badges/get', { profileIds }) })
      : null;
  // The service worker says when decisions, imports or values change what badges show.
  const onPush = (message: unknown) => {
    if (isBadgesChanged(message)) badges?.refresh();
  };
  if (badges) browser.runtime.onMessage.addListener(onPush);
  // A site whose module finds nobody (its layout changed) is read by the generic extractor meanwhile.
  const live = startLiveCapture(pageDeps(site, ctx, send, { fallback: loadFallback, ...(badges ? { onOutcome: (outcome) => badges.update(outcome) } : {}) }));
  ctx.onInvalidated(() => {
    live.stop();
    badges?.clear();
    browser.runtime.onMessage.removeListener(onPush);
  });
}

/**
 * The generic extractor, injected by the service worker the first time this
 * frame needs it (lib/capture/fallback-slot.ts); undefined when that failed
 * (the worker restarting): the next run asks again.
 */
async function loadFallback(): Promise<SiteDefinition | undefined> {
  const loaded = takeFallback();
  if (loaded) return loaded;
  try {
    await send('capture/fallback', {});
  } catch {
    return undefined;
  }
  return takeFallback();
}

/**
 * The dependencies of a real page: its document and location, WXT's context
 * (timers that die with the script, location changes, invalidation). They are
 * handed in from here so that lib/capture touches no browser global.
 */
function pageDeps(
  site: SiteDefinition,
  ctx: ContentScriptContext,
  send: CaptureSend,
  extra: Pick<LiveDeps, 'onOutcome' | 'options' | 'fallback'> = {},
): LiveDeps {
  return {
    site,
    document,
    location: window.location,
    MutationObserver: window.MutationObserver,
    now: () => Date.now(),
    setTimeout: (handler, ms) => ctx.setTimeout(handler, ms),
    clearTimeout: (id) => clearTimeout(id as number),
    send,
    onLocationChange: (listener) => ctx.addEventListener(window, 'wxt:locationchange', listener),
    onStop: (listener) => ctx.onInvalidated(listener),
    ...extra,
  };
}
