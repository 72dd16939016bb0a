/**
 * DuckDB, embedded: the engine for large batches on one machine. Tables are
 * loaded through the appender (no SQL text per row). `memoryLimit` bounds the
 * memory DuckDB uses (it spills to `tempDirectory` beyond it).
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { DUCKDB } from './dialect';
import { createTableSql, type Cell, type ColumnSpec, type SqlEngine } from './engine';

export interface DuckDbOptions {
  /** A database file, or in memory when absent. */
  path?: string;
  /** DuckDB's memory_limit, e.g. "2GB". */
  memoryLimit?: string;
  threads?: number;
  tempDirectory?: string;
}

export async function openDuckDb(options: DuckDbOptions = {}): Promise<SqlEngine> {
  const settings: Record<string, string> = {};
  if (options.memoryLimit) settings.memory_limit = options.memoryLimit;
  if (options.threads) settings.threads = String(options.threads);
  if (options.tempDirectory) settings.temp_directory = options.tempDirectory;
  const instance = await DuckDBInstance.create(options.path ?? ':memory:', settings);
  const connection = await instance.connect();
  for (const statement of DUCKDB.setup) await connection.run(statement);
  return new DuckDbEngine(instance, connection);
}

const sqlString = (text: string) => `'${text.replace(/'/g, "''")}'`;

class DuckDbEngine implements SqlEngine {
  readonly dialect = DUCKDB;

  constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  async exec(sql: string): Promise<void> {
    await this.connection.run(sql);
  }

  async rows(sql: string): Promise<Record<string, unknown>[]> {
    const reader = await this.connection.runAndReadAll(sql);
    // Integers wider than 32 bits come back as bigint: the pipeline's counts fit a double.
    return reader.getRowObjectsJS().map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])));
  }

  async load(table: string, columns: readonly ColumnSpec[], rows: Iterable<readonly Cell[]>): Promise<void> {
    await this.connection.run(createTableSql(table, columns, DUCKDB));
    const appender = await this.connection.createAppender(table);
    for (const row of rows) {
      columns.forEach((c, i) => {
        const value = row[i]!;
        if (c.type === 'VARCHAR') appender.appendVarchar(String(value));
        else if (c.type === 'INTEGER') appender.appendInteger(Number(value));
        else appender.appendDouble(Number(value));
      });
      appender.endRow();
    }
    appender.closeSync();
  }

  async loadCsv(table: string, columns: readonly ColumnSpec[], paths: readonly string[]): Promise<void> {
    const types = columns.map((c) => `'${c.name}': '${c.type === 'DOUBLE PRECISION' ? 'DOUBLE' : c.type}'`).join(', ');
    // allow_quoted_nulls: by default DuckDB reads "" as NULL, and an empty value is '' to every level.
    await this.connection.run(
      `CREATE TABLE ${table} AS SELECT * FROM read_csv([${paths.map(sqlString).join(', ')}], header = true, quote = '"', escape = '"', allow_quoted_nulls = false, columns = {${types}})`,
    );
  }

  async close(): Promise<void> {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
