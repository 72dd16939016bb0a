/**
 * The Pareto/NBD model (Schmittlein, Morrison & Colombo 1987): while alive a
 * customer buys at a Poisson rate λ ~ Gamma(r, α) and lives for an
 * exponential time with rate μ ~ Gamma(s, β), independent of purchasing, so
 * a customer who bought once may already have gone.
 *
 * The likelihood in the form of Fader & Hardie's "A note on deriving the
 * Pareto/NBD model and related expressions" (2005):
 *   L_i = Γ(r+x) α^r β^s / Γ(r) · [ (α+T)^−(r+x) (β+T)^−s + (s/(r+s+x)) (A(t_x) − A(T)) ],
 *   A(t) = 2F1(r+s+x, s+1; r+s+x+1; (α−β)/(α+t)) / (α+t)^(r+s+x)     when α ≥ β,
 *   A(t) = 2F1(r+s+x, r+x; r+s+x+1; (β−α)/(β+t)) / (β+t)^(r+s+x)     when α < β,
 * the two cases keeping the argument z in [0, 1). Everything is kept as
 * logarithms (x in the hundreds raises (α+t) to powers beyond a double), and
 * the difference A(t_x) − A(T) is taken as A(t_x) · (−expm1(ln A(T) − ln A(t_x))).
 *
 * 2F1 is evaluated in Euler's form (1−z)^(c−a−b) Σ e_k z^k, whose coefficients
 *   e_k = (r+x)_k / (r+s+x+1)_k  (α ≥ β),   e_k = (s+1)_k / (r+s+x+1)_k  (α < β)
 * fall monotonically, so every partial sum is below the total and the rest is
 * bounded by the last term · z/(1−z); the coefficients depend only on x and
 * are shared by all of its customers. Arguments above 0.9 (one parameter
 * far below the other) go to hyp2f1.ts, which handles z near 1.
 *
 * Forecasts (same note): P(alive) = 1 / (1 + (s/(r+s+x)) (α+T)^(r+x) (β+T)^s (A(t_x) − A(T))),
 *   E[Y(t) | alive] = ((r+x)(β+T) / ((α+T)(s−1))) (1 − ((β+T)/(β+T+t))^(s−1)),
 * computed as ((r+x)(β+T)/(α+T)) · ℓ · expm1(−(s−1)ℓ)/(−(s−1)ℓ), ℓ = ln(1 + t/(β+T)),
 * which is finite at s = 1.
 */
import { collectCdf, paretoAliveCountCdfInto, type CdfBuffer } from './count-distribution';
import type { PurchaseForecaster } from './forecaster';
import { HYP2F1_NEAR_ONE, logHyp2f1 } from './hyp2f1';
import { gaussLegendre } from './quadrature';
import type { NelderMeadOptions } from './optimise';
import type { PurchaseData } from './purchase-data';
import { fitModelSteps, fitProblem, startingRate, type ModelDefinition, type ModelFit, type ParameterPair } from './purchase-fit';
import { runSteps, runStepsAsync, type AsyncRunOptions, type Steps } from './schedule';
import { expm1OverX, lgamma, logisticOfMinus } from './special';

export interface ParetoNbdParams {
  r: number;
  alpha: number;
  s: number;
  beta: number;
}

export type ParetoNbdFit = ModelFit<ParetoNbdParams>;

const NAMES = ['r', 'alpha', 's', 'beta'] as const;

const SERIES_EPS = 1e-16;
const MAX_SERIES_TERMS = 100_000;
/** Panels the integral may use (r + s ≥ 0.04 needs at most about 500). */
const MAX_PANELS = 1000;
/** Terms the 2F1 near z = 1 may sum when its 1 − z formula cannot be trusted, before the integral takes over. */
const NEAR_ONE_MAX_TERMS = 2_000;

