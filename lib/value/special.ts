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
 * - hyp2f1: the Gauss series, summed with compensated (Neumaier) addition until
 *   a geometric bound on the remaining tail is below 1e-16 of the sum. For
 *   z < 0 the Pfaff transformation maps the argument into (0, 1); for z in
 *   (0, 1) the Euler transformation is used when it makes the terms fall
 *   faster (a + b > c). Relative error about 1e-14 when the terms keep one
 *   sign; near z = 1 the cost grows as ln(1e-16) / ln(z) terms (about 700 at
 *   z = 0.95, 3,700 at z = 0.99); beyond a million terms it throws rather
 *   than return a wrong number.
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

/** Terms allowed before hyp2f1 gives up (z within about 1e-5 of 1). */
export const HYP2F1_MAX_TERMS = 1_000_000;
const TAIL_EPS = 1e-16;

function isNonPositiveInteger(x: number): boolean {
  return x <= 0 && Number.isInteger(x);
}

/**
 * The Gauss hypergeometric function 2F1(a, b; c; z) for real parameters and
 * real z ≤ 1 (z = 1 only when c − a − b > 0, by Gauss's theorem).
 * Throws a RangeError where the function is undefined or the series cannot
 * deliver full precision.
 */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  if (![a, b, c, z].every(Number.isFinite)) throw new RangeError('hyp2f1: arguments must be finite numbers');
  const terminates = isNonPositiveInteger(a) || isNonPositiveInteger(b);
  if (isNonPositiveInteger(c)) {
    // Defined only when the series stops before (c)_k reaches zero.
    const stop = Math.max(isNonPositiveInteger(a) ? a : -Infinity, isNonPositiveInteger(b) ? b : -Infinity);
    if (!(stop > c)) throw new RangeError(`hyp2f1: c = ${c} is zero or a negative integer`);
  }
  if (z === 0 || a === 0 || b === 0) return 1;
  if (terminates) return gaussSeries(a, b, c, z);
  if (z > 1) throw new RangeError(`hyp2f1: z = ${z} > 1 lies outside the series' domain`);
  if (z === 1) {
    if (!(c - a - b > 0)) throw new RangeError('hyp2f1: at z = 1 the series converges only when c − a − b > 0');
    return (gamma(c) * gamma(c - a - b)) / (gamma(c - a) * gamma(c - b));
  }
  if (z < 0) {
    // Pfaff: 2F1(a, b; c; z) = (1 − z)^(−a) 2F1(a, c − b; c; z / (z − 1)), argument now in (0, 1).
    // Of the two symmetric forms take the one whose terms fall faster
    // (they behave like k^(a − b − 1) and k^(b − a − 1)).
    const w = z / (z - 1);
    return a <= b ? Math.pow(1 - z, -a) * positiveArgument(a, c - b, c, w) : Math.pow(1 - z, -b) * positiveArgument(b, c - a, c, w);
  }
  return positiveArgument(a, b, c, z);
}

/** 2F1 for z in (0, 1): Euler's transformation when it speeds up the series. */
function positiveArgument(a: number, b: number, c: number, z: number): number {
  // The k-th term behaves like k^(a + b − c − 1) z^k; Euler's form
  // (1 − z)^(c − a − b) 2F1(c − a, c − b; c; z) behaves like k^(c − a − b − 1) z^k.
  if (a + b > c && !isNonPositiveInteger(c - a) && !isNonPositiveInteger(c - b)) {
    return Math.pow(1 - z, c - a - b) * gaussSeries(c - a, c - b, c, z);
  }
  return gaussSeries(a, b, c, z);
}

/** Σ (a)_k (b)_k / ((c)_k k!) z^k with compensated addition and a tail bound. */
function gaussSeries(a: number, b: number, c: number, z: number): number {
  let sum = 1;
  let compensation = 0;
  let term = 1;
  // Past this index no factor changes sign, so the ratios are monotone.
  const settled = Math.max(-a, -b, -c, 0) + 1;
  for (let k = 0; k < HYP2F1_MAX_TERMS; k++) {
    const ratio = ((a + k) * (b + k)) / ((c + k) * (k + 1));
    term *= ratio * z;
    if (term === 0) return sum + compensation;
    const next = sum + term;
    compensation += Math.abs(sum) >= Math.abs(term) ? sum - next + term : term - next + sum;
    sum = next;
    // Once the ratio of successive terms is below 1 it moves monotonically
    // towards z, so max(|ratio z|, |z|) bounds every later ratio.
    const rho = Math.max(Math.abs(ratio * z), Math.abs(z));
    if (rho < 1 && k > settled && Math.abs(term) * (rho / (1 - rho)) <= TAIL_EPS * Math.abs(sum + compensation)) {
      return sum + compensation;
    }
  }
  throw new RangeError(`hyp2f1: the series did not converge in ${HYP2F1_MAX_TERMS} terms (z = ${z} is too close to 1)`);
}
