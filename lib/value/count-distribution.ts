/**
 * How many purchases a customer who is alive now makes in the next t units
 * of time, as a distribution (not only its mean): the customer's own
 * process, which the ranges (ranges.ts) need besides the parameters'
 * uncertainty. Given alive at T after x repeat purchases, the purchase rate
 * is λ ~ Gamma(R = r + x, rate A = α + T) in every model; they differ in how
 * the customer drops out.
 *
 * - BG/NBD and MBG/NBD: after each purchase the customer drops out with
 *   probability p ~ Beta(a, b'), b' = b + x (BG) or b + x + 1 (MBG: the first
 *   purchase was a chance to drop out too). With N the purchases of a
 *   customer who never drops out (negative binomial) and G the purchase
 *   after which they drop out, Y = min(N, G):
 *     P(Y = 0) = P(N = 0),
 *     P(Y = k) = P(N = k) E[(1−p)^k] + E[p (1−p)^(k−1)] P(N ≥ k),
 *   E[(1−p)^k] = B(a, b'+k)/B(a, b'), E[p(1−p)^(k−1)] = B(a+1, b'+k−1)/B(a, b')
 *   (Fader, Hardie & Lee 2005, eq. 8, with the posterior parameters).
 * - Pareto/NBD: the customer lives on for an exponential time with rate
 *   μ ~ Gamma(s, rate B = β + T); purchases are Poisson while alive. With
 *   L = min(lifetime, t), P(Y = k) = E_L[P(N_L = k)], where L has the point
 *   mass (B/(B+t))^s at t and the Lomax density s B^s/(B+l)^(s+1) below it.
 *   The integral over l is taken by Gauss-Legendre quadrature in u = the
 *   Lomax distribution function, where the integrand is smooth.
 *
 * Both write the distribution function P(Y ≤ k) for k = 0, 1, ... up to the
 * first k where it reaches `upTo` (or MAX_COUNT) into a CdfBuffer the caller
 * reuses: the ranges take one per parameter draw for every (x, T) group, and
 * fresh arrays for each would be hundreds of megabytes of garbage at 100,000
 * customers. bgAliveCountCdf and paretoAliveCountCdf return a copy.
 */

import { GAUSS_NODES, GAUSS_WEIGHTS } from './quadrature';

/** A distribution function's values P(Y ≤ 0), P(Y ≤ 1), ...: the first `length` of `values`, which grows as needed. */
export class CdfBuffer {
  values = new Float64Array(64);
  length = 0;

  push(value: number): void {
    if (this.length === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = value;
  }

  /** The value at k, or the last one beyond the end (the distribution function has reached its cover there). */
  at(k: number): number {
    return this.values[Math.min(k, this.length - 1)]!;
  }

  copy(): Float64Array {
    return this.values.slice(0, this.length);
  }
}

/** A distribution function as its own array, from a function that writes it into a buffer. */
export function collectCdf(fill: (out: CdfBuffer) => void): Float64Array {
  const out = new CdfBuffer();
  fill(out);
  return out.copy();
}

/** No customer is expected to make more purchases than this in a horizon (the distribution stops here). */
export const MAX_COUNT = 100_000;

/** Below this P(N = 0) the terms are carried as logarithms (they would underflow as numbers). */
const SMALLEST = 1e-280;

/**
 * P(N = k) for k = 0, 1, ... of a negative binomial count with shape R and q = A/(A+t), the count of a
 * Poisson process over t with its rate ~ Gamma(R, rate A): step() returns the next term. Terms are
 * multiplied along, or added as logarithms when the first one is too small for a double.
 */
class NegativeBinomial {
  private k = 0;
  private value: number;
  private log: number;
  private readonly logOneMinusQ: number;
  private readonly oneMinusQ: number;

  constructor(
    private readonly R: number,
    A: number,
    t: number,
  ) {
    // q = A/(A+t), 1 − q = t/(A+t), both from logarithms: neither underflows for heavy buyers.
    const logAT = Math.log(A + t);
    this.log = R * (Math.log(A) - logAT);
    this.logOneMinusQ = Math.log(t) - logAT;
    this.oneMinusQ = Math.exp(this.logOneMinusQ);
    this.value = Math.exp(this.log);
  }

