import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { NO_OVERLAY_DOMAINS, badgeText, createBadges, overlaysAllowed, type BadgeInfo } from '../../../lib/capture/badges';
import type { ExtractOutcome } from '../../../lib/capture/types';
import { SITES } from '../../../lib/capture/registry';
import { contentSettings } from '../../../lib/ext/content';

describe('badgeText', () => {
  it('says customer, net value, influence and segment', () => {
    expect(badgeText({ profileId: 'x:a', linked: true, financial: 1234.5, influence: 61.6, segment: 'champions' }, 'EUR', 'en-US')).toBe('Customer · €1.2K · influence 62 · Champion');
  });
  it('says "not a customer" with the influence, however small, and nothing before the values are known', () => {
    expect(badgeText({ profileId: 'x:a', linked: false, influence: 40, segment: 'advocates' }, 'EUR', 'en-US')).toBe('Not a customer · influence 40 · Advocate');
    expect(badgeText({ profileId: 'x:a', linked: false, influence: 0 }, 'EUR', 'en-US')).toBe('Not a customer · influence 0');
    expect(badgeText({ profileId: 'x:a', linked: false, influence: 0.4 }, 'EUR', 'en-US')).toBe('Not a customer · influence 0');
    // A non-customer's financial value is not shown: it is not theirs to the shop.
    expect(badgeText({ profileId: 'x:a', linked: false, financial: 0, influence: 3 }, 'EUR', 'en-US')).toBe('Not a customer · influence 3');
    expect(badgeText({ profileId: 'x:a', linked: false }, 'EUR', 'en-US')).toBeNull();
  });
  it('a customer is one even before the values are computed', () => {
    expect(badgeText({ profileId: 'x:a', linked: true }, 'EUR', 'en-US')).toBe('Customer');
  });
  it('shows negative value as negative', () => {
    expect(badgeText({ profileId: 'x:a', linked: true, financial: -85, influence: 2, segment: 'negative-value' }, 'EUR', 'en-US')).toBe('Customer · -€85 · influence 2 · Negative value');
  });
});

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
      request: async () => (asked++, { currency: 'EUR', badges: [{ profileId: 'trustpilot:u1', linked: true, financial: 100, influence: 10 }] }),
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

describe('createBadges', () => {
  it('puts a badge after the person, as text, and asks the service worker once', async () => {
    const { document } = parseHTML('<div><a id="u1">Anna</a><a id="u2">&lt;b&gt;Jan</a><a id="u3">Piet</a></div>');
    const asked: string[][] = [];
    const infos: BadgeInfo[] = [
      { profileId: 'trustpilot:u1', linked: true, financial: 100, influence: 10, segment: 'misers' },
      { profileId: 'trustpilot:u2', linked: false, influence: 0 },
      { profileId: 'trustpilot:u3', linked: false },
    ];
    const badges = createBadges({ document, location: PAGE, locale: 'en-US', request: async (ids) => (asked.push(ids), { currency: 'EUR', badges: infos }) });
    badges.update(outcome(document, ['u1', 'u2', 'u3']));
    await flush();
    badges.update(outcome(document, ['u1', 'u2', 'u3']));
    await flush();
    expect(asked).toEqual([['trustpilot:u1', 'trustpilot:u2', 'trustpilot:u3']]);
    const hosts = document.querySelectorAll('[data-earshot="badge"]');
    // u3's values are not computed yet: no badge rather than a guess.
    expect(hosts.length).toBe(2);
    expect(hosts[0]!.previousElementSibling?.id).toBe('u1');
    expect(hosts[0]!.getAttribute('aria-label')).toBe('Earshot: Customer · €100 · influence 10 · Miser');
    // A non-customer with no influence to speak of still gets a badge: knowing they are not a customer is the point.
    expect(hosts[1]!.previousElementSibling?.id).toBe('u2');
    expect(hosts[1]!.getAttribute('aria-label')).toBe('Earshot: Not a customer · influence 0');
    // Text only: the page's markup in a name never becomes markup of ours.
    expect(document.querySelector('#u2')!.innerHTML).toBe('&lt;b&gt;Jan');
    badges.clear();
    expect(document.querySelectorAll('[data-earshot]').length).toBe(0);
  });

  it('asks again later about people it had nothing to show for (matching was still running)', async () => {
    const { document } = parseHTML('<div><a id="u1">Anna</a></div>');
    let clock = 0;
    let calls = 0;
    const badges = createBadges({
      document,
      location: PAGE,
      now: () => clock,
      // The first answer comes before values were computed; the second has them.
      request: async () => (calls++, { currency: 'EUR', badges: [calls > 1 ? { profileId: 'trustpilot:u1', linked: false, influence: 4 } : { profileId: 'trustpilot:u1', linked: false }] }),
    });
    badges.update(outcome(document, ['u1']));
    await flush();
    clock = 3000;
    badges.update(outcome(document, ['u1']));
    await flush();
    expect(calls).toBe(1);
    clock = 10_000;
    badges.update(outcome(document, ['u1']));
    await flush();
    expect(calls).toBe(2);
    expect(document.querySelectorAll('[data-earshot]').length).toBe(1);
    expect(document.querySelector('[data-earshot]')!.getAttribute('data-text')).toBe('Not a customer · influence 4');
    // Settled: not asked again.
    clock = 30_000;
    badges.update(outcome(document, ['u1']));
    await flush();
    expect(calls).toBe(2);
  });
});

