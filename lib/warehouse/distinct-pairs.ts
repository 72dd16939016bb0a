/**
 * What is too complex for SQL, computed by the client once per distinct pair of values: the engine
 * selects the distinct pairs (`values(va, vb)`, two text columns), the client reads them a page at a
 * time, computes columns with the in-memory matcher's own functions, and loads them back as
 * `out(va, vb, ...)`, to be joined to the record pairs (names repeat: far fewer distinct pairs than
 * record pairs).
 */
import { z } from '../zod';
import type { Cell, ColumnSpec, SqlEngine } from './engine';
import { createTableAs } from './pipeline';

/** Pairs read back and computed per round trip: bounds the client's memory whatever the table's size. */
const PAGE = 200_000;

const ValuePair = z.object({ va: z.string(), vb: z.string() });

/** The value columns every such table starts with. */
export const VALUE_PAIR_COLUMNS: readonly ColumnSpec[] = [
  { name: 'va', type: 'VARCHAR' },
  { name: 'vb', type: 'VARCHAR' },
];

export async function computeDistinctPairs(
  engine: SqlEngine,
  values: string,
  out: string,
  /** The computed columns, after va and vb. */
  columns: readonly ColumnSpec[],
  compute: (va: string, vb: string) => Cell[],
): Promise<void> {
  // Numbered, so that each page is an index range rather than an OFFSET that rescans what came before.
  const numbered = `${values}_numbered`;
  await createTableAs(engine, numbered, `SELECT CAST(row_number() OVER () AS INTEGER) AS n, va, vb FROM ${values}`);
  await engine.exec(`CREATE INDEX ${numbered}_n ON ${numbered} (n)`);
  const all = [...VALUE_PAIR_COLUMNS, ...columns];
  await engine.load(out, all, []);
  const page = `${out}_page`;
  for (let from = 0; ; from += PAGE) {
    const rows = await engine.rows(`SELECT va, vb FROM ${numbered} WHERE n > ${from} AND n <= ${from + PAGE}`);
    if (rows.length === 0) break;
    await engine.load(
      page,
      all,
      rows.map((row, k): Cell[] => {
        const parsed = ValuePair.safeParse(row);
        if (!parsed.success) throw new Error(`${numbered} row ${from + k + 1}: expected two text values va and vb (${parsed.error.message})`);
        return [parsed.data.va, parsed.data.vb, ...compute(parsed.data.va, parsed.data.vb)];
      }),
    );
    await engine.exec(`INSERT INTO ${out} SELECT * FROM ${page}`);
    await engine.exec(`DROP TABLE ${page}`);
  }
  await engine.exec(`DROP TABLE ${numbered}`);
  for (const statement of engine.dialect.statistics(out)) await engine.exec(statement);
}
