import { describe, expect, it } from 'vitest';
import { engagementValue, financialThreshold, type EngagementInputs } from '../../../lib/value/engagement';
import { computeInfluence, influenceContext, type InfluenceContribution, type InfluenceProfile } from '../../../lib/value/influence';
import { ValueSettings } from '../../../lib/value/settings';
import { dayNumber } from '../../../lib/value/summary';

const settings = ValueSettings.parse({ ownBrands: ['Zoet'] });
const context = influenceContext(settings, dayNumber('2025-06-30')!);
const thresholds = { financialHigh: 300, influenceHigh: 25 };

/** A 150k-follower creator: reach 86, influence about 35 (own brands set up, never mentioned). */
const loud = computeInfluence([{ id: 'yt', platform: 'youtube', followers: 150_000 }], [], context);
const quiet = computeInfluence([], [], context);

function person(financial: number, influence = quiet, extra: Partial<EngagementInputs> = {}) {
  return engagementValue({ financial, influence, referred: { netValue: 0, customers: 0 }, ownBrandReviews: 0, customer: true, ...extra }, settings, thresholds);
}

describe('customer engagement value', () => {
  it('adds net value, referral, influence and knowledge value', () => {
    const e = person(100, loud, { referred: { netValue: 80, customers: 2 }, ownBrandReviews: 3 });
    expect(e.referral.value).toBe(40); // half of what the referred customers are worth
    expect(e.influence.value).toBeCloseTo(loud.score.value * 10, 10);
    expect(e.knowledge.value).toBe(15); // 3 own-brand reviews at 5
    expect(e.value.value).toBeCloseTo(100 + 40 + loud.score.value * 10 + 15, 10);
    expect(e.value.inputs).toMatchObject({ netValue: 100, referralValue: 40, knowledgeValue: 15 });
  });

  it('puts people in the four segments of financial against influence value', () => {
    expect(loud.score.value).toBeCloseTo((0.35 * 100 * Math.log10(150_001)) / 6 / 0.85, 4);
    expect(person(500, loud).segment).toBe('champions');
    expect(person(500).segment).toBe('affluents');
    expect(person(10, loud).segment).toBe('advocates');
    expect(person(10).segment).toBe('misers');
    expect(person(10).reason).toBe('net value 10.00 below the high mark 300.00; influence 0 < 25');
  });

  it('counts a forecast as financially high only when its whole range clears the mark, and flags the rest uncertain', () => {
    const certain = person(500, loud, { financialRange: { low: 320, high: 900 } });
    expect(certain).toMatchObject({ segment: 'champions', uncertain: false });
    expect(certain.reason).toBe(`net value 500.00 (80% range 320.00 to 900.00) ≥ 300.00; influence ${loud.score.value.toFixed(0)} ≥ 25`);
    const unsure = person(500, quiet, { financialRange: { low: 0, high: 1200 } });
    expect(unsure).toMatchObject({ segment: 'misers', uncertain: true });
    expect(unsure.reason).toBe('net value 500.00 ≥ 300.00, but its 80% range 0.00 to 1200.00 does not clear the mark: uncertain; influence 0 < 25');
    // The same reason as figures, for the screens to say in their language.
    expect(unsure.why).toEqual({ key: 'levels', financial: 'uncertain', netValue: 500, range: { low: 0, high: 1200 }, mark: 300, influence: 0, influenceMark: 25 });
    expect(certain.why).toMatchObject({ key: 'levels', financial: 'high', influence: loud.score.value });
    expect(person(500, loud, { financialRange: { low: 100, high: 900 } })).toMatchObject({ segment: 'advocates', uncertain: true });
    // Below the mark by its point value: not high, and nothing to be unsure about.
    expect(person(200, quiet, { financialRange: { low: 0, high: 900 } })).toMatchObject({ segment: 'misers', uncertain: false });
    // A historical value (no range) is known as it is.
    expect(person(500)).toMatchObject({ segment: 'affluents', uncertain: false });
  });

  it('calls a customer who costs more than all they bring negative value, unless their influence makes up for it', () => {
    const costly = person(-200);
    expect(costly.value.value).toBe(-200);
    expect(costly.segment).toBe('negative-value');
    expect(costly.why).toEqual({ key: 'negative-value', engagementValue: -200 });
    expect(costly.reason).toBe('engagement value -200.00 is below 0: serving this customer costs more than they bring');
    const heard = person(-200, loud);
    expect(heard.value.value).toBeGreaterThan(0);
    expect(heard.segment).toBe('advocates');
  });

  it('flags a detractor with reach before anything else, but not a detractor nobody hears', () => {
    const reviews: InfluenceContribution[] = [{ profileId: 'ig', type: 'review', rating: 1, subject: 'Zoet taart' }];
    const withReach: InfluenceProfile[] = [{ id: 'ig', platform: 'instagram', followers: 5_000 }];
    const detractor = computeInfluence(withReach, reviews, context);
    expect(person(1000, detractor).segment).toBe('detractor-with-reach');
    expect(person(1000, detractor).reason).toMatch(/rates the own brands 1.0 on average \(≤ 2.5\) with reach of 5000 followers/);
    expect(person(1000, detractor).why).toEqual({ key: 'detractor', meanRating: 1, maxRating: 2.5, followers: 5000, authority: detractor.authority.value });
    const unheard = computeInfluence([{ id: 'ig', platform: 'instagram', followers: 40 }], reviews, context);
    expect(unheard.detractor).toBe(true);
    expect(person(1000, unheard).segment).toBe('affluents');
  });

  it('never calls a captured profile without purchases financially high', () => {
    const profile = engagementValue(
      { financial: 0, influence: loud, referred: { netValue: 0, customers: 0 }, ownBrandReviews: 0, customer: false },
      settings,
      { financialHigh: -5, influenceHigh: 25 },
    );
    expect(profile.segment).toBe('advocates');
  });
});

describe('the financial threshold', () => {
  it('is the smallest net value of the top share', () => {
    const values = [5, 1, 9, 3, 7, 2, 10, 4, 8, 6];
    // q = 0.8: the top ⌊0.2 · 10⌋ = 2 customers (10 and 9) are high.
    expect(financialThreshold(values, 0.8)).toEqual({ value: 9, formula: 'segment.financial-threshold', inputs: { quantile: 0.8, customers: 10, top: 2 } });
    expect(financialThreshold(values, 0).value).toBe(1);
    expect(financialThreshold(values, 1).value).toBe(10); // at least the best one
    expect(financialThreshold(Array.from({ length: 300 }, (_, i) => i), 0.8).value).toBe(240); // exactly 60 of 300
    expect(financialThreshold([], 0.8).value).toBe(0);
  });

  it('needs a positive net value to count as high even when most values are negative', () => {
    const threshold = financialThreshold([-50, -40, -30, -20, -10], 0.6).value;
    expect(threshold).toBe(-20);
    const e = engagementValue(
      { financial: -15, influence: quiet, referred: { netValue: 0, customers: 0 }, ownBrandReviews: 0, customer: true },
      settings,
      { financialHigh: threshold, influenceHigh: 25 },
    );
    expect(e.segment).toBe('negative-value');
  });
});