/** Timers the test runs by hand: `tick` lets pending work settle, then fires the next timer (if any) and settles again. */
function manualTimers() {
  let clock = 0;
  const timers: { at: number; run: () => void }[] = [];
  return {
    timers,
    now: () => clock,
    setTimeout: (run: () => void, ms: number) => timers.push({ at: clock + ms, run }),
    async tick(): Promise<boolean> {
      await flush();
      const next = timers.shift();
      if (next) {
        clock = next.at;
        next.run();
      }
      await flush();
      return next !== undefined;
    },
  };
}

describe('createBadges on a page that no longer changes', () => {
  it('asks again by timer until the values are known, then stops', async () => {
    const { document } = parseHTML('<div><a id="u1">Anna</a></div>');
    const { timers, now, setTimeout, tick } = manualTimers();
    let calls = 0;
    const badges = createBadges({
      document,
      location: PAGE,
      now,
      setTimeout,
      clearTimeout: () => undefined,
      // Unknown at first (the capture is still being stored), then not yet valued, then valued.
      request: async (ids) => {
        calls++;
        const badges = calls === 1 ? [] : calls === 2 ? [{ profileId: ids[0]!, linked: false }] : [{ profileId: ids[0]!, linked: false, influence: 0 }];
        return { currency: 'EUR', badges };
      },
    });
    // One extraction only: nothing on the page changes after it.
    badges.update(outcome(document, ['u1']));
    await tick();
    expect(calls).toBe(2);
    expect(document.querySelectorAll('[data-earshot]').length).toBe(0);
    await tick();
    expect(calls).toBe(3);
    expect(document.querySelector('[data-earshot]')!.getAttribute('data-text')).toBe('Not a customer · influence 0');
    // Settled: no more timers, no more questions.
    await tick();
    await tick();
    expect(calls).toBe(3);
    expect(timers).toHaveLength(0);
  });

  it('gives up after a few timed questions when the worker never knows the person', async () => {
    const { document } = parseHTML('<div><a id="u1">Anna</a></div>');
    const { now, setTimeout, tick } = manualTimers();
    let calls = 0;
    const badges = createBadges({
      document,
      location: PAGE,
      now,
      setTimeout,
      request: async () => (calls++, { currency: 'EUR', badges: [] }),
    });
    badges.update(outcome(document, ['u1']));
    for (let i = 0; i < 10 && (await tick()); i++);
    expect(calls).toBe(5);
  });
});

describe('contentSettings', () => {
  it('reads the two settings a content script needs, tolerating anything stored', () => {
    expect(contentSettings({ disabledSites: ['amazon'], pageBadges: false }, 'amazon')).toEqual({ siteEnabled: false, badges: false });
    expect(contentSettings(undefined, 'amazon')).toEqual({ siteEnabled: true, badges: true });
    expect(contentSettings({ disabledSites: 'amazon' }, 'amazon')).toEqual({ siteEnabled: true, badges: true });
  });
});
