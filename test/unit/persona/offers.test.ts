import { describe, expect, it } from 'vitest';
import type { CustomerFacts } from '../../../lib/persona/facts';
import { audienceCountries, offerFor, offerInWords, type OfferContext } from '../../../lib/persona/offers';
import { keptYears, retentionRate, valueAtSpend } from '../../../lib/persona/retention';
import { OfferSettings } from '../../../lib/persona/settings';

/** A repeat buyer of 50 a order, twice a year, 30% margin: 15 per order after no cost to serve. */
function customer(overrides: Partial<CustomerFacts> = {}): CustomerFacts {
  return {
    id: 'C1',
    segment: 'misers',
    rfm: 'loyal',
    purchases: 4,
    revenue: 200,
    costToDate: 0,
    meanBasket: 50,
    clv: 40,
    netValue: 40,
    engagement: 40,
    influence: 0,
    influenceValue: 0,
    detractor: false,
    pAlive: 0.8,
    ratePerYear: 2,
    pastRatePerYear: 2,
    daysSinceLastPurchase: 30,
    olderThanYear: true,
    boughtLastYear: true,
    stayChance: 0.8,
    atRisk: false,
    yearlyMargin: 30,
    marginPerOrder: 15,
    orderValue: 50,
    followers: 0,
    platforms: [],
    profiles: 0,
    ratings: [],
    ownBrandRating: null,
    texts: [],
    country: 'NL',
    region: 'Utrecht',
    language: null,
    topic: null,
    channel: null,
    acquisitionCost: null,
    retentionSpend: null,
    ...overrides,
  };
}

const settings = OfferSettings.parse({ discountLevels: [0.05, 0.1, 0.2], minGain: 0 });
const context: OfferContext = {
  settings,
  model: { ceiling: 0.8, k: 0.15 },
  currentSpend: 5,
  discountRate: 0.1,
  horizonYears: 2,
  marginRate: 0.3,
  newCustomerValue: 60,
  audience: new Set(['NL', 'BE']),
};

describe('offers', () => {
  it("prices a discount as retention spend: the gain is V(R0 + level · order) − V(R0) with the customer's own margin", () => {
    const only = { ...context, settings: OfferSettings.parse({ discountLevels: [0.1], minGain: 0, loyaltyMinPurchases: 99, thresholdReachShare: 0 }) };
    const offer = offerFor(customer(), only);
    expect(offer.kind).toBe('discount');
    expect(offer.level).toBe(0.1);
    const economics = { margin: 30, discountRate: 0.1, horizonYears: 2 };
    const expected = valueAtSpend(context.model, economics, 5 + 5) - valueAtSpend(context.model, economics, 5);
    expect(offer.gain).toBeCloseTo(expected, 2);
    expect(offer.cost).toBe(5);
  });

  it('never discounts a customer whose margin after cost to serve would turn negative (the guard)', () => {
    // 4 left of an order after its cost to serve: 5% of 50 (2.50) fits, 10% (5) and 20% (10) do not.
    const thin = customer({ marginPerOrder: 4, yearlyMargin: 8 });
    // Any gain will do here (the settings allow none below 0): the test is which levels are allowed at all.
    const only = { ...context, settings: { ...OfferSettings.parse({ discountLevels: [0.05, 0.1, 0.2], loyaltyMinPurchases: 99, shippingCost: 1e6 }), minGain: -1e9 } };
    const offer = offerFor(thin, only);
    expect(offer.kind).toBe('discount');
    expect(offer.level).toBe(0.05);
    // Already negative: no discount at all, and the reason says so.
    const losing = customer({ marginPerOrder: -3, yearlyMargin: -6 });
    const none = offerFor(losing, only);
    expect(none.kind).toBe('none');
    expect(none.reason).toBe('negative-margin');
    expect(offerInWords(none, 'EUR')).toBe('margin after cost to serve is negative (EUR -3.00 per order): no discount');
  });

  it('offers a creator with reach where the shop sells a gift, never a discount', () => {
    const creator = customer({ platforms: ['instagram'], profiles: 1, followers: 40_000 });
    const offer = offerFor(creator, context);
    expect(offer.kind).toBe('creator-gift');
    // 40,000 followers · 10% see the post · 0.5% buy = 20 new customers worth 60, minus the gift.
    expect(offer.gain).toBeCloseTo(40_000 * 0.1 * 0.005 * 60 - 30, 6);
    expect(offer.reason).toBe('creator-in-audience');
    // Even with the gift made unattractive, a discount is not what a creator gets.
    const noGift = offerFor(creator, { ...context, settings: OfferSettings.parse({ ...settings, giftCost: 1e6, loyaltyMinPurchases: 99, thresholdReachShare: 0 }) });
    expect(noGift.kind).not.toBe('discount');
    // Abroad, outside the shop's audience, a creator is a customer like any other.
    expect(offerFor(creator, { ...context, audience: new Set(['GB']) }).kind).not.toBe('creator-gift');
  });

  it('invites an influential customer who rates the own brands well as an ambassador, a detractor never', () => {
    const only = { ...context, settings: OfferSettings.parse({ discountLevels: [], loyaltyMinPurchases: 99, thresholdReachShare: 0, minGain: 0 }) };
    const fan = customer({ influence: 40, ownBrandRating: 4.5 });
    const offer = offerFor(fan, only);
    expect(offer.kind).toBe('ambassador');
    const stays = keptYears(retentionRate(context.model, 5) / 1.1, 2);
    expect(offer.gain).toBeCloseTo(stays * (0.5 * 60 - 25), 2);
    expect(offerFor(customer({ influence: 40, ownBrandRating: 2 }), only).kind).toBe('none');
    expect(offerFor(customer({ influence: 40, detractor: true }), only).kind).toBe('none');
  });

  it('sets a free-shipping threshold above the usual basket only where an order at it still makes money', () => {
    const only = { ...context, settings: OfferSettings.parse({ discountLevels: [], loyaltyMinPurchases: 99, minGain: 0 }) };
    const offer = offerFor(customer(), only);
    expect(offer.kind).toBe('free-shipping');
    // 50 raised by 25% = 62.50, rounded up to a multiple of 5.
    expect(offer.threshold).toBe(65);
    const thin = customer({ marginPerOrder: 0.4, yearlyMargin: 0.8 });
    // 0.40 + (65 − 50) · 0.3 − 4.95 < 0: shipping would eat the order.
    expect(offerFor(thin, only).kind).toBe('none');
  });

  it('makes no offer to someone who never bought, and says why', () => {
    const offer = offerFor(customer({ purchases: 0, yearlyMargin: 0, meanBasket: 0 }), context);
    expect(offer).toMatchObject({ kind: 'none', reason: 'no-purchases', gain: 0 });
  });

  it("finds the shop's audience: the countries that hold 90% of the customers", () => {
    const base = [...Array(85).fill('NL'), ...Array(10).fill('BE'), ...Array(5).fill('GB')].map((country: string) => customer({ country }));
    expect([...audienceCountries(base, 0.9)]).toEqual(['NL', 'BE']);
  });
});
