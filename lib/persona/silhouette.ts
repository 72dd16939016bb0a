/**
 * The criterion that chooses the number of personas: the mean silhouette
 * (Rousseeuw 1987) over a fixed random subsample of customers,
 *
 *   s(i) = (b(i) − a(i)) / max(a(i), b(i)),
 *
 * a(i) the mean distance from i to the others of its persona, b(i) the
 * smallest mean distance to another persona's members; s(i) = 0 for a
 * member alone in its persona. The distance is √d with d the k-prototypes
 * dissimilarity (kprototypes.ts), so numeric features count as in Euclidean
 * distance. The distances of the subsample are computed once and serve
 * every number of personas tried.
 */
import type { Steps } from '../value/schedule';
import { between, type MixedData } from './kprototypes';

export interface DistanceTable {
  rows: Int32Array;
  /** n × n, symmetric: distance(r, s) at r · n + s. */
  values: Float64Array;
}

/** Distances computed between two chances to yield (a few milliseconds' work). */
const PAIRS_PER_TURN = 8192;

export function* distanceTableSteps(data: MixedData, rows: Int32Array): Steps<DistanceTable> {
  const n = rows.length;
  const values = new Float64Array(n * n);
  // The first rows have the most pairs to go: a turn is given by pairs done, not rows.
  let pairs = 0;
  for (let r = 0; r < n; r++) {
    if (pairs >= PAIRS_PER_TURN) {
      pairs = 0;
      yield { phase: 'personas', done: r, total: n };
    }
    pairs += n - r - 1;
    for (let s = r + 1; s < n; s++) {
      const d = Math.sqrt(between(data, rows[r]!, rows[s]!));
      values[r * n + s] = d;
      values[s * n + r] = d;
    }
  }
  return { rows, values };
}

/** Mean silhouette of a labelling of the table's rows (labels[r] for rows[r]) into k personas. */
export function* silhouetteSteps(table: DistanceTable, labels: Int32Array, k: number): Steps<number> {
  const n = table.rows.length;
  const sizes = new Array<number>(k).fill(0);
  for (const c of labels) sizes[c] = sizes[c]! + 1;
  let total = 0;
  const sums = new Float64Array(k);
  for (let r = 0; r < n; r++) {
    if (r % 32 === 0 && r > 0) yield { phase: 'personas', done: r, total: n };
    const own = labels[r]!;
    if (sizes[own]! <= 1) continue;
    sums.fill(0);
    const row = r * n;
    for (let s = 0; s < n; s++) if (s !== r) sums[labels[s]!] = sums[labels[s]!]! + table.values[row + s]!;
    const a = sums[own]! / (sizes[own]! - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && sizes[c]! > 0) b = Math.min(b, sums[c]! / sizes[c]!);
    if (!Number.isFinite(b)) continue;
    const m = Math.max(a, b);
    total += m > 0 ? (b - a) / m : 0;
  }
  return n > 0 ? total / n : 0;
}
