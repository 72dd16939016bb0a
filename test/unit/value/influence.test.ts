import { describe, expect, it } from 'vitest';
import {
  badgePoints,
  computeInfluence,
  influenceContext,
  ownBrandMatcher,
  type InfluenceContribution,
  type InfluenceProfile,
} from '../../../lib/value/influence';
import { ValueSettings, type ValueSettingsInput } from '../../../lib/value/settings';
import { dayNumber } from '../../../lib/value/summary';
import { Influence } from '../../../lib/value/types';

const AS_OF = '2025-06-30';
const context = (settings: ValueSettingsInput = {}) => influenceContext(ValueSettings.parse(settings), dayNumber(AS_OF)!);
const logShare = (n: number, full: number) => Math.min(1, Math.log10(1 + n) / Math.log10(1 + full));

describe('influence of hand-made people', () => {
  it('a vlogger: reach across three platforms without double counting, engagement from likes per post', () => {
    const profiles: InfluenceProfile[] = [
      { id: 'yt', platform: 'youtube', followers: 120_000 },
      { id: 'ig', platform: 'instagram', followers: 30_000 },
      { id: 'tt', platform: 'tiktok', followers: 8_000 },
    ];
    const posts: InfluenceContribution[] = [900, 1200, 600].map((likes) => ({ profileId: 'ig', type: 'post', helpfulVotes: likes, date: '2025-05-01' }));
    const influence = computeInfluence(profiles, posts, context({ ownBrands: ['Bakkerij Zoet'] }));

    // 120k in full, 30k at half, 8k at a quarter.
    expect(influence.reachFollowers).toBe(120_000 + 15_000 + 2_000);
    expect(influence.reach.value).toBeCloseTo(100 * logShare(137_000, 1_000_000), 10);
    // 900 likes per post on 30k followers = 3%, half of the 6% full-score rate.
    expect(influence.engagement!.inputs.rate).toBeCloseTo(0.03, 12);
    expect(influence.engagement!.value).toBeCloseTo(50, 10);
    expect(influence.authority.value).toBe(0);
    expect(influence.brandRelevance!.value).toBe(0); // own brands set, none mentioned
    const expected = (0.35 * influence.reach.value + 0.15 * 50) / (0.35 + 0.15 + 0.3 + 0.2);
    expect(influence.score.value).toBeCloseTo(expected, 10);
    expect(influence.platforms).toEqual(['youtube', 'instagram', 'tiktok']);
    expect(influence.detractor).toBe(false);
    expect(() => Influence.parse(influence)).not.toThrow();
  });

  it('an Amazon top reviewer: authority from reviews, helpful votes and badges; brand relevance from an own-brand review', () => {
    const profiles: InfluenceProfile[] = [{ id: 'amz', platform: 'amazon', reviewCount: 350, helpfulVotes: 4200, badges: ['top-reviewer', 'Vine-Voice'] }];
    const reviews: InfluenceContribution[] = [
      { profileId: 'amz', type: 'review', rating: 5, subject: 'Zoet appeltaart, 1 kg', date: '2025-03-02', helpfulVotes: 12 },
      { profileId: 'amz', type: 'review', rating: 2, subject: 'Some other cake', date: '2025-04-10' },
    ];
    const influence = computeInfluence(profiles, reviews, context({ ownBrands: ['Zoet'] }));
    // 35 · L(350 of 500) + 35 · L(4200 of 5000) + min(30, 25 + 5), recent, so factor 1.
    const authority = 35 * logShare(350, 500) + 35 * logShare(4200, 5000) + 30;
    expect(influence.authority.value).toBeCloseTo(authority, 10);
    expect(influence.authority.inputs).toMatchObject({ badges: 'top-reviewer, vine-voice', recencyFactor: 1, daysSinceLastContribution: 81 });
    // One own-brand review of 5 stars: volume log2(2)/log2(11), sentiment +1.
    expect(influence.brandRelevance!.value).toBeCloseTo((100 * 1) / Math.log2(11), 10);
    expect(influence.reach.value).toBe(0);
    expect(influence.engagement).toBeNull();
    expect(influence.missing.engagement).toMatch(/no captured post shows likes/);
    expect(influence.score.value).toBeCloseTo((0.3 * authority + 0.2 * influence.brandRelevance!.value) / (0.35 + 0.3 + 0.2), 10);
  });

  it('a detractor: low ratings of the own brands, and a Local Guide level adds authority', () => {
    const influence = computeInfluence(
      [
        { id: 'g', platform: 'google', reviewCount: 40, badges: ['local-guide-6'] },
        { id: 'i', platform: 'instagram', followers: 2500 },
      ],
      [
        { profileId: 'g', type: 'review', rating: 1, subject: 'Café Zoet, Utrecht', date: '2025-06-01' },
        { profileId: 'g', type: 'review', rating: 2, subject: 'cafe zoet', date: '2025-06-20' },
      ],
      context({ ownBrands: ['Cafe Zoet'] }),
    );
    expect(influence.detractor).toBe(true);
    expect(influence.brandRelevance!.inputs).toMatchObject({ contributions: 2, meanRating: 1.5, sentiment: -0.75 });
    expect(influence.brandRelevance!.value).toBeCloseTo(100 * (Math.log2(3) / Math.log2(11)) * 0.125, 10);
    expect(influence.authority.inputs.badgePoints).toBe(22); // 10 + 2 per level
    expect(influence.reachFollowers).toBe(2500);
  });

  it("compares ratings on one scale (rating / ratingScale × 5) and leaves the page owner's replies out", () => {
    const influence = computeInfluence(
      [{ id: 'm', platform: 'other' }],
      [
        { profileId: 'm', type: 'review', rating: 2, ratingScale: 10, subject: 'Cafe Zoet', date: '2025-06-01' },
        { profileId: 'm', type: 'review', rating: 30, ratingScale: 100, subject: 'Cafe Zoet', date: '2025-06-02' },
        // Answering on their own page is not the person's opinion, nor influence.
        { profileId: 'm', type: 'comment', rating: 5, subject: 'Cafe Zoet', date: '2025-06-03', role: 'owner-reply' },
      ],
      context({ ownBrands: ['Cafe Zoet'] }),
    );
    expect(influence.brandRelevance!.inputs).toMatchObject({ contributions: 2, rated: 2, meanRating: 1.25, sentiment: -0.875 });
    expect(influence.detractor).toBe(true);
    // A 0 out of 10 is below one star: sentiment stops at -1 rather than turning the score negative.
    const zero = computeInfluence([{ id: 'z', platform: 'other' }], [{ profileId: 'z', type: 'review', rating: 0, ratingScale: 10, subject: 'Cafe Zoet' }], context({ ownBrands: ['Cafe Zoet'] }));
    expect(zero.brandRelevance!.inputs).toMatchObject({ meanRating: 0, sentiment: -1 });
    expect(zero.brandRelevance!.value).toBe(0);
  });

  it('old contributions weigh less, down to a quarter', () => {
    const profiles: InfluenceProfile[] = [{ id: 'a', platform: 'amazon', reviewCount: 100 }];
    const at = (date: string) => computeInfluence(profiles, [{ profileId: 'a', type: 'review', date }], context()).authority;
    expect(at('2025-01-01').inputs.recencyFactor).toBe(1);
    // 730 days old: one half-life past the first year → 0.5.
    expect(at('2023-07-01').inputs.recencyFactor).toBeCloseTo(0.5, 12);
    expect(at('2015-01-01').inputs.recencyFactor).toBe(0.25);
    expect(at('2015-01-01').value).toBeCloseTo(at('2025-01-01').value / 4, 10);
  });

  it('someone with no linked profiles has no influence, and says why', () => {
    const influence = computeInfluence([], [], context());
    expect(influence.score.value).toBe(0);
    expect(influence.missing).toEqual({ engagement: 'no linked profiles', brandRelevance: 'no own brands in the value settings' });
  });

  it('uses the configured weights', () => {
    const profiles: InfluenceProfile[] = [{ id: 'i', platform: 'instagram', followers: 10_000, reviewCount: 20 }];
    const reachOnly = computeInfluence(profiles, [], context({ influenceWeights: { reach: 1, engagement: 0, authority: 0, brandRelevance: 0 } }));
    expect(reachOnly.score.value).toBeCloseTo(reachOnly.reach.value, 12);
    const authorityOnly = computeInfluence(profiles, [], context({ influenceWeights: { reach: 0, engagement: 0, authority: 1, brandRelevance: 0 } }));
    expect(authorityOnly.score.value).toBeCloseTo(35 * logShare(20, 500), 12);
  });
});

describe('own brands and badges', () => {
  it('matches own brands as whole words, ignoring case and accents', () => {
    const isOwn = ownBrandMatcher(['Zoet', 'Appel & Co']);
    const about = (subject: string) => isOwn({ profileId: 'p', type: 'review', subject });
    expect(about('ZOET appeltaart')).toBe(true);
    expect(about('Zoët!')).toBe(true);
    expect(about('appel & co (Utrecht)')).toBe(true);
    expect(about('Zoetermeer bakery')).toBe(false);
    expect(isOwn({ profileId: 'p', type: 'post', aboutOwnBrand: true })).toBe(true);
    expect(ownBrandMatcher([])({ profileId: 'p', type: 'review', subject: 'Zoet' })).toBe(false);
  });

  it('scores badges from the table, Local Guide levels included', () => {
    expect(badgePoints('hall-of-fame')).toBe(30);
    expect(badgePoints('Vine-Voice')).toBe(25);
    expect(badgePoints('local-guide')).toBe(10);
    expect(badgePoints('Local Guide level 10')).toBe(30);
    expect(badgePoints('community-champion')).toBe(3);
  });
});
