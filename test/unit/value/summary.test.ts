import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Order } from '../../../lib/model';
import { CurrencyError, ValueInputError } from '../../../lib/value/errors';
import { runSteps } from '../../../lib/value/schedule';
import { summariseSteps, type SummaryOptions } from '../../../lib/value/summary';
import { CALIBRATION_END, cdnowOrders, cdnowSummary, cdnowSummaryWithSpend } from './cdnow';

const summarise = (orders: readonly Order[], options: Partial<SummaryOptions> = {}) =>
  runSteps(summariseSteps(orders, { asOf: '2024-12-31', unit: 'weeks', currency: 'EUR', exchangeRates: {}, ...options }));

let n = 0;
const order = (customerId: string, date: string, amount: number, extra: Partial<Order> = {}): Order => ({
  id: `O${++n}`,
  customerId,
  date,
  amount,
  currency: 'EUR',
  ...extra,
});

describe('the CDNOW summary computed from the transaction log', () => {
  const own = summarise(cdnowOrders(), { asOf: CALIBRATION_END, currency: 'USD' });
  const byId = new Map(own.customers.map((c) => [c.customerId, c]));

  it('matches cdnow_customers_summary.csv for every customer (x exactly, t_x and T to its 2 decimals)', () => {
    const reference = cdnowSummary();
    expect(own.customers).toHaveLength(2357);
    for (const row of reference) {
      const c = byId.get(row.id)!;
      expect(c.x).toBe(row.x);
      expect(Math.abs(c.tx - row.tx)).toBeLessThanOrEqual(0.005 + 1e-9);
      expect(Math.abs(c.T - row.T)).toBeLessThanOrEqual(0.005 + 1e-9);
    }
    // The README's worked example: first purchase 1997-01-01, T = 272 days / 7.
    expect(byId.get('1')!.T).toBe(272 / 7);
  });

  it('matches the mean repeat spend of cdnow_customers_summary_with_transactions.csv', () => {
    for (const row of cdnowSummaryWithSpend()) expect(Math.abs(byId.get(row.id)!.m - row.m)).toBeLessThanOrEqual(0.005 + 1e-9);
  });

  it('leaves out and reports the holdout orders after the as-of day', () => {
    const text = readFileSync(fileURLToPath(new URL('../../fixtures/cdnow/cdnowElog.csv', import.meta.url)), 'utf8');
    const later = text.split('\n').filter((line) => (/^\d+,\d+,(\d{8}),/.exec(line)?.[1] ?? '') > '19970930').length;
    expect(own.excluded.afterAsOf).toHaveLength(later);
    expect(own.excluded.afterAsOf.every((o) => o.date > CALIBRATION_END)).toBe(true);
  });

  it('merges same-day purchases: 6,919 rows are 6,696 customer-days', () => {
    const all = summarise(cdnowOrders(), { asOf: '1998-06-30', currency: 'USD' });
    expect(all.customers.reduce((sum, c) => sum + c.orders, 0)).toBe(6919);
    expect(all.customers.reduce((sum, c) => sum + c.purchases, 0)).toBe(6696);
    expect(all.excluded.afterAsOf).toHaveLength(0);
  });
});