/**
 * The series Σ e_k z^k of Euler's form as an integral, for z near 1 with many repeat purchases (where the
 * 1 − z formula cancels and the series would need millions of terms): with u = 1 − t = e^−v in Euler's
 * integral of 2F1(1, B; C; z),
 *   S = (C − 1) ∫_0^∞ e^(−p v) (z + w e^v)^(−q) dv,  w = 1 − z,
 * p = s, q = r + x (α ≥ β) or p = r + x − 1, q = s + 1 (α < β). The integrand is analytic within π of the
 * real axis (its only singularities are where z + w e^v = 0), bends once at v = ln(z/w) and falls like
 * e^(−(p+q) v) beyond it; panels of width min(2, 8/max(|p|, p+q)) make each 16-point rule exact to about
 * 1e-16.
 */
function eulerIntegral(scale: number, p: number, q: number, z: number, w: number): number {
  const knee = Math.max(0, Math.log(z / w));
  const total = p + q;
  const end = p > 0.1 ? Math.min(40 / p, knee + 40 / total) : knee + 40 / total;
  const width = Math.min(2, 8 / Math.max(Math.abs(p), total));
  const panels = Math.ceil(end / width);
  // Only parameters far outside any real shop's (r + s near 0) need more: a point the search should avoid.
  if (!(panels <= MAX_PANELS)) throw new RangeError(`Pareto/NBD: the integral needs ${panels} panels (p = ${p}, q = ${q})`);
  const f = (v: number) => Math.exp(-p * v - q * Math.log(z + w * Math.exp(v)));
  let sum = 0;
  for (let i = 0; i < panels; i++) sum += gaussLegendre(f, (i * end) / panels, ((i + 1) * end) / panels);
  return scale * sum;
}

/**
 * ln of the sum Σ e_k z^k with e_{k+1} = e_k (p + k)/(g + k), e_0 = 1, p < g; the coefficients computed
 * so far are kept in `cache` (for one x), so later calls with smaller z only multiply and add.
 */
function logEulerSeries(p: number, g: number, z: number, cache: { values: Float64Array; length: number }): number {
  if (z === 0) return 0;
  let sum = 1;
  let zk = 1;
  const bound = z / (1 - z);
  for (let k = 0; k < MAX_SERIES_TERMS; k++) {
    if (k + 1 >= cache.length) {
      if (k + 1 >= cache.values.length) {
        const grown = new Float64Array(cache.values.length * 2);
        grown.set(cache.values.subarray(0, cache.length));
        cache.values = grown;
      }
      cache.values[k + 1] = (cache.values[k]! * (p + k)) / (g + k);
      cache.length = k + 2;
    }
    zk *= z;
    const term = cache.values[k + 1]! * zk;
    sum += term;
    // The coefficients fall, so the rest is at most term · z/(1−z).
    if (term * bound <= SERIES_EPS * sum) return Math.log(sum);
  }
  throw new RangeError(`Pareto/NBD: the series did not converge (z = ${z})`);
}

function newCache(): { values: Float64Array; length: number } {
  const values = new Float64Array(64);
  values[0] = 1;
  return { values, length: 1 };
}

/**
 * ln A(t) + (r+x) ln(α+t) + s ln(β+t): the part of ln A(t) that is not a power of (α+t) and (β+t), from
 * Euler's form of 2F1 (the series' logarithm, plus ln((α+t)/(β+t)) when α < β). `cache` holds this x's
 * coefficients for the case of the current parameters.
 */
