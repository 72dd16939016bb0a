import { describe, expect, it } from 'vitest';
import { P, Q } from '../../../lib/persona/features';
import { assignMinimumCost } from '../../../lib/persona/hungarian';
import { between, kPrototypesSteps, seedPrototypes, allRows, type MixedData, type Prototypes } from '../../../lib/persona/kprototypes';
import { distanceTableSteps, silhouetteSteps } from '../../../lib/persona/silhouette';
import { runSteps } from '../../../lib/value/schedule';
import { Random } from '../../../lib/sample/random';

/**
 * Six customers, checked by hand: two numeric features that vary (the rest 0) and one categorical
 * feature (the platform) that does:
 *   A (0,0) a   B (0,1) a   C (1,0) a   D (10,10) b   E (10,11) b   F (11,10) a
 */
function sixCustomers(gamma: number): MixedData {
  const points: [number, number, number][] = [
    [0, 0, 0],
    [0, 1, 0],
    [1, 0, 0],
    [10, 10, 1],
    [10, 11, 1],
    [11, 10, 0],
  ];
  const num = new Float64Array(points.length * P);
  const cat = new Int32Array(points.length * Q);
  points.forEach(([a, b, platform], i) => {
    num[i * P] = a;
    num[i * P + 1] = b;
    cat[i * Q] = platform;
  });
  return { n: points.length, num, cat, weights: [gamma, 1, 1, 1, 1], cardinality: [2, 1, 1, 1, 1] };
}

/** Prototypes placed at two of the customers. */
function startAt(data: MixedData, rows: number[]): Prototypes {
  const protos: Prototypes = { k: rows.length, num: new Float64Array(rows.length * P), cat: new Int32Array(rows.length * Q) };
  rows.forEach((i, c) => {
    protos.num.set(data.num.subarray(i * P, i * P + P), c * P);
    protos.cat.set(data.cat.subarray(i * Q, i * Q + Q), c * Q);
  });
  return protos;
}

describe('k-prototypes on six customers checked by hand', () => {
  it('measures the mixed dissimilarity: squared numeric differences plus γ per differing category', () => {
    const data = sixCustomers(0.5);
    expect(between(data, 0, 1)).toBe(1);
    // D and F: (10−11)² + (10−10)² and another platform.
    expect(between(data, 3, 5)).toBe(1 + 0.5);
  });

  it('converges to the means and modes a person computes, with the cost they compute', () => {
    const data = sixCustomers(1);
    const result = runSteps(kPrototypesSteps(data, startAt(data, [0, 3]), { maxIterations: 10 }));
    expect(Array.from(result.labels)).toEqual([0, 0, 0, 1, 1, 1]);
    expect(result.protos.num[0]).toBeCloseTo(1 / 3, 12);
    expect(result.protos.num[1]).toBeCloseTo(1 / 3, 12);
    expect(result.protos.num[P]).toBeCloseTo(31 / 3, 12);
    expect(result.protos.num[P + 1]).toBeCloseTo(31 / 3, 12);
    // The second cluster's platform is its mode: b, b, a -> b.
    expect(result.protos.cat[0]).toBe(0);
    expect(result.protos.cat[Q]).toBe(1);
    // A 2/9, B 5/9, C 5/9; D 2/9, E 5/9, F 5/9 + γ (its platform differs from the mode).
    expect(result.cost).toBeCloseTo(12 / 9 + 12 / 9 + 1, 12);
    expect(result.converged).toBe(true);
    expect(result.sizes).toEqual([3, 3]);
  });

  it('lets the categorical weight decide: a large γ pulls F to the customers of its own platform', () => {
    const data = sixCustomers(1000);
    const result = runSteps(kPrototypesSteps(data, startAt(data, [0, 3]), { maxIterations: 10 }));
    expect(Array.from(result.labels)).toEqual([0, 0, 0, 1, 1, 0]);
  });

  it('seeds the same way for the same seed (k-means++), and never twice on one customer', () => {
    const data = sixCustomers(1);
    const a = seedPrototypes(data, 2, allRows(6), new Random(7));
    const b = seedPrototypes(data, 2, allRows(6), new Random(7));
    expect(Array.from(a.num)).toEqual(Array.from(b.num));
    expect(Array.from(a.num.subarray(0, P))).not.toEqual(Array.from(a.num.subarray(P, 2 * P)));
  });
});

describe('the silhouette', () => {
  it('is what Rousseeuw defines on four points on a line', () => {
    // 0, 1 | 10, 11: a = 1 for each; b = 10.5 for the outer points and 9.5 for the inner ones.
    const num = new Float64Array(4 * P);
    [0, 1, 10, 11].forEach((x, i) => (num[i * P] = x));
    const data: MixedData = { n: 4, num, cat: new Int32Array(4 * Q), weights: [1, 1, 1, 1, 1], cardinality: [1, 1, 1, 1, 1] };
    const table = runSteps(distanceTableSteps(data, allRows(4)));
    const s = runSteps(silhouetteSteps(table, Int32Array.from([0, 0, 1, 1]), 2));
    expect(s).toBeCloseTo((9.5 / 10.5 + 8.5 / 9.5) / 2, 12);
    // A labelling that splits the neighbours is worse.
    expect(runSteps(silhouetteSteps(table, Int32Array.from([0, 1, 0, 1]), 2))).toBeLessThan(0);
  });
});

describe('the Hungarian method', () => {
  it('finds the cheapest pairing where the greedy choice is wrong', () => {
    // Greedy takes row 0 -> column 0 (1), then row 1 must take column 1 (100): 101. Best is 2 + 3 = 5.
    expect(assignMinimumCost([
      [1, 2],
      [3, 100],
    ])).toEqual([1, 0]);
  });

  it('pairs a 3 × 3 case with the known optimum', () => {
    const cost = [
      [4, 1, 3],
      [2, 0, 5],
      [3, 2, 2],
    ];
    const pairs = assignMinimumCost(cost);
    expect(pairs.reduce((s, j, i) => s + cost[i]![j]!, 0)).toBe(5);
    expect(pairs).toEqual([1, 0, 2]);
  });

  it('leaves a row unpaired when there are fewer columns, and every column used once', () => {
    const pairs = assignMinimumCost([
      [1, 9],
      [9, 1],
      [5, 5],
    ]);
    expect(pairs).toEqual([0, 1, -1]);
    expect(assignMinimumCost([[3, 1, 2]])).toEqual([1]);
  });
});
