// MBG/NBD (Batislam, Denizel & Filiztekin 2007): fitted on CDNOW and checked against the likelihood and
// forecasts as the paper writes them, evaluated with mpmath (test/fixtures/cdnow/model_references.py).
import { describe, expect, it } from 'vitest';
import { BgNbdForecaster, bgnbdLogLikelihood, bgnbdLogLikelihoodOne, bgnbdProblem, fitBgNbd } from '../../../lib/value/bgnbd';
import { preparePurchaseData } from '../../../lib/value/purchase-data';
import { cdnowSummary, PAPER } from './cdnow';
import { MODEL_REFERENCES } from './model-references';

const relative = (actual: number, expected: number) => Math.abs(actual / expected - 1);
const REF = MODEL_REFERENCES.mbgnbd;

describe('MBG/NBD on the CDNOW sample', () => {
  const rows = cdnowSummary();
  const data = preparePurchaseData(
    rows.map((r) => r.x),
    rows.map((r) => r.tx),
    rows.map((r) => r.T),
  );
  const fit = fitBgNbd(data, {}, 'mbgnbd');

  it('converges where the reference script evaluated it, with a log-likelihood mpmath confirms', () => {
    expect(fit.converged).toBe(true);
    expect(bgnbdProblem(fit, 104, 'mbgnbd')).toBeNull();
    // The script's parameters are this fit rounded to 7 digits.
    for (const name of ['r', 'alpha', 'a', 'b'] as const) expect(relative(fit.params[name], REF.params[name])).toBeLessThan(1e-5);
    expect(relative(bgnbdLogLikelihood(REF.params, data, 'mbgnbd'), REF.ll)).toBeLessThan(1e-12);
    expect(fit.ll).toBeGreaterThanOrEqual(REF.ll - 1e-6);
    expect(fit.ll - REF.ll).toBeLessThan(1e-4);
    // Slightly better than BG/NBD's −9582.43 on the same data.
    expect(fit.ll).toBeCloseTo(-9582.13, 1);
  });

  it('computes each customer as Batislam et al. write the likelihood', () => {
    for (const c of REF.customers) expect(relative(bgnbdLogLikelihoodOne(REF.params, c.x, c.tx, c.T, 'mbgnbd'), c.ll)).toBeLessThan(1e-12);
  });
});

describe('MBG/NBD forecasts', () => {
  const forecaster = new BgNbdForecaster(REF.params, undefined, 'mbgnbd');

  it('match mpmath for P(alive), E[Y(39)] and E[X(78)]', () => {
    for (const c of REF.customers) {
      expect(relative(forecaster.pAlive(c.x, c.tx, c.T), c.pAlive)).toBeLessThan(1e-12);
      expect(relative(forecaster.expected(39, c.x, c.tx, c.T), c.expected39)).toBeLessThan(1e-11);
    }
    expect(relative(forecaster.expectedNew(78), REF.expectedNew78)).toBeLessThan(1e-11);
  });

  it('lets a one-time buyer drop out, where BG/NBD keeps them alive and says why', () => {
    expect(forecaster.pAlive(0, 0, 38.86)).toBeLessThan(0.5);
    expect(forecaster.pAliveNote(0)).toBeNull();
    const bg = new BgNbdForecaster(PAPER);
    expect(bg.pAlive(0, 0, 38.86)).toBe(1);
    expect(bg.pAliveNote(0)).toBe('no-repeat-purchase');
    expect(bg.pAliveNote(1)).toBeNull();
  });
});
