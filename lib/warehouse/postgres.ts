/**
 * PostgreSQL (and the warehouses that speak its SQL): the same generated
 * queries through the `pg` client. Tables are loaded a chunk of rows at a
 * time as one INSERT ... SELECT FROM unnest(arrays), one parameter per column,
 * so a chunk costs one round trip whatever its size.
 */
import pg from 'pg';
import { POSTGRES } from './dialect';
import { createTableSql, type Cell, type ColumnSpec, type SqlEngine } from './engine';

const LOAD_CHUNK = 50_000;

const ARRAY_TYPE: Record<ColumnSpec['type'], string> = { INTEGER: 'int[]', VARCHAR: 'text[]', 'DOUBLE PRECISION': 'float8[]' };

export async function openPostgres(connectionString: string): Promise<SqlEngine> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  // Integers and doubles as numbers, bigint (count(*)) too: the pipeline's counts fit a double.
  client.setTypeParser(20, (text: string) => Number(text));
  client.setTypeParser(1700, (text: string) => Number(text));
  try {
    for (const statement of POSTGRES.setup) await client.query(statement);
  } catch (error) {
    await client.end();
    throw error;
  }
  return new PostgresEngine(client);
}

class PostgresEngine implements SqlEngine {
  readonly dialect = POSTGRES;

  constructor(private readonly client: pg.Client) {}

  async exec(sql: string): Promise<void> {
    await this.client.query(sql);
  }

  async rows(sql: string): Promise<Record<string, unknown>[]> {
    const result = await this.client.query<Record<string, unknown>>(sql);
    return result.rows;
  }

  async load(table: string, columns: readonly ColumnSpec[], rows: Iterable<readonly Cell[]>): Promise<void> {
    await this.client.query(createTableSql(table, columns, POSTGRES));
    const insert = `INSERT INTO ${table} SELECT * FROM unnest(${columns.map((c, i) => `$${i + 1}::${ARRAY_TYPE[c.type]}`).join(', ')})`;
    let chunk: Cell[][] = columns.map(() => []);
    let size = 0;
    const flush = async () => {
      if (size === 0) return;
      await this.client.query(insert, chunk);
      chunk = columns.map(() => []);
      size = 0;
    };
    for (const row of rows) {
      row.forEach((cell, i) => chunk[i]!.push(cell));
      if (++size === LOAD_CHUNK) await flush();
    }
    await flush();
    for (const statement of POSTGRES.statistics(table)) await this.client.query(statement);
  }

  async loadCsv(table: string, columns: readonly ColumnSpec[], paths: readonly string[]): Promise<void> {
    await this.client.query(createTableSql(table, columns, POSTGRES));
    for (const path of paths) await this.client.query(`COPY ${table} FROM '${path.replace(/'/g, "''")}' WITH (FORMAT csv, HEADER true)`);
    for (const statement of POSTGRES.statistics(table)) await this.client.query(statement);
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}
