// 2F1 (lib/value/hyp2f1.ts): closed forms, the mpmath references of test/fixtures/cdnow/model_references.py
// (z up to 1 − 1e-9, c − a − b an integer or within 1e-12 of one, Pareto/NBD's two forms with x up to 150,
// far negative z), and values beyond the range of a double as logarithms.
import { describe, expect, it } from 'vitest';
import { HYP2F1_MAX_TERMS, hyp2f1, hyp2f1Scaled, logHyp2f1 } from '../../../lib/value/hyp2f1';
import { MODEL_REFERENCES } from './model-references';

/** |actual − expected| ≤ tol · max(1, |expected|). */
function close(actual: number, expected: number, tol: number) {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected)));
}

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

  it('matches mpmath on every reference case to about 1e-13 (compared as logarithms, so huge values count too)', () => {
    const cases = MODEL_REFERENCES.hyp2f1;
    expect(cases.length).toBeGreaterThan(1000);
    for (const { a, b, c, z, log } of cases) {
      // The error of the logarithm is the relative error of the value.
      const error = Math.abs(logHyp2f1(a, b, c, z) - log);
      if (!(error <= 1e-13 * Math.max(1, Math.abs(log)))) expect.fail(`2F1(${a}, ${b}; ${c}; ${z}): ln ${logHyp2f1(a, b, c, z)} against ${log}`);
    }
  });

  it('is fast near z = 1, where the series would need millions of terms', () => {
    const started = performance.now();
    for (let i = 0; i < 1000; i++) hyp2f1(1.1595, 1.6061, 2.1595, 1 - 1e-9 * (1 + i / 1000));
    expect(performance.now() - started).toBeLessThan(500);
    // The series alone gives up at HYP2F1_MAX_TERMS; this argument would need about 3.7e10.
    expect(HYP2F1_MAX_TERMS).toBeLessThan(1e7);
  });

  it('carries values beyond a double as sign and logarithm', () => {
    const big = hyp2f1Scaled(150.6, 150, 151.6, 0.999);
    expect(big.sign).toBe(1);
    expect(big.log).toBeCloseTo(Math.log(1.0107273283266289674) + 447 * Math.LN10, 9); // mpmath: 1.0107273283266289674e+447
    expect(hyp2f1(150.6, 150, 151.6, 0.999)).toBe(Infinity);
    expect(() => logHyp2f1(-3, 2, 1.5, 0.7)).toThrow(/not positive/); // −0.0752
  });
});
