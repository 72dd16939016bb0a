import { describe, expect, it } from 'vitest';
import { BgNbdForecaster } from '../../../lib/value/bgnbd';
import { forecastPurchases, historicalValue, monthlyDiscountRate, predictedClv } from '../../../lib/value/clv';
import { costToDate, futureCost, historicalNetValue, netValue } from '../../../lib/value/cost';
import type { CustomerSummary } from '../../../lib/value/types';
import { PAPER } from './cdnow';
import { README_CUSTOMER } from './reference';

const forecaster = new BgNbdForecaster(PAPER);

describe('CLV over a horizon', () => {
  it('discounts monthly at the rate equivalent to the yearly one', () => {
    const d = monthlyDiscountRate(0.1);
    expect((1 + d) ** 12).toBeCloseTo(1.1, 14);
    expect(monthlyDiscountRate(0)).toBe(0);
  });

  it('forecasts the purchases of the next 24 months and their discounted sum (mpmath at 40 digits)', () => {
    const { x, tx, T } = README_CUSTOMER;
    const forecast = forecastPurchases(forecaster, x, tx, T, { horizonMonths: 24, monthlyRate: monthlyDiscountRate(0.1), unit: 'weeks' });
    // 24 months = 104.357 weeks; reference.ts has E[Y] and Σ_i (E[N(i)] − E[N(i−1)]) / 1.1^(i/12) from reference_values.py.
    expect(forecast.expected).toBeCloseTo(README_CUSTOMER.expected24Months, 11);
    expect(forecast.discounted).toBeCloseTo(README_CUSTOMER.discounted24Months10Percent, 11);
    expect(forecast.pAlive).toBeCloseTo(README_CUSTOMER.pAlive, 13);
  });

  it('does not depend on the time unit, and without discounting the sum is the expectation', () => {
    const { x, tx, T } = README_CUSTOMER;
    const weeks = forecastPurchases(forecaster, x, tx, T, { horizonMonths: 12, monthlyRate: 0, unit: 'weeks' });
    const inDays = new BgNbdForecaster({ ...PAPER, alpha: PAPER.alpha * 7 });
    const days = forecastPurchases(inDays, x, tx * 7, T * 7, { horizonMonths: 12, monthlyRate: 0, unit: 'days' });
    expect(days.expected).toBeCloseTo(weeks.expected, 12);
    expect(weeks.discounted).toBeCloseTo(weeks.expected, 12);
  });

  it('multiplies margin, expected spend and discounted purchases', () => {
    const forecast = { expected: 3, discounted: 2.5, pAlive: 0.9 };
    const clv = predictedClv({ margin: 0.3, expectedSpend: 40, forecast, horizonMonths: 24, monthlyRate: 0.008 });
    expect(clv.value).toBeCloseTo(0.3 * 40 * 2.5, 12);
    expect(clv.formula).toBe('clv.predicted');
    expect(clv.inputs).toMatchObject({ margin: 0.3, expectedSpend: 40, expectedPurchases: 3, discountedPurchases: 2.5 });
    expect(historicalValue(0.3, 200)).toEqual({ value: 60, formula: 'clv.historical', inputs: { margin: 0.3, revenue: 200 } });
  });
});

describe('cost to serve and net value', () => {
  const returner: CustomerSummary = {
    customerId: 'R',
    orders: 4,
    purchases: 4,
    refunds: 0,
    firstPurchase: '2024-01-01',
    lastPurchase: '2024-10-01',
    daysSinceLastPurchase: 20,
    x: 3,
    tx: 39,
    T: 42,
    m: 50,
    revenue: 200,
    meanPurchaseValue: 50,
    costToServe: 170, // returns most of what they buy
  };

  it('adds the fixed cost per order to the orders\' cost to serve', () => {
    const toDate = costToDate(returner, 2.5);
    expect(toDate.value).toBe(180);
    expect(toDate.inputs).toEqual({ ordersCostToServe: 170, costPerOrder: 2.5, orders: 4 });
  });

  it('expects future purchases to cost what past ones did, so net value can be negative', () => {
    const toDate = costToDate(returner, 0);
    const forecast = { expected: 2, discounted: 1.8, pAlive: 0.8 };
    const future = futureCost(toDate, returner, forecast);
    expect(future.value).toBeCloseTo((170 / 4) * 1.8, 12);
    const clv = predictedClv({ margin: 0.3, expectedSpend: 50, forecast, horizonMonths: 24, monthlyRate: 0 });
    const net = netValue(clv, future);
    expect(net.value).toBeCloseTo(0.3 * 50 * 1.8 - 42.5 * 1.8, 12);
    expect(net.value).toBeLessThan(0);
    expect(historicalNetValue(historicalValue(0.3, 200), toDate).value).toBe(60 - 170);
  });
});
