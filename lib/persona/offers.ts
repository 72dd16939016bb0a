/**
 * One offer per customer that the numbers support, by transparent rules
 * (README.md, "Offers"); every expected gain is over the value horizon,
 * discounted, after the offer's cost, with the customer's own margin and
 * their persona's retention response (retention.ts):
 *
 * - creator-gift: a customer with a social profile of at least
 *   creatorMinFollowers followers living where the shop's customers live
 *   (the countries holding audienceShare of them) gets a gifted product,
 *   never a discount: gain = followers · postSeenShare · viewerConversion ·
 *   value of a new customer − gift cost.
 * - ambassador: influential (score ≥ ambassadorMinInfluence), not a
 *   detractor, rating the own brands well when they rated them: gain =
 *   (referrals a year · value of a new customer − programme cost) over the
 *   years the customer stays.
 * - loyalty: at least loyaltyMinPurchases purchase days: the programme's
 *   cost is retention spend, gain = V(R0 + cost) − V(R0).
 * - discount (each level): the discount on one order a year is retention
 *   spend, gain = V(R0 + level · order) − V(R0). Never when the order's
 *   margin after its cost to serve minus the discount would be negative.
 * - free-shipping: a threshold above the usual basket; the shipping paid is
 *   retention spend and the orders that reach it bring the margin on the
 *   difference. Never when an order at the threshold loses money.
 *
 * The eligible offer with the highest gain above minGain is made; else none,
 * with the reason.
 */
import type { CustomerFacts } from './facts';
import { keptYears, retentionRate, valueAtSpend, type ResponseModel } from './retention';
import type { OfferSettings } from './settings';
import type { Offer, OfferReason } from './types';

export interface OfferContext {
  settings: OfferSettings;
  /** The customer's persona's retention response and today's spend. */
  model: ResponseModel;
  currentSpend: number;
  discountRate: number;
  horizonYears: number;
  /** The gross margin rate on revenue (value settings). */
  marginRate: number;
  /** Lifetime net value of a new customer (mean over the base's customers). */
  newCustomerValue: number;
  /** Countries where the shop's audience lives. */
  audience: ReadonlySet<string>;
}

const SOCIAL = new Set(['instagram', 'tiktok', 'youtube', 'x', 'bluesky']);

const round2 = (n: number) => Math.round(n * 100) / 100;