describe('edge cases', () => {
  it('a customer with one order has x = 0, t_x = 0 and an age', () => {
    const [c] = summarise([order('A', '2024-12-17', 30)]).customers;
    expect(c).toMatchObject({ customerId: 'A', orders: 1, purchases: 1, x: 0, tx: 0, T: 2, m: 0, revenue: 30, meanPurchaseValue: 30 });
    expect(c).toMatchObject({ firstPurchase: '2024-12-17', lastPurchase: '2024-12-17', daysSinceLastPurchase: 14 });
  });

  it('an order on the as-of day counts; one after it is left out and reported', () => {
    const result = summarise([order('A', '2024-12-01', 10), order('A', '2024-12-31T23:59:00', 20), order('A', '2025-01-01', 99, { id: 'LATE' })]);
    expect(result.customers[0]).toMatchObject({ purchases: 2, x: 1, revenue: 30, m: 20, tx: 30 / 7, T: 30 / 7 });
    expect(result.excluded.afterAsOf).toEqual([{ orderId: 'LATE', customerId: 'A', date: '2025-01-01' }]);
  });

  it('merges orders of the same day, also at different times', () => {
    const [c] = summarise([order('A', '2024-11-01', 10), order('A', '2024-11-08T09:00:00Z', 5), order('A', '2024-11-08T17:30:00Z', 7)]).customers;
    expect(c).toMatchObject({ orders: 3, purchases: 2, x: 1, m: 12, tx: 1 });
  });

  it('zero amounts are purchases worth 0; refunds reduce revenue but are not purchases', () => {
    const [free, refunded] = summarise([
      order('F', '2024-10-01', 0),
      order('F', '2024-11-01', 0),
      order('R', '2024-10-01', 50),
      order('R', '2024-10-20', -50),
      order('R', '2024-11-01', 20),
    ]).customers;
    expect(free).toMatchObject({ purchases: 2, x: 1, m: 0, revenue: 0 });
    expect(refunded).toMatchObject({ orders: 3, purchases: 2, refunds: 1, x: 1, m: 20, revenue: 20, meanPurchaseValue: 10 });
  });

  it('a refund comes off its own purchase day, else the latest purchase day before it, so m is net', () => {
    const [some, early, net] = summarise([
      order('S', '2024-06-01', 40),
      order('S', '2024-07-01', -10), // listed before the purchase of its day: still comes off that day
      order('S', '2024-07-01', 30),
      order('S', '2024-08-01', 50),
      order('S', '2024-08-15', -50), // no purchase that day: comes off 08-01
      order('P', '2024-05-01', -15), // before any purchase: revenue only
      order('P', '2024-06-01', 25),
      order('N', '2024-06-01', 30),
      order('N', '2024-07-01', 20),
      order('N', '2024-07-03', -35),
    ]).customers;
    expect(some).toMatchObject({ orders: 5, purchases: 3, refunds: 2, x: 2, m: (20 + 0) / 2, revenue: 60, meanPurchaseValue: 20 });
    expect(early).toMatchObject({ purchases: 1, refunds: 1, x: 0, m: 0, revenue: 10 });
    // Net repeat spend below zero: left out of the Gamma-Gamma fit (its m ≤ 0).
    expect(net).toMatchObject({ purchases: 2, x: 1, m: -15, revenue: 15 });
  });

  it('a customer with no orders is summarised with nothing', () => {
    const result = summarise([order('A', '2024-12-01', 10)], { customerIds: ['A', 'NONE'] });
    expect(result.customers[1]).toMatchObject({
      customerId: 'NONE',
      orders: 0,
      purchases: 0,
      x: 0,
      tx: 0,
      T: 0,
      revenue: 0,
      firstPurchase: null,
      daysSinceLastPurchase: null,
    });
  });

  it('orders of customers not in the list are left out and reported', () => {
    const result = summarise([order('A', '2024-12-01', 10), order('GHOST', '2024-12-01', 10, { id: 'G1' })], { customerIds: ['A'] });
    expect(result.customers.map((c) => c.customerId)).toEqual(['A']);
    expect(result.excluded.unknownCustomer).toEqual([{ orderId: 'G1', customerId: 'GHOST', date: '2024-12-01' }]);
  });

  it('refuses a currency without a rate, naming the order; never adds it up', () => {
    const orders = [order('A', '2024-12-01', 10), order('A', '2024-12-02', 10, { id: 'US1', currency: 'USD' }), order('B', '2024-12-02', 5, { currency: 'GBP' })];
    let error: unknown;
    try {
      summarise(orders);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CurrencyError);
    expect((error as Error).message).toMatch(/^order "US1" \(customer "A"\) is in USD, but the shop's currency is EUR and there is no USD rate/);
    expect((error as Error).message).toMatch(/2 orders in all \(USD, GBP\)/);
    expect((error as CurrencyError).orders.map((o) => o.currency)).toEqual(['USD', 'GBP']);
  });

  it('converts other currencies with the rate table, cost to serve included', () => {
    const [c] = summarise(
      [order('A', '2024-12-01', 10, { costToServe: 1 }), order('A', '2024-12-02', 100, { currency: 'USD', costToServe: 10 })],
      { exchangeRates: { USD: 0.9 } },
    ).customers;
    expect(c!.revenue).toBeCloseTo(100, 10);
    expect(c!.m).toBeCloseTo(90, 10);
    expect(c!.costToServe).toBeCloseTo(10, 10);
  });

  it('measures time in days or weeks', () => {
    const orders = [order('A', '2024-10-01', 10), order('A', '2024-10-15', 10)];
    const days = summarise(orders, { unit: 'days' }).customers[0]!;
    const weeks = summarise(orders, { unit: 'weeks' }).customers[0]!;
    expect([days.tx, days.T]).toEqual([14, 91]);
    expect([weeks.tx, weeks.T]).toEqual([2, 13]);
  });

  it('leaves out (and names) the order with an impossible date, and refuses an impossible as-of day', () => {
    // Until issue 12.8 one such order stopped the values of every customer.
    const result = summarise([order('A', '2024-02-30', 10, { id: 'BAD' }), order('A', '2024-02-01', 10)]);
    expect(result.excluded.undated).toEqual([{ orderId: 'BAD', customerId: 'A', date: '2024-02-30' }]);
    expect(result.customers[0]).toMatchObject({ orders: 1, revenue: 10 });
    expect(() => summarise([], { asOf: '2024-13-01' })).toThrow(ValueInputError);
  });
});

describe('orders without a real date (issue 12.8)', () => {
  it('are left out and counted, never stopping the values of everyone else', () => {
    const result = summarise([order('A', '2024-12-01', 10), order('B', '0001-01-01', 10, { id: 'ZERO' }), order('B', '1970-01-01', 5, { id: 'EPOCH' }), order('B', '2024-11-01', 20)]);
    expect(result.customers.map((c) => [c.customerId, c.orders, c.revenue])).toEqual([['A', 1, 10], ['B', 1, 20]]);
    expect(result.excluded.undated).toEqual([
      { orderId: 'ZERO', customerId: 'B', date: '0001-01-01' },
      { orderId: 'EPOCH', customerId: 'B', date: '1970-01-01' },
    ]);
  });
});
