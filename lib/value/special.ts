/**
 * Special functions the value models need: log-gamma, log-beta, gamma, and the
 * Gauss hypergeometric function 2F1. Plain numbers in, plain numbers out; no
 * allocation, so they can sit in likelihood loops.
 *
 * Accuracy (checked in test/unit/value/special.test.ts against exact
 * log-factorials, known constants and mpmath):
 * - lgamma: Lanczos approximation (g = 7, 9 terms, Godfrey's coefficients as
 *   published in Numerical Recipes 3rd ed. and Wikipedia "Lanczos
 *   approximation"), relative error of Γ about 1e-15, so lgamma has an
 *   absolute error about 1e-15 * max(1, |lgamma(x)|). Below 0.5 the reflection
 *   formula is used.
 * - lgammaDifferenceQuotient (ln Γ(x+e) − ln Γ(x)) / e, stable as e → 0, where it
 *   is the digamma function ψ(x): the recurrence moves x above 10, then the
 *   difference of Stirling's series is taken term by term (never as a
 *   difference of two large logarithms).
 *
 * The Gauss hypergeometric function 2F1 lives in hyp2f1.ts.
 */

const HALF_LOG_TWO_PI = 0.9189385332046728; // ln(2π) / 2
const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
] as const;

/** ln Γ(x) for x > 0 (and for negative non-integers, ln |Γ(x)|). */
export function lgamma(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x <= 0 && Number.isInteger(x)) return Infinity;
  if (x < 0.5) {
    // Reflection: Γ(x) Γ(1 − x) = π / sin(πx).
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  }
  const y = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (y + i);
  const t = y + LANCZOS_G + 0.5;
  return HALF_LOG_TWO_PI + (y + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Γ(x) for real x that is not 0 or a negative integer (sign included). */
export function gamma(x: number): number {
  if (x <= 0 && Number.isInteger(x)) return NaN;
  if (x < 0.5) return Math.PI / (Math.sin(Math.PI * x) * gamma(1 - x));
  return Math.exp(lgamma(x));
}

/** ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b), for a, b > 0. */
export function lbeta(a: number, b: number): number {
  return lgamma(a) + lgamma(b) - lgamma(a + b);
}

/** ln(1 + e^x) without overflow for large x or loss for very negative x. */
export function softplus(x: number): number {
  // Above 37, ln(1 + e^−x) < 1e-16 is below the last bit of x: skip the exp and log.
  if (x > 37) return x;
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** 1 / (1 + e^x), the logistic function of −x, stable at both ends. */
export function logisticOfMinus(x: number): number {
  if (x >= 0) {
    const e = Math.exp(-x);
    return e / (1 + e);
  }
  return 1 / (1 + Math.exp(x));
}

/** (e^u − 1) / u, with its limit 1 at u = 0 (expm1 keeps it accurate for small u). */
export function expm1OverX(u: number): number {
  return u === 0 ? 1 : Math.expm1(u) / u;
}

/** ln(1 + u) / u, with its limit 1 at u = 0 (log1p keeps it accurate for small u). */
export function log1pOverX(u: number): number {
  return u === 0 ? 1 : Math.log1p(u) / u;
}

/** ln |Γ(x)| and the sign of Γ(x), for x that is not 0 or a negative integer. */
export function lgammaSigned(x: number): { log: number; sign: number } {
  if (x > 0) return { log: lgamma(x), sign: 1 };
  // Γ(x) for x in (−n−1, −n) has the sign (−1)^(n+1).
  return { log: lgamma(x), sign: Math.floor(x) % 2 === 0 ? 1 : -1 };
}

/** Bernoulli numbers B_2k / (2k (2k − 1)), the coefficients of Stirling's series for ln Γ. */
const STIRLING = [1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188, -691 / 360360, 1 / 156, -3617 / 122400] as const;
/** Above this, Stirling's series with the terms above is exact to the last bit. */
const STIRLING_FROM = 10;

/**
 * (ln Γ(x + e) − ln Γ(x)) / e for x > 0 and x + e > 0; at e = 0 its limit,
 * the digamma function ψ(x). Accurate to about 1e-15 relative however small
 * e is, so differences of log-gammas at nearby arguments can be divided by
 * the distance between them without losing digits.
 */
export function lgammaDifferenceQuotient(x: number, e: number): number {
  if (!(x > 0 && x + e > 0)) throw new RangeError(`lgammaDifferenceQuotient: x = ${x} and x + e = ${x + e} must be positive`);
  let y = x;
  let shifted = 0;
  // ln Γ(y + 1 + e) − ln Γ(y + 1) = ln Γ(y + e) − ln Γ(y) + ln(1 + e/y).
  while (y < STIRLING_FROM || y + e < STIRLING_FROM) {
    shifted += log1pOverX(e / y) / y;
    y += 1;
  }
  // Stirling: ln Γ(y) = (y − ½) ln y − y + ½ ln 2π + Σ_k c_k y^(1−2k), differenced term by term.
  const u = e / y;
  const ratio = log1pOverX(u) / y; // ln(1 + e/y) / e
  let quotient = ((y - 0.5) * ratio) + Math.log(y + e) - 1;
  let power = 1 / y; // y^(1−2k)
  for (let k = 1; k <= STIRLING.length; k++) {
    const exponent = 1 - 2 * k;
    // (y+e)^(1−2k) − y^(1−2k) = y^(1−2k) · expm1((1−2k) ln(1 + e/y)), divided by e.
    quotient += STIRLING[k - 1]! * power * expm1OverX(exponent * e * ratio) * exponent * ratio;
    power /= y * y;
  }
  return quotient - shifted;
}

/** The digamma function ψ(x) = d ln Γ(x) / dx, for x > 0. */
export function digamma(x: number): number {
  return lgammaDifferenceQuotient(x, 0);
}
