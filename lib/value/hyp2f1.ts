/**
 * The Gauss hypergeometric function 2F1(a, b; c; z) for real parameters and
 * real z ≤ 1, as the purchase models need it (BG/NBD's and MBG/NBD's
 * conditional expectation, Pareto/NBD's likelihood and P(alive)). Checked
 * against mpmath at 40 digits in test/unit/value/hyp2f1.test.ts (the
 * references come from test/fixtures/cdnow/model_references.py).
 *
 * - z < 0: Pfaff's transformation maps the argument into (0, 1).
 * - 0 < z ≤ 0.9: the Gauss series, summed with compensated (Neumaier)
 *   addition until a geometric bound on the rest is below 1e-16 of the sum;
 *   Euler's transformation (1−z)^(c−a−b) 2F1(c−a, c−b; c; z) when its terms
 *   fall faster (a + b > c) or it is a polynomial.
 * - 0.9 < z < 1: the series would need ln(1e-16)/ln(z) terms (3,700 at
 *   0.99, 37,000 at 0.999), so the 1 − z transformation (DLMF 15.8.4) is
 *   used. Its two halves have poles when d = c − a − b is an integer and
 *   cancel catastrophically when d is close to one. Writing d = m + ε, the
 *   poles are taken out analytically: the k ≥ m part of the first half and
 *   the second half are combined term by term into
 *     (H_n(0) − w^ε H_n(ε)) / ε = (H_n(0) − H_n(ε)) / ε + H_n(ε) (1 − w^ε) / ε,  w = 1 − z,
 *   where both quotients are computed without subtracting nearby numbers:
 *   (1 − w^ε)/ε = −ln w · expm1(ε ln w)/(ε ln w), and H_n(0)/H_n(ε) through
 *   ln-gamma difference quotients (special.ts). At ε = 0 this is exactly the
 *   logarithmic formula of DLMF 15.8.10; for any ε it is the plain formula.
 *   When the parts of the result still cancel (large parameters), the series
 *   is summed instead, however long it takes, up to a million terms.
 * - The result is carried as a sign and a logarithm, so values far beyond
 *   the range of a double (Euler's prefactor (1−z)^(c−a−b) with large
 *   parameters) are still usable as logarithms (logHyp2f1).
 *
 * Where the function is undefined, or no method reaches full precision, it
 * throws a RangeError instead of returning a wrong number.
 */
import { expm1OverX, lgamma, lgammaDifferenceQuotient, lgammaSigned, log1pOverX } from './special';

/** A number as sign · e^log: the values of 2F1 can leave the range of a double. */
export interface Scaled {
  sign: number;
  log: number;
}

/** Terms allowed before the series gives up (z within about 1e-5 of 1 with parameters too large for the 1 − z formula). */
export const HYP2F1_MAX_TERMS = 1_000_000;
/** Above this argument the 1 − z transformation is tried before the series. */
export const HYP2F1_NEAR_ONE = 0.9;
/**
 * The 1 − z formula is used only while the cancellation between its parts (Σ |parts| / |result|) times the
 * size of the ln Γ values in its coefficients (whose absolute error is about 1e-16 of that size) stays below
 * this: about 1e-13 relative error at most.
 */
const MAX_ERROR_GROWTH = 1000;
/** Terms of the 1 − z series before giving up on it (w ≤ 0.1: fewer than 100 are normal). */
const NEAR_ONE_MAX_TERMS = 10_000;
/** Above this integer part of |c − a − b| the 1 − z formula's finite sum alone would be too long: the series serves. */
const NEAR_ONE_MAX_M = 1000;
/** Near z = 1 the series is tried this far first (huge parameters make it fall within a few terms). */
const QUICK_TERMS = 64;
/** Below this |ε| the pole-free quotients are used; above it the plain difference loses at most one digit. */
const SMALL_EPSILON = 0.1;
const TAIL_EPS = 1e-16;

const ONE: Scaled = { sign: 1, log: 0 };

function isNonPositiveInteger(x: number): boolean {
  return x <= 0 && Number.isInteger(x);
}

function scaled(value: number): Scaled {
  return { sign: Math.sign(value), log: Math.log(Math.abs(value)) };
}

