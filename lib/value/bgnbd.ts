/**
 * The BG/NBD model of repeat purchasing (Fader, Hardie & Lee 2005, "Counting
 * your customers the easy way", Marketing Science 24(2)) and its variant
 * MBG/NBD (Batislam, Denizel & Filiztekin 2007, "Empirical validation and
 * comparison of models for customer base analysis", IJRM 24(3)): while alive
 * a customer buys at a Poisson rate λ ~ Gamma(r, α) and drops out with
 * probability p ~ Beta(a, b) at a purchase: after each repeat purchase in
 * BG/NBD, and also right after the first one in MBG/NBD. So under BG/NBD a
 * customer who bought once is alive for certain (P(alive) = 1, flagged
 * 'no-repeat-purchase'); under MBG/NBD they may already have gone.
 *
 * Per customer: x repeat purchases, t_x the time of the last purchase and T
 * the time since the first, both in the same unit (days or weeks).
 *
 *   BG/NBD:  LL_i = ln Γ(r+x) − ln Γ(r) + r ln α + ln B(a, b+x) − ln B(a, b) − (r+x) ln(α+T)
 *                   + [x>0] ln(1 + (a/(b+x−1)) ((α+T)/(α+t_x))^(r+x))
 *   MBG/NBD: LL_i = ln Γ(r+x) − ln Γ(r) + r ln α + ln B(a, b+x+1) − ln B(a, b) − (r+x) ln(α+T)
 *                   + ln(1 + (a/(b+x)) ((α+T)/(α+t_x))^(r+x))
 *
 * The last term is a softplus of its logarithm (no overflow). Customers
 * with the same (x, t_x, T) share one term (purchase-data.ts), so an
 * evaluation over 100,000 customers costs about one exp and one log1p per
 * distinct repeat buyer.
 *
 * Forecasts: P(alive), E[Y(t) | x, t_x, T] (expected purchases in
 * (T, T + t]) and E[X(t)] for a new customer. Given alive, both models
 * expect the same as a BG/NBD customer with b replaced by b' (b under
 * BG/NBD, b + 1 under MBG/NBD: one more chance to drop out survived):
 *   E[Y(t) | alive] = ((a+b'+x−1)/(a−1)) (1 − ((α+T)/(α+T+t))^(r+x) 2F1(r+x, b'+x; a+b'+x−1; z)),
 * with z = t/(α+T+t). That needs 2F1 with z up to about 0.95 and a factor
 * that is negative when a < 1 and infinite at a = 1. Euler's transformation
 * turns (1−z)^(r+x) 2F1(r+x, b'+x; c; z) = (1−z)^(a−1) 2F1(a+b'−1−r, a−1; c; z),
 * c = a+b'+x−1, and taking the factor (a−1) out of that series analytically gives
 *   E[Y(t) | alive] = c · (1 − (1−z)^(a−1)) / (a−1) − (1−z)^(a−1) · Σ_{k≥1} s_k z^k,
 *   s_1 = a+b'−1−r,  s_{k+1} = s_k (a+b'−1−r+k)(a+k−1) / ((c+k)(k+1)),
 * where the first part is computed as −ln(1−z) · expm1(u)/u with u = (a−1) ln(1−z).
 * Nothing is divided by (a − 1), no logarithm of a negative factor is taken,
 * and the series' terms fall like k^(a−r−x−2) z^k (faster than the original
 * series' k^(r+x−a) z^k). The coefficients s_k depend only on x, so they are
 * computed once per distinct x and reused for every customer and horizon.
 */
import { bgAliveCountCdfInto, collectCdf, type CdfBuffer } from './count-distribution';
import type { PurchaseForecaster } from './forecaster';
import type { NelderMeadOptions } from './optimise';
import type { PurchaseData } from './purchase-data';
import { fitModelSteps, fitProblem, startingRate, type ModelDefinition, type ModelFit, type ParameterPair } from './purchase-fit';
import { runSteps, runStepsAsync, type AsyncRunOptions, type Steps } from './schedule';
import { expm1OverX, lbeta, lgamma, logisticOfMinus, softplus } from './special';

export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** The two members of the family: BG/NBD and MBG/NBD. */
export type BgVariant = 'bgnbd' | 'mbgnbd';
export const BG_LABEL: Record<BgVariant, string> = { bgnbd: 'BG/NBD', mbgnbd: 'MBG/NBD' };

export type BgNbdFit = ModelFit<BgNbdParams>;

const NAMES = ['r', 'alpha', 'a', 'b'] as const;

/** 1 when the first purchase is a chance to drop out (MBG/NBD), 0 when it is not (BG/NBD). */
const shiftOf = (variant: BgVariant) => (variant === 'mbgnbd' ? 1 : 0);

