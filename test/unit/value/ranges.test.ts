// Ranges (lib/value/ranges.ts): 80% intervals of each customer's future purchases should hold about 80% of
// what customers simulated from the model's own story then do (more, as counts are whole numbers).
import { describe, expect, it } from 'vitest';
import { preparePurchaseData } from '../../../lib/value/purchase-data';
import { fitPurchaseModelSteps, type FittedPurchaseModel } from '../../../lib/value/purchase-models';
import { countRangesSteps, drawForecasters, scaledInterval } from '../../../lib/value/ranges';
import { runSteps } from '../../../lib/value/schedule';
import type { CustomerSummary } from '../../../lib/value/types';
import { simulateBgNbd } from './simulate';

const HORIZON = 52;

/** BG/NBD customers observed for T weeks, and their purchases in the HORIZON weeks after. */
function simulate(customers: number, seed: number) {
  return simulateBgNbd({ r: 0.5, alpha: 4, a: 0.8, b: 2.5 }, customers, seed, HORIZON).map(({ x, tx, T, future }, i) => ({
    summary: { customerId: `C${i}`, purchases: x + 1, x, tx, T } as CustomerSummary,
    future,
  }));
}

function rangesOf(people: ReturnType<typeof simulate>, withParameters: boolean) {
  const summaries = people.map((p) => p.summary);
  const data = preparePurchaseData(
    summaries.map((s) => s.x),
    summaries.map((s) => s.tx),
    summaries.map((s) => s.T),
  );
  const fitted: FittedPurchaseModel = runSteps(fitPurchaseModelSteps('bgnbd', data, 'weeks', HORIZON));
  const { forecasters, parameterUncertainty } = withParameters ? drawForecasters(fitted, HORIZON) : { forecasters: [fitted.forecaster], parameterUncertainty: false };
  const ranges = runSteps(countRangesSteps(forecasters, summaries, HORIZON));
  let covered = 0;
  let width = 0;
  people.forEach((p, i) => {
    if (ranges.low[i]! <= p.future && p.future <= ranges.high[i]!) covered += 1;
    width += ranges.high[i]! - ranges.low[i]!;
  });
  return { coverage: covered / people.length, width: width / people.length, parameterUncertainty, forecasters: forecasters.length };
}

describe('80% ranges of future purchases', () => {
  it('hold about 80% of what simulated customers then buy', () => {
    const result = rangesOf(simulate(8000, 21), true);
    expect(result.parameterUncertainty).toBe(true);
    expect(result.forecasters).toBe(16);
    // Whole numbers: an interval from the 10th to the 90th percentile holds at least 80%, often more.
    expect(result.coverage).toBeGreaterThanOrEqual(0.8);
    expect(result.coverage).toBeLessThan(0.95);
  });

  it('are wider with the parameters’ uncertainty than with the customers’ own process alone, on little data', () => {
    const people = simulate(400, 5);
    const both = rangesOf(people, true);
    const processOnly = rangesOf(people, false);
    expect(both.width).toBeGreaterThanOrEqual(processOnly.width);
    expect(both.coverage).toBeGreaterThanOrEqual(processOnly.coverage);
  });

  it('carry a purchase interval over to value, turned round when the value is negative', () => {
    expect(scaledInterval(120, 2, 0, 5)).toEqual({ low: 0, high: 300 });
    expect(scaledInterval(-40, 2, 1, 4)).toEqual({ low: -80, high: -20 });
    expect(scaledInterval(10, 0, 0, 0)).toEqual({ low: 10, high: 10 });
  });
});