/** 2F1(a, b; c; z). Throws a RangeError where it is undefined or cannot be computed to full precision. */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  const { sign, log } = hyp2f1Scaled(a, b, c, z);
  return sign === 0 ? 0 : sign * Math.exp(log);
}

export interface Hyp2f1Options {
  /** Cap on the series' terms (a likelihood on degenerate parameters would rather fail fast than sum millions). */
  maxTerms?: number;
  /** 1 − z when the caller knows it better than 1 − z computed from z (z within 1e-8 of 1 loses digits as a double). */
  oneMinusZ?: number;
}

/** ln 2F1(a, b; c; z) where 2F1 is positive (always, for a, b, c > 0 and z < 1). */
export function logHyp2f1(a: number, b: number, c: number, z: number, options: Hyp2f1Options = {}): number {
  const { sign, log } = hyp2f1Scaled(a, b, c, z, options);
  if (sign <= 0) throw new RangeError(`logHyp2f1: 2F1(${a}, ${b}; ${c}; ${z}) is not positive`);
  return log;
}

/** 2F1 as sign and logarithm. */
export function hyp2f1Scaled(a: number, b: number, c: number, z: number, options: Hyp2f1Options = {}): Scaled {
  const maxTerms = options.maxTerms ?? HYP2F1_MAX_TERMS;
  if (![a, b, c, z].every(Number.isFinite)) throw new RangeError('hyp2f1: arguments must be finite numbers');
  const terminates = isNonPositiveInteger(a) || isNonPositiveInteger(b);
  if (isNonPositiveInteger(c)) {
    // Defined only when the series stops before (c)_k reaches zero.
    const stop = Math.max(isNonPositiveInteger(a) ? a : -Infinity, isNonPositiveInteger(b) ? b : -Infinity);
    if (!(stop > c)) throw new RangeError(`hyp2f1: c = ${c} is zero or a negative integer`);
  }
  if (z === 0 || a === 0 || b === 0) return ONE;
  if (terminates) return scaled(gaussSeries(a, b, c, z, maxTerms)!);
  if (z > 1) throw new RangeError(`hyp2f1: z = ${z} > 1 lies outside the series' domain`);
  if (z === 1) {
    if (!(c - a - b > 0)) throw new RangeError('hyp2f1: at z = 1 the series converges only when c − a − b > 0');
    // Gauss: Γ(c) Γ(c−a−b) / (Γ(c−a) Γ(c−b)); a pole below is a zero of the value.
    if (isNonPositiveInteger(c - a) || isNonPositiveInteger(c - b)) return { sign: 0, log: -Infinity };
    return product([lgammaSigned(c), lgammaSigned(c - a - b)], [lgammaSigned(c - a), lgammaSigned(c - b)]);
  }
  if (z < 0) {
    // Pfaff: 2F1(a, b; c; z) = (1 − z)^(−a) 2F1(a, c − b; c; z / (z − 1)), argument now in (0, 1).
    // Of the two symmetric forms take the one whose terms fall faster
    // (they behave like k^(a − b − 1) and k^(b − a − 1)).
    // 1 − w = 1/(1 − z) is passed on as it is: taken from w it would lose digits when w is near 1.
    const w = z / (z - 1);
    const [p, q] = a <= b ? [a, b] : [b, a];
    const inner = positiveArgument(p, c - q, c, w, 1 / (1 - z), maxTerms);
    return { sign: inner.sign, log: inner.log - p * Math.log1p(-z) };
  }
  return positiveArgument(a, b, c, z, options.oneMinusZ ?? 1 - z, maxTerms);
}

/** Σ of signs and logs: Π numerators / Π denominators. */
function product(numerators: readonly Scaled[], denominators: readonly Scaled[]): Scaled {
  let sign = 1;
  let log = 0;
  for (const n of numerators) {
    sign *= n.sign;
    log += n.log;
  }
  for (const d of denominators) {
    sign *= d.sign;
    log -= d.log;
  }
  return { sign, log };
}

/** x + y for scaled numbers. */
function add(x: Scaled, y: Scaled): Scaled {
  if (x.sign === 0) return y;
  if (y.sign === 0) return x;
  const top = Math.max(x.log, y.log);
  const sum = x.sign * Math.exp(x.log - top) + y.sign * Math.exp(y.log - top);
  return { sign: Math.sign(sum), log: top + Math.log(Math.abs(sum)) };
}