/** The log-likelihood of one customer (DOMAIN.md's LL_i for BG/NBD), for checks and explanations. */
export function bgnbdLogLikelihoodOne(params: BgNbdParams, x: number, tx: number, T: number, variant: BgVariant = 'bgnbd'): number {
  const { r, alpha, a, b } = params;
  const shift = shiftOf(variant);
  let ll = lgamma(r + x) - lgamma(r) + r * Math.log(alpha) + lbeta(a, b + x + shift) - lbeta(a, b) - (r + x) * Math.log(alpha + T);
  if (x > 0 || shift === 1) ll += softplus(Math.log(a) - Math.log(b + x - 1 + shift) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx)));
  return ll;
}

/**
 * A log-likelihood function over prepared data, with its scratch space
 * allocated once: calling it allocates nothing.
 */
export function bgnbdLogLikelihoodFunction(data: PurchaseData, variant: BgVariant = 'bgnbd'): (params: BgNbdParams) => number {
  const perX = new Float64Array(data.xs.length);
  const dropoutTerm = new Float64Array(data.xs.length);
  const hasDropout = new Uint8Array(data.xs.length);
  const logAlphaT = new Float64Array(data.Ts.length);
  const logAlphaTx = new Float64Array(data.txs.length);
  const { xs, Ts, txs, groupX, groupT, groupTx, weight } = data;
  const shift = shiftOf(variant);
  for (let i = 0; i < xs.length; i++) hasDropout[i] = xs[i]! > 0 || shift === 1 ? 1 : 0;
  return ({ r, alpha, a, b }) => {
    const lgR = lgamma(r);
    const lbAB = lbeta(a, b);
    const rLogAlpha = r * Math.log(alpha);
    const logA = Math.log(a);
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i]!;
      perX[i] = lgamma(r + x) - lgR + lbeta(a, b + x + shift) - lbAB + rLogAlpha;
      dropoutTerm[i] = hasDropout[i] ? logA - Math.log(b + x - 1 + shift) : 0;
    }
    for (let j = 0; j < Ts.length; j++) logAlphaT[j] = Math.log(alpha + Ts[j]!);
    for (let k = 0; k < txs.length; k++) logAlphaTx[k] = Math.log(alpha + txs[k]!);
    let sum = 0;
    for (let g = 0; g < weight.length; g++) {
      const xi = groupX[g]!;
      const rx = r + xs[xi]!;
      const lT = logAlphaT[groupT[g]!]!;
      let ll = perX[xi]! - rx * lT;
      if (hasDropout[xi]) ll += softplus(dropoutTerm[xi]! + rx * (lT - logAlphaTx[groupTx[g]!]!));
      sum += weight[g]! * ll;
    }
    return sum;
  };
}

export function bgnbdLogLikelihood(params: BgNbdParams, data: PurchaseData, variant: BgVariant = 'bgnbd'): number {
  return bgnbdLogLikelihoodFunction(data, variant)(params);
}

function definition(variant: BgVariant): ModelDefinition<BgNbdParams> {
  return {
    names: NAMES,
    phase: variant === 'mbgnbd' ? 'fit-mbgnbd' : 'fit-bgnbd',
    likelihood: (data) => bgnbdLogLikelihoodFunction(data, variant),
    start: (data) => [0, Math.log(startingRate(data)), 0, 0],
  };
}

/** Maximum-likelihood fit, yielding after every optimiser iteration. */
export function fitBgNbdSteps(data: PurchaseData, options: NelderMeadOptions = {}, variant: BgVariant = 'bgnbd'): Steps<BgNbdFit> {
  return fitModelSteps(definition(variant), data, BG_LABEL[variant], options);
}

export function fitBgNbd(data: PurchaseData, options?: NelderMeadOptions, variant: BgVariant = 'bgnbd'): BgNbdFit {
  return runSteps(fitBgNbdSteps(data, options, variant));
}

export function fitBgNbdAsync(data: PurchaseData, options?: NelderMeadOptions & AsyncRunOptions, variant: BgVariant = 'bgnbd'): Promise<BgNbdFit> {
  return runStepsAsync(fitBgNbdSteps(data, options, variant), options);
}

const PAIRS: readonly ParameterPair[] = [
  {
    names: ['a', 'b'],
    diverging: (a, b) => a > 1 && b > 1,
    message: (a, b) =>
      `sends a and b to infinity together: every customer seems to drop out with the same probability (a/(a+b) = ${(a / (a + b)).toPrecision(3)})`,
  },
  {
    names: ['r', 'alpha'],
    diverging: (r) => r > 1,
    message: (r, alpha) => `sends r and α to infinity together: every customer seems to buy at the same rate (r/α = ${(r / alpha).toPrecision(3)} per unit of time)`,
  },
];

