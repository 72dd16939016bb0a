/**
 * Deduplicating Febrl-format person records end to end, in SQL or in
 * memory, with one result shape: the candidate pairs (left index below the
 * right), each with its match probability, and the parameters learned. The
 * `earshot dedupe` command and the warehouse benchmark use both and compare.
 */
import { blockedPairs, scorePairs, trainDedupe, unpair, type TrainOptions } from '../match/engine/linkage';
import type { ModelParams } from '../match/engine/model';
import { FEBRL_COMPARISONS, febrlBlockingKeys, type FebrlRecord } from '../match/febrl';
import { z } from '../zod';
import type { SqlEngine } from './engine';
import { FEBRL_SQL_COMPARISONS, FEBRL_TABLE } from './febrl';
import { blockDedupe, compareSql, loadRecords, scoreSql, trainSql } from './pipeline';

export interface ScoredPair {
  left: number;
  right: number;
  probability: number;
}

export interface Deduplicated {
  pairs: ScoredPair[];
  params: ModelParams;
  emIterations: number;
}

/** In memory: lib/match/engine/linkage.ts. */
export function dedupeInMemory(records: readonly FebrlRecord[], options: TrainOptions = {}): Deduplicated {
  const keys = blockedPairs(records, febrlBlockingKeys);
  const trained = trainDedupe(records, FEBRL_COMPARISONS, keys, options);
  const scores = scorePairs(records, FEBRL_COMPARISONS, trained.params, keys);
  const pairs = keys.map((key, p) => {
    const [left, right] = unpair(key);
    return { left, right, probability: scores[p]! };
  });
  return { pairs: pairs.sort(byPair), params: trained.params, emIterations: trained.em.iterations };
}

const ScoreRow = z.object({ l: z.number().int().nonnegative(), r: z.number().int().nonnegative(), probability: z.number() });

/** In SQL on `engine`, in tables of its own (records, pairs, pair_levels, u_pairs, u_levels, scores). */
export async function dedupeInSql(engine: SqlEngine, records: readonly FebrlRecord[], options: TrainOptions = {}): Promise<Deduplicated> {
  await loadRecords(engine, 'records', records, FEBRL_TABLE);
  const candidatePairs = await blockDedupe(engine, 'records', 'pairs');
  await compareSql(engine, 'pairs', 'records', 'records', FEBRL_SQL_COMPARISONS, 'pair_levels');
  const trained = await trainSql(engine, { left: 'records', leftSize: records.length, candidateLevels: 'pair_levels', candidatePairs }, FEBRL_COMPARISONS, FEBRL_SQL_COMPARISONS, options);
  await scoreSql(engine, 'pair_levels', trained.params, 'scores');
  const rows = await engine.rows('SELECT l, r, probability FROM scores ORDER BY l, r');
  const pairs = rows.map((raw, i) => {
    const row = ScoreRow.safeParse(raw);
    if (!row.success) throw new Error(`scores row ${i + 1}: ${row.error.issues[0]?.message ?? 'not a scored pair'}`);
    return { left: row.data.l, right: row.data.r, probability: row.data.probability };
  });
  return { pairs, params: trained.params, emIterations: trained.em.iterations };
}

function byPair(a: ScoredPair, b: ScoredPair): number {
  return a.left - b.left || a.right - b.right;
}
