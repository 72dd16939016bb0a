/**
 * Estimating the model from data without labels.
 *
 * u: from random pairs, which are almost all non-matches (Splink's
 * `estimate_u_using_random_sampling`): the share of random pairs at each level.
 *
 * m (and the prior within the pairs): by expectation-maximisation over
 * candidate pairs (Fellegi & Sunter 1969; Winkler 1988). Pairs are first
 * reduced to distinct comparison patterns with counts, so an iteration costs
 * the number of patterns, not of pairs. Fields can be held fixed: as in
 * Splink, a session of EM over pairs blocked on a field cannot learn that
 * field's m (every pair agrees on it by construction), so it learns the others.
 * A weak prior (pseudo-counts at the current values) keeps a level that the
 * data never shows from collapsing to zero.
 */
import { clampProbability, MISSING, type ModelParams } from './model';

export interface PatternCounts {
  /** Distinct comparison vectors. */
  patterns: Int8Array[];
  counts: number[];
  total: number;
}

/** Collect comparison vectors into distinct patterns with counts. */
export class PatternCounter {
  private readonly index = new Map<string, number>();
  private readonly patterns: Int8Array[] = [];
  private readonly counts: number[] = [];
  private total = 0;

  add(vector: ArrayLike<number>, count = 1): void {
    let key = '';
    for (let k = 0; k < vector.length; k++) key += String.fromCharCode(vector[k]! + 2);
    const i = this.index.get(key);
    if (i === undefined) {
      this.index.set(key, this.patterns.length);
      this.patterns.push(Int8Array.from(vector));
      this.counts.push(count);
    } else {
      this.counts[i]! += count;
    }
    this.total += count;
  }

  result(): PatternCounts {
    return { patterns: this.patterns, counts: this.counts, total: this.total };
  }
}

/**
 * u per level from comparison vectors of random pairs. `strength` pseudo-pairs
 * at the current u keep levels that random pairs never reach (an exact email)
 * at their prior rather than at zero.
 */
export function estimateU(params: ModelParams, random: PatternCounts, strength = 1): ModelParams {
  const fields = params.fields.map((f, k) => {
    const counts = new Float64Array(f.levels.length);
    let present = 0;
    random.patterns.forEach((p, i) => {
      const level = p[k]!;
      if (level === MISSING) return;
      counts[level]! += random.counts[i]!;
      present += random.counts[i]!;
    });
    // A field random pairs never compare (missing on one side) keeps its u.
    if (present === 0) return f;
    const u = f.u.map((prior, l) => clampProbability((counts[l]! + strength * prior) / (present + strength)));
    return { ...f, u: normalise(u) };
  });
  return { ...params, fields, training: { ...params.training, uPairs: random.total } };
}

export interface EmOptions {
  maxIterations?: number;
  /** Stop when no m, u or prior moves by more than this. */
  tolerance?: number;
  /** Keep u as estimated from random pairs (the usual choice); false lets EM move u too. */
  fixU?: boolean;
  /** Fields whose m stays as it is in this session (the fields the pairs were blocked on). */
  fixedFields?: ReadonlySet<string>;
  /** Pseudo-pairs at the starting values, per field. */
  priorStrength?: number;
  /**
   * Pairs a person decided, with what they decided (1 = the same person, 0 = not): their
   * posterior is known, so they teach m directly, each counting `labelWeight` times.
   */
  labelled?: { patterns: readonly ArrayLike<number>[]; right: readonly boolean[] };
  labelWeight?: number;
}

export interface EmResult {
  params: ModelParams;
  /** The share of the pairs EM takes for matches. */
  matchShare: number;
  iterations: number;
  converged: boolean;
  logLikelihood: number[];
}