function logCorrection(params: ParetoNbdParams, x: number, logAlphaT: number, logBetaT: number, t: number, cache: { values: Float64Array; length: number }): number {
  const { r, alpha, s, beta } = params;
  const upper = alpha >= beta;
  const z = Math.abs(alpha - beta) / ((upper ? alpha : beta) + t);
  // Euler: 2F1(a, b; a+1; z) = (1−z)^(1−b) 2F1(1, a+1−b; a+1; z), a = r+s+x.
  const p = upper ? r + x : s + 1;
  const g = r + s + x + 1;
  let logSeries: number;
  if (z <= HYP2F1_NEAR_ONE) {
    logSeries = logEulerSeries(p, g, z, cache);
  } else {
    const b = upper ? s + 1 : r + x;
    // 1 − z = (β+t)/(α+t) or (α+t)/(β+t), from the logarithms (exact where z is within 1e-16 of 1).
    const logW = upper ? logBetaT - logAlphaT : logAlphaT - logBetaT;
    try {
      // ln 2F1 − (1 − b) ln(1 − z); hyp2f1's 1 − z formula, its series kept short.
      logSeries = logHyp2f1(r + s + x, b, g, z, { maxTerms: NEAR_ONE_MAX_TERMS, oneMinusZ: Math.exp(logW) }) - (1 - b) * logW;
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      // Its parts cancel (many repeat purchases): the integral never does.
      logSeries = Math.log(eulerIntegral(g - 1, upper ? s : r + x - 1, upper ? r + x : s + 1, z, Math.exp(logW)));
    }
  }
  return upper ? logSeries : logSeries + logAlphaT - logBetaT;
}

/**
 * The log-likelihood over prepared data. Each distinct (x, t) with t a t_x or a T of some customer is
 * one 2F1; each group of customers sharing (x, t_x, T) one combination of them.
 */
export function paretoNbdLogLikelihoodFunction(data: PurchaseData): (params: ParetoNbdParams) => number {
  const { xs, Ts, txs, groupX, groupT, groupTx, weight } = data;
  // Distinct times (every T and t_x), and distinct (x, time) points, ordered by x then time so that z falls
  // within an x and the coefficients computed for its first point serve the rest. Typed arrays and numeric
  // keys throughout: this runs on 100,000 customers without yielding.
  const times = Float64Array.from(new Set([...Ts, ...txs])).sort();
  const timeIndex = new Map<number, number>();
  times.forEach((t, i) => timeIndex.set(t, i));
  const timeOfT = Int32Array.from(Ts, (t) => timeIndex.get(t)!);
  const timeOfTx = Int32Array.from(txs, (t) => timeIndex.get(t)!);
  const groupTimeT = Int32Array.from(groupT, (j) => timeOfT[j]!);
  const groupTimeTx = Int32Array.from(groupTx, (k) => timeOfTx[k]!);
  const L = times.length;
  const keys = new Float64Array(2 * weight.length);
  for (let g = 0; g < weight.length; g++) {
    keys[2 * g] = groupX[g]! * L + groupTimeT[g]!;
    keys[2 * g + 1] = groupX[g]! * L + groupTimeTx[g]!;
  }
  keys.sort();
  let distinct = 0;
  for (let i = 0; i < keys.length; i++) if (i === 0 || keys[i] !== keys[i - 1]) keys[distinct++] = keys[i]!;
  const sortedKeys = keys.subarray(0, distinct);
  const pointOf = new Map<number, number>();
  sortedKeys.forEach((k, i) => pointOf.set(k, i));
  const pointX = Int32Array.from(sortedKeys, (k) => Math.floor(k / L));
  const pointTime = Int32Array.from(sortedKeys, (k) => k % L);
  const groupPointT = Int32Array.from({ length: weight.length }, (_, g) => pointOf.get(groupX[g]! * L + groupTimeT[g]!)!);
  const groupPointTx = Int32Array.from({ length: weight.length }, (_, g) => pointOf.get(groupX[g]! * L + groupTimeTx[g]!)!);
  const timeValues = Float64Array.from(times);
  const logAlphaTime = new Float64Array(L);
  const logBetaTime = new Float64Array(L);
  const pointLogA = new Float64Array(sortedKeys.length); // ln A(t) at each point
  const pointCorrection = new Float64Array(sortedKeys.length); // A(t) (α+t)^(r+x) (β+t)^s, a moderate number
  const perX = new Float64Array(xs.length);
  const logShare = new Float64Array(xs.length);
  const cache = newCache();

  return (params) => {
    const { r, alpha, s, beta } = params;
    for (let i = 0; i < L; i++) {
      logAlphaTime[i] = Math.log(alpha + timeValues[i]!);
      logBetaTime[i] = Math.log(beta + timeValues[i]!);
    }
    const head = -lgamma(r) + r * Math.log(alpha) + s * Math.log(beta);
    for (let i = 0; i < xs.length; i++) {
      perX[i] = lgamma(r + xs[i]!) + head;
      logShare[i] = Math.log(s / (r + s + xs[i]!));
    }
    let currentX = -1;
    for (let p = 0; p < pointX.length; p++) {
      const xi = pointX[p]!;
      if (xi !== currentX) {
        // Another x (or other parameters): its coefficients are computed afresh.
        currentX = xi;
        cache.length = 1;
      }
      const x = xs[xi]!;
      const ti = pointTime[p]!;
      const la = logAlphaTime[ti]!;
      const lb = logBetaTime[ti]!;
      const correction = logCorrection(params, x, la, lb, timeValues[ti]!, cache);
      pointCorrection[p] = Math.exp(correction);
      pointLogA[p] = correction - (r + x) * la - s * lb;
    }
    let sum = 0;
    for (let g = 0; g < weight.length; g++) {
      const xi = groupX[g]!;
      const x = xs[xi]!;
      const ti = groupTimeT[g]!;
      const tx = groupTimeTx[g]!;
      const u = (r + x) * logAlphaTime[ti]! + s * logBetaTime[ti]!;
      // ln[e^−u(T) + (s/(r+s+x)) (A(t_x) − A(T))] = −u(T) + ln(1 + (s/(r+s+x)) (C(t_x) e^(u(T) − u(t_x)) − C(T))):
      // one exp and one log1p; the general form where e^(u(T) − u(t_x)) could overflow.
      const du = u - (r + x) * logAlphaTime[tx]! - s * logBetaTime[tx]!;
      let ll: number;
      if (du < FAST_LIMIT) {
        const inner = Math.exp(logShare[xi]!) * (pointCorrection[groupPointTx[g]!]! * Math.exp(du) - pointCorrection[groupPointT[g]!]!);
        ll = -u + Math.log1p(Math.max(inner, 0));
      } else {
        ll = logBracket(pointLogA[groupPointTx[g]!]!, pointLogA[groupPointT[g]!]!, u, logShare[xi]!);
      }
      sum += weight[g]! * (perX[xi]! + ll);
    }
    return sum;
  };
}