/** 2F1 for z in (0, 1), given 1 − z as accurately as the caller knows it. */
function positiveArgument(a: number, b: number, c: number, z: number, oneMinusZ: number, maxTerms: number): Scaled {
  if (isNonPositiveInteger(a) || isNonPositiveInteger(b)) return scaled(gaussSeries(a, b, c, z, maxTerms)!);
  // Euler's form (1 − z)^(c − a − b) 2F1(c − a, c − b; c; z) has terms like k^(c − a − b − 1) z^k against
  // the original's k^(a + b − c − 1) z^k, and is a polynomial when c − a or c − b is a non-positive integer.
  const eulerIsPolynomial = isNonPositiveInteger(c - a) || isNonPositiveInteger(c - b);
  const euler = eulerIsPolynomial || a + b > c;
  const series = (terms: number, orNull: boolean): Scaled | null => {
    const sum = euler ? gaussSeries(c - a, c - b, c, z, terms, orNull) : gaussSeries(a, b, c, z, terms, orNull);
    if (sum === null) return null;
    const value = scaled(sum);
    return euler ? { sign: value.sign, log: value.log + (c - a - b) * Math.log(oneMinusZ) } : value;
  };
  if (z > HYP2F1_NEAR_ONE && !eulerIsPolynomial) {
    // Large parameters can make the series fall fast even so: a few terms decide.
    const quick = series(QUICK_TERMS, true);
    if (quick) return quick;
    const near = nearOne(a, b, c, oneMinusZ);
    if (near) return near;
  }
  return series(maxTerms, false)!;
}

/**
 * Σ (a)_k (b)_k / ((c)_k k!) z^k with compensated addition and a tail bound; beyond maxTerms null when
 * `orNull`, else a RangeError.
 */
