import { describe, expect, it } from 'vitest';
import {
  conditionalExpectedSpend,
  fitGammaGamma,
  gammaGammaLogLikelihood,
  gammaGammaProblem,
  populationMeanSpend,
  prepareGammaGamma,
} from '../../../lib/value/gamma-gamma';
import { runSteps } from '../../../lib/value/schedule';
import { summariseSteps } from '../../../lib/value/summary';
import { lgamma } from '../../../lib/value/special';
import { CALIBRATION_END, cdnowOrders, cdnowSummaryWithSpend } from './cdnow';

const PUBLISHED = { p: 6.25, q: 3.74, v: 15.44 };
const relative = (actual: number, expected: number) => Math.abs(actual / expected - 1);

describe('Gamma-Gamma on the CDNOW sample (Fader & Hardie 2013)', () => {
  const rows = cdnowSummaryWithSpend();
  const data = prepareGammaGamma(
    rows.map((r) => r.x),
    rows.map((r) => r.m),
  );
  const fit = fitGammaGamma(data);

  it('fits the 946 repeat customers and reproduces p, q, v and the log-likelihood', () => {
    expect(data.customers).toBe(946);
    expect(data.excluded).toBe(2357 - 946);
    expect(fit.converged).toBe(true);
    expect(gammaGammaProblem(fit)).toBeNull();
    // Published to 2 decimals: each within half a unit of the last digit, i.e. well within 1%.
    expect(fit.params.p).toBeCloseTo(PUBLISHED.p, 2);
    expect(fit.params.q).toBeCloseTo(PUBLISHED.q, 2);
    expect(fit.params.v).toBeCloseTo(PUBLISHED.v, 1);
    for (const name of ['p', 'q', 'v'] as const) expect(relative(fit.params[name], PUBLISHED[name])).toBeLessThan(0.01);
    expect(fit.ll).toBeCloseTo(-4055.92, 1);
  });

  it('computes the likelihood term by term as the density of the mean spend', () => {
    // f(m | x) = Γ(px+q) / (Γ(px) Γ(q)) · v^q · m^(px−1) · x^(px) / (v + x m)^(px+q), written out here independently.
    const { p, q, v } = PUBLISHED;
    let direct = 0;
    for (const { x, m } of rows) {
      if (x === 0) continue;
      direct += lgamma(p * x + q) - lgamma(p * x) - lgamma(q) + q * Math.log(v) + (p * x - 1) * Math.log(m) + p * x * Math.log(x) - (p * x + q) * Math.log(v + x * m);
    }
    expect(gammaGammaLogLikelihood(PUBLISHED, data)).toBeCloseTo(direct, 8);
  });

  it('gives the same fit from mean spends computed from the transaction log', () => {
    const own = runSteps(summariseSteps(cdnowOrders(), { asOf: CALIBRATION_END, unit: 'weeks', currency: 'USD', exchangeRates: {} }));
    const exact = fitGammaGamma(
      prepareGammaGamma(
        own.customers.map((c) => c.x),
        own.customers.map((c) => c.m),
      ),
    );
    for (const name of ['p', 'q', 'v'] as const) expect(relative(exact.params[name], PUBLISHED[name])).toBeLessThan(0.01);
  });
});

describe('conditional expected spend', () => {
  it("follows DOMAIN.md's form (p·x·m + (q−1)·(v·p/(q−1))) / (p·x + q − 1)", () => {
    const { p, q, v } = PUBLISHED;
    for (const [x, m] of [[1, 10], [2, 22.35], [7, 48.1], [30, 5]] as const) {
      const domain = (p * x * m + (q - 1) * ((v * p) / (q - 1))) / (p * x + q - 1);
      expect(conditionalExpectedSpend(PUBLISHED, x, m)).toBeCloseTo(domain, 10);
    }
    // Customer 1 of CDNOW (x = 2, m = 22.35): 6.25 · (15.44 + 44.7) / (12.5 + 2.74) = 24.6637...
    expect(conditionalExpectedSpend(PUBLISHED, 2, 22.35)).toBeCloseTo((6.25 * 60.14) / 15.24, 10);
  });

  it('is the population mean v·p/(q−1) for a customer without repeat purchases and moves towards m with x', () => {
    const population = populationMeanSpend(PUBLISHED);
    expect(population).toBeCloseTo((15.44 * 6.25) / 2.74, 10);
    expect(conditionalExpectedSpend(PUBLISHED, 0, 0)).toBeCloseTo(population, 10);
    const m = 100;
    const few = conditionalExpectedSpend(PUBLISHED, 1, m);
    const many = conditionalExpectedSpend(PUBLISHED, 50, m);
    expect(few).toBeGreaterThan(population);
    expect(many).toBeGreaterThan(few);
    expect(many).toBeLessThan(m);
  });

  it('leaves out customers without repeat purchases or with a mean spend of 0 or less', () => {
    const data = prepareGammaGamma([0, 1, 2, 3, 3], [0, 0, -5, 20, 20]);
    expect(data.customers).toBe(2);
    expect(data.excluded).toBe(3);
    expect(data.weight.length).toBe(1); // the two identical customers share a term
  });

  it('reports a fit whose population mean is not finite', () => {
    const base = { ll: 0, customers: 10, excluded: 0, converged: true, iterations: 1, evaluations: 1, restarts: 1, message: '', covariance: null };
    expect(gammaGammaProblem({ ...base, params: { p: 2, q: 0.8, v: 3 } })).toMatch(/q = 0.800 ≤ 1/);
    expect(gammaGammaProblem({ ...base, converged: false, message: 'budget', params: PUBLISHED })).toMatch(/did not converge/);
  });
});