/** Below this exponent the likelihood's bracket is summed in plain numbers (e^500 is far from overflow). */
const FAST_LIMIT = 500;

/**
 * ln[(α+T)^−(r+x) (β+T)^−s + (s/(r+s+x)) (A(t_x) − A(T))] from ln A(t_x), ln A(T), u = (r+x) ln(α+T) + s ln(β+T)
 * and ln(s/(r+s+x)).
 */
function logBracket(logATx: number, logAT: number, u: number, logShare: number): number {
  const alive = -u;
  const difference = logAT < logATx ? logATx + Math.log(-Math.expm1(logAT - logATx)) : -Infinity;
  const dead = logShare + difference;
  if (dead === -Infinity) return alive;
  return alive >= dead ? alive + Math.log1p(Math.exp(dead - alive)) : dead + Math.log1p(Math.exp(alive - dead));
}

export function paretoNbdLogLikelihood(params: ParetoNbdParams, data: PurchaseData): number {
  return paretoNbdLogLikelihoodFunction(data)(params);
}

const DEFINITION: ModelDefinition<ParetoNbdParams> = {
  names: NAMES,
  phase: 'fit-paretonbd',
  likelihood: paretoNbdLogLikelihoodFunction,
  start: (data) => {
    // r = s = 1, α at the data's mean time between purchases, β at the customers' mean age.
    let sumT = 0;
    for (let g = 0; g < data.weight.length; g++) sumT += data.weight[g]! * data.Ts[data.groupT[g]!]!;
    const meanAge = Math.min(Math.max(sumT / data.customers, 1e-3), 1e4);
    return [0, Math.log(startingRate(data)), 0, Math.log(meanAge)];
  },
};

