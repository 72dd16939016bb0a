/**
 * The generic linkage pipeline over one table of records (deduplication):
 * blocking into candidate pairs, u from random pairs, m by EM, scores, and
 * the measures a linkage is judged by (pairs completeness, reduction ratio,
 * precision, recall, F1). The persona matcher has its own candidate store but
 * uses the same model and EM.
 */
import { Random } from '../../sample/random';
import { estimateU, expectationMaximisation, PatternCounter, type EmResult } from './em';
import { compareAll, defaultParams, Scorer, weightToProbability, type Comparison, type ModelParams } from './model';

/** Pair (i, j) with i < j as one number, for sets of pairs. */
export function pairKey(i: number, j: number): number {
  return i < j ? i * 2 ** 26 + j : j * 2 ** 26 + i;
}

/** Distinct pairs of records that share at least one blocking key. Keys shared by more than `maxBlock` records are skipped. */
export function blockedPairs<R>(records: readonly R[], keys: (record: R) => Iterable<string>, maxBlock = 5000): number[] {
  const blocks = new Map<string, number[]>();
  records.forEach((r, i) => {
    for (const key of new Set(keys(r))) {
      if (!key) continue;
      const list = blocks.get(key);
      if (list) list.push(i);
      else blocks.set(key, [i]);
    }
  });
  const pairs = new Set<number>();
  for (const members of blocks.values()) {
    if (members.length < 2 || members.length > maxBlock) continue;
    for (let a = 0; a < members.length; a++) for (let b = a + 1; b < members.length; b++) pairs.add(pairKey(members[a]!, members[b]!));
  }
  return [...pairs];
}

export function unpair(key: number): [number, number] {
  return [Math.floor(key / 2 ** 26), key % 2 ** 26];
}

export interface TrainOptions {
  /** Random pairs for u. */
  uPairs?: number;
  seed?: number;
  em?: Parameters<typeof expectationMaximisation>[2];
}

export interface Trained {
  params: ModelParams;
  em: EmResult;
}

/**
 * Fit a model to one table: u from random pairs, then m and the share of
 * matches among the blocked pairs by EM; the prior is that share scaled to
 * all pairs.
 */
export function trainDedupe<R>(records: readonly R[], comparisons: readonly Comparison<R>[], pairs: readonly number[], options: TrainOptions = {}): Trained {
  const { uPairs = 200_000, seed = 1 } = options;
  const rng = new Random(seed);
  const random = new PatternCounter();
  const vector = new Int8Array(comparisons.length);
  const n = records.length;
  for (let s = 0; s < uPairs; s++) {
    const i = Math.floor(rng.next() * n);
    const j = Math.floor(rng.next() * n);
    if (i === j) continue;
    random.add(compareAll(comparisons, records[i]!, records[j]!, vector));
  }
  const start = estimateU(defaultParams(comparisons, 0.01), random.result());
  const blocked = new PatternCounter();
  for (const key of pairs) {
    const [i, j] = unpair(key);
    blocked.add(compareAll(comparisons, records[i]!, records[j]!, vector));
  }
  const em = expectationMaximisation(start, blocked.result(), { fixU: true, ...options.em });
  const allPairs = (n * (n - 1)) / 2;
  const prior = Math.min(0.5, Math.max(1e-12, (em.matchShare * pairs.length) / allPairs));
  return { params: { ...em.params, prior }, em };
}

/** The match probability of each candidate pair. */
export function scorePairs<R>(records: readonly R[], comparisons: readonly Comparison<R>[], params: ModelParams, pairs: readonly number[]): Float64Array {
  const scorer = new Scorer(params);
  const vector = new Int8Array(comparisons.length);
  const out = new Float64Array(pairs.length);
  pairs.forEach((key, p) => {
    const [i, j] = unpair(key);
    out[p] = weightToProbability(scorer.total(compareAll(comparisons, records[i]!, records[j]!, vector)));
  });
  return out;
}

export interface Quality {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
  f1: number;
}

