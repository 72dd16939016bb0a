import { describe, expect, it } from 'vitest';
import type { Contribution, Customer, Match, Order, Profile } from '../../../lib/model';
import { generateSampleCrm } from '../../../lib/sample/crm';
import { BgNbdForecaster } from '../../../lib/value/bgnbd';
import {
  computeValues,
  computeValuesAsync,
  CurrencyError,
  MIN_BUYERS,
  MIN_HISTORY_DAYS,
  MIN_REPEAT_BUYERS,
  todayIso,
  ValueInputError,
  ValueRun,
  type ValueInput,
} from '../../../lib/value';
import { CALIBRATION_END, MLE, cdnowOrders } from './cdnow';

const relative = (actual: number, expected: number) => Math.abs(actual / expected - 1);

function cdnowInput(): ValueInput {
  const orders = cdnowOrders();
  return { customers: [...new Set(orders.map((o) => o.customerId))].map((id) => ({ id })), orders };
}

describe('computeValues on the CDNOW sample', () => {
  // BG/NBD fixed, as the papers used it (the automatic choice is tested below).
  const run = computeValues(cdnowInput(), { currency: 'USD', purchaseModel: 'bgnbd' }, CALIBRATION_END);

  it('fits both models as the papers did', () => {
    expect(run.models.purchases).toBe('bgnbd');
    expect(run.models.spend).toBe('gammagamma');
    const bgnbd = run.models.bgnbd!;
    for (const name of ['r', 'alpha', 'a', 'b'] as const) expect(relative(bgnbd[name], MLE[name])).toBeLessThan(2e-5);
    expect(bgnbd.customers).toBe(2357);
    const gg = run.models.gammaGamma!;
    expect([gg.p, gg.q, gg.v].map((n) => Math.round(n * 100) / 100)).toEqual([6.25, 3.74, 15.44]);
    expect(gg.customers).toBe(946);
  });

  it('forecasts each customer with the fitted model and explains every number', () => {
    const one = run.customers.find((c) => c.customerId === '1')!;
    const forecaster = new BgNbdForecaster(run.models.bgnbd!);
    const { x, tx, T } = one.summary;
    expect(one.prediction.model).toBe('bgnbd');
    expect(one.prediction.pAlive!.value).toBeCloseTo(forecaster.pAlive(x, tx, T), 14);
    expect(one.prediction.pAlive).toMatchObject({ formula: 'bgnbd.p-alive', inputs: { x: 2, t_x: tx, T } });
    expect(one.prediction.expectedPurchases!.value).toBeCloseTo(forecaster.expected((24 * 365.25) / 12 / 7, x, tx, T), 12);
    const { p, q, v } = run.models.gammaGamma!;
    expect(one.prediction.expectedSpend!.value).toBeCloseTo((p * (v + x * one.summary.m)) / (p * x + q - 1), 10);
    expect(one.prediction.clv.value).toBeGreaterThan(0);
    expect(one.rfm!.segment).toBeTruthy();
    // The CDNOW log has no cost to serve: net value is the CLV.
    expect(one.cost.netValue.value).toBeCloseTo(one.prediction.clv.value, 12);
  });

  it('reports the holdout orders it left out', () => {
    expect(run.excluded.afterAsOf.length).toBeGreaterThan(1900);
    expect(run.excluded.unknownCustomer).toHaveLength(0);
  });

  it('produces results that pass the stored schema', () => {
    expect(() => ValueRun.parse(run)).not.toThrow();
  });
});

let n = 0;
const order = (customerId: string, date: string, amount: number, extra: Partial<Order> = {}): Order => ({
  id: `O${++n}`,
  customerId,
  date,
  amount,
  currency: 'EUR',
  ...extra,
});

/** `count` customers who each buy once, in the first half of 2024. */
function oneTimeBuyers(count: number): ValueInput {
  const customers = Array.from({ length: count }, (_, i) => ({ id: `C${i}` }));
  return { customers, orders: customers.map(({ id }, i) => order(id, `2024-0${1 + (i % 6)}-${String(1 + (i % 27)).padStart(2, '0')}`, 40)) };
}

