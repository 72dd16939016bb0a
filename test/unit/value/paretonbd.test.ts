// Pareto/NBD against the BTYD fit on CDNOW and against mpmath (test/fixtures/cdnow/model_references.py:
// the likelihood as the integral over the time of death and in its 2F1 form, P(alive), E[Y(t)]).
import { describe, expect, it } from 'vitest';
import { preparePurchaseData } from '../../../lib/value/purchase-data';
import {
  fitParetoNbd,
  fitParetoNbdAsync,
  ParetoNbdForecaster,
  paretoNbdLogLikelihood,
  paretoNbdProblem,
  type ParetoNbdParams,
} from '../../../lib/value/paretonbd';
import { runSteps } from '../../../lib/value/schedule';
import { summariseSteps } from '../../../lib/value/summary';
import { Random } from '../../../lib/sample/random';
import { CALIBRATION_END, cdnowOrders, cdnowSummary } from './cdnow';
import { MODEL_REFERENCES } from './model-references';

const relative = (actual: number, expected: number) => Math.abs(actual / expected - 1);
const dataOf = (rows: { x: number; tx: number; T: number }[]) =>
  preparePurchaseData(
    rows.map((r) => r.x),
    rows.map((r) => r.tx),
    rows.map((r) => r.T),
  );

/** BTYD's estimates on the CDNOW calibration data (Schmittlein, Morrison & Colombo's model). */
const BTYD = { r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6562, ll: -9594.98 };
const REF = MODEL_REFERENCES.paretonbd;

describe('Pareto/NBD on the CDNOW sample', () => {
  const data = dataOf(cdnowSummary());
  const fit = fitParetoNbd(data);

  it('reproduces the published r, alpha, s, beta and log-likelihood within 1%', () => {
    expect(fit.converged).toBe(true);
    expect(paretoNbdProblem(fit)).toBeNull();
    for (const name of ['r', 'alpha', 's', 'beta'] as const) expect(relative(fit.params[name], BTYD[name])).toBeLessThan(0.01);
    expect(relative(fit.ll, BTYD.ll)).toBeLessThan(0.01);
    expect(fit.ll).toBeCloseTo(-9594.974, 2);
    // At the optimum the published (rounded) parameters cannot do better.
    expect(fit.ll).toBeGreaterThanOrEqual(paretoNbdLogLikelihood(REF.params, data) - 1e-9);
  });

  it('gives the log-likelihood mpmath gives, in total and per customer', () => {
    expect(relative(paretoNbdLogLikelihood(REF.params, data), REF.ll)).toBeLessThan(1e-12);
    for (const c of REF.customers) {
      expect(relative(paretoNbdLogLikelihood(REF.params, dataOf([c])), c.ll)).toBeLessThan(1e-12);
    }
  });

  it('reports the uncertainty of the estimates from the curvature at the optimum', () => {
    // Standard errors of ln r, ln α, ln s, ln β: a few to a few tens of percent with 2,357 customers.
    const se = fit.covariance!.map((row, i) => Math.sqrt(row[i]!));
    expect(se).toHaveLength(4);
    for (const value of se) expect(value).toBeGreaterThan(0.01);
    for (const value of se) expect(value).toBeLessThan(1);
  });

  it('fits the same from a summary computed from the transaction log, in slices as straight through', async () => {
    const own = runSteps(summariseSteps(cdnowOrders(), { asOf: CALIBRATION_END, unit: 'weeks', currency: 'USD', exchangeRates: {} }));
    const exact = dataOf(own.customers);
    const straight = fitParetoNbd(exact);
    for (const name of ['r', 'alpha', 's', 'beta'] as const) expect(relative(straight.params[name], BTYD[name])).toBeLessThan(0.01);
    expect(await fitParetoNbdAsync(exact, { sliceMs: 1 })).toEqual(straight);
  });
});