/** Why a fitted parameter set cannot be used for forecasts, or null when it can. */
export function bgnbdProblem(fit: BgNbdFit, horizon?: number, variant: BgVariant = 'bgnbd'): string | null {
  const problem = fitProblem(fit, BG_LABEL[variant], NAMES, PAIRS);
  if (problem) return problem;
  if (horizon !== undefined) {
    // The hardest forecast is a brand-new customer (T = 0) over the whole horizon.
    try {
      const probe = new BgNbdForecaster(fit.params, PROBE_MAX_TERMS, variant).expectedIfAlive(horizon, 0, 0);
      if (!(Number.isFinite(probe) && probe >= 0)) throw new RangeError(`E[X(t)] = ${probe}`);
    } catch {
      const { r, alpha, a, b } = fit.params;
      return (
        `the fitted ${BG_LABEL[variant]} parameters (r = ${r.toPrecision(3)}, α = ${alpha.toPrecision(3)}, a = ${a.toPrecision(3)}, b = ${b.toPrecision(3)}) ` +
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
export class BgNbdForecaster implements PurchaseForecaster {
  private readonly coefficients = new Map<number, SeriesCoefficients>();
  private readonly aPrime: number;
  /** b of the posterior given alive: b (BG/NBD) or b + 1 (MBG/NBD). */
  private readonly bAlive: number;
  private readonly shift: number;
  readonly model: BgVariant;

  constructor(
    readonly params: BgNbdParams,
    /** Series terms allowed per forecast before giving up with a RangeError. */
    private readonly maxTerms = SERIES_MAX_TERMS,
    readonly variant: BgVariant = 'bgnbd',
  ) {
    this.model = variant;
    this.shift = shiftOf(variant);
    this.bAlive = params.b + this.shift;
    this.aPrime = params.a + this.bAlive - 1 - params.r;
  }

  /** ln of the odds that a customer has dropped out: P(alive) = 1 / (1 + e^L); −∞ for x = 0 under BG/NBD. */
  private logDeadOdds(x: number, tx: number, T: number): number {
    if (x === 0 && this.shift === 0) return -Infinity;
    const { r, alpha, a, b } = this.params;
    return Math.log(a) - Math.log(b + x - 1 + this.shift) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
  }

  /** P(alive | x, t_x, T) = 1 / (1 + [x>0] (a/(b+x−1)) ((α+T)/(α+t_x))^(r+x)); MBG/NBD: 1 / (1 + (a/(b+x)) ((α+T)/(α+t_x))^(r+x)). */
  pAlive(x: number, tx: number, T: number): number {
    return logisticOfMinus(this.logDeadOdds(x, tx, T));
  }

  /** Why P(alive) is what it is when it is 1 by construction: BG/NBD lets nobody drop out before a repeat purchase. */
  pAliveNote(x: number): 'no-repeat-purchase' | null {
    return x === 0 && this.shift === 0 ? 'no-repeat-purchase' : null;
  }

  /** E[Y(t) | x, t_x, T]: expected purchases in the next t units of time. */
  expected(t: number, x: number, tx: number, T: number): number {
    return this.expectedIfAlive(t, x, T) * this.pAlive(x, tx, T);
  }

  /** E[X(t)]: expected repeat purchases in the first t units after a new customer's first purchase. */
  expectedNew(t: number): number {
    return this.expected(t, 0, 0, 0);
  }

  /**
   * The expected purchases in the next t units if the customer is alive:
   * c · (1 − (1−z)^(a−1)) / (a−1) − (1−z)^(a−1) · Σ s_k z^k, so that
   * E[Y(t) | x, t_x, T] = P(alive) · expectedIfAlive(t, x, T). It does not
   * depend on t_x, which lets a horizon loop compute P(alive) once.
   */
  expectedIfAlive(t: number, x: number, T: number): number {
    if (!(t > 0)) return 0;
    const { alpha, a } = this.params;
    const z = t / (alpha + T + t);
    const logOneMinusZ = Math.log1p(-z);
    const u = (a - 1) * logOneMinusZ;
    const c = a + this.bAlive + x - 1;
    const first = c * -logOneMinusZ * expm1OverX(u);
    return first - Math.exp(u) * this.series(x, z);
  }

  /** P(Y(t) ≤ k | alive, x, T) for k = 0, 1, ... until it reaches upTo (count-distribution.ts). */
  aliveCountCdf(t: number, x: number, T: number, upTo: number): Float64Array {
    return collectCdf((out) => this.aliveCountCdfInto(t, x, T, upTo, out));
  }

  aliveCountCdfInto(t: number, x: number, T: number, upTo: number, out: CdfBuffer): void {
    const { r, alpha, a } = this.params;
    bgAliveCountCdfInto(r + x, alpha + T, a, this.bAlive + x, t, upTo, out);
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
    throw new RangeError(`${BG_LABEL[this.variant]} forecast: the series did not converge (z = ${z} is too close to 1)`);
  }

  private extend(coefficients: SeriesCoefficients, x: number, needed: number): void {
    if (needed > coefficients.values.length) {
      const grown = new Float64Array(Math.max(needed, coefficients.values.length * 2));
      grown.set(coefficients.values.subarray(0, coefficients.length));
      coefficients.values = grown;
    }
    const { a } = this.params;
    const c = a + this.bAlive + x - 1;
    const values = coefficients.values;
    for (let k = coefficients.length; k < needed; k++) {
      const j = k - 1;
      values[k] = (values[j]! * (this.aPrime + j) * (a + j - 1)) / ((c + j) * (j + 1));
    }
    coefficients.length = needed;
  }
}
