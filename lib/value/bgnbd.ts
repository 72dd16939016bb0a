/**
 * The BG/NBD model of repeat purchasing (Fader, Hardie & Lee 2005, "Counting
 * your customers the easy way", Marketing Science 24(2)): while alive a
 * customer buys at a Poisson rate λ ~ Gamma(r, α); after each purchase they
 * drop out with probability p ~ Beta(a, b). Per customer: x repeat purchases,
 * t_x the time of the last purchase and T the time since the first, both in
 * the same unit (days or weeks) counted from the first purchase.
 *
 * - Fit: maximum likelihood by Nelder-Mead on (ln r, ln α, ln a, ln b).
 *   Customers with the same (x, t_x, T) share one likelihood term, and the
 *   parts that depend only on x, only on T or only on t_x are computed once
 *   per distinct value, so an evaluation over 100,000 customers costs about
 *   one exp and one log1p per distinct repeat buyer.
 * - P(alive), E[Y(t) | x, t_x, T] (expected purchases in (T, T + t]) and
 *   E[X(t)] for a new customer.
 *
 * The conditional expectation needs 2F1(r+x, b+x; a+b+x−1; z) with z up to
 * about 0.95 and a factor (a+b+x−1)/(a−1) that is negative when a < 1 and
 * infinite at a = 1. Euler's transformation turns
 *   (1−z)^(r+x) 2F1(r+x, b+x; c; z) = (1−z)^(a−1) 2F1(a+b−1−r, a−1; c; z),  c = a+b+x−1,
 * and taking the factor (a−1) out of that series analytically gives
 *   E[Y(t)] · (1 + δ…) = c · (1 − (1−z)^(a−1)) / (a−1) − (1−z)^(a−1) · Σ_{k≥1} s_k z^k,
 *   s_1 = a+b−1−r,  s_{k+1} = s_k (a+b−1−r+k)(a+k−1) / ((c+k)(k+1)),
 * where the first part is computed as −ln(1−z) · expm1(u)/u with u = (a−1) ln(1−z).
 * Nothing is divided by (a − 1), no logarithm of a negative factor is taken,
 * and the series' terms fall like k^(a−r−x−2) z^k (faster than the original
 * series' k^(r+x−a) z^k). The coefficients s_k depend only on x, so they are
 * computed once per distinct x and reused for every customer and horizon.
 */
import { expm1OverX, lbeta, lgamma, logisticOfMinus, softplus } from './special';
import { nelderMeadSteps, type NelderMeadOptions } from './optimise';
import { runSteps, runStepsAsync, type AsyncRunOptions, type Steps } from './schedule';

export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** Customers grouped by identical (x, t_x, T), with the distinct values of each. */
export interface BgNbdData {
  /** Number of customers (the sum of the group weights). */
  customers: number;
  /** Customers with x > 0. */
  repeatCustomers: number;
  xs: Float64Array;
  Ts: Float64Array;
  txs: Float64Array;
  /** Per group: index into xs, Ts, txs, and how many customers share it. */
  groupX: Int32Array;
  groupT: Int32Array;
  groupTx: Int32Array;
  weight: Float64Array;
}

/**
 * Group per-customer observations. Throws a RangeError naming the first
 * customer (by index) whose numbers cannot come from a purchase history.
 */
export function prepareBgNbd(x: ArrayLike<number>, tx: ArrayLike<number>, T: ArrayLike<number>): BgNbdData {
  return runSteps(prepareBgNbdSteps(x, tx, T));
}

const PREPARE_CHUNK = 4096;

