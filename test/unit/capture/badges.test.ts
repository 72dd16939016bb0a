import { parseHTML } from 'linkedom';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NO_OVERLAY_DOMAINS, createBadges, isBadgesChanged, overlaysAllowed, type BadgeReply, type BadgeWords } from '../../../lib/capture/badges';
import type { ExtractOutcome } from '../../../lib/capture/types';
import { SITES } from '../../../lib/capture/registry';
import { contentSettings } from '../../../lib/ext/content';

describe('sites whose terms forbid overlays', () => {
  it('LinkedIn and its subdomains never get badges; look-alike hosts are other sites', () => {
    expect(NO_OVERLAY_DOMAINS).toContain('linkedin.com');
    for (const url of ['https://www.linkedin.com/in/someone/', 'https://nl.linkedin.com/company/x', 'https://linkedin.com/feed/', 'https://WWW.LINKEDIN.COM./in/x']) {
      expect(overlaysAllowed(url), url).toBe(false);
    }
    for (const url of ['https://www.trustpilot.com/review/x', 'https://notlinkedin.com/', 'https://linkedin.com.example/']) {
      expect(overlaysAllowed(url), url).toBe(true);
    }
    expect(overlaysAllowed('not a url')).toBe(false);
  });

  it('every registered site allows overlays, so no site module can put badges on LinkedIn', () => {
    for (const site of SITES) for (const url of site.examples) expect(overlaysAllowed(url), `${site.id} ${url}`).toBe(true);
  });

  it('createBadges on a LinkedIn page draws nothing and asks nothing', async () => {
    const { document } = parseHTML('<div><a id="u1">Anna</a></div>');
    let asked = 0;
    const badges = createBadges({
      document,
      location: { href: 'https://www.linkedin.com/in/anna/' },
      request: async () => (asked++, { enabled: true, badges: [{ profileId: 'trustpilot:u1', words: 'Customer', tone: 'customer' as const }] }),
    });
    badges.update(outcome(document, ['u1']));
    await flush();
    expect(asked).toBe(0);
    expect(document.querySelectorAll('[data-earshot]').length).toBe(0);
  });
});

const PAGE = { href: 'https://www.trustpilot.com/review/x' };

