/**
 * The Fellegi-Sunter model, independent of what is compared: comparisons
 * with levels, an m and a u probability per level, a match weight that is the
 * sum of log2(m/u) over the fields plus the prior's log-odds, and the match
 * probability that weight stands for. The persona matcher (customers vs
 * captured profiles) and the Febrl-style deduplication share this code.
 */
import { z } from '../../zod';

/** The level of a field that one side lacks: it adds no weight and is left out of EM. */
export const MISSING = -1;

export interface LevelSpec {
  /** Stable id, stored with the parameters and shown as evidence ("exact", "nickname", "jaro-winkler>=0.92"). */
  id: string;
  /** Default m: P(this level | the records are the same person), before any training. */
  m: number;
  /** Default u: P(this level | different people), before it is estimated. */
  u: number;
}

export interface Comparison<L, R = L> {
  field: string;
  /** Levels from the strongest agreement to disagreement. */
  levels: readonly LevelSpec[];
  /** The index of the level the two records reach, or MISSING. */
  compare(left: L, right: R): number;
  /**
   * The level whose u is replaced by the value's own frequency when a term
   * frequency is known (common names agree by chance more often).
   */
  termFrequencyLevel?: number;
}

const Probability = z.number().gt(0).lt(1);

export const FieldParams = z.object({
  field: z.string().min(1),
  levels: z.array(z.string().min(1)).min(1),
  m: z.array(Probability),
  u: z.array(Probability),
});
export type FieldParams = z.infer<typeof FieldParams>;

export const ModelParams = z
  .object({
    /** The prior: P(a random pair of records is a match). */
    prior: Probability,
    fields: z.array(FieldParams),
    /** How the parameters came about, for the record. */
    training: z
      .object({
        uPairs: z.number().int().nonnegative().default(0),
        emPairs: z.number().int().nonnegative().default(0),
        emIterations: z.number().int().nonnegative().default(0),
        trainedAt: z.number().int().nonnegative().optional(),
      })
      .default({ uPairs: 0, emPairs: 0, emIterations: 0 }),
  })
  .refine((p) => p.fields.every((f) => f.m.length === f.levels.length && f.u.length === f.levels.length), 'each field needs one m and one u per level');
export type ModelParams = z.infer<typeof ModelParams>;

/** Probabilities are kept inside (0, 1) so every weight stays finite. */
export const PROBABILITY_FLOOR = 1e-9;
export function clampProbability(p: number): number {
  return Math.min(1 - PROBABILITY_FLOOR, Math.max(PROBABILITY_FLOOR, p));
}

export function defaultParams<L, R>(comparisons: readonly Comparison<L, R>[], prior: number): ModelParams {
  return {
    prior,
    fields: comparisons.map((c) => ({
      field: c.field,
      levels: c.levels.map((l) => l.id),
      m: c.levels.map((l) => clampProbability(l.m)),
      u: c.levels.map((l) => clampProbability(l.u)),
    })),
    training: { uPairs: 0, emPairs: 0, emIterations: 0 },
  };
}

/** Whether stored parameters fit these comparisons (same fields, same levels, same order). */
export function paramsFit<L, R>(params: ModelParams, comparisons: readonly Comparison<L, R>[]): boolean {
  return (
    params.fields.length === comparisons.length &&
    params.fields.every((f, i) => f.field === comparisons[i]!.field && f.levels.join('|') === comparisons[i]!.levels.map((l) => l.id).join('|'))
  );
}

export function log2Odds(p: number): number {
  return Math.log2(p / (1 - p));
}

/** P(match) for a total match weight (log2 odds). */
export function weightToProbability(weight: number): number {
  return 1 / (1 + 2 ** -weight);
}

/** Scores comparison vectors with fixed parameters; weights are precomputed per field and level. */
export class Scorer {
  readonly priorWeight: number;
  private readonly weights: Float64Array[];

  constructor(readonly params: ModelParams) {
    this.priorWeight = log2Odds(params.prior);
    this.weights = params.fields.map((f) => Float64Array.from(f.m, (m, l) => Math.log2(m / f.u[l]!)));
  }

  /** log2(m/u) of one field at one level; 0 when missing. With a term-frequency u, that u replaces the level's. */
  weight(field: number, level: number, termFrequencyU?: number): number {
    if (level === MISSING) return 0;
    if (termFrequencyU !== undefined) return Math.log2(this.params.fields[field]!.m[level]! / clampProbability(termFrequencyU));
    return this.weights[field]![level]!;
  }

  /** The total match weight of a vector of levels (prior included). */
  total(levels: ArrayLike<number>): number {
    let w = this.priorWeight;
    for (let k = 0; k < levels.length; k++) w += this.weight(k, levels[k]!);
    return w;
  }
}

/** Compare two records on every field. */
export function compareAll<L, R>(comparisons: readonly Comparison<L, R>[], left: L, right: R, out = new Int8Array(comparisons.length)): Int8Array {
  for (let k = 0; k < comparisons.length; k++) out[k] = comparisons[k]!.compare(left, right);
  return out;
}
