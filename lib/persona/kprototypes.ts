/**
 * k-prototypes (Huang 1998, "Extensions to the k-means algorithm for
 * clustering large data sets with categorical values"): k-means for mixed
 * data. The dissimilarity of a customer x and a prototype c is
 *
 *   d(x, c) = Σ_j (x_j − c_j)² + Σ_l γ_l · [x_l ≠ c_l]
 *
 * over the standardised numeric features j and the categorical features l
 * (γ_l: settings.categoricalWeights, Huang's γ per feature, in units of one
 * squared standard deviation). A prototype's numeric part is its members'
 * mean, its categorical part their most frequent value (ties: the lower
 * code, i.e. the value seen first). Assign and update alternate until fewer
 * than 0.1% of the customers move or maxIterations is reached.
 *
 * Written as generators that yield every CHUNK customers, so the service
 * worker can run them in time slices (lib/value/schedule.ts).
 */
import type { Random } from '../sample/random';
import type { Steps } from '../value/schedule';
import { P, Q } from './features';

export interface MixedData {
  n: number;
  num: Float64Array;
  cat: Int32Array;
  /** γ per categorical feature. */
  weights: readonly number[];
  /** Number of values per categorical feature. */
  cardinality: readonly number[];
}

export interface Prototypes {
  k: number;
  /** k × P numeric centres. */
  num: Float64Array;
  /** k × Q categorical modes. */
  cat: Int32Array;
}

export interface Clustering {
  protos: Prototypes;
  /** The cluster of each row (rows as given, or all customers). */
  labels: Int32Array;
  sizes: number[];
  /** Σ d(x, its prototype): what the algorithm lowers. */
  cost: number;
  iterations: number;
  converged: boolean;
}

const CHUNK = 1024;
/** Stop when fewer than this share of the rows change cluster in an iteration. */
const MOVED_SHARE = 0.001;

/** d(customer i, prototype c). */
export function toPrototype(data: MixedData, i: number, protos: Prototypes, c: number): number {
  let d = 0;
  const xi = i * P;
  const ci = c * P;
  for (let j = 0; j < P; j++) {
    const diff = data.num[xi + j]! - protos.num[ci + j]!;
    d += diff * diff;
  }
  const xl = i * Q;
  const cl = c * Q;
  for (let l = 0; l < Q; l++) if (data.cat[xl + l] !== protos.cat[cl + l]) d += data.weights[l]!;
  return d;
}

/** d(customer i, customer j): the same dissimilarity between two customers. */
export function between(data: MixedData, i: number, j: number): number {
  let d = 0;
  for (let f = 0; f < P; f++) {
    const diff = data.num[i * P + f]! - data.num[j * P + f]!;
    d += diff * diff;
  }
  for (let l = 0; l < Q; l++) if (data.cat[i * Q + l] !== data.cat[j * Q + l]) d += data.weights[l]!;
  return d;
}