/** The countries that together hold `share` of the customers (most customers first). */
export function audienceCountries(facts: readonly CustomerFacts[], share: number): Set<string> {
  const counts = new Map<string, number>();
  let known = 0;
  for (const f of facts) {
    if (!f.country) continue;
    counts.set(f.country, (counts.get(f.country) ?? 0) + 1);
    known += 1;
  }
  const out = new Set<string>();
  let covered = 0;
  for (const [country, n] of [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) {
    if (covered >= share * known) break;
    out.add(country);
    covered += n;
  }
  return out;
}

export function offerFor(f: CustomerFacts, context: OfferContext): Offer {
  const s = context.settings;
  const economics = { margin: f.yearlyMargin, discountRate: context.discountRate, horizonYears: context.horizonYears };
  const base = valueAtSpend(context.model, economics, context.currentSpend);
  const extra = (spend: number) => valueAtSpend(context.model, economics, context.currentSpend + spend) - base;
  const stays = keptYears(retentionRate(context.model, context.currentSpend) / (1 + context.discountRate), context.horizonYears);
  const candidates: Offer[] = [];

  const social = f.platforms.some((p) => SOCIAL.has(p));
  const creator = social && f.followers >= s.creatorMinFollowers && f.country !== null && context.audience.has(f.country);
  if (creator) {
    const buyers = f.followers * s.postSeenShare * s.viewerConversion;
    candidates.push({
      kind: 'creator-gift',
      cost: s.giftCost,
      gain: buyers * context.newCustomerValue - s.giftCost,
      reason: 'creator-in-audience',
      facts: { followers: Math.round(f.followers), country: f.country, expectedNewCustomers: round2(buyers) },
    });
  }
  if (f.purchases > 0 && !f.detractor && f.influence >= s.ambassadorMinInfluence && (f.ownBrandRating === null || f.ownBrandRating >= s.ambassadorMinRating)) {
    candidates.push({
      kind: 'ambassador',
      cost: s.ambassadorCost,
      gain: stays * (s.ambassadorReferralsPerYear * context.newCustomerValue - s.ambassadorCost),
      reason: 'influential-and-positive',
      facts: { influence: round2(f.influence), rating: f.ownBrandRating === null ? null : round2(f.ownBrandRating) },
    });
  }
  if (f.purchases >= s.loyaltyMinPurchases && f.yearlyMargin > 0) {
    candidates.push({ kind: 'loyalty', cost: s.loyaltyCost, gain: extra(s.loyaltyCost), reason: 'frequent-buyer', facts: { purchases: f.purchases } });
  }
  // A discount costs margin on an order: never where that order would then lose money, never to a creator.
  if (f.purchases > 0 && f.yearlyMargin > 0 && !creator) {
    for (const level of s.discountLevels) {
      const cost = level * f.orderValue;
      if (f.marginPerOrder - cost < 0) continue;
      candidates.push({
        kind: 'discount',
        level,
        cost,
        gain: extra(cost),
        reason: f.atRisk ? 'at-risk-discount-pays' : 'discount-pays',
        facts: { orderValue: round2(f.orderValue), marginPerOrder: round2(f.marginPerOrder), atRisk: f.atRisk },
      });
    }
  }
  if (f.purchases > 0 && f.yearlyMargin > 0 && f.meanBasket > 0) {
    const threshold = Math.ceil((f.meanBasket * (1 + s.thresholdRaise)) / s.thresholdStep) * s.thresholdStep;
    const ordersPerYear = f.ratePerYear ?? f.pastRatePerYear;
    const shipping = ordersPerYear * s.thresholdReachShare * s.shippingCost;
    const uplift = (threshold - f.meanBasket) * context.marginRate;
    if (f.marginPerOrder + uplift - s.shippingCost >= 0) {
      const kept = keptYears(retentionRate(context.model, context.currentSpend + shipping) / (1 + context.discountRate), context.horizonYears);
      candidates.push({
        kind: 'free-shipping',
        threshold,
        cost: shipping,
        gain: extra(shipping) + kept * ordersPerYear * s.thresholdReachShare * uplift,
        reason: 'threshold-pays',
        facts: { basket: round2(f.meanBasket), ordersPerYear: round2(ordersPerYear) },
      });
    }
  }

  const best = candidates.filter((o) => o.gain > s.minGain).sort((a, b) => b.gain - a.gain)[0];
  if (best) return { ...best, cost: round2(best.cost), gain: round2(best.gain) };
  const reason: OfferReason = f.purchases === 0 ? 'no-purchases' : f.yearlyMargin <= 0 || f.marginPerOrder < 0 ? 'negative-margin' : 'no-gain';
  return { kind: 'none', cost: 0, gain: 0, reason, facts: { yearlyMargin: round2(f.yearlyMargin), marginPerOrder: round2(f.marginPerOrder) } };
}

/** The reason for an offer in English words (the command line, the CRM, the CSV export). */
export function offerInWords(offer: Offer, currency: string): string {
  const money = (n: unknown) => (typeof n === 'number' ? `${currency} ${n.toFixed(2)}` : '');
  const f = offer.facts;
  switch (offer.reason) {
    case 'creator-in-audience':
      return `a creator with ${String(f.followers)} followers in ${String(f.country)}, where the shop's customers live: a gift rather than a discount (about ${String(f.expectedNewCustomers)} new customers expected)`;
    case 'influential-and-positive':
      return `influence ${String(f.influence)}${f.rating !== null ? ` and a mean rating of ${String(f.rating)} for the own brands` : ''}: brings customers as an ambassador`;
    case 'frequent-buyer':
      return `${String(f.purchases)} purchase days: a loyalty programme keeps them longer than it costs`;
    case 'discount-pays':
      return `a ${Math.round((offer.level ?? 0) * 100)}% discount on a ${money(f.orderValue)} order keeps the margin positive (${money(f.marginPerOrder)} before it) and pays back in retention`;
    case 'at-risk-discount-pays':
      return `P(alive) is falling; a ${Math.round((offer.level ?? 0) * 100)}% discount on a ${money(f.orderValue)} order keeps the margin positive (${money(f.marginPerOrder)} before it) and pays back in retention`;
    case 'threshold-pays':
      return `usual basket ${money(f.basket)}: free shipping from ${money(offer.threshold)} raises baskets and keeps them buying`;
    case 'no-purchases':
      return 'no purchases yet: nothing to base an offer on';
    case 'negative-margin':
      return `margin after cost to serve is negative (${money(f.marginPerOrder)} per order): no discount`;
    case 'no-gain':
      return 'no offer is expected to gain more than it costs';
  }
}
