// The held-back check (lib/value/holdout.ts) on CDNOW: the BG/NBD paper's validation, weeks 40-78,
// against the mpmath references of test/fixtures/cdnow/model_references.py (computed from the log).
import { describe, expect, it } from 'vitest';
import { BgNbdForecaster } from '../../../lib/value/bgnbd';
import { holdoutCheck } from '../../../lib/value';
import { holdoutActualsSteps, holdoutReportSteps, topDecileHit, topShare } from '../../../lib/value/holdout';
import { runSteps } from '../../../lib/value/schedule';
import { summariseSteps } from '../../../lib/value/summary';
import { CALIBRATION_END, MLE, PAPER, cdnowOrders } from './cdnow';
import { MODEL_REFERENCES } from './model-references';

const relative = (actual: number, expected: number) => Math.abs(actual / expected - 1);
const WINDOW = { calibrationEnd: CALIBRATION_END, weeks: 39 };
const orders = cdnowOrders();
const ids = [...new Set(orders.map((o) => o.customerId))];
const money = { currency: 'USD', exchangeRates: {} };
const cohort = runSteps(summariseSteps(orders, { asOf: CALIBRATION_END, unit: 'weeks', customerIds: ids, ...money })).customers;
const actuals = runSteps(holdoutActualsSteps(orders, ids, WINDOW, money));
const fit = { model: 'bgnbd', unit: 'weeks', ll: 0, customers: 2357, converged: true, iterations: 0, evaluations: 0, message: '', bic: null, standardErrors: null } as const;

function reportWith(params: typeof PAPER | typeof MLE) {
  const forecaster = new BgNbdForecaster(params);
  return runSteps(holdoutReportSteps({ model: 'bgnbd', fit: { ...fit, ...params }, forecaster, expectedSpend: () => 30 }, cohort, actuals, WINDOW, 'weeks'));
}

describe('the held-back check on CDNOW (Fader, Hardie & Lee 2005)', () => {
  it('counts 1,882 repeat purchase days in weeks 40-78, and the paper’s table of actuals', () => {
    expect(actuals.purchases.reduce((a, b) => a + b, 0)).toBe(1882);
    const report = reportWith(PAPER);
    expect(report).toMatchObject({ weeks: 39, from: '1997-10-01', to: '1998-06-30', customers: 2357, actual: 1882 });
    const want = [0.237, 0.697, 1.393, 1.56, 2.532, 2.947, 3.862, 6.359];
    report.byRepeatPurchases.forEach((row, i) => expect(relative(row.actual, want[i]!)).toBeLessThan(0.01));
  });

  it('forecasts 1,653.4 and the paper’s conditional expectations (0.225 … 6.157) within 1%, exactly as mpmath', () => {
    for (const [name, params] of [['PAPER', PAPER], ['MLE', MLE]] as const) {
      const report = reportWith(params);
      const ref = MODEL_REFERENCES.holdout[name];
      expect(relative(report.predicted, ref.predicted)).toBeLessThan(1e-10);
      expect(relative(report.predicted, 1653.4)).toBeLessThan(0.01);
      report.byRepeatPurchases.forEach((row, i) => {
        expect(row).toMatchObject({ x: ref.byRepeatPurchases[i]!.x === '7+' ? '7+' : Number(ref.byRepeatPurchases[i]!.x), customers: ref.byRepeatPurchases[i]!.customers });
        expect(relative(row.predicted, ref.byRepeatPurchases[i]!.predicted)).toBeLessThan(1e-10);
        expect(relative(row.actual, ref.byRepeatPurchases[i]!.actual)).toBeLessThan(1e-12);
      });
    }
    const published = [0.225, 0.523, 1.044, 1.52, 2.164, 2.654, 3.504, 6.157];
    reportWith(MLE).byRepeatPurchases.forEach((row, i) => expect(relative(row.predicted, published[i]!)).toBeLessThan(0.01));
  });

  it('tracks the cumulative purchases week by week, numbered from the cohort’s first week', () => {
    const report = reportWith(PAPER);
    expect(report.weekly.map((w) => w.week)).toEqual(Array.from({ length: 39 }, (_, i) => 40 + i));
    for (const ref of MODEL_REFERENCES.holdout.PAPER.weekly) {
      const mine = report.weekly.find((w) => w.week === ref.week)!;
      expect(mine.actual).toBe(ref.actual);
      expect(relative(mine.predicted, ref.predicted)).toBeLessThan(1e-10);
    }
  });

  it('scores customers: errors, ranking and spend', () => {
    const report = reportWith(PAPER);
    expect(report.meanAbsoluteError).toBeGreaterThan(0.5);
    expect(report.rootMeanSquaredError).toBeGreaterThan(report.meanAbsoluteError);
    expect(report.topDecileHit).toBeGreaterThan(0.3);
    expect(report.topDecileHit).toBeLessThanOrEqual(1);
    // Spend: purchases × 30 forecast against the net amounts of the held-back orders.
    expect(report.spend.predicted).toBeCloseTo(report.predicted * 30, 6);
    const held = orders.filter((o) => o.date > CALIBRATION_END && o.date <= '1998-06-30').reduce((sum, o) => sum + o.amount, 0);
    expect(report.spend.actual).toBeCloseTo(held, 6);
  });

  it('is one call for the workspace, with the same table for every model', () => {
    const check = holdoutCheck({ customers: ids.map((id) => ({ id })), orders }, { currency: 'USD' }, WINDOW);
    expect(check.unusable).toEqual([]);
    expect(check.reports.map((r) => r.model)).toEqual(['bgnbd', 'mbgnbd', 'paretonbd']);
    for (const report of check.reports) {
      expect(report).toMatchObject({ actual: 1882, customers: 2357, weeks: 39 });
      expect(report.byRepeatPurchases.map((r) => r.x)).toEqual([0, 1, 2, 3, 4, 5, 6, '7+']);
      expect(relative(report.predicted, 1882)).toBeLessThan(0.2);
    }
    // The fitted BG/NBD is the paper's MLE: 1,653.4.
    expect(relative(check.reports[0]!.predicted, 1653.4)).toBeLessThan(0.001);
  });
});

describe('the top-decile hit', () => {
  it('shares ties out at the boundary, as random tie-breaking would on average', () => {
    // Top 2 of [5, 3, 3, 3, 1]: 5 for certain, one of the three 3s.
    expect(Array.from(topShare(Float64Array.of(5, 3, 3, 3, 1), 2))).toEqual([1, 1 / 3, 1 / 3, 1 / 3, 0]);
    const predicted = Float64Array.from({ length: 20 }, (_, i) => 20 - i);
    expect(topDecileHit(predicted, predicted)).toBe(1);
    expect(topDecileHit(predicted, Float64Array.from(predicted).reverse())).toBe(0);
    // All actual counts equal: any two are as likely as any other two, so the hit is the chance 2/20.
    expect(topDecileHit(predicted, new Float64Array(20).fill(1))).toBeCloseTo(0.1, 12);
    expect(topDecileHit(Float64Array.of(1, 2, 3), Float64Array.of(1, 2, 3))).toBeNull();
  });
});