export function* prepareBgNbdSteps(x: ArrayLike<number>, tx: ArrayLike<number>, T: ArrayLike<number>): Steps<BgNbdData> {
  const n = x.length;
  if (tx.length !== n || T.length !== n) throw new RangeError('x, t_x and T must have the same length');
  const groups = new Map<string, number>();
  const distinct = (values: number[], index: Map<number, number>, value: number) => {
    let i = index.get(value);
    if (i === undefined) {
      i = values.length;
      values.push(value);
      index.set(value, i);
    }
    return i;
  };
  const xs: number[] = [];
  const Ts: number[] = [];
  const txs: number[] = [];
  const xIndex = new Map<number, number>();
  const TIndex = new Map<number, number>();
  const txIndex = new Map<number, number>();
  const gx: number[] = [];
  const gT: number[] = [];
  const gtx: number[] = [];
  const weight: number[] = [];
  let repeatCustomers = 0;
  for (let i = 0; i < n; i++) {
    if (i % PREPARE_CHUNK === 0 && i > 0) yield { phase: 'fit-bgnbd', done: 0, total: null };
    const xi = x[i]!;
    const ti = tx[i]!;
    const Ti = T[i]!;
    if (!(Number.isInteger(xi) && xi >= 0)) throw new RangeError(`customer ${i}: x = ${xi} is not a count of repeat purchases`);
    if (!(Number.isFinite(Ti) && Ti >= 0)) throw new RangeError(`customer ${i}: T = ${Ti} is not a time of 0 or more`);
    if (!(ti >= 0 && ti <= Ti)) throw new RangeError(`customer ${i}: t_x = ${ti} is not between 0 and T = ${Ti}`);
    if (xi === 0 && ti !== 0) throw new RangeError(`customer ${i}: t_x = ${ti} but there are no repeat purchases (x = 0)`);
    if (xi > 0) repeatCustomers += 1;
    const key = `${xi}|${ti}|${Ti}`;
    const g = groups.get(key);
    if (g !== undefined) {
      weight[g]! += 1;
      continue;
    }
    groups.set(key, weight.length);
    gx.push(distinct(xs, xIndex, xi));
    gT.push(distinct(Ts, TIndex, Ti));
    gtx.push(distinct(txs, txIndex, ti));
    weight.push(1);
  }
  return {
    customers: n,
    repeatCustomers,
    xs: Float64Array.from(xs),
    Ts: Float64Array.from(Ts),
    txs: Float64Array.from(txs),
    groupX: Int32Array.from(gx),
    groupT: Int32Array.from(gT),
    groupTx: Int32Array.from(gtx),
    weight: Float64Array.from(weight),
  };
}

/** The log-likelihood of one customer (DOMAIN.md's LL_i), for checks and explanations. */
export function bgnbdLogLikelihoodOne(params: BgNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = params;
  let ll = lgamma(r + x) - lgamma(r) + r * Math.log(alpha) + lbeta(a, b + x) - lbeta(a, b) - (r + x) * Math.log(alpha + T);
  if (x > 0) ll += softplus(Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx)));
  return ll;
}

/**
 * A log-likelihood function over prepared data, with its scratch space
 * allocated once: calling it allocates nothing.
 */
export function bgnbdLogLikelihoodFunction(data: BgNbdData): (params: BgNbdParams) => number {
  const perX = new Float64Array(data.xs.length);
  const dropoutTerm = new Float64Array(data.xs.length);
  const logAlphaT = new Float64Array(data.Ts.length);
  const logAlphaTx = new Float64Array(data.txs.length);
  const { xs, Ts, txs, groupX, groupT, groupTx, weight } = data;
  return ({ r, alpha, a, b }) => {
    const lgR = lgamma(r);
    const lbAB = lbeta(a, b);
    const rLogAlpha = r * Math.log(alpha);
    const logA = Math.log(a);
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i]!;
      perX[i] = lgamma(r + x) - lgR + lbeta(a, b + x) - lbAB + rLogAlpha;
      dropoutTerm[i] = x > 0 ? logA - Math.log(b + x - 1) : 0;
    }
    for (let j = 0; j < Ts.length; j++) logAlphaT[j] = Math.log(alpha + Ts[j]!);
    for (let k = 0; k < txs.length; k++) logAlphaTx[k] = Math.log(alpha + txs[k]!);
    let sum = 0;
    for (let g = 0; g < weight.length; g++) {
      const xi = groupX[g]!;
      const rx = r + xs[xi]!;
      const lT = logAlphaT[groupT[g]!]!;
      let ll = perX[xi]! - rx * lT;
      if (xs[xi]! > 0) ll += softplus(dropoutTerm[xi]! + rx * (lT - logAlphaTx[groupTx[g]!]!));
      sum += weight[g]! * ll;
    }
    return sum;
  };
}

export function bgnbdLogLikelihood(params: BgNbdParams, data: BgNbdData): number {
  return bgnbdLogLikelihoodFunction(data)(params);
}

export interface BgNbdFit {
  params: BgNbdParams;
  /** Log-likelihood at the optimum (the paper's -9582.4 on CDNOW). */
  ll: number;
  customers: number;
  converged: boolean;
  iterations: number;
  evaluations: number;
  restarts: number;
  message: string;
}

/** Parameters beyond these bounds mean the data do not pin the model down. */
export const PARAMETER_RANGE = { min: 1e-6, max: 1e6 } as const;
/**
 * The search stays within e^±18 (1e-8..1e8), a wall well outside PARAMETER_RANGE:
 * on degenerate data (no variation to explain) the likelihood keeps rising
 * towards infinite parameters, and without a wall the search would spend its
 * whole budget walking there.
 */
export const LOG_PARAMETER_BOUND = 18;

