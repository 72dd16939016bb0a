/**
 * The Fellegi-Sunter pipeline as SQL over any engine (engine.ts): records
 * and their blocking keys are normalised in TypeScript and loaded as tables;
 * blocking, comparison levels, the pattern counts learning needs, and the
 * scores are queries generated from the comparisons and the parameters.
 *
 * It computes what lib/match/engine/linkage.ts computes in memory, step for
 * step: the same candidate pairs (keys shared, oversized blocks skipped), the
 * same levels, the same random pairs for u (drawn by the same seeded
 * generator and loaded as a table), EM over the pattern counts (iterations
 * run in TypeScript: they cost the number of distinct patterns, a few
 * hundred, while counting them costs the pairs), and the same weights.
 */
import { z } from '../zod';
import { Random } from '../sample/random';
import { estimateU, expectationMaximisation, PatternCounter, type PatternCounts } from '../match/engine/em';
import { defaultParams, Scorer, type Comparison, type ModelParams } from '../match/engine/model';
import type { TrainOptions, Trained } from '../match/engine/linkage';
import type { Cell, ColumnSpec, SqlEngine } from './engine';
import type { SqlComparison } from './levels';
import { createBandTable } from './bands';

/** How a kind of record becomes a table: its columns (normalised in TypeScript) and its blocking keys. */
export interface RecordTable<R> {
  columns: readonly ColumnSpec[];
  row(record: R): Cell[];
  keys(record: R): Iterable<string>;
}

export const IDX: ColumnSpec = { name: 'idx', type: 'INTEGER' };
export const KEY_COLUMNS: readonly ColumnSpec[] = [IDX, { name: 'key', type: 'VARCHAR' }];

/** Load records as `${table}` (idx and columns) and their distinct, non-empty blocking keys as `${table}_keys`. */
export async function loadRecords<R>(engine: SqlEngine, table: string, records: readonly R[], spec: RecordTable<R>): Promise<void> {
  await engine.load(
    table,
    [IDX, ...spec.columns],
    (function* () {
      for (let i = 0; i < records.length; i++) yield [i, ...spec.row(records[i]!)];
    })(),
  );
  await engine.load(
    `${table}_keys`,
    KEY_COLUMNS,
    (function* () {
      for (let i = 0; i < records.length; i++) for (const key of new Set(spec.keys(records[i]!))) if (key) yield [i, key];
    })(),
  );
}

/** CREATE TABLE ... AS, then what the engine's planner needs to know of the table to join it well. */
export async function createTableAs(engine: SqlEngine, table: string, query: string): Promise<void> {
  await engine.exec(`CREATE TABLE ${table} AS ${query}`);
  for (const statement of engine.dialect.statistics(table)) await engine.exec(statement);
}

const Count = z.object({ n: z.number().int().nonnegative() });

async function count(engine: SqlEngine, sql: string): Promise<number> {
  const rows = await engine.rows(sql);
  return Count.parse(rows[0]).n;
}

/**
 * Candidate pairs of one table (deduplication) as `${out}(l, r)` with l < r: records sharing a key
 * whose block has 2 to maxBlock members. Returns how many.
 */
export async function blockDedupe(engine: SqlEngine, table: string, out: string, maxBlock = 5000): Promise<number> {
  await createTableAs(engine, `${out}_blocks`, `SELECT key FROM ${table}_keys GROUP BY key HAVING count(*) BETWEEN 2 AND ${maxBlock}`);
  await createTableAs(
    engine,
    out,
    `SELECT DISTINCT a.idx AS l, b.idx AS r FROM ${table}_keys a JOIN ${out}_blocks k ON k.key = a.key JOIN ${table}_keys b ON b.key = a.key AND a.idx < b.idx`,
  );
  return count(engine, `SELECT CAST(count(*) AS INTEGER) AS n FROM ${out}`);
}

/**
 * Candidate pairs between two tables as `${out}(l, r)`: a left and a right record sharing a key held
 * by at most maxBlock right records (as blockedLinkPairs). Returns how many.
 */
export async function blockLink(engine: SqlEngine, left: string, right: string, out: string, maxBlock = 5000): Promise<number> {
  await createTableAs(engine, `${out}_blocks`, `SELECT key FROM ${right}_keys GROUP BY key HAVING count(*) <= ${maxBlock}`);
  await createTableAs(
    engine,
    out,
    `SELECT DISTINCT a.idx AS l, b.idx AS r FROM ${left}_keys a JOIN ${out}_blocks k ON k.key = a.key JOIN ${right}_keys b ON b.key = a.key`,
  );
  return count(engine, `SELECT CAST(count(*) AS INTEGER) AS n FROM ${out}`);
}

const levelColumn = (k: number) => `level_${k}`;

/**
 * `${out}(l, r, level_0, ...)`: each pair of `pairs` with its level on every comparison. The string
 * similarities are the cost: each is computed once per distinct pair of unequal values (a table
 * `${out}_band_<column>`), and joined to the record pairs, which share them many times over.
 */