/** Expectation-maximisation of m (and optionally u) and the share of matches among the given pairs. */
export function expectationMaximisation(start: ModelParams, data: PatternCounts, options: EmOptions = {}): EmResult {
  const { maxIterations = 100, tolerance = 1e-5, fixU = true, fixedFields = new Set<string>(), priorStrength = 2, labelled, labelWeight = 3 } = options;
  const K = start.fields.length;
  const m = start.fields.map((f) => Float64Array.from(f.m));
  const u = start.fields.map((f) => Float64Array.from(f.u));
  const m0 = start.fields.map((f) => Float64Array.from(f.m));
  const u0 = start.fields.map((f) => Float64Array.from(f.u));
  const fixed = start.fields.map((f) => fixedFields.has(f.field));
  const n = data.patterns.length;
  const posterior = new Float64Array(n);
  let lambda = 0.1;
  const trace: number[] = [];
  let converged = false;
  let iteration = 0;
  if (data.total === 0 && !labelled?.patterns.length) return { params: start, matchShare: 0, iterations: 0, converged: true, logLikelihood: [] };

  while (iteration < maxIterations) {
    iteration++;
    // E step: P(match | pattern).
    let logLikelihood = 0;
    for (let i = 0; i < n; i++) {
      const p = data.patterns[i]!;
      let a = lambda;
      let b = 1 - lambda;
      for (let k = 0; k < K; k++) {
        const level = p[k]!;
        if (level === MISSING) continue;
        a *= m[k]![level]!;
        b *= u[k]![level]!;
      }
      posterior[i] = a / (a + b);
      logLikelihood += data.counts[i]! * Math.log(a + b);
    }
    trace.push(logLikelihood);
    // M step.
    let matches = 0;
    for (let i = 0; i < n; i++) matches += data.counts[i]! * posterior[i]!;
    const newLambda = data.total === 0 ? lambda : clampProbability(matches / data.total);
    let change = Math.abs(newLambda - lambda);
    lambda = newLambda;
    for (let k = 0; k < K; k++) {
      const levels = m[k]!.length;
      const mSum = new Float64Array(levels);
      const uSum = new Float64Array(levels);
      let mTotal = 0;
      let uTotal = 0;
      for (let i = 0; i < n; i++) {
        const level = data.patterns[i]![k]!;
        if (level === MISSING) continue;
        const c = data.counts[i]!;
        mSum[level]! += c * posterior[i]!;
        uSum[level]! += c * (1 - posterior[i]!);
        mTotal += c * posterior[i]!;
        uTotal += c * (1 - posterior[i]!);
      }
      // Decided pairs: their posterior is what the person said.
      labelled?.patterns.forEach((pattern, i) => {
        const level = pattern[k]!;
        if (level === MISSING) return;
        if (labelled.right[i]) {
          mSum[level]! += labelWeight;
          mTotal += labelWeight;
        } else {
          uSum[level]! += labelWeight;
          uTotal += labelWeight;
        }
      });
      if (!fixed[k]) {
        const next = normalise(Array.from(mSum, (s, l) => clampProbability((s + priorStrength * m0[k]![l]!) / (mTotal + priorStrength))));
        next.forEach((v, l) => {
          change = Math.max(change, Math.abs(v - m[k]![l]!));
          m[k]![l] = v;
        });
      }
      if (!fixU) {
        const next = normalise(Array.from(uSum, (s, l) => clampProbability((s + priorStrength * u0[k]![l]!) / (uTotal + priorStrength))));
        next.forEach((v, l) => {
          change = Math.max(change, Math.abs(v - u[k]![l]!));
          u[k]![l] = v;
        });
      }
    }
    if (change < tolerance) {
      converged = true;
      break;
    }
  }
  const params: ModelParams = {
    ...start,
    fields: start.fields.map((f, k) => ({ ...f, m: Array.from(m[k]!), u: Array.from(u[k]!) })),
    training: { ...start.training, emPairs: start.training.emPairs + data.total, emIterations: start.training.emIterations + iteration },
  };
  return { params, matchShare: lambda, iterations: iteration, converged, logLikelihood: trace };
}

function normalise(values: number[]): number[] {
  const sum = values.reduce((s, v) => s + v, 0);
  return values.map((v) => clampProbability(v / sum));
}
