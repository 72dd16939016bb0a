/**
 * Small in-page badges: next to each person on the page, what Earshot knows
 * of them ("Customer · €1,235 · influence 62 · Champion", "Perhaps your
 * customer · influence 3", "Not a customer · influence 3"), in the user's
 * language. The service worker composes the words (badges/get); this file only
 * shows them. Plain DOM, no framework, no zod: this runs in content scripts.
 * Never on sites whose terms forbid overlays (NO_OVERLAY_DOMAINS).
 *
 * The page must learn nothing from a badge about who is the user's customer
 * (test/e2e/badge-privacy.spec.ts tries every way a page script has):
 * - Everything that differs between badges lives in a closed shadow root: the
 *   page sees a host element whose attributes, styles and size are the same
 *   for everyone. Its size is fixed with `!important` inside the shadow root,
 *   which outranks any page style, and `contain: strict` keeps the words from
 *   sizing it; long words are cut with an ellipsis and shown whole in the tooltip.
 * - The words are generated content (`content: attr(...)`), not text nodes, so
 *   find-in-page, the selection and innerText cannot reach them; the
 *   accessible name is an aria-label inside the shadow root.
 * - Every person gets a host at the same moment, as soon as they are seen,
 *   before anyone knows who they are; what arrives later changes only the
 *   inside of the shadow root, where a page's MutationObserver cannot look.
 */
import type { BadgesChanged } from '../messages';
import type { ExtractOutcome } from './types';
import { OWN_MARK } from './live';

export type BadgeTone = 'customer' | 'suggested' | 'stranger' | 'warn';

/** One badge as the service worker composed it. */
export interface BadgeWords {
  profileId: string;
  words: string;
  tone: BadgeTone;
}

export interface BadgeReply {
  /** False when badges are switched off (or on a site that forbids overlays): remove them. */
  enabled: boolean;
  badges: BadgeWords[];
}

export interface BadgeDeps {
  document: Document;
  /** The page's address: no badges on sites that forbid overlays. */
  location: { readonly href: string };
  /** Ask the service worker about these people (badges/get). */
  request(profileIds: string[]): Promise<BadgeReply>;
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

/** The message the service worker pushes when what badges show may have changed. */
export function isBadgesChanged(message: unknown): message is BadgesChanged {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === ('badges/changed' satisfies BadgesChanged['type']);
}

/** A service worker answers about at most this many people per question. */
const ASK_AT_MOST = 500;

/** What a badge says before the service worker answered: the same for everyone. */
const PENDING = { words: 'Earshot', tone: 'pending' } as const;

// Every declaration on :host is !important: inside a shadow root that outranks the page's
// own !important rules and inline styles, so the page cannot make the words size the host.
const STYLE = `
  :host {
    all: initial !important; display: inline-block !important; box-sizing: border-box !important;
    width: 15em !important; height: 1.7em !important; margin: 0 4px !important; padding: 0 !important;
    font-size: 11px !important; line-height: 1.7em !important; vertical-align: middle !important;
    overflow: hidden !important; contain: strict !important; position: relative !important;
  }
  .badge { display: block; box-sizing: border-box; width: 100%; height: 100%; padding: 0 6px; border-radius: 8px;
           border: 1px solid #a8c4f5; background: #e8f0fe; color: #0b3d91; font: 600 11px/1.5 system-ui, sans-serif;
           white-space: nowrap; overflow: hidden; text-overflow: ellipsis; user-select: none; cursor: default; }
  .badge::before { content: attr(data-words); }
  .customer { background: #e6f4ea; color: #0d5226; border-color: #9fd4ae; }
  .suggested { background: #fff4d6; color: #6b4a00; border-color: #f0cf7a; }
  .pending { background: #f1f3f4; color: #3c4043; border-color: #dadce0; }
  .warn { background: #fdecea; color: #8a1c12; border-color: #f3b1aa; }
`;

export interface Badges {
  /** Show a badge for each person of an extraction (the live runtime's onOutcome). */
  update(outcome: ExtractOutcome): void;
  /** Ask again about everyone shown: a decision, an import or new values changed them. */
  refresh(): void;
  /** Remove every badge (settings switched them off, the script stops). */
  clear(): void;
}

interface Shown {
  host: Element;
  label: Element;
}

export function createBadges(deps: BadgeDeps): Badges {
  const { document } = deps;
  const words = new Map<string, BadgeWords>();
  const asked = new Set<string>();
  const shown = new Map<Element, Shown>();
  const profileOf = new Map<Element, string>();
  let latest: ExtractOutcome | undefined;
  let enabled = true;

  function draw(label: Element, profileId: string): void {
    const { words: text, tone } = words.get(profileId) ?? PENDING;
    label.className = `badge ${tone}`;
    label.setAttribute('data-words', text);
    label.setAttribute('title', text);
    label.setAttribute('aria-label', `Earshot: ${text}`);
  }

  function place(anchor: Element, profileId: string): void {
    const existing = shown.get(anchor);
    if (existing?.host.isConnected) return;
    existing?.host.remove();
    const host = document.createElement('span');
    host.setAttribute(OWN_MARK, 'badge');
    const root = host.attachShadow({ mode: 'closed' });
    const style = document.createElement('style');
    style.textContent = STYLE;
    const label = document.createElement('span');
    label.setAttribute('role', 'note');
    draw(label, profileId);
    root.append(style, label);
    anchor.after(host);
    shown.set(anchor, { host, label });
    profileOf.set(anchor, profileId);
  }

  function placeAll(outcome: ExtractOutcome): void {
    const platformOf = new Map(outcome.page.profiles.map((p) => [p.key, p.platform]));
    for (const [key, anchors] of outcome.anchors) {
      const anchor = anchors[0];
      if (anchor?.isConnected && platformOf.has(key)) place(anchor, `${platformOf.get(key)}:${key}`);
    }
  }

  /** Redraw every badge at once, whatever changed: the same work for a customer as for anyone. */
  function redrawAll(): void {
    for (const [anchor, { label }] of shown) draw(label, profileOf.get(anchor)!);
  }

  function removeAll(): void {
    for (const { host } of shown.values()) host.remove();
    shown.clear();
    profileOf.clear();
  }

  function ask(profileIds: string[]): void {
    for (let i = 0; i < profileIds.length; i += ASK_AT_MOST) {
      const batch = profileIds.slice(i, i + ASK_AT_MOST);
      for (const id of batch) asked.add(id);
      deps
        .request(batch)
        .then((reply) => {
          enabled = reply.enabled;
          if (!enabled) return removeAll();
          for (const b of reply.badges) words.set(b.profileId, b);
          if (latest) placeAll(latest);
          redrawAll();
        })
        // The service worker may be starting or storing the capture: its next push asks again.
        .catch(() => batch.forEach((id) => asked.delete(id)));
    }
  }

  const idsOf = (outcome: ExtractOutcome) => outcome.page.profiles.map((p) => `${p.platform}:${p.key}`);

  return {
    update(outcome) {
      if (!overlaysAllowed(deps.location.href)) return;
      latest = outcome;
      if (enabled) placeAll(outcome);
      ask(idsOf(outcome).filter((id) => !asked.has(id)));
    },
    refresh() {
      if (latest && overlaysAllowed(deps.location.href)) ask(idsOf(latest));
    },
    clear() {
      latest = undefined;
      removeAll();
    },
  };
}
