import { describe, expect, it } from 'vitest';
import { expm1OverX, gamma, hyp2f1, lbeta, lgamma, logisticOfMinus, softplus } from '../../../lib/value/special';

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

describe('hyp2f1', () => {
  it('matches closed forms (Abramowitz & Stegun 15.1)', () => {
    for (const z of [0.01, 0.3, 0.5, 0.8, 0.95, 0.99, -0.5, -0.9, -3]) {
      close(hyp2f1(1, 1, 2, z), -Math.log1p(-z) / z, 1e-14); // 15.1.3
      close(hyp2f1(2.5, 0.7, 0.7, z), Math.pow(1 - z, -2.5), 1e-14); // 15.1.8: 2F1(a,b;b;z) = (1−z)^−a
    }
    for (const s of [0.1, 0.5, 0.9, 0.97]) {
      close(hyp2f1(0.5, 1, 1.5, s * s), Math.atanh(s) / s, 1e-14); // 15.1.4
      close(hyp2f1(0.5, 0.5, 1.5, s * s), Math.asin(s) / s, 1e-14); // 15.1.6
      close(hyp2f1(0.5, 1, 1.5, -s * s), Math.atan(s) / s, 1e-14); // 15.1.5
    }
  });

  it('matches mpmath 1.3.0 hyp2f1 at 40 digits, including z near 1 and mixed signs', () => {
    const known: [number, number, number, number, number][] = [
      [1, 1, 2, 0.95, 3.1534023932147273615],
      [1, 1, 2, -0.9, 0.71317098463599419555],
      [0.5, 1, 1.5, 0.81, 1.6357994328702447],
      [1.5, 2.5, 0.7, 0.99, 11696993.313358455587],
      [0.3, -0.7, 1.2, 0.9, 0.82317076912151187715],
      [1.2, 0.4, 3.3, -5, 0.69531202783269081908],
      [50.243, 52.426, 51.219, 0.95, 8.4807721361969414503e66],
      [0.243, 2.426, 2.219, 0.999, 11.096504288680498077],
    ];
    for (const [a, b, c, z, value] of known) {
      expect(Math.abs(hyp2f1(a, b, c, z) / value - 1)).toBeLessThan(1e-12);
    }
  });

  it("gives the CDNOW README's 2F1 term for x = 2, t_x = 30.43, T = 38.86, t = 39", () => {
    const [r, alpha, a, b, x, T, t] = [0.243, 4.414, 0.793, 2.426, 2, 38.86, 39];
    close(hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t)), 4.575315897644, 1e-12);
  });

  it('is a polynomial when a is a non-positive integer', () => {
    // 2F1(−3, 2; 1.5; z) = 1 − 4z + (16/5)·... computed by hand: Σ (−3)_k (2)_k / ((1.5)_k k!) z^k
    const z = 0.7;
    const byHand = 1 + ((-3 * 2) / 1.5) * z + ((-3 * -2 * 2 * 3) / (1.5 * 2.5 * 2)) * z ** 2 + ((-3 * -2 * -1 * 2 * 3 * 4) / (1.5 * 2.5 * 3.5 * 6)) * z ** 3;
    close(hyp2f1(-3, 2, 1.5, z), byHand, 1e-14);
    close(hyp2f1(-3, 2, 1.5, z), -0.0752, 1e-13); // mpmath
  });

  it("uses Gauss's theorem at z = 1 and refuses where the function is undefined", () => {
    // 2F1(a,b;c;1) = Γ(c)Γ(c−a−b) / (Γ(c−a)Γ(c−b)); for (1,1;3) that is Γ(3)Γ(1)/(Γ(2)Γ(2)) = 2.
    close(hyp2f1(1, 1, 3, 1), 2, 1e-14);
    expect(() => hyp2f1(1, 1, 2, 1)).toThrow(RangeError);
    expect(() => hyp2f1(1, 1, 2, 1.5)).toThrow(RangeError);
    expect(() => hyp2f1(1, 1, -2, 0.5)).toThrow(/negative integer/);
    expect(() => hyp2f1(1, 1, 2, Number.NaN)).toThrow(RangeError);
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
