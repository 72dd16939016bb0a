/**
 * Storing captures: a review is one record however often and on whatever day
 * it is seen (relative dates move, ids do not), a broken layout stays visible
 * until a clean capture yields people again, and broken layouts are counted
 * per site.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EarshotDatabase } from '../../../lib/db/database';
import { BROKEN_META_KEY, HEALTH_META_KEY, brokenSiteCounts, captureHealth, contributionId, layoutDrops, reportBroken, storeCapture } from '../../../lib/db/captures';
import { extractPage } from '../../../lib/capture/registry';
import type { CapturedPage } from '../../../lib/model';
import { caseFor, loadPage } from '../capture/helpers';
import { deleteDatabase, openFreshDatabase } from '../fresh-db';

const MAPS = 'google-maps/gosom-place-tipsy-sticks-2023.html';
let db: EarshotDatabase;

beforeEach(async () => void (db = await openFreshDatabase('captures')));
afterEach(() => deleteDatabase(db));

const store = (page: CapturedPage, now: number, partial?: boolean) => storeCapture(db, page, { now, ownBrands: [], ...(partial ? { partial } : {}) });

/** The saved Google Maps page as its content script reads it on a given day ("a week ago" and so on). */
function mapsOn(day: string): CapturedPage {
  const outcome = extractPage(loadPage(MAPS), caseFor(MAPS).url, { now: Date.parse(day) });
  expect(outcome.status).toBe('ok');
  return outcome.page;
}

describe('the same contribution seen again is one record', () => {
  it('the same Google Maps page captured on two days (relative dates) stores each review once', async () => {
    const first = mapsOn('2023-04-22T10:00:00Z');
    const second = mapsOn('2023-05-06T10:00:00Z');
    // The premise: the page's relative dates are read as other days on the second visit.
    expect(first.contributions.map((c) => c.date)).not.toEqual(second.contributions.map((c) => c.date));
    expect(second.contributions.every((c) => c.key)).toBe(true);

    await store(first, Date.parse('2023-04-22T10:00:00Z'));
    await store(second, Date.parse('2023-05-06T10:00:00Z'));
    const stored = await db.contributions.toArray();
    // Three rendered reviews and five from the page's start-up data.
    expect(stored).toHaveLength(8);
    expect(stored.map((c) => c.key).sort()).toEqual(first.contributions.map((c) => c.key).sort());
    expect(stored.every((c) => c.firstSeenAt === Date.parse('2023-04-22T10:00:00Z') && c.lastSeenAt === Date.parse('2023-05-06T10:00:00Z'))).toBe(true);
  });

  it('without the platform\'s id, a text seen on another day is still the same contribution', async () => {
    const page = (date: string): CapturedPage => ({
      url: 'https://shop.example/p/1',
      site: 'generic',
      kind: 'reviews',
      profiles: [{ platform: 'other', key: 'shop.example:Anna', displayName: 'Anna' }],
      contributions: [
        { profileKey: 'shop.example:Anna', type: 'review', rating: 4, date, text: 'Sturdy and quick to assemble.', subject: 'Molen' },
        { profileKey: 'shop.example:Anna', type: 'review', rating: 2, date, subject: 'Zeef' },
      ],
    });
    await store(page('2024-03-01'), 1);
    await store(page('2024-03-08'), 2);
    const stored = await db.contributions.toArray();
    // The review with text is one record; the one without text has only its day and rating to tell it by.
    expect(stored.filter((c) => c.subject === 'Molen')).toHaveLength(1);
    expect(stored.filter((c) => c.subject === 'Molen')[0]).toMatchObject({ date: '2024-03-08', firstSeenAt: 1, lastSeenAt: 2 });
    expect(stored.filter((c) => c.subject === 'Zeef')).toHaveLength(2);
  });

  it('a record stored before ids travelled (its identity held the date) is taken over by the capture with the id', async () => {
    const page = mapsOn('2023-04-22T10:00:00Z');
    const first = page.contributions[0]!;
    // What an earlier version stored: no key, and the date in the id.
    const legacyId = ['google', first.profileKey, first.type, first.subject ?? '', '2023-04-14', first.text ?? ''].join('\u241f');
    const { key: _key, ...withoutKey } = first;
    await db.contributions.put({ ...withoutKey, date: '2023-04-14', id: legacyId, profileId: `google:${first.profileKey}`, pageUrl: page.url, aboutOwnBrand: false, firstSeenAt: 5, lastSeenAt: 5 });

    await store(page, 100);
    const stored = await db.contributions.toArray();
    // Three rendered reviews and five from the page's start-up data.
    expect(stored).toHaveLength(8);
    expect(await db.contributions.get(legacyId)).toBeUndefined();
    expect(stored.find((c) => c.key === first.key)).toMatchObject({ firstSeenAt: 5, lastSeenAt: 100, date: first.date });
  });

  it('a contribution seen once with and once without its id is one record', async () => {
    const withKey: CapturedPage = {
      url: 'https://www.trustpilot.com/review/example.com',
      site: 'trustpilot',
      kind: 'reviews',
      profiles: [{ platform: 'trustpilot', key: 'u1', displayName: 'Anna' }],
      contributions: [{ profileKey: 'u1', key: 'r1', type: 'review', rating: 5, text: 'Quick delivery', subject: 'Example' }],
    };
    const { key: _key, ...noKey } = withKey.contributions[0]!;
    await store(withKey, 1);
    await store({ ...withKey, contributions: [{ ...noKey, helpfulVotes: 3 }] }, 2);
    await store(withKey, 3);
    const stored = await db.contributions.toArray();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ id: contributionId('trustpilot', withKey.contributions[0]!), key: 'r1', helpfulVotes: 3, firstSeenAt: 1, lastSeenAt: 3 });
  });

  it('two reviews with the same words but their own ids stay two', async () => {
    const page: CapturedPage = {
      url: 'https://www.amazon.com/dp/B0',
      site: 'amazon',
      kind: 'reviews',
      profiles: [{ platform: 'amazon', key: 'a1', displayName: 'Anna' }],
      contributions: [
        { profileKey: 'a1', key: 'R1', type: 'review', text: 'Great', subject: 'Soap' },
        { profileKey: 'a1', key: 'R2', type: 'review', text: 'Great', subject: 'Soap' },
      ],
    };
    await store(page, 1);
    expect(await db.contributions.count()).toBe(2);
  });
});

