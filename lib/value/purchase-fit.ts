/**
 * Fitting a purchase model (BG/NBD, MBG/NBD, Pareto/NBD) by maximum
 * likelihood on the logarithms of its parameters (so every point of the
 * search is a valid, positive parameter set), and judging whether the
 * result can be used. The models differ only in their likelihood, their
 * parameter names and what an edge of the parameter space means.
 */
import { maximiseLikelihoodSteps, type LikelihoodMaximum } from './mle';
import type { NelderMeadOptions } from './optimise';
import type { PurchaseData } from './purchase-data';
import type { Steps, ValuePhase } from './schedule';

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

/** A fitted model: its parameters and log-likelihood, how the search went, and the covariance of the log-parameters (in the order of the model's names). */
export interface ModelFit<P> extends Omit<LikelihoodMaximum, 'theta' | 'f'> {
  params: P;
  /** Log-likelihood at the optimum. */
  ll: number;
  customers: number;
}

/** The fit a maximum on log-parameters stands for, over `customers` (the objective is a mean over them). */
export function modelFitOf<P>(names: readonly (keyof P & string)[], result: LikelihoodMaximum, customers: number): ModelFit<P> {
  const { theta, f, ...search } = result;
  return { ...search, params: paramsOf<P>(names, theta), ll: -f * customers, customers };
}

export interface ModelDefinition<P> {
  /** Parameter names, in the order of θ. */
  names: readonly (keyof P & string)[];
  phase: ValuePhase;
  /** The log-likelihood over prepared data; allocates nothing per call. */
  likelihood: (data: PurchaseData) => (params: P) => number;
  /** Where the search starts, on log-parameters. */
  start: (data: PurchaseData) => number[];
}

export function paramsOf<P>(names: readonly (keyof P & string)[], theta: ArrayLike<number>): P {
  const params: Record<string, number> = {};
  names.forEach((name, i) => (params[name] = Math.exp(theta[i]!)));
  return params as P;
}

/** Maximum-likelihood fit, yielding after every optimiser iteration or evaluation. */
export function* fitModelSteps<P>(definition: ModelDefinition<P>, data: PurchaseData, label: string, options: NelderMeadOptions = {}): Steps<ModelFit<P>> {
  if (data.customers === 0) throw new RangeError(`${label}: no customers to fit`);
  const objective = (d: PurchaseData) => {
    // Built at its first use, so that building it (Pareto/NBD's points: tens of milliseconds on 100,000
    // customers) is a step of its own between two yields of the search.
    let ll: ((params: P) => number) | null = null;
    return withinBounds((theta) => {
      try {
        ll ??= definition.likelihood(d);
        return -ll(paramsOf<P>(definition.names, theta)) / d.customers;
      } catch (error) {
        // A special function that cannot be evaluated to full precision there: a point the search avoids.
        if (error instanceof RangeError) return NaN;
        throw error;
      }
    });
  };
  const n = data.customers;
  const result = yield* maximiseLikelihoodSteps(
    {
      objective: objective(data),
      ...(data.subsample ? { subsampleObjective: objective(data.subsample) } : {}),
      start: definition.start(data),
      customers: n,
      phase: definition.phase,
    },
    options,
  );
  return modelFitOf<P>(definition.names, result, n);
}

/** The rate r/α at which customers buy on average: where every search starts. */
export function startingRate(data: PurchaseData): number {
  let sumT = 0;
  let sumPurchases = 0;
  for (let g = 0; g < data.weight.length; g++) {
    sumT += data.weight[g]! * data.Ts[data.groupT[g]!]!;
    sumPurchases += data.weight[g]! * (data.xs[data.groupX[g]!]! + 1);
  }
  // Start where the mean purchase rate r/α (with r = 1) matches the data's purchases per unit of time.
  return Math.min(Math.max(sumT / Math.max(sumPurchases, 1), 1e-3), 1e4);
}

/**
 * A pair of parameters that the fit can send to infinity together, which
 * leaves only their ratio: the heterogeneity they describe has vanished.
 */
export interface ParameterPair {
  names: readonly [string, string];
  /** True when the limit of both going to infinity is what the values say (e.g. the shape above 1). */
  diverging: (first: number, second: number) => boolean;
  message: (first: number, second: number) => string;
}

/** Why a fit cannot be used for forecasts (not converged, edge of the parameter space), or null when it can. */
export function fitProblem<P>(fit: ModelFit<P>, label: string, names: readonly (keyof P & string)[], pairs: readonly ParameterPair[]): string | null {
  if (!fit.converged) return `the ${label} fit did not converge (${fit.message})`;
  const params = fit.params as Record<string, number>;
  const outside = (value: number) => !(value > PARAMETER_RANGE.min && value < PARAMETER_RANGE.max);
  for (const pair of pairs) {
    const [first, second] = [params[pair.names[0]]!, params[pair.names[1]]!];
    if (outside(first) && outside(second) && pair.diverging(first, second)) return `the ${label} fit ${pair.message(first, second)}, a limit the model's forecast does not cover`;
  }
  for (const name of names) {
    const value = params[name]!;
    if (outside(value)) return `the ${label} fit ran to the edge of the parameter space (${name === 'alpha' ? 'α' : name === 'beta' ? 'β' : name} = ${value.toPrecision(3)}): the data do not identify the model`;
  }
  return null;
}
