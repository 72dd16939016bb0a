/**
 * Finding the personas and keeping them the same across runs (README.md,
 * "Method"):
 *
 * 1. A seeded random sample of customers (settings.sampleSize) is clustered
 *    with k-prototypes for every number of personas k in [minPersonas,
 *    maxPersonas], `restarts` times from k-means++ seeds; the start with the
 *    lowest cost wins for each k.
 * 2. Each k is scored by the mean silhouette over a fixed subsample of the
 *    sample; a k whose smallest persona holds less than minShare of the
 *    sample is not eligible. The eligible k with the highest silhouette is
 *    the fresh choice.
 * 3. With a previous run, its persona centres (kept in the data's own units)
 *    are standardised with this run's scaling and k-prototypes starts from
 *    them on all customers (a warm start). The fresh choice replaces it only
 *    when its silhouette is higher by more than switchMargin: otherwise
 *    small changes in the data would reshuffle the personas.
 * 4. The chosen prototypes are run on all customers, and this run's clusters
 *    are paired with the previous personas by the Hungarian method on the
 *    distance between centres; a pair farther apart than identityDistance is
 *    no pair (a new persona, and an old one retired).
 */
import { Random } from '../sample/random';
import type { Steps } from '../value/schedule';
import { CATEGORICAL_FEATURES, NUMERIC_FEATURES, P, Q, standardise, type FeatureData } from './features';
import { assignMinimumCost } from './hungarian';
import { allRows, kPrototypesSteps, nearest, seedPrototypes, type Clustering, type MixedData, type Prototypes } from './kprototypes';
import type { PersonaSettings } from './settings';
import type { Centre } from './types';
import { distanceTableSteps, silhouetteSteps } from './silhouette';

export interface KScore {
  k: number;
  silhouette: number;
  /** Share of the sample in the smallest persona. */
  smallestShare: number;
  eligible: boolean;
}

export interface ClusterReport {
  k: number;
  customers: number;
  sample: number;
  silhouetteSample: number;
  scores: KScore[];
  /** fresh: chosen by silhouette now; kept: the previous personas (warm start) stayed; first: no previous run. */
  choice: 'first' | 'kept' | 'switched';
  /** The silhouette of what was chosen (on the same subsample). */
  silhouette: number;
  iterations: number;
  converged: boolean;
  cost: number;
}

export interface ClusterResult {
  clustering: Clustering;
  /** Per cluster, the previous persona it continues (its id), or null for a new one. */
  continues: (string | null)[];
  report: ClusterReport;
}

export function mixedData(features: FeatureData, settings: PersonaSettings): MixedData {
  return {
    n: features.n,
    num: features.num,
    cat: features.cat,
    weights: CATEGORICAL_FEATURES.map((f) => settings.categoricalWeights[f]),
    cardinality: features.levels.map((l) => l.length),
  };
}

/** Previous centres as prototypes in this run's standardised space (a category never seen now matches nobody). */
export function prototypesFrom(centres: readonly Centre[], features: FeatureData): Prototypes {
  const k = centres.length;
  const protos: Prototypes = { k, num: new Float64Array(k * P), cat: new Int32Array(k * Q) };
  centres.forEach((centre, c) => {
    for (let j = 0; j < P; j++) protos.num[c * P + j] = standardise(centre.num[j] ?? features.scaling.mean[j]!, features.scaling, j);
    for (let l = 0; l < Q; l++) protos.cat[c * Q + l] = features.levels[l]!.indexOf(centre.cat[l] ?? '');
  });
  return protos;
}

/** This run's prototypes in the data's own units, to be stored for the next run. */
export function centresOf(protos: Prototypes, features: FeatureData, ids: readonly string[]): Centre[] {
  return ids.map((id, c) => ({
    id,
    num: NUMERIC_FEATURES.map((_, j) => features.scaling.mean[j]! + protos.num[c * P + j]! * features.scaling.sd[j]!),
    cat: CATEGORICAL_FEATURES.map((_, l) => features.levels[l]![protos.cat[c * Q + l]!] ?? ''),
  }));
}