export function quality(truePositives: number, predicted: number, actual: number): Quality {
  const precision = predicted === 0 ? 1 : truePositives / predicted;
  const recall = actual === 0 ? 1 : truePositives / actual;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { truePositives, falsePositives: predicted - truePositives, falseNegatives: actual - truePositives, precision, recall, f1 };
}

export interface BlockingQuality {
  candidatePairs: number;
  /** Share of the true pairs that blocking keeps. */
  pairsCompleteness: number;
  /** 1 - candidate pairs / all pairs. */
  reductionRatio: number;
}

export function blockingQuality(candidates: readonly number[], truth: ReadonlySet<number>, records: number): BlockingQuality {
  const set = new Set(candidates);
  let kept = 0;
  for (const t of truth) if (set.has(t)) kept++;
  const all = (records * (records - 1)) / 2;
  return { candidatePairs: candidates.length, pairsCompleteness: truth.size === 0 ? 1 : kept / truth.size, reductionRatio: 1 - candidates.length / all };
}

// ---------------------------------------------------------------- linking two tables

/** Candidate pairs between two tables (left index, right index) sharing a blocking key; oversized blocks are skipped. */
export function blockedLinkPairs<R>(left: readonly R[], right: readonly R[], keys: (record: R) => Iterable<string>, maxBlock = 5000): [number, number][] {
  const blocks = new Map<string, number[]>();
  right.forEach((r, j) => {
    for (const key of new Set(keys(r))) {
      if (!key) continue;
      const list = blocks.get(key);
      if (list) list.push(j);
      else blocks.set(key, [j]);
    }
  });
  const out: [number, number][] = [];
  left.forEach((l, i) => {
    const seen = new Set<number>();
    for (const key of new Set(keys(l))) {
      const list = blocks.get(key);
      if (!list || list.length > maxBlock) continue;
      for (const j of list) if (!seen.has(j)) seen.add(j);
    }
    for (const j of seen) out.push([i, j]);
  });
  return out;
}

/**
 * Fit a model for linking `left` records to `right` records: u from random
 * left-right pairs, m and the share of matches among candidate pairs by EM;
 * the prior is that share scaled to all left-right pairs.
 */
export function trainLink<R>(left: readonly R[], right: readonly R[], comparisons: readonly Comparison<R>[], pairs: readonly [number, number][], options: TrainOptions = {}): Trained {
  const { uPairs = 200_000, seed = 1 } = options;
  const rng = new Random(seed);
  const random = new PatternCounter();
  const vector = new Int8Array(comparisons.length);
  for (let s = 0; s < uPairs; s++) {
    random.add(compareAll(comparisons, left[Math.floor(rng.next() * left.length)]!, right[Math.floor(rng.next() * right.length)]!, vector));
  }
  const start = estimateU(defaultParams(comparisons, 0.01), random.result());
  const blocked = new PatternCounter();
  for (const [i, j] of pairs) blocked.add(compareAll(comparisons, left[i]!, right[j]!, vector));
  const em = expectationMaximisation(start, blocked.result(), { fixU: true, ...options.em });
  const prior = Math.min(0.5, Math.max(1e-12, (em.matchShare * pairs.length) / (left.length * right.length)));
  return { params: { ...em.params, prior }, em };
}

/** For each left record, its best right record and that pair's match probability (or null without candidates). */
export function bestLinks<R>(left: readonly R[], right: readonly R[], comparisons: readonly Comparison<R>[], params: ModelParams, pairs: readonly [number, number][]): ({ right: number; probability: number } | null)[] {
  const scorer = new Scorer(params);
  const vector = new Int8Array(comparisons.length);
  const best: ({ right: number; weight: number } | null)[] = left.map(() => null);
  for (const [i, j] of pairs) {
    const w = scorer.total(compareAll(comparisons, left[i]!, right[j]!, vector));
    if (!best[i] || w > best[i]!.weight) best[i] = { right: j, weight: w };
  }
  return best.map((b) => (b ? { right: b.right, probability: weightToProbability(b.weight) } : null));
}
