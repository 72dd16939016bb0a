import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { badgeText, createBadges, type BadgeInfo } from '../../../lib/capture/badges';
import type { ExtractOutcome } from '../../../lib/capture/types';
import { contentSettings } from '../../../lib/ext/content';

describe('badgeText', () => {
  it('says customer, net value, influence and segment', () => {
    expect(badgeText({ profileId: 'x:a', linked: true, financial: 1234.5, influence: 61.6, segment: 'champions' }, 'EUR', 'en-US')).toBe('Customer · €1.2K · influence 62 · Champion');
  });
  it('shows a non-customer only for their influence, and nobody for nothing', () => {
    expect(badgeText({ profileId: 'x:a', linked: false, influence: 40, segment: 'advocates' }, 'EUR', 'en-US')).toBe('influence 40 · Advocate');
    expect(badgeText({ profileId: 'x:a', linked: false }, 'EUR', 'en-US')).toBeNull();
    expect(badgeText({ profileId: 'x:a', linked: false, influence: 0 }, 'EUR', 'en-US')).toBeNull();
  });
  it('shows negative value as negative', () => {
    expect(badgeText({ profileId: 'x:a', linked: true, financial: -85, segment: 'negative-value' }, 'EUR', 'en-US')).toBe('Customer · -€85 · Negative value');
  });
});

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
    const { document } = parseHTML('<div><a id="u1">Anna</a><a id="u2">&lt;b&gt;Jan</a></div>');
    const asked: string[][] = [];
    const infos: BadgeInfo[] = [
      { profileId: 'trustpilot:u1', linked: true, financial: 100, influence: 10, segment: 'misers' },
      { profileId: 'trustpilot:u2', linked: false },
    ];
    const badges = createBadges({ document, locale: 'en-US', request: async (ids) => (asked.push(ids), { currency: 'EUR', badges: infos }) });
    badges.update(outcome(document, ['u1', 'u2']));
    await flush();
    badges.update(outcome(document, ['u1', 'u2']));
    await flush();
    expect(asked).toEqual([['trustpilot:u1', 'trustpilot:u2']]);
    const hosts = document.querySelectorAll('[data-earshot="badge"]');
    expect(hosts.length).toBe(1);
    expect(hosts[0]!.previousElementSibling?.id).toBe('u1');
    expect(hosts[0]!.getAttribute('aria-label')).toBe('Earshot: Customer · €100 · influence 10 · Miser');
    badges.clear();
    expect(document.querySelectorAll('[data-earshot]').length).toBe(0);
  });

  it('asks again later about people it had nothing to show for (matching was still running)', async () => {
    const { document } = parseHTML('<div><a id="u1">Anna</a></div>');
    let clock = 0;
    let calls = 0;
    const badges = createBadges({ document, now: () => clock, request: async () => (calls++, { currency: 'EUR', badges: [{ profileId: 'trustpilot:u1', linked: calls > 1, financial: 5 }] }) });
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
  });
});

describe('contentSettings', () => {
  it('reads the two settings a content script needs, tolerating anything stored', () => {
    expect(contentSettings({ disabledSites: ['amazon'], pageBadges: false }, 'amazon')).toEqual({ siteEnabled: false, badges: false });
    expect(contentSettings(undefined, 'amazon')).toEqual({ siteEnabled: true, badges: true });
    expect(contentSettings({ disabledSites: 'amazon' }, 'amazon')).toEqual({ siteEnabled: true, badges: true });
  });
});