export async function compareSql(engine: SqlEngine, pairs: string, left: string, right: string, comparisons: readonly SqlComparison[], out: string): Promise<void> {
  const from = `${pairs} p JOIN ${left} a ON a.idx = p.l JOIN ${right} b ON b.idx = p.r`;
  const bandTable = (column: string) => `${out}_band_${column}`;
  const columns = [...new Set(comparisons.flatMap((c) => (c.similarityColumn ? [c.similarityColumn] : [])))];
  for (const column of columns) {
    const [x, y] = [`a.${column}`, `b.${column}`];
    await createTableAs(engine, `${bandTable(column)}_values`, `SELECT DISTINCT ${x} AS va, ${y} AS vb FROM ${from} WHERE ${x} <> ${y} AND ${x} <> '' AND ${y} <> ''`);
    await createBandTable(engine, `${bandTable(column)}_values`, bandTable(column));
    await engine.exec(`DROP TABLE ${bandTable(column)}_values`);
  }
  const alias = (column: string) => `band_${columns.indexOf(column)}`;
  const joins = columns.map((c) => ` LEFT JOIN ${bandTable(c)} ${alias(c)} ON ${alias(c)}.va = a.${c} AND ${alias(c)}.vb = b.${c}`).join('');
  const levels = comparisons.map((c, k) => `CAST(${c.level('a', 'b', c.similarityColumn ? `${alias(c.similarityColumn)}.band` : 'NULL')} AS INTEGER) AS ${levelColumn(k)}`).join(', ');
  for (const statement of engine.dialect.largeJoin.before) await engine.exec(statement);
  await createTableAs(engine, out, `SELECT p.l, p.r, ${levels} FROM ${from}${joins}`);
  for (const statement of engine.dialect.largeJoin.after) await engine.exec(statement);
}

/** The distinct level vectors of a levels table with how many pairs show each: what EM works from. */
export async function patternCounts(engine: SqlEngine, levels: string, fields: number): Promise<PatternCounts> {
  const columns = Array.from({ length: fields }, (_, k) => levelColumn(k));
  const Row = z.object({ n: z.number().int().positive(), ...Object.fromEntries(columns.map((c) => [c, z.number().int().min(-1)])) });
  const rows = await engine.rows(`SELECT ${columns.join(', ')}, CAST(count(*) AS INTEGER) AS n FROM ${levels} GROUP BY ${columns.join(', ')} ORDER BY ${columns.join(', ')}`);
  const counter = new PatternCounter();
  for (const raw of rows) {
    const row = Row.parse(raw) as Record<string, number>;
    counter.add(
      columns.map((c) => row[c]!),
      row.n!,
    );
  }
  return counter.result();
}

/** The random pairs trainDedupe / trainLink draw, in the same order from the same seed. */
export function randomPairs(leftSize: number, rightSize: number | undefined, uPairs: number, seed: number): [number, number][] {
  const rng = new Random(seed);
  const out: [number, number][] = [];
  for (let s = 0; s < uPairs; s++) {
    const i = Math.floor(rng.next() * leftSize);
    const j = Math.floor(rng.next() * (rightSize ?? leftSize));
    if (rightSize === undefined && i === j) continue;
    out.push([i, j]);
  }
  return out;
}

const PAIR_COLUMNS: readonly ColumnSpec[] = [
  { name: 'l', type: 'INTEGER' },
  { name: 'r', type: 'INTEGER' },
];

/**
 * Learn the parameters in SQL as trainDedupe (right undefined) or trainLink does in memory: u from the
 * random pairs' levels, then m and the share of matches by EM over the candidate pairs' level patterns.
 * `candidateLevels` is the levels table of the candidate pairs (compareSql).
 */
export async function trainSql<R>(
  engine: SqlEngine,
  tables: { left: string; right?: string; leftSize: number; rightSize?: number; candidateLevels: string; candidatePairs: number },
  comparisons: readonly Comparison<R>[],
  sqlComparisons: readonly SqlComparison[],
  options: TrainOptions = {},
): Promise<Trained> {
  const { uPairs = 200_000, seed = 1 } = options;
  await engine.load('u_pairs', PAIR_COLUMNS, randomPairs(tables.leftSize, tables.right ? tables.rightSize : undefined, uPairs, seed));
  await compareSql(engine, 'u_pairs', tables.left, tables.right ?? tables.left, sqlComparisons, 'u_levels');
  const random = await patternCounts(engine, 'u_levels', comparisons.length);
  const start = estimateU(defaultParams(comparisons, 0.01), random);
  const blocked = await patternCounts(engine, tables.candidateLevels, comparisons.length);
  const em = expectationMaximisation(start, blocked, { fixU: true, ...options.em });
  const all = tables.right ? tables.leftSize * (tables.rightSize ?? 0) : (tables.leftSize * (tables.leftSize - 1)) / 2;
  const prior = Math.min(0.5, Math.max(1e-12, (em.matchShare * tables.candidatePairs) / all));
  return { params: { ...em.params, prior }, em };
}

/** A double as SQL that every engine reads back to the same double (a literal like 1.5 is a DECIMAL to DuckDB). */
export function doubleSql(x: number): string {
  return `CAST('${String(x)}' AS DOUBLE PRECISION)`;
}

/**
 * The match weight as SQL: the prior's log-odds plus log2(m/u) per field at its level (0 when missing),
 * added in the order Scorer.total adds them, so the sum is the same double.
 */
export function weightSql(params: ModelParams): string {
  const scorer = new Scorer(params);
  const terms = params.fields.map((f, k) => levelWeightSql(levelColumn(k), f.m.map((_, l) => scorer.weight(k, l))));
  return [doubleSql(scorer.priorWeight), ...terms].join(' + ');
}

/** The weight of a field at the level in `column`, one double per level (0 when missing or unknown), as SQL. */
export function levelWeightSql(column: string, weights: readonly number[]): string {
  return `(CASE ${column} ${weights.map((w, l) => `WHEN ${l} THEN ${doubleSql(w)}`).join(' ')} ELSE ${doubleSql(0)} END)`;
}

/** `${out}(l, r, weight, probability)` for every pair of a levels table. */
export async function scoreSql(engine: SqlEngine, levels: string, params: ModelParams, out: string): Promise<void> {
  await createTableAs(engine, out, `SELECT l, r, weight, ${doubleSql(1)} / (${doubleSql(1)} + power(${doubleSql(2)}, -weight)) AS probability FROM (SELECT l, r, ${weightSql(params)} AS weight FROM ${levels}) w`);
}