/** The sample CRM (lib/sample/crm.ts): a realistic mix of one-time, repeat and lapsed buyers up to 2026-11-01. */
function sampleShop(count: number): ValueInput {
  const { customers, orders } = generateSampleCrm({ customers: count });
  return { customers: customers.map((c) => ({ id: c.customer.id })), orders };
}
const SAMPLE_AS_OF = '2026-11-01';

describe('honest fallbacks', () => {
  it('shows historical value when there are too few customers to fit, with a reason code and its numbers', () => {
    const run = computeValues(sampleShop(12), {}, SAMPLE_AS_OF);
    expect(run.models.purchases).toBe('historical');
    expect(run.models.reason).toBe(`only 12 customers with purchases up to 2026-11-01; a purchase model needs at least ${MIN_BUYERS}`);
    expect(run.models.refusal).toMatchObject({ code: 'too-few-buyers', figures: { buyers: 12, needed: MIN_BUYERS } });
    expect(run.models.bgnbd).toBeNull();
    expect(run.models.selection).toBeNull();
    const c = run.customers[0]!;
    expect(c.prediction).toMatchObject({ model: 'historical', pAlive: null, expectedPurchases: null, range: null, reason: run.models.reason });
    expect(c.prediction.clv).toEqual({ value: 0.3 * c.summary.revenue, formula: 'clv.historical', inputs: { margin: 0.3, revenue: c.summary.revenue } });
    expect(c.cost.netValue.formula).toBe('value.net-historical');
  });

  it('shows historical value when nobody bought twice', () => {
    const run = computeValues(oneTimeBuyers(400), {}, '2024-12-31');
    expect(run.models.reason).toMatch(/^only 0 of 400 customers bought more than once/);
    expect(run.models.refusal).toMatchObject({ code: 'too-few-repeat-buyers', figures: { repeatBuyers: 0, buyers: 400, needed: MIN_REPEAT_BUYERS } });
    expect(run.customers.every((c) => c.prediction.model === 'historical')).toBe(true);
  });

  it('shows historical value when the history is too short', () => {
    // 400 customers who all started in the last 90 days, half of them back once since.
    const customers = Array.from({ length: 400 }, (_, i) => ({ id: `S${i}` }));
    const orders = customers.flatMap(({ id }, i) => [
      order(id, new Date(Date.UTC(2024, 9, 2) + (i % 60) * 86_400_000).toISOString().slice(0, 10), 30),
      ...(i % 2 === 0 ? [order(id, '2024-12-20', 25)] : []),
    ]);
    const run = computeValues({ customers, orders }, {}, '2024-12-31');
    expect(run.models.refusal).toEqual({
      code: 'too-short-history',
      figures: { days: 90, needed: MIN_HISTORY_DAYS },
      message: `the orders up to 2024-12-31 span only 90 days; a purchase model needs at least ${MIN_HISTORY_DAYS} days of history`,
    });
  });

  it('shrinks own mean spend when the repeat purchases are all free', () => {
    const input = sampleShop(400);
    const first = new Map<string, string>();
    for (const o of input.orders) if (!first.has(o.customerId) || o.date < first.get(o.customerId)!) first.set(o.customerId, o.date);
    const orders = input.orders.map((o) => (o.date > first.get(o.customerId)! ? { ...o, amount: 0 } : o));
    const run = computeValues({ ...input, orders }, {}, SAMPLE_AS_OF);
    expect(run.models.purchases).not.toBe('historical');
    expect(run.models.spend).toBe('shrunk');
    expect(run.models.spendReason).toMatch(/^only 0 repeat buyers with a positive net spend/);
    const c = run.customers.find((x) => x.prediction.model === run.models.purchases && x.summary.x > 0)!;
    expect(c.prediction.expectedSpend).toMatchObject({ formula: 'spend.shrunk', inputs: { purchases: c.summary.purchases } });
    expect(c.prediction.spendModel).toBe('shrunk');
  });

  /** Clockwork customers: everyone buys exactly weekly up to the as-of day, for 27 to 36 weeks. */
  function clockwork(): ValueInput {
    const customers = Array.from({ length: 320 }, (_, i) => ({ id: `W${i}` }));
    const orders = customers.flatMap(({ id }, i) =>
      Array.from({ length: 27 + (i % 10) }, (_, k) => order(id, new Date(Date.UTC(2024, 11, 31) - k * 7 * 86_400_000).toISOString().slice(0, 10), 20)),
    );
    return { customers, orders };
  }

  it('says when the fit itself cannot be used, with the fit attached', () => {
    // Nothing varies, so the likelihood keeps rising towards infinite r and α (no heterogeneity) and a → 0 (no dropout).
    const run = computeValues(clockwork(), { purchaseModel: 'bgnbd' }, '2024-12-31');
    expect(run.models.purchases).toBe('historical');
    expect(run.models.reason).toMatch(/^the BG\/NBD fit (did not converge \(stalled .* ridge\)|ran to the edge of the parameter space .*)$/);
    expect(run.models.refusal).toMatchObject({ code: 'fit-failed' });
    expect(run.models.bgnbd).toMatchObject({ customers: 320 });
    expect(run.customers.every((c) => c.prediction.model === 'historical')).toBe(true);
  });

  it('says so for every model when none of them can be used', () => {
    const run = computeValues(clockwork(), {}, '2024-12-31');
    expect(run.models.purchases).toBe('historical');
    expect(run.models.reason).toMatch(/^no purchase model could be used \(the BG\/NBD fit .*; the MBG\/NBD fit .*; the Pareto\/NBD fit .*\)$/);
    expect(run.models.selection).toMatchObject({ reason: { key: 'none-usable' } });
  });
});