describe('broken layouts stay visible and are counted per site', () => {
  const URL = 'https://www.trustpilot.com/review/example.com';
  const page = (keys: string[]): CapturedPage => ({
    url: URL,
    site: 'trustpilot',
    kind: 'reviews',
    profiles: keys.map((key) => ({ platform: 'trustpilot', key, displayName: key })),
    contributions: [],
  });

  it('later reports do not hide the problem until a clean capture yields people', async () => {
    await store(page(['u1']), 1);
    await reportBroken(db, URL, 'trustpilot', 'trustpilot: layout changed: no cards', 2);
    expect(await db.pages.get(URL)).toMatchObject({ status: 'broken', problem: 'trustpilot: layout changed: no cards' });

    // What the broken layout still yields, and an empty report, leave it broken.
    await store(page(['u2']), 3, true);
    await store(page([]), 4);
    expect(await db.pages.get(URL)).toMatchObject({ status: 'broken', problem: 'trustpilot: layout changed: no cards', profileIds: ['trustpilot:u1', 'trustpilot:u2'] });

    // A clean capture with people: the page is fine again.
    await store(page(['u3']), 5);
    const visit = await db.pages.get(URL);
    expect(visit).toMatchObject({ status: 'ok' });
    expect(visit?.problem).toBeUndefined();
  });

  it('counts each page turning broken once per site, with the last problem', async () => {
    expect(await brokenSiteCounts(db)).toEqual({});
    await reportBroken(db, URL, 'trustpilot', 'first', 10);
    await reportBroken(db, URL, 'trustpilot', 'still', 11);
    expect(await brokenSiteCounts(db)).toEqual({ trustpilot: { count: 1, lastAt: 11, lastProblem: 'still' } });

    await reportBroken(db, `${URL}?page=2`, 'trustpilot', 'second page', 12);
    await reportBroken(db, 'https://www.amazon.com/dp/B0', 'amazon', 'no names', 13);
    // Fixed, then broken again: another breakage.
    await store(page(['u1']), 14);
    await reportBroken(db, URL, 'trustpilot', 'again', 15);
    expect(await brokenSiteCounts(db)).toEqual({
      trustpilot: { count: 3, lastAt: 15, lastProblem: 'again' },
      amazon: { count: 1, lastAt: 13, lastProblem: 'no names' },
    });
  });

  it('reads a damaged counter as what it can', async () => {
    await db.meta.put({ key: BROKEN_META_KEY, value: { amazon: { count: 'many' }, x: { count: 2, lastAt: 1, lastProblem: 'p' } }, updatedAt: 0 });
    expect(await brokenSiteCounts(db)).toEqual({ x: { count: 2, lastAt: 1, lastProblem: 'p' } });
    await db.meta.put({ key: BROKEN_META_KEY, value: 'garbage', updatedAt: 0 });
    expect(await brokenSiteCounts(db)).toEqual({});
  });
});

