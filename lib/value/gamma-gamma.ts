/**
 * The Gamma-Gamma model of spend per purchase (Fader, Hardie & Lee 2005,
 * "RFM and CLV: using iso-value curves", and Fader & Hardie 2013, "The
 * Gamma-Gamma model of monetary value"): a customer's purchase amounts are
 * Gamma(p, ν) with ν ~ Gamma(q, v) across customers, independent of the
 * purchase process. Fitted on the customers with repeat purchases (x > 0)
 * and a positive mean repeat spend m, by maximum likelihood of
 *   f(m | x) = Γ(px+q) / (Γ(px) Γ(q)) · v^q · m^(px−1) · x^(px) / (v + x m)^(px+q)
 * (Nelder-Mead on ln p, ln q, ln v; the parts that depend only on x are
 * computed once per distinct x).
 *
 * Conditional expected spend (DOMAIN.md):
 *   E[M | x, m] = (p·x·m + (q−1)·(v·p/(q−1))) / (p·x + q − 1) = p (v + x m) / (p x + q − 1),
 * a weighted mean of the customer's own mean and the population mean v p / (q − 1).
 */
import { lgamma } from './special';
import { maximiseLikelihoodSteps, sampledGroups, subsampleStride } from './mle';
import type { NelderMeadOptions } from './optimise';
import { modelFitOf, PARAMETER_RANGE, paramsOf, withinBounds, type ModelFit } from './purchase-fit';
import { runSteps, runStepsAsync, type AsyncRunOptions, type Steps } from './schedule';

export interface GammaGammaParams {
  p: number;
  q: number;
  v: number;
}

/** Repeat customers grouped by identical (x, m). */
export interface GammaGammaData {
  customers: number;
  xs: Float64Array;
  groupX: Int32Array;
  m: Float64Array;
  logM: Float64Array;
  logX: Float64Array;
  weight: Float64Array;
  /** Customers left out: no repeat purchase, or a mean repeat spend of 0 or less. */
  excluded: number;
  /** The same over every k-th customer kept, on large data (the first search of the fit runs on it). */
  subsample: GammaGammaData | null;
}

/** Keep the customers the model applies to (x > 0, m > 0) and group them. */
export function prepareGammaGamma(x: ArrayLike<number>, m: ArrayLike<number>): GammaGammaData {
  return runSteps(prepareGammaGammaSteps(x, m));
}

const PREPARE_CHUNK = 4096;

export function* prepareGammaGammaSteps(x: ArrayLike<number>, m: ArrayLike<number>): Steps<GammaGammaData> {
  if (x.length !== m.length) throw new RangeError('x and m must have the same length');
  const groups = new Map<string, number>();
  const xIndex = new Map<number, number>();
  const xs: number[] = [];
  const gx: number[] = [];
  const ms: number[] = [];
  const weight: number[] = [];
  const sampled: number[] = [];
  let excluded = 0;
  let customers = 0;
  let kept = 0;
  let stride: number | null = null;
  for (let i = 0; i < x.length; i++) if (x[i]! > 0 && m[i]! > 0 && Number.isFinite(m[i]!)) kept += 1;
  stride = subsampleStride(kept);
  for (let i = 0; i < x.length; i++) {
    if (i % PREPARE_CHUNK === 0 && i > 0) yield { phase: 'fit-gammagamma', done: 0, total: null };
    const xi = x[i]!;
    const mi = m[i]!;
    if (!(xi > 0 && mi > 0 && Number.isFinite(mi))) {
      excluded += 1;
      continue;
    }
    const inSample = stride !== null && customers % stride === 0;
    customers += 1;
    const key = `${xi}|${mi}`;
    const g = groups.get(key);
    if (g !== undefined) {
      weight[g]! += 1;
      if (inSample) sampled[g]! += 1;
      continue;
    }
    groups.set(key, weight.length);
    let xi0 = xIndex.get(xi);
    if (xi0 === undefined) {
      xi0 = xs.length;
      xs.push(xi);
      xIndex.set(xi, xi0);
    }
    gx.push(xi0);
    ms.push(mi);
    weight.push(1);
    sampled.push(inSample ? 1 : 0);
  }
  const data: GammaGammaData = {
    customers,
    xs: Float64Array.from(xs),
    groupX: Int32Array.from(gx),
    m: Float64Array.from(ms),
    logM: Float64Array.from(ms, Math.log),
    logX: Float64Array.from(xs, Math.log),
    weight: Float64Array.from(weight),
    excluded,
    subsample: null,
  };
  if (stride !== null) {
    const { keep, weight: sampledWeight, customers: sampledCustomers } = sampledGroups(sampled);
    data.subsample = {
      ...data,
      customers: sampledCustomers,
      groupX: Int32Array.from(keep, (g) => gx[g]!),
      m: Float64Array.from(keep, (g) => ms[g]!),
      logM: Float64Array.from(keep, (g) => Math.log(ms[g]!)),
      weight: sampledWeight,
      subsample: null,
    };
  }
  return data;
}

