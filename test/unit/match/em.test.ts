import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { estimateU, expectationMaximisation, PatternCounter } from '../../../lib/match/engine/em';
import { blockedPairs, blockingQuality, pairKey, quality, scorePairs, trainDedupe } from '../../../lib/match/engine/linkage';
import { MISSING, type ModelParams } from '../../../lib/match/engine/model';
import { FEBRL_COMPARISONS, febrlBlockingKeys, parseFebrl } from '../../../lib/match/febrl';
import { Random } from '../../../lib/sample/random';

/** A three-field model whose parameters are known, to draw labelled pairs from. */
const TRUE: ModelParams = {
  prior: 0.2,
  fields: [
    { field: 'name', levels: ['exact', 'close', 'disagree'], m: [0.8, 0.15, 0.05], u: [0.02, 0.08, 0.9] },
    { field: 'dob', levels: ['exact', 'disagree'], m: [0.9, 0.1], u: [0.01, 0.99] },
    { field: 'city', levels: ['exact', 'disagree'], m: [0.7, 0.3], u: [0.1, 0.9] },
  ],
  training: { uPairs: 0, emPairs: 0, emIterations: 0 },
};

function draw(rng: Random, probabilities: readonly number[]): number {
  let r = rng.next();
  for (let l = 0; l < probabilities.length; l++) {
    r -= probabilities[l]!;
    if (r < 0) return l;
  }
  return probabilities.length - 1;
}

describe('expectation-maximisation', () => {
  it('recovers m, u and the share of matches from pairs drawn from a known model', () => {
    const rng = new Random(5);
    const data = new PatternCounter();
    const labels: boolean[] = [];
    for (let i = 0; i < 20_000; i++) {
      const match = rng.chance(TRUE.prior);
      labels.push(match);
      // One field in ten is missing, as real records are.
      data.add(TRUE.fields.map((f) => (rng.chance(0.1) ? MISSING : draw(rng, match ? f.m : f.u))));
    }
    const start: ModelParams = {
      ...TRUE,
      fields: TRUE.fields.map((f) => ({ ...f, m: f.m.map(() => 1 / f.m.length), u: f.u.map((_, l) => (l === f.u.length - 1 ? 0.7 : 0.3 / (f.u.length - 1))) })),
    };
    const result = expectationMaximisation(start, data.result(), { fixU: false, priorStrength: 0 });
    expect(result.converged).toBe(true);
    const share = labels.filter(Boolean).length / labels.length;
    expect(result.matchShare).toBeCloseTo(share, 1);
    result.params.fields.forEach((f, k) => {
      f.m.forEach((m, l) => expect(Math.abs(m - TRUE.fields[k]!.m[l]!), `${f.field} m[${l}]`).toBeLessThan(0.03));
      f.u.forEach((u, l) => expect(Math.abs(u - TRUE.fields[k]!.u[l]!), `${f.field} u[${l}]`).toBeLessThan(0.03));
    });
    // The log-likelihood never decreases.
    for (let i = 1; i < result.logLikelihood.length; i++) expect(result.logLikelihood[i]!).toBeGreaterThanOrEqual(result.logLikelihood[i - 1]! - 1e-6);
  });

  it('leaves fixed fields alone and keeps unseen levels above zero', () => {
    const data = new PatternCounter();
    for (let i = 0; i < 500; i++) data.add([0, i % 2, MISSING]);
    const result = expectationMaximisation(TRUE, data.result(), { fixedFields: new Set(['name']) });
    expect(result.params.fields[0]!.m).toEqual(TRUE.fields[0]!.m);
    expect(Math.min(...result.params.fields[0]!.u, ...result.params.fields[1]!.m)).toBeGreaterThan(0);
  });

  it('estimates u as the share of random pairs at each level, with a weak prior', () => {
    const random = new PatternCounter();
    for (let i = 0; i < 1000; i++) random.add([i < 50 ? 0 : 2, i < 10 ? 0 : 1, MISSING]);
    const u = estimateU(TRUE, random.result(), 0);
    expect(u.fields[0]!.u[0]).toBeCloseTo(0.05, 3);
    expect(u.fields[1]!.u[0]).toBeCloseTo(0.01, 3);
    expect(u.fields[2]!.u).toEqual(TRUE.fields[2]!.u);
  });
});

describe('the same engine on Febrl person records (labelled)', () => {
  const data = (name: string) => readFileSync(fileURLToPath(new URL(`../../../bench/data/linkage/${name}`, import.meta.url)), 'utf8');

  it('deduplicates febrl1 against its published clusters', () => {
    const records = parseFebrl(data('febrl1.csv'));
    const index = new Map(records.map((r, i) => [r.id, i]));
    const clusters = new Map<string, number[]>();
    for (const line of data('febrl1_clusters.csv').trim().split(/\r?\n/).slice(1)) {
      const [id, cluster] = line.split(',');
      const list = clusters.get(cluster!) ?? [];
      list.push(index.get(id!)!);
      clusters.set(cluster!, list);
    }
    const truth = new Set<number>();
    for (const members of clusters.values()) for (let a = 0; a < members.length; a++) for (let b = a + 1; b < members.length; b++) truth.add(pairKey(members[a]!, members[b]!));
    expect(truth.size).toBe(500);

    const pairs = blockedPairs(records, febrlBlockingKeys);
    expect(blockingQuality(pairs, truth, records.length).pairsCompleteness).toBeGreaterThan(0.98);
    const trained = trainDedupe(records, FEBRL_COMPARISONS, pairs, { uPairs: 50_000 });
    expect(trained.em.converged).toBe(true);
    const probability = scorePairs(records, FEBRL_COMPARISONS, trained.params, pairs);
    let tp = 0;
    let predicted = 0;
    pairs.forEach((key, i) => {
      if (probability[i]! < 0.5) return;
      predicted++;
      if (truth.has(key)) tp++;
    });
    expect(quality(tp, predicted, truth.size).f1).toBeGreaterThan(0.98);
  });

  it('rejects a file that is not Febrl', () => {
    expect(() => parseFebrl('id,name\n1,x\n')).toThrow(/not a Febrl file/);
  });
});
