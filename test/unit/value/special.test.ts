import { describe, expect, it } from 'vitest';
import { digamma, expm1OverX, gamma, lbeta, lgamma, lgammaDifferenceQuotient, lgammaSigned, log1pOverX, logisticOfMinus, softplus } from '../../../lib/value/special';

/** |actual − expected| ≤ tol · max(1, |expected|). */
function close(actual: number, expected: number, tol: number) {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected)));
}

describe('lgamma', () => {
  it('matches ln((n−1)!) summed exactly from the integers', () => {
    let logFactorial = 0;
    for (let n = 1; n <= 170; n++) {
      // lgamma(n) = ln((n−1)!) = Σ_{k<n} ln k
      close(lgamma(n), logFactorial, 1e-14);
      logFactorial += Math.log(n);
    }
  });

  it('matches known values (mpmath 1.3.0 loggamma at 40 digits)', () => {
    const known: [number, number][] = [
      [0.5, 0.57236494292470008707], // ln √π
      [1e-5, 11.512919692895825707],
      [0.1, 2.2527126517342059599],
      [1.5, -0.12078223763524522235],
      [3.7, 1.4280723266653879219],
      [10, 12.801827480081469611],
      [100, 359.13420536957539878],
      [12345.678, 103959.91990554606092],
    ];
    for (const [x, value] of known) close(lgamma(x), value, 2e-15);
  });

  it('satisfies the recurrence lgamma(x + 1) = lgamma(x) + ln x', () => {
    for (const x of [0.013, 0.37, 0.9, 1.7, 4.2, 33.3, 250.5]) close(lgamma(x + 1), lgamma(x) + Math.log(x), 5e-15);
  });

  it('is infinite at the poles and gamma keeps its sign below zero', () => {
    expect(lgamma(0)).toBe(Infinity);
    expect(lgamma(-3)).toBe(Infinity);
    close(gamma(-0.5), -2 * Math.sqrt(Math.PI), 1e-14); // Γ(−1/2) = −2√π
    close(gamma(5), 24, 1e-14);
  });
});

describe('lbeta', () => {
  it('matches closed forms', () => {
    close(lbeta(2, 3), Math.log(1 / 12), 1e-14); // B(2,3) = 1!2!/4! = 1/12
    close(lbeta(0.5, 0.5), Math.log(Math.PI), 1e-14); // B(1/2,1/2) = π
    close(lbeta(1, 7.5), -Math.log(7.5), 1e-14); // B(1,b) = 1/b
  });
});

describe('stable helpers', () => {
  it('softplus and the logistic do not overflow', () => {
    close(softplus(0), Math.LN2, 1e-16);
    expect(softplus(1000)).toBe(1000);
    close(softplus(-50), Math.exp(-50), 1e-15);
    expect(logisticOfMinus(1000)).toBe(0);
    expect(logisticOfMinus(-1000)).toBe(1);
    close(logisticOfMinus(Math.log(3)), 0.25, 1e-15);
    expect(expm1OverX(0)).toBe(1);
    close(expm1OverX(1e-10), 1 + 5e-11, 1e-15);
  });
});

describe('ln-gamma differences', () => {
  it('divides the difference of nearby ln Γ values without losing digits', () => {
    // mpmath 1.3.0 at 40 digits: (loggamma(x + e) − loggamma(x)) / e.
    const known: [number, number, number][] = [
      [0.5534, 1e-12, -1.7217498507432050105],
      [0.5534, -0.3, -2.6653165080018039814],
      [2.5, 1e-9, 0.70315664089042206524],
      [31.6, 1e-7, 3.4372508922373399498],
      [1, 0.45, -0.26982353497845981248],
    ];
    for (const [x, e, value] of known) close(lgammaDifferenceQuotient(x, e), value, 1e-14);
    // At e = 0 it is the digamma function: ψ(1) = −γ, ψ(1/2) = −γ − 2 ln 2, ψ(n + 1) = ψ(n) + 1/n.
    close(digamma(1), -0.5772156649015329, 1e-15);
    close(digamma(0.5), -0.5772156649015329 - 2 * Math.LN2, 1e-15);
    for (const x of [0.3, 2.7, 9.5, 10.5, 300]) close(digamma(x + 1), digamma(x) + 1 / x, 2e-15);
    expect(() => lgammaDifferenceQuotient(0.5, -0.6)).toThrow(RangeError);
  });

  it('gives ln |Γ| with its sign below zero', () => {
    expect(lgammaSigned(-0.5).sign).toBe(-1); // Γ(−1/2) = −2√π
    close(lgammaSigned(-0.5).log, Math.log(2 * Math.sqrt(Math.PI)), 1e-15);
    expect(lgammaSigned(-1.5).sign).toBe(1);
    expect(lgammaSigned(3).sign).toBe(1);
    expect(log1pOverX(0)).toBe(1);
    close(log1pOverX(1e-10), 1 - 5e-11, 1e-15);
  });
});
