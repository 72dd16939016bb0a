/**
 * The handlers for what content scripts send: captures (reported, requested
 * from a tab, a broken page, the generic fallback) and the badges a page shows.
 */
import type { CapturedPage } from '../model';
import { reportBroken, storeCapture } from '../db/captures';
import { withoutSuppressed } from '../db/privacy';
import { valueRunInfo } from '../db/values';
import { overlaysAllowed } from '../capture/badges';
import { siteFor } from '../capture/registry';
import { badgeView } from '../views/badge';
import { resolveProfiles } from '../views/standing';
import type { BackgroundDeps } from './handler-deps';
import type { Handlers } from './router';

export type CaptureMessageType = 'capture/report' | 'capture/broken' | 'capture/fallback' | 'capture/request' | 'badges/get';

export function createCaptureHandlers(deps: BackgroundDeps): Pick<Handlers, CaptureMessageType> {
  const { db } = deps;

  async function capture(page: CapturedPage, partial = false) {
    const settings = await deps.settings();
    if (settings.disabledSites.includes(page.site)) return { profiles: 0, contributions: 0 };
    // People who were erased are not captured again.
    const allowed = await withoutSuppressed(db, page);
    const stored = await storeCapture(db, allowed, { now: deps.now(), ownBrands: settings.value.ownBrands, partial });
    if (stored.changedProfileIds.length > 0) await deps.dataChanged({ profiles: stored.changedProfileIds });
    return { profiles: stored.profileIds.length, contributions: stored.contributions };
  }

  return {
    'capture/report': async ({ page, partial }) => capture(page, partial === true),

    'capture/broken': async ({ url, site, problem }) => {
      await reportBroken(db, url, site, problem, deps.now());
      return {};
    },

    'capture/fallback': async (_request, { sender }) => {
      // The generic extractor runs by itself only inside a site with a module, never on a site the user did not choose.
      const site = sender.url === undefined ? undefined : siteFor(sender.url);
      if (!site || sender.tabId === undefined) return { injected: false };
      await deps.injectFallback(sender.tabId, sender.frameId ?? 0);
      return { injected: true };
    },

    'capture/request': async ({ tabId }) => {
      const page = await deps.captureTab(tabId);
      if (!page) return { profiles: 0, contributions: 0, site: 'none' };
      const stored = await capture(page);
      return { ...stored, site: page.site };
    },

    'badges/get': async ({ profileIds }, { sender }) => {
      const settings = await deps.settings();
      // No badges where the site's terms forbid overlays, even if a content script asks.
      if (!settings.pageBadges || !overlaysAllowed(sender.url ?? '')) return { enabled: false, badges: [] };
      if (sender.tabId !== undefined) await deps.showsBadges(sender.tabId);
      // A content script learns only about people captured on its own site: it cannot
      // probe the customer list by asking about arbitrary profiles.
      const origin = originOf(sender.url);
      const people = (await resolveProfiles(db, profileIds)).filter((p) => p.profile?.seenOn.some((url) => originOf(url) === origin));
      const [text, run] = await Promise.all([deps.text(), valueRunInfo(db)]);
      const currency = run?.settings.currency ?? settings.value.currency;
      return { enabled: true, badges: people.flatMap((person) => badgeView(person, text, currency) ?? []) };
    },
  };
}

function originOf(url: string | undefined): string | null {
  try {
    return url ? new URL(url).origin : null;
  } catch {
    return null;
  }
}
