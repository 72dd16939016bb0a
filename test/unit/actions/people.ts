/** Hand-made valued people for the action rules: only the figures a rule reads are set; the rest are neutral. */
import { explained, CustomerValue, ProfileValue, type EngagementSegment } from '../../../lib/value/types';

export interface Made {
  segment: EngagementSegment;
  net?: number;
  influence?: number;
  influenceValue?: number;
  engagementValue?: number;
  followers?: number;
  pAlive?: number | null;
  orders?: number;
  refunds?: number;
  ordersCostToServe?: number;
  costPerOrder?: number;
}

function influenceOf(m: Made) {
  return {
    profileIds: [],
    platforms: [],
    reach: explained(0, 'influence.reach', {}),
    engagement: null,
    authority: explained(0, 'influence.authority', {}),
    brandRelevance: null,
    missing: {},
    score: explained(m.influence ?? 0, 'influence.score', {}),
    reachFollowers: m.followers ?? 0,
    detractor: m.segment === 'detractor-with-reach',
  };
}

function engagementOf(m: Made) {
  return {
    financial: m.net ?? 0,
    referral: explained(0, 'engagement.referral', {}),
    influence: explained(m.influenceValue ?? 0, 'engagement.influence', {}),
    knowledge: explained(0, 'engagement.knowledge', {}),
    value: explained(m.engagementValue ?? (m.net ?? 0) + (m.influenceValue ?? 0), 'engagement.value', {}),
    segment: m.segment,
    reason: 'made by hand',
  };
}

export function customer(id: string, m: Made): CustomerValue {
  const orders = m.orders ?? 4;
  const toDate = (m.ordersCostToServe ?? 0) + (m.costPerOrder ?? 0) * orders;
  return CustomerValue.parse({
    customerId: id,
    summary: { customerId: id, orders, purchases: orders, refunds: m.refunds ?? 0, firstPurchase: '2026-01-05', lastPurchase: '2026-09-01', daysSinceLastPurchase: 97, x: orders - 1, tx: 30, T: 48, m: 50, revenue: 200, meanPurchaseValue: 50, costToServe: m.ordersCostToServe ?? 0 },
    rfm: null,
    prediction: { model: 'bgnbd', spendModel: 'gammagamma', reason: null, pAlive: m.pAlive === null || m.pAlive === undefined ? null : explained(m.pAlive, 'bgnbd.p-alive', {}), expectedPurchases: null, expectedSpend: null, clv: explained(100, 'clv.predicted', {}) },
    cost: { toDate: explained(toDate, 'cost.to-date', { ordersCostToServe: m.ordersCostToServe ?? 0, costPerOrder: m.costPerOrder ?? 0, orders }), future: null, netValue: explained(m.net ?? 0, 'value.net', {}) },
    influence: influenceOf(m),
    engagement: engagementOf(m),
  });
}

export function profile(id: string, m: Made): ProfileValue {
  return ProfileValue.parse({ profileId: id, influence: influenceOf(m), engagement: engagementOf(m) });
}