export function* clusterSteps(features: FeatureData, settings: PersonaSettings, previous: readonly Centre[] | null): Steps<ClusterResult> {
  const data = mixedData(features, settings);
  const rng = new Random(settings.seed);
  const sample = sampleRows(data.n, settings.sampleSize, rng);
  const subsample = sample.subarray(0, Math.min(sample.length, settings.silhouetteSample));
  const table = yield* distanceTableSteps(data, subsample);
  const labelsOf = (protos: Prototypes, rows: Int32Array) => Int32Array.from(rows, (i) => nearest(data, i, protos).cluster);
  const scoreOf = function* (protos: Prototypes): Steps<{ silhouette: number; smallestShare: number }> {
    const sampleLabels = labelsOf(protos, sample);
    const sizes = new Array<number>(protos.k).fill(0);
    for (const c of sampleLabels) sizes[c] = sizes[c]! + 1;
    const silhouette = yield* silhouetteSteps(table, sampleLabels.subarray(0, subsample.length), protos.k);
    return { silhouette, smallestShare: Math.min(...sizes) / sample.length };
  };

  // 1-2: every k on the sample.
  const maxK = Math.max(1, Math.min(settings.maxPersonas, Math.floor(sample.length / 2)));
  const minK = Math.min(settings.minPersonas, maxK);
  const scores: KScore[] = [];
  let fresh: { protos: Prototypes; silhouette: number } | null = null;
  let fallback: { protos: Prototypes; silhouette: number } | null = null;
  for (let k = minK; k <= maxK; k++) {
    let best: Clustering | null = null;
    for (let restart = 0; restart < settings.restarts; restart++) {
      const run = yield* kPrototypesSteps(data, seedPrototypes(data, k, sample, rng), { maxIterations: settings.maxIterations, rows: sample });
      if (!best || run.cost < best.cost) best = run;
    }
    const score = yield* scoreOf(best!.protos);
    const eligible = score.smallestShare >= settings.minShare;
    scores.push({ k, silhouette: score.silhouette, smallestShare: score.smallestShare, eligible });
    if (eligible && (!fresh || score.silhouette > fresh.silhouette)) fresh = { protos: best!.protos, silhouette: score.silhouette };
    if (!fallback || score.silhouette > fallback.silhouette) fallback = { protos: best!.protos, silhouette: score.silhouette };
  }
  const freshChoice = fresh ?? fallback!;

  // 3: the previous personas, warm.
  let start = freshChoice.protos;
  let chosenSilhouette = freshChoice.silhouette;
  let choice: ClusterReport['choice'] = 'first';
  if (previous && previous.length > 0) {
    const warm = yield* kPrototypesSteps(data, prototypesFrom(previous, features), { maxIterations: settings.maxIterations });
    const warmScore = yield* scoreOf(warm.protos);
    if (freshChoice.silhouette > warmScore.silhouette + settings.switchMargin) {
      choice = 'switched';
    } else {
      choice = 'kept';
      start = warm.protos;
      chosenSilhouette = warmScore.silhouette;
    }
  }

  // 4: all customers, then identities.
  const clustering = yield* kPrototypesSteps(data, start, { maxIterations: settings.maxIterations, rows: allRows(data.n) });
  const continues = previous && previous.length > 0 ? pairWithPrevious(data, clustering.protos, prototypesFrom(previous, features), previous, settings.identityDistance) : new Array<string | null>(clustering.protos.k).fill(null);
  return {
    clustering,
    continues,
    report: {
      k: clustering.protos.k,
      customers: data.n,
      sample: sample.length,
      silhouetteSample: subsample.length,
      scores,
      choice,
      silhouette: chosenSilhouette,
      iterations: clustering.iterations,
      converged: clustering.converged,
      cost: clustering.cost,
    },
  };
}

/** The distance between two prototypes, as between a customer and a prototype. */
function protoDistance(data: MixedData, a: Prototypes, i: number, b: Prototypes, j: number): number {
  let d = 0;
  for (let f = 0; f < P; f++) d += (a.num[i * P + f]! - b.num[j * P + f]!) ** 2;
  for (let l = 0; l < Q; l++) if (a.cat[i * Q + l] !== b.cat[j * Q + l]) d += data.weights[l]!;
  return Math.sqrt(d);
}

/** Hungarian pairing of the new clusters with the previous personas; too far apart is no pair. */
export function pairWithPrevious(data: MixedData, now: Prototypes, before: Prototypes, previous: readonly Centre[], limit: number): (string | null)[] {
  const cost = previous.map((_, i) => Array.from({ length: now.k }, (_, j) => protoDistance(data, before, i, now, j)));
  const pairs = assignMinimumCost(cost);
  const continues = new Array<string | null>(now.k).fill(null);
  pairs.forEach((j, i) => {
    if (j >= 0 && cost[i]![j]! <= limit) continues[j] = previous[i]!.id;
  });
  return continues;
}

/** A seeded random sample of row indexes (all rows, shuffled, when there are fewer than `size`). */
function sampleRows(n: number, size: number, rng: Random): Int32Array {
  const rows = allRows(n);
  const m = Math.min(n, size);
  for (let i = 0; i < m; i++) {
    const j = i + Math.floor(rng.next() * (n - i));
    const t = rows[i]!;
    rows[i] = rows[j]!;
    rows[j] = t;
  }
  return rows.slice(0, m);
}