it('a day later the same page does not move the identity of its reviews', () => {
  const a = mapsOn('2023-04-22T10:00:00Z').contributions;
  const b = mapsOn('2023-04-23T10:00:00Z').contributions;
  expect(a.map((c) => c.date)).not.toEqual(b.map((c) => c.date));
  expect(a.map((c) => contributionId('google', c))).toEqual(b.map((c) => contributionId('google', c)));
});

describe('capture health: people per page, per site, over time', () => {
  const HOUR = 3_600_000;
  const amazonPage = (n: number, people: number): CapturedPage => ({
    url: `https://www.amazon.de/dp/B0000000${n}`,
    site: 'amazon',
    kind: 'reviews',
    profiles: Array.from({ length: people }, (_, i) => ({ platform: 'amazon' as const, key: `amzn1.account.P${n}X${i}`, displayName: `Person ${i}` })),
    contributions: [],
  });

  it('each page read is recorded with its people; the same page within the hour is one page', async () => {
    await store(amazonPage(1, 8), 0);
    await store(amazonPage(1, 10), 10_000); // the next scroll of the same page: ten people on it now
    await store(amazonPage(2, 0), HOUR);
    const health = await captureHealth(db);
    expect(health.amazon?.pages).toBe(2);
    expect(health.amazon?.samples.map(({ at, people }) => [at, people])).toEqual([
      [10_000, 10],
      [HOUR, 0],
    ]);
    // Which page it was is a short fingerprint, not the address (an address can name a person).
    expect(JSON.stringify(await db.meta.get(HEALTH_META_KEY))).not.toContain('amazon.de');
  });

  it('a broken page read is a page that yielded what it yielded before, or nobody', async () => {
    await reportBroken(db, 'https://www.amazon.de/dp/B00000009', 'amazon', 'amazon: layout changed', 0);
    expect((await captureHealth(db)).amazon?.samples.map(({ at, people }) => [at, people])).toEqual([[0, 0]]);
  });

  it('ten usual pages, then five nearly empty ones: the site is flagged, with its figures', async () => {
    for (let n = 0; n < 10; n++) await store(amazonPage(n, 10), n * HOUR);
    expect(await layoutDrops(db)).toEqual([]);
    for (let n = 10; n < 15; n++) await store(amazonPage(n, n === 12 ? 1 : 0), n * HOUR);
    expect(await layoutDrops(db)).toEqual([['amazon', { recentPerPage: 0.2, usualPerPage: 10, recentPages: 5, since: 10 * HOUR }]]);
  });

  it('a stored record that does not parse is left out, not trusted', async () => {
    await db.meta.put({ key: HEALTH_META_KEY, value: { amazon: { pages: -1, samples: 'no' }, x: { pages: 1, samples: [{ page: 'a1b2c3', at: 0, people: 3 }] } }, updatedAt: 0 });
    expect(await captureHealth(db)).toEqual({ x: { pages: 1, samples: [{ page: 'a1b2c3', at: 0, people: 3 }] } });
  });
});