/** Wraps an objective on log-parameters so that points beyond the wall are infinitely bad. */
export function withinBounds(objective: (theta: Float64Array) => number): (theta: Float64Array) => number {
  return (theta) => {
    for (let i = 0; i < theta.length; i++) if (Math.abs(theta[i]!) > LOG_PARAMETER_BOUND) return Infinity;
    return objective(theta);
  };
}

/** Maximum-likelihood fit, yielding after every optimiser iteration. */
export function* fitBgNbdSteps(data: BgNbdData, options: NelderMeadOptions = {}): Steps<BgNbdFit> {
  if (data.customers === 0) throw new RangeError('BG/NBD: no customers to fit');
  const ll = bgnbdLogLikelihoodFunction(data);
  // Start where the mean purchase rate r/α matches the data's purchases per unit of time.
  let sumT = 0;
  let sumPurchases = 0;
  for (let g = 0; g < data.weight.length; g++) {
    sumT += data.weight[g]! * data.Ts[data.groupT[g]!]!;
    sumPurchases += data.weight[g]! * (data.xs[data.groupX[g]!]! + 1);
  }
  const alpha0 = Math.min(Math.max(sumT / Math.max(sumPurchases, 1), 1e-3), 1e4);
  const start = [0, Math.log(alpha0), 0, 0];
  const params = (theta: ArrayLike<number>): BgNbdParams => ({
    r: Math.exp(theta[0]!),
    alpha: Math.exp(theta[1]!),
    a: Math.exp(theta[2]!),
    b: Math.exp(theta[3]!),
  });
  const n = data.customers;
  const result = yield* nelderMeadSteps(
    withinBounds((theta) => -ll(params(theta)) / n),
    start,
    { phase: 'fit-bgnbd', ...options },
  );
  const fitted = params(result.x);
  return {
    params: fitted,
    ll: -result.f * n,
    customers: n,
    converged: result.converged,
    iterations: result.iterations,
    evaluations: result.evaluations,
    restarts: result.restarts,
    message: result.message,
  };
}

export function fitBgNbd(data: BgNbdData, options?: NelderMeadOptions): BgNbdFit {
  return runSteps(fitBgNbdSteps(data, options));
}

export function fitBgNbdAsync(data: BgNbdData, options?: NelderMeadOptions & AsyncRunOptions): Promise<BgNbdFit> {
  return runStepsAsync(fitBgNbdSteps(data, options), options);
}

/** Why a fitted parameter set cannot be used for forecasts, or null when it can. */
export function bgnbdProblem(fit: BgNbdFit, horizon?: number): string | null {
  if (!fit.converged) return `the BG/NBD fit did not converge (${fit.message})`;
  const { r, alpha, a, b } = fit.params;
  const outside = (value: number) => !(value > PARAMETER_RANGE.min && value < PARAMETER_RANGE.max);
  if (outside(a) && outside(b) && a > 1 && b > 1) {
    return (
      `the BG/NBD fit sends a and b to infinity together: every customer seems to drop out with the same probability ` +
      `(a/(a+b) = ${(a / (a + b)).toPrecision(3)}), a limit the model's forecast does not cover`
    );
  }
  if (outside(r) && outside(alpha) && r > 1) {
    return (
      `the BG/NBD fit sends r and α to infinity together: every customer seems to buy at the same rate ` +
      `(r/α = ${(r / alpha).toPrecision(3)} per unit of time), a limit the model's forecast does not cover`
    );
  }
  for (const [name, value] of [['r', r], ['α', alpha], ['a', a], ['b', b]] as const) {
    if (outside(value)) {
      return `the BG/NBD fit ran to the edge of the parameter space (${name} = ${value.toPrecision(3)}): the data do not identify the model`;
    }
  }
  if (horizon !== undefined) {
    // The hardest forecast is a brand-new customer (T = 0) over the whole horizon.
    try {
      const probe = new BgNbdForecaster(fit.params, PROBE_MAX_TERMS).expectedIfAlive(horizon, 0, 0);
      if (!(Number.isFinite(probe) && probe >= 0)) throw new RangeError(`E[X(t)] = ${probe}`);
    } catch {
      return (
        `the fitted BG/NBD parameters (r = ${r.toPrecision(3)}, α = ${alpha.toPrecision(3)}, a = ${a.toPrecision(3)}, b = ${b.toPrecision(3)}) ` +
        `are too extreme for an accurate forecast over the horizon`
      );
    }
  }
  return null;
}

/** Terms the feasibility probe of bgnbdProblem may use (a 10-year horizon at typical parameters needs about 5,000). */
const PROBE_MAX_TERMS = 20_000;

/** Coefficients s_k of the transformed series for one x, grown on demand. */
interface SeriesCoefficients {
  values: Float64Array;
  length: number;
}

