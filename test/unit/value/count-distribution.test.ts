// The distribution of a live customer's purchases (lib/value/count-distribution.ts) against mpmath
// (quadrature over the purchase rate, and over the time of death for Pareto/NBD), and against the models'
// own means.
import { describe, expect, it } from 'vitest';
import { bgAliveCountCdf, paretoAliveCountCdf } from '../../../lib/value/count-distribution';
import { BgNbdForecaster } from '../../../lib/value/bgnbd';
import { ParetoNbdForecaster } from '../../../lib/value/paretonbd';
import { MODEL_REFERENCES } from './model-references';

const pmfOf = (cdf: Float64Array, k: number) => (k < cdf.length ? cdf[k]! - (k > 0 ? cdf[k - 1]! : 0) : 0);
const meanOf = (cdf: Float64Array) => {
  let mean = 0;
  for (let k = 1; k < cdf.length; k++) mean += k * pmfOf(cdf, k);
  return mean;
};

describe('purchase counts of a customer alive now', () => {
  it('match mpmath, BG family to 1e-10 and Pareto/NBD (16-point quadrature) to 1e-6', () => {
    for (const c of MODEL_REFERENCES.aliveCountPmf) {
      const cdf = c.family === 'bg' ? bgAliveCountCdf(c.R, c.A, c.shape, c.rate, c.t, 1 - 1e-13) : paretoAliveCountCdf(c.R, c.A, c.shape, c.rate, c.t, 1 - 1e-9);
      const tolerance = c.family === 'bg' ? 1e-10 : 1e-6;
      expect(Math.abs(pmfOf(cdf, c.k) - c.value)).toBeLessThanOrEqual(tolerance * Math.max(c.value, 1e-3));
    }
  });

  it('have the mean the models forecast', () => {
    const bg = new BgNbdForecaster({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 });
    const mbg = new BgNbdForecaster({ r: 0.52, alpha: 6.2, a: 0.89, b: 1.6 }, undefined, 'mbgnbd');
    const pareto = new ParetoNbdForecaster({ r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6562 });
    for (const forecaster of [bg, mbg, pareto]) {
      for (const [x, T, t] of [[0, 30, 39], [3, 38, 104], [25, 36, 104]] as const) {
        const cdf = forecaster.aliveCountCdf(t, x, T, 1 - 1e-12);
        expect(Math.abs(meanOf(cdf) / forecaster.expectedIfAlive(t, x, T) - 1)).toBeLessThan(forecaster.model === 'paretonbd' ? 1e-6 : 1e-9);
      }
    }
  });

  it('stop once they reach the requested level, and have nothing to count over no time', () => {
    const cdf = bgAliveCountCdf(2.2, 43, 0.79, 4.4, 104, 0.9);
    expect(cdf[cdf.length - 1]).toBeGreaterThanOrEqual(0.9);
    expect(cdf[cdf.length - 2]).toBeLessThan(0.9);
    expect(Array.from(bgAliveCountCdf(2.2, 43, 0.79, 4.4, 0, 0.9))).toEqual([1]);
  });
});
