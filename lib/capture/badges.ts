/**
 * Small in-page badges: next to a person Earshot knows, whether they are a
 * customer, what they are worth to the shop and how far their voice carries
 * ("Customer · €1.2K · influence 62", "Not a customer · influence 3").
 * Plain DOM, no framework, no zod: this runs in content scripts. Never on
 * sites whose terms forbid overlays (NO_OVERLAY_DOMAINS), whatever the settings.
 *
 * A badge is a host element marked data-earshot (so the live runtime ignores
 * its own changes) with a closed shadow root: the page's styles cannot reach
 * in and its scripts cannot read it through element.shadowRoot. Text is set
 * with textContent only: nothing the page or the database holds becomes markup.
 */
import type { ExtractOutcome } from './types';
import { OWN_MARK } from './live';

export interface BadgeInfo {
  profileId: string;
  linked: boolean;
  segment?: string;
  financial?: number;
  influence?: number;
}

export interface BadgeDeps {
  document: Document;
  /** The page's address: no badges on sites that forbid overlays. */
  location: { readonly href: string };
  /** Ask the service worker about these people (badges/get). */
  request(profileIds: string[]): Promise<{ badges: BadgeInfo[]; currency: string }>;
  /** The user's locale for numbers (navigator.language). */
  locale?: string;
  now?(): number;
  /** Timers for asking again (WXT: ctx.setTimeout, so they die with the script). */
  setTimeout?(handler: () => void, ms: number): unknown;
  clearTimeout?(id: unknown): void;
}

/** Sites whose terms forbid overlaying or modifying their pages (LinkedIn's User Agreement): never a badge there. */
export const NO_OVERLAY_DOMAINS: readonly string[] = ['linkedin.com'];

/** Whether badges may be drawn on this address: not on a no-overlay domain or any subdomain of one. */
export function overlaysAllowed(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase().replace(/\.$/, '');
  } catch {
    return false;
  }
  return !NO_OVERLAY_DOMAINS.some((d) => host === d || host.endsWith(`.${d}`));
}

/** Matching and values follow a capture by a few seconds: ask again about people with nothing to show yet. */
export const ASK_AGAIN_AFTER_MS = 8000;
/** On a page that no longer changes, ask again by timer this many times at most (about half a minute). */
const MAX_TIMED_ASKS = 4;

const SEGMENT_WORDS: Record<string, string> = {
  champions: 'Champion',
  affluents: 'Affluent',
  advocates: 'Advocate',
  misers: 'Miser',
  'detractor-with-reach': 'Detractor with reach',
  'negative-value': 'Negative value',
};

/**
 * The words of a badge: customer or not, the financial value for customers and
 * the influence for everyone; null while nothing is known yet (a person not
 * linked whose values are still being computed), rather than a guess.
 */
export function badgeText(info: BadgeInfo, currency: string, locale?: string): string | null {
  if (!info.linked && info.influence === undefined) return null;
  const parts: string[] = [info.linked ? 'Customer' : 'Not a customer'];
  if (info.linked && info.financial !== undefined) {
    parts.push(new Intl.NumberFormat(locale, { style: 'currency', currency, notation: 'compact', minimumFractionDigits: 0, maximumFractionDigits: 1 }).format(info.financial));
  }
  if (info.influence !== undefined) parts.push(`influence ${Math.round(info.influence)}`);
  if (info.segment && SEGMENT_WORDS[info.segment]) parts.push(SEGMENT_WORDS[info.segment]!);
  return parts.join(' · ');
}

/** Values computed (every value record has an influence): nothing more to wait for. */
function settled(info: BadgeInfo | undefined): boolean {
  return info?.influence !== undefined;
}

const STYLE = `
  :host { all: initial; display: inline-block; margin: 0 4px; vertical-align: middle; }
  span { font: 600 11px/1.6 system-ui, sans-serif; padding: 1px 6px; border-radius: 8px;
         background: #e8f0fe; color: #0b3d91; border: 1px solid #a8c4f5; white-space: nowrap; }
  span.customer { background: #e6f4ea; color: #0d5226; border-color: #9fd4ae; }
  span.warn { background: #fdecea; color: #8a1c12; border-color: #f3b1aa; }
`;

