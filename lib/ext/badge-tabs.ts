/**
 * The tabs whose content scripts show badges, so the service worker can tell
 * them when what the badges say changed (a decision, an import, new values)
 * instead of having them poll. Kept in session storage: a stopped and restarted
 * worker still knows them, and nothing outlives the browser session.
 */
import { browser } from 'wxt/browser';
import type { BadgesChanged } from '../messages';

const KEY = 'badgeTabs';

async function badgeTabs(): Promise<number[]> {
  const stored = (await browser.storage.session.get(KEY))[KEY];
  return Array.isArray(stored) ? stored.filter((id): id is number => Number.isInteger(id)) : [];
}

// Reads and writes of the list take turns, so two tabs asking at once are both kept.
let turn: Promise<unknown> = Promise.resolve();
function inTurn(step: () => Promise<void>): Promise<void> {
  const next = turn.then(step, step);
  turn = next.catch(() => undefined);
  return next;
}

export function rememberBadgeTab(tabId: number): Promise<void> {
  return inTurn(async () => {
    const tabs = await badgeTabs();
    if (!tabs.includes(tabId)) await browser.storage.session.set({ [KEY]: [...tabs, tabId] });
  });
}

/** Tell every badge-showing tab to ask again; forget the tabs that are gone or navigated away. */
export function notifyBadgeTabs(): Promise<void> {
  return inTurn(async () => {
    const tabs = await badgeTabs();
    const push: BadgesChanged = { type: 'badges/changed' };
    const alive = await Promise.all(
      tabs.map((tabId) =>
        browser.tabs.sendMessage(tabId, push).then(
          () => true,
          () => false,
        ),
      ),
    );
    const kept = tabs.filter((_, i) => alive[i]);
    if (kept.length !== tabs.length) await browser.storage.session.set({ [KEY]: kept });
  });
}