  /** P(N = k) for the current k, then moves to k + 1. */
  step(): number {
    const current = this.value >= SMALLEST ? this.value : Math.exp(this.log);
    const k = this.k++;
    if (this.value >= SMALLEST) {
      this.value *= ((this.R + k) / (k + 1)) * this.oneMinusQ;
    } else {
      this.log += Math.log(this.R + k) - Math.log(k + 1) + this.logOneMinusQ;
      this.value = Math.exp(this.log);
      // Once representable the product takes over; the logarithm follows it no more.
    }
    return current;
  }
}

/** Empty `out` for a new distribution; over no time (t ≤ 0) it is P(Y ≤ 0) = 1, written, and true is returned. */
function emptiedForHorizon(out: CdfBuffer, t: number): boolean {
  out.length = 0;
  if (t > 0) return false;
  out.push(1);
  return true;
}

/** P(Y ≤ k) for BG/NBD (bPrime = b + x) and MBG/NBD (bPrime = b + x + 1), given alive at T. */
export function bgAliveCountCdf(R: number, A: number, a: number, bPrime: number, t: number, upTo: number): Float64Array {
  return collectCdf((out) => bgAliveCountCdfInto(R, A, a, bPrime, t, upTo, out));
}

/** bgAliveCountCdf written into `out` (emptied first). */
export function bgAliveCountCdfInto(R: number, A: number, a: number, bPrime: number, t: number, upTo: number, out: CdfBuffer): void {
  if (emptiedForHorizon(out, t)) return;
  const counts = new NegativeBinomial(R, A, t);
  let nbCdf = 0; // P(N < k)
  let survive = 1; // E[(1−p)^k]
  let cdf = 0;
  for (let k = 0; k <= MAX_COUNT; k++) {
    const nb = counts.step();
    let pmf: number;
    if (k === 0) {
      pmf = nb;
    } else {
      // E[p (1−p)^(k−1)] = E[(1−p)^(k−1)] · a / (a + b' + k − 1); survive holds E[(1−p)^(k−1)] here.
      const dropAt = (survive * a) / (a + bPrime + k - 1);
      survive *= (bPrime + k - 1) / (a + bPrime + k - 1);
      pmf = nb * survive + dropAt * Math.max(0, 1 - nbCdf);
    }
    cdf += pmf;
    out.push(Math.min(cdf, 1));
    if (cdf >= upTo) break;
    nbCdf += nb;
  }
}

/** P(Y ≤ k) for Pareto/NBD given alive at T: rate λ ~ Gamma(R, A), dropout rate μ ~ Gamma(s, B). */
export function paretoAliveCountCdf(R: number, A: number, s: number, B: number, t: number, upTo: number): Float64Array {
  return collectCdf((out) => paretoAliveCountCdfInto(R, A, s, B, t, upTo, out));
}

/** paretoAliveCountCdf written into `out` (emptied first). */
export function paretoAliveCountCdfInto(R: number, A: number, s: number, B: number, t: number, upTo: number, out: CdfBuffer): void {
  if (emptiedForHorizon(out, t)) return;
  // Mixture components: the quadrature nodes in u (lifetime ends before t) and the point mass at L = t.
  const survival = Math.exp(s * (Math.log(B) - Math.log(B + t)));
  const upper = 1 - survival; // P(lifetime < t)
  const lengths: number[] = [];
  const weights: number[] = [];
  for (let i = 0; i < GAUSS_NODES.length; i++) {
    for (const side of [-1, 1]) {
      const u = (upper / 2) * (1 + side * GAUSS_NODES[i]!);
      // l(u) = B ((1 − u)^(−1/s) − 1), the inverse of the Lomax distribution function.
      lengths.push(B * Math.expm1(-Math.log1p(-u) / s));
      weights.push((upper / 2) * GAUSS_WEIGHTS[i]!);
    }
  }
  lengths.push(t);
  weights.push(survival);
  const counts = lengths.map((l) => new NegativeBinomial(R, A, l));
  let cdf = 0;
  for (let k = 0; k <= MAX_COUNT; k++) {
    let pmf = 0;
    for (let j = 0; j < counts.length; j++) pmf += weights[j]! * counts[j]!.step();
    cdf += pmf;
    out.push(Math.min(cdf, 1));
    if (cdf >= upTo) break;
  }
}
