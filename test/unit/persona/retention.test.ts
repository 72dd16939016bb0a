import { describe, expect, it } from 'vitest';
import { acquisitionRate, optimalAcquisitionSpend } from '../../../lib/persona/acquisition';
import {
  calibrateK,
  fitResponseSteps,
  keptYears,
  maximise,
  optimalRetention,
  retentionRate,
  valueAtSpend,
  type SpendOutcome,
} from '../../../lib/persona/retention';
import { Random } from '../../../lib/sample/random';
import { runSteps } from '../../../lib/value/schedule';

describe("Blattberg and Deighton's retention response", () => {
  it('reaches its ceiling and is zero without spending', () => {
    const model = { ceiling: 0.8, k: 0.1 };
    expect(retentionRate(model, 0)).toBe(0);
    expect(retentionRate(model, 10)).toBeCloseTo(0.8 * (1 - Math.exp(-1)), 12);
    expect(retentionRate(model, 1e6)).toBeCloseTo(0.8, 12);
  });

  it('finds the optimum of the closed-form case: one year, no discounting, R* = ln(c·k·m) / k', () => {
    for (const [ceiling, k, margin] of [
      [0.8, 0.1, 50],
      [0.6, 0.05, 120],
      [0.9, 0.3, 8],
    ] as const) {
      const model = { ceiling, k };
      const economics = { margin, discountRate: 0, horizonYears: 1 };
      // With H = 1 and d = 0 the value is m·r − R exactly.
      expect(valueAtSpend(model, economics, 7)).toBeCloseTo(margin * retentionRate(model, 7) - 7, 10);
      const closed = Math.log(ceiling * k * margin) / k;
      const found = optimalRetention(model, economics);
      expect(found.spend).toBeCloseTo(closed, 5);
      expect(found.value).toBeCloseTo(margin * ceiling * (1 - Math.exp(-k * closed)) - closed, 8);
    }
  });

  it('spends nothing when c·k·m ≤ 1 or a kept customer loses money', () => {
    expect(optimalRetention({ ceiling: 0.5, k: 0.1 }, { margin: 15, discountRate: 0, horizonYears: 1 }).spend).toBeCloseTo(0, 6);
    expect(optimalRetention({ ceiling: 0.9, k: 0.5 }, { margin: -3, discountRate: 0.1, horizonYears: 2 })).toEqual({ spend: 0, rate: 0, value: 0 });
  });

  it('sums the discounted years a customer stays: r/(1+d) + (r/(1+d))² + ... over H years', () => {
    const q = 0.6 / 1.1;
    expect(keptYears(q, 3)).toBeCloseTo(q + q * q + q * q * q, 12);
    expect(keptYears(q, Infinity)).toBeCloseTo(q / (1 - q), 12);
  });

  it("calibrates k on the group's retention at today's spend (decision calculus)", () => {
    const k = calibrateK(0.35, 5, 0.7);
    expect(retentionRate({ ceiling: 0.7, k }, 5)).toBeCloseTo(0.35, 12);
    expect(Number.isNaN(calibrateK(0.8, 5, 0.7))).toBe(true);
  });

  it('recovers the ceiling and k from customers whose spend and staying it saw (maximum likelihood)', () => {
    const truth = { ceiling: 0.75, k: 0.12 };
    const rng = new Random(11);
    const outcomes: SpendOutcome[] = [];
    for (let i = 0; i < 6000; i++) {
      const spend = [0.5, 2, 5, 10, 20, 40][i % 6]!;
      outcomes.push({ spend, retained: rng.next() < retentionRate(truth, spend) });
    }
    const fit = runSteps(fitResponseSteps(outcomes, { ceiling: 0.5, k: 0.05 }));
    expect(fit.converged).toBe(true);
    expect(fit.ceiling).toBeCloseTo(0.75, 1);
    expect(fit.k).toBeGreaterThan(0.09);
    expect(fit.k).toBeLessThan(0.15);
  });

  it('maximises a function whose best point is between grid points', () => {
    const best = maximise((x) => -((x - 3.14159) ** 2), 10);
    expect(best.spend).toBeCloseTo(3.14159, 6);
  });
});

describe('acquisition spend', () => {
  it('has the closed-form optimum A* = ln(c·k·V) / k, where the numeric search agrees', () => {
    const [ceiling, k, value] = [0.05, 0.4, 300];
    const closed = optimalAcquisitionSpend(ceiling, k, value);
    expect(closed).toBeCloseTo(Math.log(ceiling * k * value) / k, 12);
    const numeric = maximise((a) => acquisitionRate(ceiling, k, a) * value - a, 5 / k);
    expect(numeric.spend).toBeCloseTo(closed, 5);
    expect(optimalAcquisitionSpend(0.05, 0.01, 100)).toBe(0);
  });
});
