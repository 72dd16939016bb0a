/**
 * What the warehouse pipeline needs of a SQL engine: run statements, read
 * rows, bulk-load a table. DuckDB (embedded) and PostgreSQL (a server) each
 * implement it; the SQL they run is the same, apart from the few functions
 * the dialect defines (dialect.ts).
 */
import type { Dialect } from './dialect';

/** A column of a table the pipeline loads: the types every engine understands. */
export interface ColumnSpec {
  name: string;
  type: 'INTEGER' | 'VARCHAR' | 'DOUBLE PRECISION';
}

export type Cell = string | number;

export interface SqlEngine {
  readonly dialect: Dialect;
  /** Run statements that return nothing (DDL, INSERT ... SELECT). */
  exec(sql: string): Promise<void>;
  /** Run a query and return its rows as plain objects (integers and doubles as numbers, text as strings). */
  rows(sql: string): Promise<Record<string, unknown>[]>;
  /** Create `table` with these columns and fill it with `rows` (one array of cells per row, in column order). */
  load(table: string, columns: readonly ColumnSpec[], rows: Iterable<readonly Cell[]>): Promise<void>;
  /**
   * Create `table` and fill it from CSV files, each with a header row and these columns (csv.ts writes
   * them; a table made in parts is several files), read by the engine itself: DuckDB's read_csv,
   * PostgreSQL's COPY (the server reads the files, so they must be readable by the server's user).
   */
  loadCsv(table: string, columns: readonly ColumnSpec[], paths: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

/** CREATE TABLE for a column list, text columns as the dialect declares them. */
export function createTableSql(table: string, columns: readonly ColumnSpec[], dialect: Dialect): string {
  return `CREATE TABLE ${table} (${columns.map((c) => `${c.name} ${c.type === 'VARCHAR' ? dialect.textType : c.type}`).join(', ')})`;
}