describe('edge cases through computeValues', () => {
  const base = sampleShop(400);
  const input: ValueInput = {
    customers: [...base.customers, { id: 'NONE' }, { id: 'ONE' }, { id: 'FUTURE' }, { id: 'ZERO' }],
    orders: [
      ...base.orders,
      order('ONE', '2026-09-01', 25),
      order('FUTURE', '2026-11-02', 500, { id: 'LATE' }),
      order('ZERO', '2026-06-01', 0),
      order('ZERO', '2026-09-01', 0),
      order('STRANGER', '2026-06-01', 10, { id: 'ORPHAN' }),
    ],
  };
  // BG/NBD fixed: its one-time buyers are alive for certain, which the output must say.
  const run = computeValues(input, { purchaseModel: 'bgnbd' }, SAMPLE_AS_OF);
  const get = (id: string) => run.customers.find((c) => c.customerId === id)!;

  it('a customer with no orders has no RFM, no forecast, and zero value', () => {
    const none = get('NONE');
    expect(none.rfm).toBeNull();
    expect(none.prediction).toMatchObject({ model: 'none', reason: 'no purchases up to 2026-11-01', pAlive: null });
    expect(none.engagement).toMatchObject({ financial: 0, segment: 'misers' });
  });

  it('a customer with one order is forecast: alive with certainty under BG/NBD, which says why', () => {
    const one = get('ONE');
    expect(one.summary).toMatchObject({ x: 0, purchases: 1 });
    expect(one.prediction.pAlive!.value).toBe(1);
    expect(one.prediction.pAliveNote).toBe('no-repeat-purchase');
    expect(one.prediction.expectedPurchases!.value).toBeGreaterThan(0);
    expect(run.customers.find((c) => c.summary.x > 0)!.prediction.pAliveNote).toBeNull();
    // MBG/NBD and Pareto/NBD let a one-time buyer drop out: no note needed.
    for (const purchaseModel of ['mbgnbd', 'paretonbd'] as const) {
      const other = computeValues(input, { purchaseModel }, SAMPLE_AS_OF).customers.find((c) => c.customerId === 'ONE')!;
      expect(other.prediction.pAlive!.value).toBeLessThan(1);
      expect(other.prediction.pAliveNote).toBeNull();
    }
  });

  it('an order after the as-of day does not count and is reported', () => {
    expect(get('FUTURE').summary.orders).toBe(0);
    expect(run.excluded.afterAsOf).toEqual([{ orderId: 'LATE', customerId: 'FUTURE', date: '2026-11-02' }]);
    expect(run.excluded.unknownCustomer).toEqual([{ orderId: 'ORPHAN', customerId: 'STRANGER', date: '2026-06-01' }]);
  });

  it('a placeholder date an older database holds is left out and counted; everyone is still valued (issue 12.8)', () => {
    const id = base.customers[1]!.id;
    const withPlaceholder: ValueInput = { ...base, orders: [...base.orders, order(id, '0001-01-01', 100, { id: 'NODATE' })] };
    const valued = computeValues(withPlaceholder, {}, SAMPLE_AS_OF);
    const without = computeValues(base, {}, SAMPLE_AS_OF);
    expect(valued.excluded.undated).toEqual([{ orderId: 'NODATE', customerId: id, date: '0001-01-01' }]);
    expect(valued.customers).toEqual(without.customers);
  });

  it('zero amounts are purchases worth nothing: forecast purchases, a small spend from the fallback', () => {
    const zero = get('ZERO');
    expect(zero.summary).toMatchObject({ purchases: 2, x: 1, m: 0, revenue: 0 });
    // A net repeat spend of 0 leaves the customer out of Gamma-Gamma: the own mean (0) shrunk towards everyone's.
    expect(run.models.spend).toBe('gammagamma');
    expect(zero.prediction).toMatchObject({ spendModel: 'shrunk', reason: expect.stringMatching(/^net repeat spend of 0 or less/) });
    const { kappa, populationMean } = zero.prediction.expectedSpend!.inputs as { kappa: number; populationMean: number };
    expect(zero.prediction.expectedSpend!.value).toBeCloseTo((kappa * populationMean) / (2 + kappa), 10);
    expect(zero.prediction.expectedSpend!.value).toBeLessThan(populationMean);
  });

  it('a currency mix is refused without a rate and converted with one', () => {
    const id = base.customers[1]!.id;
    const mixed: ValueInput = { ...base, orders: [...base.orders, order(id, '2026-10-01', 100, { id: 'US', currency: 'USD' })] };
    expect(() => computeValues(mixed, {}, SAMPLE_AS_OF)).toThrow(CurrencyError);
    const converted = computeValues(mixed, { exchangeRates: { USD: 0.9 } }, SAMPLE_AS_OF);
    const before = run.customers.find((c) => c.customerId === id)!.summary.revenue;
    expect(converted.customers.find((c) => c.customerId === id)!.summary.revenue).toBeCloseTo(before + 90, 10);
  });

  it('refuses bad settings and a bad as-of day with a clear error', () => {
    expect(() => computeValues(base, { margin: 2 }, SAMPLE_AS_OF)).toThrow(/value settings: .*margin/);
    expect(() => computeValues(base, {}, '01-11-2026')).toThrow(ValueInputError);
  });
});

