/**
 * Every saved page against its golden output. The goldens were checked
 * against the pages independently of the extractors (check-goldens.py reads
 * the pages with regular expressions and from other sources in the page; see
 * GOLDEN.md), and the facts below were read off the pages by hand.
 */
import { describe, expect, it } from 'vitest';
import { CapturedPage } from '../../../lib/model/capture';
import { extractPage } from '../../../lib/capture/registry';
import { CASES, caseFor, golden, loadPage, nowOf } from './helpers';

function run(page: string) {
  const c = caseFor(page);
  return extractPage(loadPage(page), c.url, { now: nowOf(c) });
}

describe('golden output of every saved page', () => {
  for (const c of CASES) {
    it(c.page, () => {
      const outcome = run(c.page);
      expect(outcome.status, outcome.problem).toBe('ok');
      expect(outcome.warnings).toEqual([]);
      expect(outcome.page).toStrictEqual(golden(c.page));
      // What the content script sends must pass the service worker's schema as is.
      expect(CapturedPage.safeParse(outcome.page).success).toBe(true);
      expect(outcome.contributionIds).toHaveLength(outcome.page.contributions.length);
      expect(new Set(outcome.contributionIds).size).toBe(outcome.contributionIds.length);
    });
  }
});

describe('facts read off the pages', () => {
  it('amazon 2024 review page: 10 verified reviews, 5 helpful statements, One person = 1; the top critical review above them', () => {
    const { page } = run('amazon/dawn-product-reviews-2024.html');
    expect(page.kind).toBe('reviews');
    expect(page.contributions).toHaveLength(11);
    expect(page.contributions.slice(0, 10).every((c) => c.verifiedPurchase === true)).toBe(true);
    // The top positive review (Tina Haskett Cambar) is also listed; the top critical one is not.
    const critical = page.contributions[10]!;
    expect(page.profiles.find((p) => p.key === critical.profileKey)?.displayName).toBe('Amanda Lewin');
    expect(critical).toMatchObject({ key: 'R2EB77R9FK18Z2', rating: 3, date: '2024-07-01', helpfulVotes: 1 });
    expect(critical.verifiedPurchase).toBeUndefined();
    const nancy = page.profiles.find((p) => p.displayName === 'NANCY')!;
    expect(nancy.key).toBe('amzn1.account.AEKOVT34T3UGY7MH2EFSXH7LVKSQ');
    const review = page.contributions.find((c) => c.profileKey === nancy.key)!;
    expect(review).toMatchObject({ rating: 5, date: '2024-07-06', helpfulVotes: 1 });
    expect(page.contributions.slice(0, 10).map((c) => c.helpfulVotes).filter((v) => v! > 0)).toEqual([4, 1, 3, 22, 16]);
    expect(page.contributions.find((c) => c.rating === 4)?.date).toBe('2024-03-24');
  });

  it('amazon 2020 layout: the Vine Voice reviewer, the Early Reviewer, free-product review not verified', () => {
    const { page } = run('amazon/eolabs-product-reviews-vine-2020.html');
    const vine = page.profiles.filter((p) => p.badges?.includes('vine-voice'));
    expect(vine.map((p) => p.displayName)).toEqual(['🌷Whattajewell🌷']);
    const vineReview = page.contributions.find((c) => c.profileKey === vine[0]!.key)!;
    expect(vineReview).toMatchObject({ verifiedPurchase: false, date: '2020-10-15' });
    expect(page.profiles.filter((p) => p.badges?.includes('early-reviewer')).map((p) => p.displayName)).toEqual(['MH']);
    expect(page.contributions.filter((c) => c.verifiedPurchase).length).toBe(1);
    // Top positive (Kelly O, 6 votes) and top critical (Kamikazi, 1 star) are not in this page of the list.
    expect(page.contributions.slice(7).map((c) => [page.profiles.find((p) => p.key === c.profileKey)?.displayName, c.rating, c.helpfulVotes])).toEqual([
      ['Kelly O', 5, 6],
      ['Kamikazi', 1, 8],
    ]);
  });

  it('amazon product page: 13 reviews, reviewers from other countries kept by review id', () => {
    const { page } = run('amazon/metascraper-amazon-com-product-2024.html');
    expect(page.contributions).toHaveLength(13);
    expect(page.profiles.filter((p) => p.key.startsWith('review:')).map((p) => p.displayName)).toEqual([
      'Oils and Pencils',
      'MR JOHN C S PERRY',
      'lukas',
      'Caroline Walcot',
      'Shane Mackenzie',
    ]);
    expect(page.profiles.filter((p) => p.key.startsWith('review:')).every((p) => p.profileUrl === undefined)).toBe(true);
    expect(page.contributions[0]!.subject).toBe('The Whole Truth (A. Shaw Book 1)');
  });

  it('trustpilot 2025: 24 cards, 20 reviews, the carousel duplicates merged; helpful votes and verified reviewer from __NEXT_DATA__', () => {
    const { page } = run('trustpilot/fakepilot-beautytheshop-2025.html');
    expect(page.contributions).toHaveLength(20);
    const paul = page.profiles.find((p) => p.displayName === 'Paul')!;
    expect(paul).toMatchObject({ key: '616c7b110c5bca0012f46a01', reviewCount: 5, location: 'DE' });
    expect(page.profiles.filter((p) => p.verified).map((p) => p.displayName)).toEqual(['Hakeem Etti']);
    // An edited review is dated by its update, as the card shows ("Updated Apr 10, 2025").
    expect(page.contributions.find((c) => c.profileKey === '668d5357ee61bc3ab9d284f4')?.date).toBe('2025-04-10T11:40:46.000Z');
  });

  it('trustpilot 2025 (twenix): carousel-only reviewers kept, 23 people', () => {
    const { page } = run('trustpilot/fakepilot-twenix-2025.html');
    expect(page.profiles).toHaveLength(23);
    expect(page.profiles.slice(0, 3).map((p) => p.displayName)).toEqual(['Jodene', 'Glenn', 'Greta Ziu']);
    // "Useful" votes are not rendered in the cards; __NEXT_DATA__ has them (likes).
    const voted = page.contributions.filter((c) => c.helpfulVotes! > 0);
    const names = new Map(page.profiles.map((p) => [p.key, p.displayName]));
    expect(voted.map((c) => [names.get(c.profileKey), c.helpfulVotes])).toEqual([
      ['Jodene', 1],
      ['Glenn', 2],
      ['Emma B', 1],
      ['Laine Alexander', 1],
      ['Estere', 1],
      ['ESL Teacher', 1],
    ]);
  });

  it('trustpilot 2024 layout: absolute profile links and lowercase datetime', () => {
    const { page } = run('trustpilot/fakepilot-beautytheshop-2024.html');
    expect(page.profiles).toHaveLength(20);
    expect(page.profiles[0]).toMatchObject({ displayName: 'SR JOSé JUAN LEAL BLANES', reviewCount: 2, location: 'ES' });
    expect(page.contributions[0]!.date).toBe('2024-06-11T16:08:24.000Z');
  });

  it('google maps: Local Guides with their review counts, relative dates against the capture day; the five reviews only in the start-up data', () => {
    const { page } = run('google-maps/gosom-place-tipsy-sticks-2023.html');
    expect(page.profiles.map((p) => [p.displayName, p.reviewCount, p.badges ?? []])).toEqual([
      ['Nikolas Melillos', 8, ['local-guide']],
      ['Ana Maria Garcia', 51, ['local-guide']],
      ['Ιωάννα Μεζιρίδου', 3, []],
      ['love everyone', 1, []],
      ['George Theo', 4, []],
      ['Mixaela Stylianou', 1, []],
      ['jackys iniatis', 1, []],
      ['GIORGOS PATERA', 1, []],
    ]);
    expect(page.profiles.every((p) => p.platform === 'google')).toBe(true);
    // Rendered cards keep the day their relative date gives; the others carry the moment written.
    expect(page.contributions.map((c) => c.date)).toEqual([
      '2023-04-15',
      '2023-03-25',
      '2023-03-22',
      '2023-03-13T17:12:21.022Z',
      '2023-01-13T15:57:39.985Z',
      '2023-03-15T09:24:06.322Z',
      '2023-01-13T12:48:43.610Z',
      '2023-01-13T15:52:14.788Z',
    ]);
  });

  it('youtube: channel owner from ytInitialData (es-ES), watch page owner', () => {
    expect(run('youtube/metascraper-channel.html').page.profiles[0]).toMatchObject({ handle: '@OneMedia.', followers: 4_690_000, posts: 6_800, verified: true });
    const watch = run('youtube/metascraper-watch-2026.html').page;
    expect(watch.profiles[0]).toMatchObject({ key: '@globalbrain6133', followers: 123 });
    expect(watch.contributions[0]).toMatchObject({ type: 'post', text: 'GBAF 2024 – Highlights' });
  });

  it('instagram, tiktok, x, bluesky: counts as the pages state them', () => {
    expect(run('instagram/metascraper-profile.html').page.profiles[0]).toMatchObject({ followers: 2362, following: 136, posts: 224 });
    // The rehydration data's exact count, not the rounded "783.4K" of the page.
    expect(run('tiktok/metascraper-profile.html').page.profiles[0]).toMatchObject({ followers: 783_427, posts: 19, verified: true });
    expect(run('x/metascraper-profile.html').page.profiles[0]).toMatchObject({ followers: 3893, following: 406, posts: 23_961 });
    const bluesky = run('bluesky/metascraper-profile.html').page;
    expect(bluesky.profiles[0]).toMatchObject({ followers: 1_101_177, following: 3, posts: 329 });
    // Two reposts bring their authors along.
    expect(bluesky.contributions.filter((c) => c.profileKey !== 'stephenking.bsky.social')).toHaveLength(2);
  });

  it('generic: 14 recipe reviews from JSON-LD, about the recipe', () => {
    const { page } = run('generic/recipe-scrapers-skinnytaste-2024.html');
    expect(page.site).toBe('generic');
    expect(page.contributions).toHaveLength(14);
    expect(page.contributions.every((c) => c.subject === 'Sesame Chicken Recipe')).toBe(true);
    expect(page.profiles.every((p) => p.platform === 'other' && p.key.startsWith('skinnytaste.com:'))).toBe(true);
  });
});