const SERIES_MAX_TERMS = 1_000_000;
const SERIES_EPS = 1e-16;

/**
 * Forecasts for one fitted parameter set. Keeps the series coefficients per
 * distinct x, so forecasting many customers over many horizons is cheap.
 */
export class BgNbdForecaster {
  private readonly coefficients = new Map<number, SeriesCoefficients>();
  private readonly aPrime: number;

  constructor(
    readonly params: BgNbdParams,
    /** Series terms allowed per forecast before giving up with a RangeError. */
    private readonly maxTerms = SERIES_MAX_TERMS,
  ) {
    this.aPrime = params.a + params.b - 1 - params.r;
  }

  /** ln of the odds that a customer has dropped out: P(alive) = 1 / (1 + e^L); −∞ for x = 0. */
  private logDeadOdds(x: number, tx: number, T: number): number {
    if (x === 0) return -Infinity;
    const { r, alpha, a, b } = this.params;
    return Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
  }

  /** P(alive | x, t_x, T) = 1 / (1 + [x>0] (a/(b+x−1)) ((α+T)/(α+t_x))^(r+x)). */
  pAlive(x: number, tx: number, T: number): number {
    return x === 0 ? 1 : logisticOfMinus(this.logDeadOdds(x, tx, T));
  }

  /** E[Y(t) | x, t_x, T]: expected purchases in the next t units of time. */
  expected(t: number, x: number, tx: number, T: number): number {
    return this.expectedIfAlive(t, x, T) * this.pAlive(x, tx, T);
  }

  /** E[X(t)]: expected repeat purchases in the first t units after a new customer's first purchase. */
  expectedNew(t: number): number {
    return this.expectedIfAlive(t, 0, 0);
  }

  /**
   * The expected purchases in the next t units if the customer is alive:
   * c · (1 − (1−z)^(a−1)) / (a−1) − (1−z)^(a−1) · Σ s_k z^k, so that
   * E[Y(t) | x, t_x, T] = P(alive) · expectedIfAlive(t, x, T). It does not
   * depend on t_x, which lets a horizon loop compute P(alive) once.
   */
  expectedIfAlive(t: number, x: number, T: number): number {
    if (!(t > 0)) return 0;
    const { alpha, a, b } = this.params;
    const z = t / (alpha + T + t);
    const logOneMinusZ = Math.log1p(-z);
    const u = (a - 1) * logOneMinusZ;
    const c = a + b + x - 1;
    const first = c * -logOneMinusZ * expm1OverX(u);
    return first - Math.exp(u) * this.series(x, z);
  }

  /** Σ_{k≥1} s_k z^k for this x (compensated sum, geometric tail bound). */
  private series(x: number, z: number): number {
    let coefficients = this.coefficients.get(x);
    if (!coefficients) {
      coefficients = { values: new Float64Array(64), length: 1 };
      coefficients.values[1] = this.aPrime;
      coefficients.length = 2;
      this.coefficients.set(x, coefficients);
    }
    const settled = Math.max(0, -this.aPrime) + 1;
    let sum = 0;
    let compensation = 0;
    let zk = z;
    let previous = 0;
    for (let k = 1; k < this.maxTerms; k++) {
      if (k >= coefficients.length) this.extend(coefficients, x, Math.max(k + 1, coefficients.length * 2));
      const term = coefficients.values[k]! * zk;
      if (term === 0) return sum + compensation;
      const next = sum + term;
      compensation += Math.abs(sum) >= Math.abs(term) ? sum - next + term : term - next + sum;
      sum = next;
      zk *= z;
      if (k > settled && previous !== 0) {
        const rho = Math.max(Math.abs(term / previous), z);
        if (rho < 1 && Math.abs(term) * (rho / (1 - rho)) <= SERIES_EPS * Math.abs(sum + compensation)) {
          return sum + compensation;
        }
      }
      previous = term;
    }
    throw new RangeError(`BG/NBD forecast: the series did not converge (z = ${z} is too close to 1)`);
  }

  private extend(coefficients: SeriesCoefficients, x: number, needed: number): void {
    if (needed > coefficients.values.length) {
      const grown = new Float64Array(Math.max(needed, coefficients.values.length * 2));
      grown.set(coefficients.values.subarray(0, coefficients.length));
      coefficients.values = grown;
    }
    const { a, b } = this.params;
    const c = a + b + x - 1;
    const values = coefficients.values;
    for (let k = coefficients.length; k < needed; k++) {
      const j = k - 1;
      values[k] = (values[j]! * (this.aPrime + j) * (a + j - 1)) / ((c + j) * (j + 1));
    }
    coefficients.length = needed;
  }
}
