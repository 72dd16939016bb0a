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
 * Both return the distribution function P(Y ≤ k) for k = 0, 1, ... up to the
 * first k where it reaches `upTo` (or MAX_COUNT).
 */

/** No customer is expected to make more purchases than this in a horizon (the distribution stops here). */
export const MAX_COUNT = 100_000;

/** ln P(N = 0) and the step of ln P(N = k) for a negative binomial count with shape R and q = A/(A+t). */
function negativeBinomialStart(R: number, A: number, t: number): { log0: number; logOneMinusQ: number } {
  // q = A/(A+t), 1 − q = t/(A+t): both from logs, so neither underflows for heavy buyers.
  const logAT = Math.log(A + t);
  return { log0: R * (Math.log(A) - logAT), logOneMinusQ: Math.log(t) - logAT };
}

/** P(Y ≤ k) for BG/NBD (bPrime = b + x) and MBG/NBD (bPrime = b + x + 1), given alive at T. */
export function bgAliveCountCdf(R: number, A: number, a: number, bPrime: number, t: number, upTo: number): Float64Array {
  if (!(t > 0)) return Float64Array.of(1);
  const { log0, logOneMinusQ } = negativeBinomialStart(R, A, t);
  const out: number[] = [];
  let logNb = log0; // ln P(N = k)
  let nbCdf = 0; // P(N < k)
  let survive = 1; // E[(1−p)^k]
  let cdf = 0;
  for (let k = 0; k <= MAX_COUNT; k++) {
    const nb = Math.exp(logNb);
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
    logNb += Math.log(R + k) - Math.log(k + 1) + logOneMinusQ;
  }
  return Float64Array.from(out);
}

/** Gauss-Legendre nodes and weights on [−1, 1] (16 points). */
const NODES = [
  0.0950125098376374, 0.2816035507792589, 0.4580167776572274, 0.6178762444026438, 0.755404408355003, 0.8656312023878318, 0.9445750230732326,
  0.9894009349916499,
] as const;
const WEIGHTS = [
  0.1894506104550685, 0.1826034150449236, 0.1691565193950025, 0.1495959888165767, 0.1246289712555339, 0.0951585116824928, 0.0622535239386479,
  0.0271524594117541,
] as const;

/** P(Y ≤ k) for Pareto/NBD given alive at T: rate λ ~ Gamma(R, A), dropout rate μ ~ Gamma(s, B). */
export function paretoAliveCountCdf(R: number, A: number, s: number, B: number, t: number, upTo: number): Float64Array {
  if (!(t > 0)) return Float64Array.of(1);
  // Mixture components: the quadrature nodes in u (lifetime ends before t) and the point mass at L = t.
  const survival = Math.exp(s * (Math.log(B) - Math.log(B + t)));
  const upper = 1 - survival; // P(lifetime < t)
  const lengths: number[] = [];
  const weights: number[] = [];
  for (let i = 0; i < NODES.length; i++) {
    for (const side of [-1, 1]) {
      const u = (upper / 2) * (1 + side * NODES[i]!);
      // l(u) = B ((1 − u)^(−1/s) − 1), the inverse of the Lomax distribution function.
      lengths.push(B * Math.expm1(-Math.log1p(-u) / s));
      weights.push((upper / 2) * WEIGHTS[i]!);
    }
  }
  lengths.push(t);
  weights.push(survival);
  const m = lengths.length;
  const logNb = new Float64Array(m);
  const logOneMinusQ = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const start = negativeBinomialStart(R, A, lengths[j]!);
    logNb[j] = start.log0;
    logOneMinusQ[j] = start.logOneMinusQ;
  }
  const out: number[] = [];
  let cdf = 0;
  for (let k = 0; k <= MAX_COUNT; k++) {
    let pmf = 0;
    for (let j = 0; j < m; j++) {
      pmf += weights[j]! * Math.exp(logNb[j]!);
      logNb[j]! += Math.log(R + k) - Math.log(k + 1) + logOneMinusQ[j]!;
    }
    cdf += pmf;
    out.push(Math.min(cdf, 1));
    if (cdf >= upTo) break;
  }
  return Float64Array.from(out);
}