/** The prototype nearest to customer i, and how far it is. */
export function nearest(data: MixedData, i: number, protos: Prototypes): { cluster: number; distance: number } {
  let best = 0;
  let bestD = Infinity;
  for (let c = 0; c < protos.k; c++) {
    const d = toPrototype(data, i, protos, c);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return { cluster: best, distance: bestD };
}

/** A prototype at customer i (seeding, and refilling an empty cluster). */
function placeAt(data: MixedData, protos: Prototypes, c: number, i: number): void {
  protos.num.set(data.num.subarray(i * P, i * P + P), c * P);
  protos.cat.set(data.cat.subarray(i * Q, i * Q + Q), c * Q);
}

/**
 * k-means++ seeding (Arthur and Vassilvitskii 2007) with the mixed
 * dissimilarity: the first centre a random row, each next one a row drawn
 * with probability proportional to its distance to the nearest centre so far.
 */
export function seedPrototypes(data: MixedData, k: number, rows: Int32Array, rng: Random): Prototypes {
  const protos: Prototypes = { k, num: new Float64Array(k * P), cat: new Int32Array(k * Q) };
  placeAt(data, protos, 0, rows[Math.floor(rng.next() * rows.length)]!);
  const closest = new Float64Array(rows.length).fill(Infinity);
  for (let c = 1; c < k; c++) {
    let total = 0;
    for (let r = 0; r < rows.length; r++) {
      closest[r] = Math.min(closest[r]!, toPrototype(data, rows[r]!, protos, c - 1));
      total += closest[r]!;
    }
    let pick = rows.length - 1;
    let target = rng.next() * total;
    for (let r = 0; r < rows.length; r++) {
      target -= closest[r]!;
      if (target < 0) {
        pick = r;
        break;
      }
    }
    placeAt(data, protos, c, rows[pick]!);
  }
  return protos;
}

/**
 * Every row to its nearest prototype; returns how many moved and the total cost. The distance is
 * summed inline and abandoned once it exceeds the best so far: this loop is where the time goes.
 */
function* assignSteps(data: MixedData, protos: Prototypes, rows: Int32Array, labels: Int32Array, distances: Float64Array): Steps<{ moved: number; cost: number }> {
  const { num, cat, weights } = data;
  const pNum = protos.num;
  const pCat = protos.cat;
  const k = protos.k;
  let moved = 0;
  let cost = 0;
  for (let r = 0; r < rows.length; r++) {
    if (r % CHUNK === 0 && r > 0) yield { phase: 'personas', done: r, total: rows.length };
    const i = rows[r]!;
    const xi = i * P;
    const xl = i * Q;
    let cluster = 0;
    let best = Infinity;
    for (let c = 0; c < k; c++) {
      let d = 0;
      const ci = c * P;
      for (let j = 0; j < P && d < best; j++) {
        const diff = num[xi + j]! - pNum[ci + j]!;
        d += diff * diff;
      }
      const cl = c * Q;
      for (let l = 0; l < Q && d < best; l++) if (cat[xl + l] !== pCat[cl + l]) d += weights[l]!;
      if (d < best) {
        best = d;
        cluster = c;
      }
    }
    if (labels[r] !== cluster) moved += 1;
    labels[r] = cluster;
    distances[r] = best;
    cost += best;
  }
  return { moved, cost };
}

/** Means and modes of the clusters; a cluster left empty takes the row farthest from its own prototype. */
function* updateSteps(data: MixedData, protos: Prototypes, rows: Int32Array, labels: Int32Array, distances: Float64Array): Steps<void> {
  const { k } = protos;
  const sizes = new Array<number>(k).fill(0);
  const sums = new Float64Array(k * P);
  const counts = data.cardinality.map((m) => new Int32Array(k * Math.max(1, m)));
  for (let r = 0; r < rows.length; r++) {
    if (r % CHUNK === 0 && r > 0) yield { phase: 'personas', done: r, total: rows.length };
    const i = rows[r]!;
    const c = labels[r]!;
    sizes[c] = sizes[c]! + 1;
    for (let j = 0; j < P; j++) sums[c * P + j] = sums[c * P + j]! + data.num[i * P + j]!;
    for (let l = 0; l < Q; l++) {
      const m = Math.max(1, data.cardinality[l]!);
      const at = c * m + data.cat[i * Q + l]!;
      counts[l]![at] = counts[l]![at]! + 1;
    }
  }
  for (let c = 0; c < k; c++) {
    if (sizes[c] === 0) {
      let far = -1;
      for (let r = 0; r < rows.length; r++) if (sizes[labels[r]!]! > 1 && (far < 0 || distances[r]! > distances[far]!)) far = r;
      if (far < 0) continue;
      sizes[labels[far]!] = sizes[labels[far]!]! - 1;
      labels[far] = c;
      distances[far] = 0;
      sizes[c] = 1;
      placeAt(data, protos, c, rows[far]!);
      continue;
    }
    for (let j = 0; j < P; j++) protos.num[c * P + j] = sums[c * P + j]! / sizes[c]!;
    for (let l = 0; l < Q; l++) {
      const m = Math.max(1, data.cardinality[l]!);
      let best = 0;
      for (let v = 1; v < m; v++) if (counts[l]![c * m + v]! > counts[l]![c * m + best]!) best = v;
      protos.cat[c * Q + l] = best;
    }
  }
}

export interface KPrototypesOptions {
  maxIterations: number;
  /** The rows (customer indexes) to cluster; all customers when absent. */
  rows?: Int32Array;
}

/** Run k-prototypes from given prototypes (copied, not changed) to convergence. */
export function* kPrototypesSteps(data: MixedData, start: Prototypes, options: KPrototypesOptions): Steps<Clustering> {
  const rows = options.rows ?? allRows(data.n);
  const protos: Prototypes = { k: start.k, num: Float64Array.from(start.num), cat: Int32Array.from(start.cat) };
  const labels = new Int32Array(rows.length).fill(-1);
  const distances = new Float64Array(rows.length);
  let iterations = 0;
  let converged = false;
  while (iterations < options.maxIterations) {
    iterations += 1;
    const assigned = yield* assignSteps(data, protos, rows, labels, distances);
    yield* updateSteps(data, protos, rows, labels, distances);
    if (assigned.moved <= MOVED_SHARE * rows.length && iterations > 1) {
      converged = true;
      break;
    }
  }
  // The labels and cost of the final prototypes.
  const final = yield* assignSteps(data, protos, rows, labels, distances);
  const sizes = new Array<number>(protos.k).fill(0);
  for (const c of labels) sizes[c] = sizes[c]! + 1;
  return { protos, labels, sizes, cost: final.cost, iterations, converged: converged || final.moved === 0 };
}

export function allRows(n: number): Int32Array {
  const rows = new Int32Array(n);
  for (let i = 0; i < n; i++) rows[i] = i;
  return rows;
}
