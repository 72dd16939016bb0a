/**
 * Small in-page badges: next to a person Earshot knows, what they are worth
 * to the shop and how far their voice carries ("Customer · €1.2K · influence
 * 62"). Plain DOM, no framework, no zod: this runs in content scripts.
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
  /** Ask the service worker about these people (badges/get). */
  request(profileIds: string[]): Promise<{ badges: BadgeInfo[]; currency: string }>;
  /** The user's locale for numbers (navigator.language). */
  locale?: string;
  now?(): number;
}

/** Matching and values follow a capture by a few seconds: ask again about people with nothing to show yet. */
const ASK_AGAIN_AFTER_MS = 8000;

const SEGMENT_WORDS: Record<string, string> = {
  champions: 'Champion',
  affluents: 'Affluent',
  advocates: 'Advocate',
  misers: 'Miser',
  'detractor-with-reach': 'Detractor with reach',
  'negative-value': 'Negative value',
};

/** The words of a badge, or null when there is nothing worth showing. */
export function badgeText(info: BadgeInfo, currency: string, locale?: string): string | null {
  const parts: string[] = [];
  if (info.linked) {
    parts.push('Customer');
    if (info.financial !== undefined) {
      parts.push(new Intl.NumberFormat(locale, { style: 'currency', currency, notation: 'compact', minimumFractionDigits: 0, maximumFractionDigits: 1 }).format(info.financial));
    }
  }
  if (info.influence !== undefined && (info.linked || info.influence >= 1)) parts.push(`influence ${Math.round(info.influence)}`);
  if (info.segment && SEGMENT_WORDS[info.segment]) parts.push(SEGMENT_WORDS[info.segment]!);
  return parts.length > 0 ? parts.join(' · ') : null;
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

  return {
    update(outcome) {
      const t = now();
      const ids = outcome.page.profiles
        .map((p) => `${p.platform}:${p.key}`)
        .filter((id) => {
          const at = asked.get(id);
          if (at === undefined) return true;
          const info = known.get(id);
          return (!info || badgeText(info, currency, deps.locale) === null) && t - at > ASK_AGAIN_AFTER_MS;
        });
      render(outcome);
      if (ids.length === 0) return;
      for (const id of ids) asked.set(id, t);
      deps
        .request(ids.slice(0, 500))
        .then((reply) => {
          currency = reply.currency;
          for (const b of reply.badges) known.set(b.profileId, b);
          render(outcome);
        })
        // The service worker may not know them yet (the capture is being stored): ask again next time.
        .catch(() => ids.forEach((id) => asked.delete(id)));
    },
    clear() {
      for (const host of hosts) host.remove();
      hosts.clear();
    },
  };
}