function gaussSeries(a: number, b: number, c: number, z: number, maxTerms: number, orNull = false): number | null {
  let sum = 1;
  let compensation = 0;
  let term = 1;
  // Past this index no factor changes sign, so the ratios are monotone.
  const settled = Math.max(-a, -b, -c, 0) + 1;
  for (let k = 0; k < maxTerms; k++) {
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
  if (orNull) return null;
  throw new RangeError(`hyp2f1: the series did not converge in ${maxTerms} terms (z = ${z} is too close to 1)`);
}

/**
 * 2F1 for z close to 1 (w = 1 − z) by the 1 − z transformation with the poles at integer
 * c − a − b taken out (see the header), or null when its parts cancel too
 * much to trust (then the caller sums the series).
 */
function nearOne(a0: number, b0: number, c: number, w: number): Scaled | null {
  const lw = Math.log(w);
  let a = a0;
  let b = b0;
  let d = c - a - b;
  let prefactor = 0;
  if (d < 0) {
    // Euler first, so that d ≥ 0: 2F1(a, b; c; z) = w^d 2F1(c − a, c − b; c; z), whose c − a − b is −d.
    [a, b] = [c - a, c - b];
    prefactor = d * lw;
    d = -d;
  }
  const m = Math.round(d);
  if (m > NEAR_ONE_MAX_M) return null;
  const eps = d - m;
  const gc = lgammaSigned(c);

  // The terms k < m of the first half: Γ(c) Γ(d) / (Γ(c−a) Γ(c−b)) Σ_{k<m} (a)_k (b)_k / ((1−d)_k k!) w^k.
  let finite: Scaled = { sign: 0, log: -Infinity };
  let finiteAbs = -Infinity;
  if (m >= 1) {
    let sum = 0;
    let abs = 0;
    let term = 1;
    for (let k = 0; k < m; k++) {
      sum += term;
      abs += Math.abs(term);
      term *= ((a + k) * (b + k) * w) / ((1 - d + k) * (k + 1));
    }
    const coefficient = product([gc, { sign: 1, log: lgamma(d) }], [lgammaSigned(c - a), lgammaSigned(c - b)]);
    finite = { sign: coefficient.sign * Math.sign(sum), log: coefficient.log + Math.log(Math.abs(sum)) };
    finiteAbs = coefficient.log + Math.log(abs);
  }

  // The rest: (−1)^m Γ(c) Γ(1+ε) w^m Σ_n w^n [(H_n(0) − H_n(ε))/ε + H_n(ε) (1 − w^ε)/ε], with
  //   H_n(ε) = Γ(1−ε) (a+m+ε)_n (b+m+ε)_n / (Γ(a) Γ(b) Γ(1+m+ε+n) n!),
  //   H_n(0) = (a)_{m+n} (b)_{m+n} / (Γ(a+m+ε) Γ(b+m+ε) (m+n)! (1−ε)_n),
  // both taken relative to K = |H_0(ε)| so that the sum stays in range.
  const ga = lgammaSigned(a);
  const gb = lgammaSigned(b);
  const logK = lgamma(1 - eps) - ga.log - gb.log - lgamma(1 + m + eps);
  const signK = ga.sign * gb.sign;
  const h0 = product([lgammaSigned(a + m), lgammaSigned(b + m)], [ga, gb, lgammaSigned(a + m + eps), lgammaSigned(b + m + eps), { sign: 1, log: lgamma(m + 1) }]);
  let atEps = signK; // H_n(ε) / K
  let atZero = h0.sign * Math.exp(h0.log - logK); // H_n(0) / K
  // (1 − w^ε) / ε without cancellation.
  const oneMinusPower = -lw * expm1OverX(eps * lw);
  // ln(H_n(ε)/H_n(0)) / ε, finite at ε = 0 (a digamma combination there): the pole-free way needs positive arguments.
  const stable = Math.abs(eps) < SMALL_EPSILON && a + m > 0 && b + m > 0 && a + m + eps > 0 && b + m + eps > 0 && atZero * atEps > 0;
  let q = stable
    ? lgammaDifferenceQuotient(a + m, eps) + lgammaDifferenceQuotient(b + m, eps) - lgammaDifferenceQuotient(1 + m, eps) - lgammaDifferenceQuotient(1, -eps)
    : 0;
  let sum = 0;
  let compensation = 0;
  let abs = 0;
  let power = 1;
  let previous = 0;
  const settled = Math.max(0, -(a + m), -(b + m)) + 2;
  let converged = false;
  for (let n = 0; n < NEAR_ONE_MAX_TERMS; n++) {
    const difference = stable ? -atZero * q * expm1OverX(eps * q) : (atZero - atEps) / eps;
    const term = power * (difference + atEps * oneMinusPower);
    const next = sum + term;
    compensation += Math.abs(sum) >= Math.abs(term) ? sum - next + term : term - next + sum;
    sum = next;
    abs += Math.abs(term);
    if (n > settled && previous !== 0) {
      const rho = Math.max(Math.abs(term / previous), w);
      if (rho < 1 && Math.abs(term) * (rho / (1 - rho)) <= TAIL_EPS * Math.abs(sum + compensation)) {
        converged = true;
        break;
      }
    }
    previous = term;
    // Next n.
    const am = a + m + n;
    const bm = b + m + n;
    if (stable) q += log1pOverX(eps / am) / am + log1pOverX(eps / bm) / bm - log1pOverX(eps / (1 + m + n)) / (1 + m + n) - log1pOverX(-eps / (n + 1)) / (n + 1);
    atEps *= ((am + eps) * (bm + eps)) / ((1 + m + n + eps) * (n + 1));
    atZero *= (am * bm) / ((m + n + 1) * (1 - eps + n));
    power *= w;
    if (!Number.isFinite(atEps) || !Number.isFinite(atZero)) return null;
  }
  if (!converged) return null;
  const total = sum + compensation;
  const logFront = gc.log + lgamma(1 + eps) + m * lw + logK;
  const signFront = (m % 2 === 0 ? 1 : -1) * gc.sign;
  const singular: Scaled = total === 0 ? { sign: 0, log: -Infinity } : { sign: signFront * Math.sign(total), log: logFront + Math.log(Math.abs(total)) };
  const result = add(finite, singular);
  // How much the parts cancel (Σ |parts| / |result|), times how large the ln Γ values behind them are.
  const parts = add({ sign: 1, log: finiteAbs }, { sign: 1, log: logFront + Math.log(abs) });
  const size = 1 + Math.max(Math.abs(gc.log), Math.abs(logK), Math.abs(h0.log), Math.abs(logFront));
  if (result.sign === 0 || !(parts.log - result.log + Math.log(size) <= Math.log(MAX_ERROR_GROWTH))) return null;
  return { sign: result.sign, log: result.log + prefactor };
}