describe('influence, referrals and segments through computeValues', () => {
  const base = sampleShop(400);
  const id = (i: number) => base.customers[i]!.id;
  const input: ValueInput = {
    customers: base.customers.map((c, i) => (i === 4 || i === 5 ? { ...c, custom: { Referred_By: id(3) } } : c)),
    orders: base.orders,
    profiles: [
      { id: 'instagram:anna', platform: 'instagram', followers: 40_000 },
      { id: 'youtube:anna', platform: 'youtube', followers: 12_000 },
      { id: 'amazon:bob', platform: 'amazon', reviewCount: 3 },
      { id: 'tiktok:stranger', platform: 'tiktok', followers: 90_000 },
    ],
    contributions: [{ profileId: 'amazon:bob', type: 'review', rating: 5, subject: 'Zoet taart', date: '2026-10-01' }],
    matches: [
      { profileId: 'instagram:anna', customerId: id(3), status: 'auto' },
      { profileId: 'youtube:anna', customerId: id(3), status: 'confirmed' },
      { profileId: 'amazon:bob', customerId: id(7), status: 'review' }, // waits for a person: not linked
    ],
  };
  const run = computeValues(input, { ownBrands: ['Zoet'] }, SAMPLE_AS_OF);
  const get = (i: number) => run.customers.find((c) => c.customerId === id(i))!;

  it('counts a person across the profiles linked to them, and only linked ones', () => {
    const anna = get(3);
    expect(anna.influence.profileIds).toEqual(['instagram:anna', 'youtube:anna']);
    expect(anna.influence.reachFollowers).toBe(40_000 + 6_000);
    expect(anna.influence.score.value).toBeGreaterThan(25);
    expect(['advocates', 'champions']).toContain(anna.engagement.segment);
    expect(get(7).influence.profileIds).toEqual([]);
    expect(run.profiles.map((p) => p.profileId)).toEqual(['amazon:bob', 'tiktok:stranger']);
    expect(run.profiles[0]!.engagement.knowledge.value).toBe(5); // one own-brand review
    expect(run.profiles[1]!.engagement.segment).toBe('advocates');
  });

  it('credits referrers with half the value of the customers who name them', () => {
    const referred = get(4).cost.netValue.value + get(5).cost.netValue.value;
    expect(get(3).engagement.referral.value).toBeCloseTo(0.5 * referred, 10);
    expect(get(3).engagement.referral.inputs.referredCustomers).toBe(2);
    expect(get(6).engagement.referral.value).toBe(0);
  });

  it('puts the base in segments: financially high only when the whole range clears the mark, else uncertain', () => {
    const buyers = run.customers.filter((c) => c.summary.purchases > 0);
    const high = buyers.filter((c) => c.engagement.segment === 'affluents' || c.engagement.segment === 'champions');
    const uncertain = buyers.filter((c) => c.engagement.uncertain);
    const mark = run.thresholds.financialHigh.value;
    // The top fifth by point net value is high or uncertain, less those a detractor or negative-value rule took first.
    expect(high.length + uncertain.length).toBeLessThanOrEqual(Math.floor(0.2 * buyers.length));
    expect(high.length + uncertain.length).toBeGreaterThan(0.18 * buyers.length);
    expect(high.length).toBeGreaterThan(0);
    for (const c of high) expect(c.cost.netValueRange!.low).toBeGreaterThanOrEqual(mark);
    for (const c of uncertain) {
      expect(c.cost.netValue.value).toBeGreaterThanOrEqual(mark);
      expect(c.cost.netValueRange!.low).toBeLessThan(mark);
      expect(['misers', 'advocates']).toContain(c.engagement.segment);
      expect(c.engagement.reason).toMatch(/does not clear the mark: uncertain/);
    }
    expect(run.thresholds.financialHigh.inputs).toMatchObject({ quantile: 0.8, customers: buyers.length });
    expect(run.customers.some((c) => c.engagement.segment === 'negative-value')).toBe(true); // the sample has serial returners
  });
});

describe('the service worker path', () => {
  it('takes the records of the database as they are', () => {
    // A compile-time check: the stored domain types are valid input.
    const fromDatabase = (customers: Customer[], orders: Order[], profiles: Profile[], contributions: Contribution[], matches: Match[]): ValueInput => ({
      customers,
      orders,
      profiles,
      contributions,
      matches,
    });
    expect(computeValues(fromDatabase([], [], [], [], []), {}, todayIso(new Date(2026, 0, 5))).customers).toEqual([]);
    expect(todayIso(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
  });

  it('gives exactly the same results in time slices, reporting progress', async () => {
    const { customers, orders } = generateSampleCrm({ customers: 1500 });
    const input: ValueInput = { customers: customers.map((c) => c.customer), orders };
    const phases = new Set<string>();
    const sliced = await computeValuesAsync(input, {}, '2026-11-01', { sliceMs: 1, onProgress: (p) => phases.add(p.phase) });
    expect(sliced).toEqual(computeValues(input, {}, '2026-11-01'));
    expect(phases.has('fit-bgnbd')).toBe(true);
    expect(sliced.customers).toHaveLength(1500);
    expect(() => ValueRun.parse(sliced)).not.toThrow();
  });
});