export interface Badges {
  /** Show badges for the people of an extraction (the live runtime's onOutcome). */
  update(outcome: ExtractOutcome): void;
  /** Remove every badge (settings switched them off, the script stops). */
  clear(): void;
}

export function createBadges(deps: BadgeDeps): Badges {
  const { document } = deps;
  const known = new Map<string, BadgeInfo>();
  const asked = new Map<string, number>();
  const now = deps.now ?? (() => Date.now());
  const shown = new WeakMap<Element, Element>();
  const hosts = new Set<Element>();
  let currency = 'EUR';

  function place(anchor: Element, text: string, info: BadgeInfo): void {
    const existing = shown.get(anchor);
    if (existing?.isConnected && existing.getAttribute('data-text') === text) return;
    existing?.remove();
    const host = document.createElement('span');
    host.setAttribute(OWN_MARK, 'badge');
    host.setAttribute('data-text', text);
    host.setAttribute('role', 'note');
    host.setAttribute('aria-label', `Earshot: ${text}`);
    const root = host.attachShadow({ mode: 'closed' });
    const style = document.createElement('style');
    style.textContent = STYLE;
    const label = document.createElement('span');
    label.className = info.segment === 'negative-value' || info.segment === 'detractor-with-reach' ? 'warn' : info.linked ? 'customer' : '';
    label.textContent = text;
    root.append(style, label);
    anchor.after(host);
    shown.set(anchor, host);
    hosts.add(host);
  }

  function render(outcome: ExtractOutcome): void {
    const platformOf = new Map(outcome.page.profiles.map((p) => [p.key, p.platform]));
    for (const [key, anchors] of outcome.anchors) {
      const info = known.get(`${platformOf.get(key) ?? ''}:${key}`);
      const text = info ? badgeText(info, currency, deps.locale) : null;
      if (!info || !text) continue;
      for (const anchor of anchors.slice(0, 1)) if (anchor.isConnected) place(anchor, text, info);
    }
  }

  // A first capture reaches the service worker after the first question about it, and a
  // static page sends no more extractions: a timer asks again while answers are pending.
  const setTimer = deps.setTimeout ?? ((handler: () => void, ms: number) => setTimeout(handler, ms));
  const clearTimer = deps.clearTimeout ?? ((id: unknown) => clearTimeout(id as ReturnType<typeof setTimeout>));
  let latest: ExtractOutcome | undefined;
  let timer: unknown;
  let timedAsks = 0;

  const idOf = (p: ExtractOutcome['page']['profiles'][number]) => `${p.platform}:${p.key}`;

  function askAgainLater(): void {
    if (timer !== undefined || timedAsks >= MAX_TIMED_ASKS || !latest?.page.profiles.some((p) => !settled(known.get(idOf(p))))) return;
    timedAsks++;
    timer = setTimer(() => {
      timer = undefined;
      if (latest) ask(latest);
    }, ASK_AGAIN_AFTER_MS);
  }

  function ask(outcome: ExtractOutcome): void {
    const t = now();
    const ids = outcome.page.profiles.map(idOf).filter((id) => {
      const at = asked.get(id);
      return at === undefined || (!settled(known.get(id)) && t - at >= ASK_AGAIN_AFTER_MS);
    });
    render(outcome);
    if (ids.length === 0) return;
    for (const id of ids) asked.set(id, t);
    deps
      .request(ids.slice(0, 500))
      .then((reply) => {
        currency = reply.currency;
        for (const b of reply.badges) known.set(b.profileId, b);
        render(latest ?? outcome);
      })
      // The service worker may not know them yet (the capture is being stored): ask again.
      .catch(() => ids.forEach((id) => asked.delete(id)))
      .finally(askAgainLater);
  }

  return {
    update(outcome) {
      if (!overlaysAllowed(deps.location.href)) return;
      latest = outcome;
      timedAsks = 0;
      ask(outcome);
    },
    clear() {
      if (timer !== undefined) clearTimer(timer);
      timer = undefined;
      latest = undefined;
      for (const host of hosts) host.remove();
      hosts.clear();
    },
  };
}
