// Spend per purchase (lib/value/spend.ts): Gamma-Gamma's assumption checked, the shrunk own mean when it fails.
import { describe, expect, it } from 'vitest';
import { fitSpendModelSteps, shrinkage, shrunkSpend, spendCheck, SPEND_CORRELATION_LIMIT } from '../../../lib/value/spend';
import { runSteps } from '../../../lib/value/schedule';
import { summariseSteps } from '../../../lib/value/summary';
import type { CustomerSummary } from '../../../lib/value/types';
import { Random } from '../../../lib/sample/random';
import { CALIBRATION_END, cdnowOrders } from './cdnow';

const summary = (x: number, m: number, purchases = x + 1, revenue = m * purchases): CustomerSummary => ({
  customerId: `${x}-${m}`,
  orders: purchases,
  purchases,
  refunds: 0,
  firstPurchase: '2024-01-01',
  lastPurchase: '2024-06-01',
  daysSinceLastPurchase: 10,
  x,
  tx: 10,
  T: 20,
  m,
  revenue,
  meanPurchaseValue: revenue / Math.max(purchases, 1),
  costToServe: 0,
});

describe("the check of Gamma-Gamma's assumption", () => {
  it('is the Pearson correlation of x and m over repeat buyers with a positive m', () => {
    const rows = [summary(1, 10), summary(2, 20), summary(3, 25), summary(4, 45), summary(0, 0), summary(5, -3)];
    const few = spendCheck(rows);
    expect(few).toMatchObject({ repeatBuyers: 4, correlation: null, independent: true }); // fewer than 10: not computed
    const many = spendCheck([...rows, ...rows, ...rows]);
    // By hand over (1,10), (2,20), (3,25), (4,45) (tripled): r = 0.9631...
    const xs = [1, 2, 3, 4];
    const ms = [10, 20, 25, 45];
    const mean = (v: number[]) => v.reduce((a, b) => a + b) / v.length;
    const [mx, mm] = [mean(xs), mean(ms)];
    const r = xs.reduce((s, x, i) => s + (x - mx) * (ms[i]! - mm), 0) / Math.sqrt(xs.reduce((s, x) => s + (x - mx) ** 2, 0) * ms.reduce((s, m) => s + (m - mm) ** 2, 0));
    expect(many.correlation).toBeCloseTo(r, 12);
    expect(many).toMatchObject({ repeatBuyers: 12, independent: false, limit: SPEND_CORRELATION_LIMIT });
  });

  it('passes on CDNOW (r = 0.11), where Gamma-Gamma is fitted', () => {
    const own = runSteps(summariseSteps(cdnowOrders(), { asOf: CALIBRATION_END, unit: 'weeks', currency: 'USD', exchangeRates: {} })).customers;
    const model = runSteps(fitSpendModelSteps(own.filter((s) => s.purchases > 0)));
    expect(model.check.correlation).toBeCloseTo(0.114, 3);
    expect(model).toMatchObject({ kind: 'gammagamma', reason: null });
    expect(model.fit!.customers).toBe(946);
  });

  it('falls back to the shrunk own mean when heavy buyers spend more per purchase, and says why', () => {
    const rng = new Random(3);
    const rows = Array.from({ length: 2000 }, () => {
      const x = rng.int(0, 12);
      return summary(x, x > 0 ? 20 + 8 * x + 5 * rng.normal() : 0);
    });
    const model = runSteps(fitSpendModelSteps(rows));
    expect(model.kind).toBe('shrunk');
    expect(model.fit).toBeNull();
    expect(model.reason).toMatch(/^the number of purchases and the spend per purchase are correlated \(r = 0\.\d\d over \d+ repeat buyers, beyond ±0.3\)/);
    expect(model.expected(rows[0]!).formula).toBe('spend.shrunk');
  });
});

describe('the shrunk own mean', () => {
  it('estimates κ = σ²/τ² from how means spread against how many purchases they rest on', () => {
    // True means ~ N(50, 10²), purchases ~ N(mean, 20²): κ = 400 / 100 = 4.
    const rng = new Random(9);
    const rows = Array.from({ length: 40_000 }, () => {
      const n = rng.int(1, 8);
      const mu = 50 + 10 * rng.normal();
      let revenue = 0;
      for (let k = 0; k < n; k++) revenue += mu + 20 * rng.normal();
      return summary(n - 1, 0, n, revenue);
    });
    const s = shrinkage(rows);
    expect(s.estimated).toBe(true);
    expect(s.populationMean).toBeCloseTo(50, 0);
    expect(Math.abs(s.kappa / 4 - 1)).toBeLessThan(0.15);
  });

  it('weighs own mean and population mean by purchases against κ, never below 0, and falls back to κ = 1', () => {
    const s = { populationMean: 40, kappa: 2, estimated: true };
    expect(shrunkSpend(s, { purchases: 3, revenue: 90 })).toEqual({
      value: (3 * 30 + 2 * 40) / 5,
      formula: 'spend.shrunk',
      inputs: { purchases: 3, ownMean: 30, populationMean: 40, kappa: 2 },
    });
    expect(shrunkSpend(s, { purchases: 2, revenue: -200 }).value).toBe(0);
    // Everyone bought equally often: σ² and τ² cannot be told apart.
    expect(shrinkage(Array.from({ length: 50 }, (_, i) => summary(1, 0, 2, 40 + i)))).toMatchObject({ kappa: 1, estimated: false });
  });
});