function outcome(document: Document, keys: string[]): ExtractOutcome {
  const anchors = new Map<string, Element[]>();
  for (const key of keys) anchors.set(key, [document.getElementById(key)!]);
  return {
    status: 'ok',
    page: { url: 'https://www.trustpilot.com/review/x', site: 'trustpilot', kind: 'reviews', profiles: keys.map((key) => ({ platform: 'trustpilot', key, displayName: key })), contributions: [] },
    warnings: [],
    contributionIds: [],
    anchors,
  };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

// The badge's inside is a closed shadow root: the page cannot reach it, and neither can a test
// through the element. The test keeps the roots the content script makes, as the browser does.
const roots = new Map<Element, ShadowRoot>();
let restore: () => void;
beforeEach(() => {
  const { document } = parseHTML('<p></p>');
  const proto = Object.getPrototypeOf(document.createElement('span')) as { attachShadow(init: ShadowRootInit): ShadowRoot };
  const original = proto.attachShadow;
  proto.attachShadow = function (this: Element, init: ShadowRootInit) {
    const root = original.call(this, init);
    roots.set(this, root);
    return root;
  };
  restore = () => {
    proto.attachShadow = original;
    roots.clear();
  };
});
afterEach(() => restore());

/** What the user sees and hears in a badge: its words (generated content), tone, tooltip and accessible name. */
function inside(host: Element) {
  const label = roots.get(host)!.querySelector('[role="note"]')!;
  return { words: label.getAttribute('data-words'), tone: label.className, title: label.getAttribute('title'), name: label.getAttribute('aria-label') };
}

/** A service worker that answers from a table the test changes, and counts the questions. */
function worker(table: Record<string, Omit<BadgeWords, 'profileId'>>, enabled = () => true) {
  const asked: string[][] = [];
  return {
    asked,
    table,
    request: async (ids: string[]): Promise<BadgeReply> => {
      asked.push(ids);
      return { enabled: enabled(), badges: ids.flatMap((profileId) => (table[profileId] ? [{ profileId, ...table[profileId]! }] : [])) };
    },
  };
}

describe('createBadges', () => {
  it('gives everyone a badge at once, before anyone is known, all alike from the outside', async () => {
    const { document } = parseHTML('<div><a id="u1">Anna</a><a id="u2">Jan</a><a id="u3">Piet</a></div>');
    const sw = worker({ 'trustpilot:u1': { words: 'Customer · €100', tone: 'customer' }, 'trustpilot:u2': { words: 'Not a customer · influence 0', tone: 'stranger' } });
    const badges = createBadges({ document, location: PAGE, request: sw.request });
    badges.update(outcome(document, ['u1', 'u2', 'u3']));
    const before = [...document.querySelectorAll('[data-earshot]')];
    expect(before.map((h) => h.previousElementSibling?.id)).toEqual(['u1', 'u2', 'u3']);
    expect(before.map((h) => inside(h).words)).toEqual(['Earshot', 'Earshot', 'Earshot']);
    await flush();
    const hosts = [...document.querySelectorAll('[data-earshot]')];
    // No new elements once the answer came: only the insides changed.
    expect(hosts).toEqual(before);
    expect(inside(hosts[0]!)).toEqual({ words: 'Customer · €100', tone: 'badge customer', title: 'Customer · €100', name: 'Earshot: Customer · €100' });
    expect(inside(hosts[1]!).words).toBe('Not a customer · influence 0');
    // Values for u3 are still being computed: the badge keeps saying nothing about them.
    expect(inside(hosts[2]!)).toMatchObject({ words: 'Earshot', tone: 'badge pending' });
    // From the outside, a customer's badge is a stranger's: the same attributes, no text at all.
    expect(new Set(hosts.map((h) => h.outerHTML))).toEqual(new Set(['<span data-earshot="badge"></span>']));
    expect(sw.asked).toEqual([['trustpilot:u1', 'trustpilot:u2', 'trustpilot:u3']]);
  });

  it('keeps words as text: markup in a name or in an answer never becomes markup', async () => {
    const { document } = parseHTML('<div><a id="u1">&lt;b&gt;Jan</a></div>');
    const sw = worker({ 'trustpilot:u1': { words: '<img src=x onerror=alert(1)>', tone: 'stranger' } });
    createBadges({ document, location: PAGE, request: sw.request }).update(outcome(document, ['u1']));
    await flush();
    const host = document.querySelector('[data-earshot]')!;
    expect(inside(host).words).toBe('<img src=x onerror=alert(1)>');
    expect(roots.get(host)!.querySelector('img')).toBeNull();
    expect(document.querySelector('#u1')!.innerHTML).toBe('&lt;b&gt;Jan');
  });

  it('asks once per person, and again about everyone when the service worker says things changed', async () => {
    const { document } = parseHTML('<div><a id="u1">Anna</a><a id="u2">Jan</a></div>');
    const sw = worker({ 'trustpilot:u1': { words: 'Perhaps your customer · influence 3', tone: 'suggested' } });
    const badges = createBadges({ document, location: PAGE, request: sw.request });
    badges.update(outcome(document, ['u1']));
    await flush();
    badges.update(outcome(document, ['u1', 'u2']));
    await flush();
    expect(sw.asked).toEqual([['trustpilot:u1'], ['trustpilot:u2']]);
    // The user confirmed u1 in the popup: the push makes the badge say so, without a reload.
    sw.table['trustpilot:u1'] = { words: 'Customer · €420 · influence 3', tone: 'customer' };
    badges.refresh();
    await flush();
    expect(sw.asked.at(-1)).toEqual(['trustpilot:u1', 'trustpilot:u2']);
    expect(inside(document.querySelector('[data-earshot]')!)).toMatchObject({ words: 'Customer · €420 · influence 3', tone: 'badge customer' });
    expect(document.querySelectorAll('[data-earshot]')).toHaveLength(2);
  });

  it('asks again about people whose question failed (the worker was starting)', async () => {
    const { document } = parseHTML('<div><a id="u1">Anna</a></div>');
    let calls = 0;
    const badges = createBadges({
      document,
      location: PAGE,
      request: async (): Promise<BadgeReply> => {
        if (++calls === 1) throw new Error('Could not establish connection');
        return { enabled: true, badges: [{ profileId: 'trustpilot:u1', words: 'Not a customer · influence 4', tone: 'stranger' }] };
      },
    });
    badges.update(outcome(document, ['u1']));
    await flush();
    badges.update(outcome(document, ['u1']));
    await flush();
    expect(calls).toBe(2);
    expect(inside(document.querySelector('[data-earshot]')!).words).toBe('Not a customer · influence 4');
  });

  it('removes every badge when the user switches them off, and draws them again when switched on', async () => {
    const { document } = parseHTML('<div><a id="u1">Anna</a></div>');
    let on = true;
    const sw = worker({ 'trustpilot:u1': { words: 'Customer', tone: 'customer' } }, () => on);
    const badges = createBadges({ document, location: PAGE, request: sw.request });
    badges.update(outcome(document, ['u1']));
    await flush();
    expect(document.querySelectorAll('[data-earshot]')).toHaveLength(1);
    on = false;
    badges.refresh();
    await flush();
    expect(document.querySelectorAll('[data-earshot]')).toHaveLength(0);
    on = true;
    badges.refresh();
    await flush();
    expect(document.querySelectorAll('[data-earshot]')).toHaveLength(1);
    badges.clear();
    expect(document.querySelectorAll('[data-earshot]')).toHaveLength(0);
  });

  it('draws a new badge when the site re-renders the person, and none twice for one person', async () => {
    const { document } = parseHTML('<div id="list"><a id="u1">Anna</a></div>');
    const sw = worker({ 'trustpilot:u1': { words: 'Customer', tone: 'customer' } });
    const badges = createBadges({ document, location: PAGE, request: sw.request });
    badges.update(outcome(document, ['u1']));
    badges.update(outcome(document, ['u1']));
    await flush();
    expect(document.querySelectorAll('[data-earshot]')).toHaveLength(1);
    document.getElementById('list')!.innerHTML = '<a id="u1">Anna</a>';
    badges.update(outcome(document, ['u1']));
    expect(document.querySelectorAll('[data-earshot]')).toHaveLength(1);
    expect(inside(document.querySelector('[data-earshot]')!).words).toBe('Customer');
    expect(sw.asked).toHaveLength(1);
  });
});

describe('isBadgesChanged', () => {
  it('knows the push and nothing else', () => {
    expect(isBadgesChanged({ type: 'badges/changed' })).toBe(true);
    for (const other of [null, undefined, 'badges/changed', { type: 'badges/get' }, {}]) expect(isBadgesChanged(other)).toBe(false);
  });
});

describe('contentSettings', () => {
  it('reads the two settings a content script needs, tolerating anything stored', () => {
    expect(contentSettings({ disabledSites: ['amazon'], pageBadges: false }, 'amazon')).toEqual({ siteEnabled: false, badges: false });
    expect(contentSettings(undefined, 'amazon')).toEqual({ siteEnabled: true, badges: true });
    expect(contentSettings({ disabledSites: 'amazon' }, 'amazon')).toEqual({ siteEnabled: true, badges: true });
  });
});