/** The log-likelihood function over prepared data; allocates nothing per call. */
export function gammaGammaLogLikelihoodFunction(data: GammaGammaData): (params: GammaGammaParams) => number {
  const perX = new Float64Array(data.xs.length);
  const { xs, logX, groupX, m, logM, weight } = data;
  return ({ p, q, v }) => {
    const lgQ = lgamma(q);
    const qLogV = q * Math.log(v);
    for (let i = 0; i < xs.length; i++) {
      const px = p * xs[i]!;
      perX[i] = lgamma(px + q) - lgamma(px) - lgQ + px * logX[i]! + qLogV;
    }
    let sum = 0;
    for (let g = 0; g < weight.length; g++) {
      const xi = groupX[g]!;
      const px = p * xs[xi]!;
      sum += weight[g]! * (perX[xi]! + (px - 1) * logM[g]! - (px + q) * Math.log(v + xs[xi]! * m[g]!));
    }
    return sum;
  };
}

export function gammaGammaLogLikelihood(params: GammaGammaParams, data: GammaGammaData): number {
  return gammaGammaLogLikelihoodFunction(data)(params);
}

/** The fit, with the customers left out (no repeat purchase, or a net repeat spend of 0 or less). */
export interface GammaGammaFit extends ModelFit<GammaGammaParams> {
  excluded: number;
}

const NAMES = ['p', 'q', 'v'] as const;

export function* fitGammaGammaSteps(data: GammaGammaData, options: NelderMeadOptions = {}): Steps<GammaGammaFit> {
  if (data.customers === 0) throw new RangeError('Gamma-Gamma: no repeat customers with a positive spend to fit');
  // Start at p = 1, q = 2 and v = mean spend, so the population mean v p / (q − 1) matches the data.
  let spend = 0;
  for (let g = 0; g < data.weight.length; g++) spend += data.weight[g]! * data.m[g]!;
  const objective = (d: GammaGammaData) => {
    const ll = gammaGammaLogLikelihoodFunction(d);
    return withinBounds((theta) => -ll(paramsOf<GammaGammaParams>(NAMES, theta)) / d.customers);
  };
  const n = data.customers;
  const result = yield* maximiseLikelihoodSteps(
    {
      objective: objective(data),
      ...(data.subsample ? { subsampleObjective: objective(data.subsample) } : {}),
      start: [0, Math.log(2), Math.log(spend / n)],
      customers: n,
      phase: 'fit-gammagamma',
    },
    options,
  );
  return { ...modelFitOf<GammaGammaParams>(NAMES, result, n), excluded: data.excluded };
}

export function fitGammaGamma(data: GammaGammaData, options?: NelderMeadOptions): GammaGammaFit {
  return runSteps(fitGammaGammaSteps(data, options));
}

export function fitGammaGammaAsync(data: GammaGammaData, options?: NelderMeadOptions & AsyncRunOptions): Promise<GammaGammaFit> {
  return runStepsAsync(fitGammaGammaSteps(data, options), options);
}

/** Why fitted parameters cannot be used, or null when they can. */
export function gammaGammaProblem(fit: GammaGammaFit): string | null {
  const issue = gammaGammaIssue(fit);
  return issue ? issue.message : null;
}

/** What makes a Gamma-Gamma fit unusable, as a code with its figures and in English; null when it is usable. */
export function gammaGammaIssue(fit: GammaGammaFit): { code: 'not-converged' | 'parameter-edge' | 'infinite-mean'; figures: Record<string, number>; detail: string; message: string } | null {
  if (!fit.converged) return { code: 'not-converged', figures: {}, detail: fit.message, message: `the Gamma-Gamma fit did not converge (${fit.message})` };
  const { p, q, v } = fit.params;
  for (const [name, value] of [['p', p], ['q', q], ['v', v]] as const) {
    if (!(value > PARAMETER_RANGE.min && value < PARAMETER_RANGE.max)) {
      return { code: 'parameter-edge', figures: { value }, detail: name, message: `the Gamma-Gamma fit ran to the edge of the parameter space (${name} = ${value.toPrecision(3)})` };
    }
  }
  if (!(q > 1)) {
    return { code: 'infinite-mean', figures: { q }, detail: '', message: `the Gamma-Gamma fit has q = ${q.toPrecision(3)} ≤ 1, so the population's mean spend is not finite` };
  }
  return null;
}

/** E[M | x, m] = p (v + x m) / (p x + q − 1): the expected spend of a customer's future purchases. */
export function conditionalExpectedSpend(params: GammaGammaParams, x: number, m: number): number {
  const { p, q, v } = params;
  return (p * (v + x * m)) / (p * x + q - 1);
}

/** The population's mean spend per purchase, v p / (q − 1). */
export function populationMeanSpend(params: GammaGammaParams): number {
  return (params.v * params.p) / (params.q - 1);
}