export function fitParetoNbdSteps(data: PurchaseData, options: NelderMeadOptions = {}): Steps<ParetoNbdFit> {
  return fitModelSteps(DEFINITION, data, 'Pareto/NBD', options);
}

export function fitParetoNbd(data: PurchaseData, options?: NelderMeadOptions): ParetoNbdFit {
  return runSteps(fitParetoNbdSteps(data, options));
}

export function fitParetoNbdAsync(data: PurchaseData, options?: NelderMeadOptions & AsyncRunOptions): Promise<ParetoNbdFit> {
  return runStepsAsync(fitParetoNbdSteps(data, options), options);
}

const PAIRS: readonly ParameterPair[] = [
  {
    names: ['s', 'beta'],
    diverging: (s) => s > 1,
    message: (s, beta) => `sends s and β to infinity together: every customer seems to drop out at the same rate (s/β = ${(s / beta).toPrecision(3)} per unit of time)`,
  },
  {
    names: ['r', 'alpha'],
    diverging: (r) => r > 1,
    message: (r, alpha) => `sends r and α to infinity together: every customer seems to buy at the same rate (r/α = ${(r / alpha).toPrecision(3)} per unit of time)`,
  },
];

/** Why a fitted parameter set cannot be used for forecasts, or null when it can. */
export function paretoNbdProblem(fit: ParetoNbdFit): string | null {
  return fitProblem(fit, 'Pareto/NBD', NAMES, PAIRS);
}

/** Forecasts for one fitted parameter set. */
export class ParetoNbdForecaster implements PurchaseForecaster {
  readonly model = 'paretonbd' as const;
  private readonly caches = new Map<number, { values: Float64Array; length: number }>();

  constructor(readonly params: ParetoNbdParams) {}

  private logA(x: number, t: number): number {
    const { r, alpha, s, beta } = this.params;
    let cache = this.caches.get(x);
    if (!cache) {
      cache = newCache();
      this.caches.set(x, cache);
    }
    const la = Math.log(alpha + t);
    const lb = Math.log(beta + t);
    return logCorrection(this.params, x, la, lb, t, cache) - (r + x) * la - s * lb;
  }

  /** ln of the odds that the customer has dropped out: P(alive) = 1 / (1 + e^L). */
  private logDeadOdds(x: number, tx: number, T: number): number {
    const { r, alpha, s, beta } = this.params;
    if (tx === T) return -Infinity;
    const logATx = this.logA(x, tx);
    const logAT = this.logA(x, T);
    const u = (r + x) * Math.log(alpha + T) + s * Math.log(beta + T);
    return Math.log(s / (r + s + x)) + u + logATx + Math.log(-Math.expm1(logAT - logATx));
  }

  pAlive(x: number, tx: number, T: number): number {
    return logisticOfMinus(this.logDeadOdds(x, tx, T));
  }

  /** Pareto/NBD lets a customer drop out at any time, so P(alive) is never 1 by construction. */
  pAliveNote(): null {
    return null;
  }

  expectedIfAlive(t: number, x: number, T: number): number {
    if (!(t > 0)) return 0;
    const { r, alpha, s, beta } = this.params;
    const l = Math.log1p(t / (beta + T));
    return (((r + x) * (beta + T)) / (alpha + T)) * l * expm1OverX(-(s - 1) * l);
  }

  expected(t: number, x: number, tx: number, T: number): number {
    return this.expectedIfAlive(t, x, T) * this.pAlive(x, tx, T);
  }

  expectedNew(t: number): number {
    return this.expected(t, 0, 0, 0);
  }

  aliveCountCdf(t: number, x: number, T: number, upTo: number): Float64Array {
    return collectCdf((out) => this.aliveCountCdfInto(t, x, T, upTo, out));
  }

  aliveCountCdfInto(t: number, x: number, T: number, upTo: number, out: CdfBuffer): void {
    const { r, alpha, s, beta } = this.params;
    paretoAliveCountCdfInto(r + x, alpha + T, s, beta + T, t, upTo, out);
  }
}
