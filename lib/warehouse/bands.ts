/**
 * The Jaro-Winkler band of each distinct pair of values (0 at 0.92 or more, 1 at 0.8 or more, else
 * 2: the thresholds of the levels), as a table `out(va, vb, band)` from a table `values(va, vb)`.
 *
 * Where the dialect has a fast query for it (DuckDB: built-in bounds, the exact macro only for the
 * undecided), the engine computes it. Otherwise (PostgreSQL) the client bands the pairs with the
 * in-memory matcher's own jaroWinkler (distinct-pairs.ts): at 1,000,000 x 200,000 the 2.2 million
 * distinct surname pairs took 270 s through a PL/pgSQL loop per pair, interpreted statement by
 * statement.
 */
import { jaroWinkler } from '../match/engine/strings';
import type { SqlEngine } from './engine';
import { computeDistinctPairs } from './distinct-pairs';
import { createTableAs } from './pipeline';

/** The band of two values, by the same thresholds as the levels (jaroWinklerLevels in levels.ts). */
export function jaroWinklerBand(a: string, b: string): number {
  const similarity = jaroWinkler(a, b);
  return similarity >= 0.92 ? 0 : similarity >= 0.8 ? 1 : 2;
}

export async function createBandTable(engine: SqlEngine, values: string, out: string): Promise<void> {
  const bandSql = engine.dialect.bandSql;
  if (bandSql) return createTableAs(engine, out, bandSql(values));
  await computeDistinctPairs(engine, values, out, [{ name: 'band', type: 'INTEGER' }], (va, vb) => [jaroWinklerBand(va, vb)]);
}
