/**
 * The Jaro-Winkler band of each distinct pair of values (0 at 0.92 or more, 1 at 0.8 or more, else
 * 2: the thresholds of the levels), as a table `out(va, vb, band)` from a table `values(va, vb)`.
 *
 * Where the dialect has a fast query for it (DuckDB: built-in bounds, the exact macro only for the
 * undecided), the engine computes it. Otherwise (PostgreSQL) the pairs are read out a page at a time,
 * banded by the in-memory matcher's own jaroWinkler and loaded back: at 1,000,000 x 200,000 the
 * 2.2 million distinct surname pairs took 270 s through a PL/pgSQL loop per pair, which is
 * interpreted statement by statement, while the in-memory function needs about a second for them.
 */
import { z } from '../zod';
import { jaroWinkler } from '../match/engine/strings';
import type { Cell, ColumnSpec, SqlEngine } from './engine';
import { createTableAs } from './pipeline';

/** The band of two values, by the same thresholds as the levels (jaroWinklerLevels in levels.ts). */
export function jaroWinklerBand(a: string, b: string): number {
  const similarity = jaroWinkler(a, b);
  return similarity >= 0.92 ? 0 : similarity >= 0.8 ? 1 : 2;
}

const BAND_COLUMNS: readonly ColumnSpec[] = [
  { name: 'va', type: 'VARCHAR' },
  { name: 'vb', type: 'VARCHAR' },
  { name: 'band', type: 'INTEGER' },
];

/** Pairs read back and banded per round trip: bounds the client's memory whatever the table's size. */
const PAGE = 200_000;

const ValuePair = z.object({ va: z.string(), vb: z.string() });

export async function createBandTable(engine: SqlEngine, values: string, out: string): Promise<void> {
  const bandSql = engine.dialect.bandSql;
  if (bandSql) return createTableAs(engine, out, bandSql(values));
  // Numbered, so that each page is an index range rather than an OFFSET that rescans what came before.
  const numbered = `${values}_numbered`;
  await createTableAs(engine, numbered, `SELECT CAST(row_number() OVER () AS INTEGER) AS n, va, vb FROM ${values}`);
  await engine.exec(`CREATE INDEX ${numbered}_n ON ${numbered} (n)`);
  await engine.load(out, BAND_COLUMNS, []);
  const page = `${out}_page`;
  for (let from = 0; ; from += PAGE) {
    const rows = await engine.rows(`SELECT va, vb FROM ${numbered} WHERE n > ${from} AND n <= ${from + PAGE}`);
    if (rows.length === 0) break;
    await engine.load(
      page,
      BAND_COLUMNS,
      rows.map((row): Cell[] => {
        const { va, vb } = ValuePair.parse(row);
        return [va, vb, jaroWinklerBand(va, vb)];
      }),
    );
    await engine.exec(`INSERT INTO ${out} SELECT * FROM ${page}`);
    await engine.exec(`DROP TABLE ${page}`);
  }
  await engine.exec(`DROP TABLE ${numbered}`);
  for (const statement of engine.dialect.statistics(out)) await engine.exec(statement);
}