describe('Pareto/NBD forecasts', () => {
  it('match mpmath for P(alive) and E[Y(39)], with α ≥ β and with α < β, s > 1', () => {
    for (const [params, pick] of [
      [REF.params, (c: (typeof REF.customers)[number]) => c],
      [REF.other, (c: (typeof REF.customers)[number]) => c.other],
    ] as const) {
      const forecaster = new ParetoNbdForecaster(params);
      for (const c of REF.customers) {
        const want = pick(c);
        expect(relative(forecaster.pAlive(c.x, c.tx, c.T), want.pAlive)).toBeLessThan(1e-11);
        expect(relative(forecaster.expected(39, c.x, c.tx, c.T), want.expected39)).toBeLessThan(1e-11);
      }
    }
    expect(relative(new ParetoNbdForecaster(REF.params).expectedNew(78), REF.expectedNew78)).toBeLessThan(1e-12);
  });

  it('lets a customer who bought once drop out, and is alive for certain right after a purchase', () => {
    const forecaster = new ParetoNbdForecaster(REF.params);
    expect(forecaster.pAlive(0, 0, 38.86)).toBeLessThan(1);
    expect(forecaster.pAliveNote()).toBeNull();
    expect(forecaster.pAlive(3, 20, 20)).toBe(1);
  });

  it('is finite and continuous at s = 1, where the textbook form divides 0 by 0', () => {
    const at = (s: number) => new ParetoNbdForecaster({ r: 0.6, alpha: 8, s, beta: 12 }).expectedIfAlive(52, 2, 30);
    const limit = ((0.6 + 2) * (12 + 30)) / (8 + 30) * Math.log1p(52 / (12 + 30));
    expect(relative(at(1), limit)).toBeLessThan(1e-15);
    expect(relative(at(1 + 1e-9), limit)).toBeLessThan(1e-8);
    expect(relative(at(1 - 1e-9), limit)).toBeLessThan(1e-8);
  });

  it('gives the log-likelihood at extreme parameters, where 2F1 is within 1e-7 of z = 1 with many repeat purchases', () => {
    for (const c of REF.extreme) {
      // Absolute: a customer certain to be alive has a log-likelihood near 0.
      expect(Math.abs(paretoNbdLogLikelihood(c.params, dataOf([c])) - c.ll)).toBeLessThan(1e-12 * Math.max(1, Math.abs(c.ll)));
    }
  });

  it('handles one parameter far below the other (2F1 near z = 1)', () => {
    // β = 0.001 against α = 50: z = (α − β)/(α + t) is 0.99998 for a customer with t_x = 0.
    const forecaster = new ParetoNbdForecaster({ r: 0.7, alpha: 50, s: 0.4, beta: 0.001 });
    const p = forecaster.pAlive(0, 0, 30);
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1);
    expect(Number.isFinite(paretoNbdLogLikelihood({ r: 0.7, alpha: 50, s: 0.4, beta: 0.001 }, dataOf(cdnowSummary())))).toBe(true);
  });
});

describe('fitting simulated customers', () => {
  function simulate(truth: ParetoNbdParams, customers: number, seed: number) {
    const rng = new Random(seed);
    const rows: { x: number; tx: number; T: number }[] = [];
    for (let i = 0; i < customers; i++) {
      const lambda = rng.gamma(truth.r, 1 / truth.alpha);
      const mu = rng.gamma(truth.s, 1 / truth.beta);
      const T = 26 + Math.floor(rng.next() * 53);
      const death = -Math.log(1 - rng.next()) / mu;
      let t = 0;
      let x = 0;
      let tx = 0;
      for (;;) {
        t += -Math.log(1 - rng.next()) / lambda;
        if (t > Math.min(T, death)) break;
        x += 1;
        tx = t;
      }
      rows.push({ x, tx, T });
    }
    return rows;
  }

  it('recovers the parameters it was simulated with', () => {
    const truth = { r: 0.6, alpha: 5, s: 0.8, beta: 15 };
    const fit = fitParetoNbd(dataOf(simulate(truth, 30_000, 11)));
    expect(fit.converged).toBe(true);
    // On 30,000 customers (above the subsample size: searched on a subsample, then polished on all).
    expect(fit.message).toMatch(/subsample/);
    expect(relative(fit.params.r, truth.r)).toBeLessThan(0.08);
    expect(relative(fit.params.alpha, truth.alpha)).toBeLessThan(0.1);
    expect(relative(fit.params.s, truth.s)).toBeLessThan(0.25);
    expect(relative(fit.params.beta, truth.beta)).toBeLessThan(0.3);
  });

  it('refuses fits it cannot forecast with, and says why', () => {
    const fit = (params: ParetoNbdParams) => ({ params, ll: 0, customers: 100, converged: true, iterations: 1, evaluations: 1, restarts: 1, message: '', covariance: null });
    expect(paretoNbdProblem(fit(BTYD))).toBeNull();
    expect(paretoNbdProblem(fit({ r: 0.5, alpha: 4, s: 2e6, beta: 4e7 }))).toMatch(/s and β to infinity together: .*\(s\/β = 0.0500 per unit/);
    expect(paretoNbdProblem(fit({ r: 0.5, alpha: 4, s: 1e-9, beta: 2 }))).toMatch(/edge of the parameter space \(s = 1.00e-9\)/);
    expect(paretoNbdProblem({ ...fit(BTYD), converged: false, message: 'budget' })).toBe('the Pareto/NBD fit did not converge (budget)');
  });
});
