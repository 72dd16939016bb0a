/**
 * `--engine memory|duckdb|postgres`, `--db`, `--duckdb-memory` and `--duckdb-threads`: the
 * options of the commands that run on a SQL engine (dedupe, match), read and opened one way.
 * The engine's module is loaded only when it is chosen: DuckDB and `pg` cost every other run
 * seconds of startup on a busy machine.
 */
import { optionalString, UsageError, type OptionValues } from './command';
import type { SqlEngine } from '../warehouse/engine';

export const ENGINE_NAMES = ['memory', 'duckdb', 'postgres'] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];

export interface EngineChoice {
  name: EngineName;
  /** With postgres: the connection URL. */
  db?: string;
  /** With duckdb: DuckDB's memory_limit ("4GB"). */
  memoryLimit?: string;
  /** With duckdb: DuckDB's threads. */
  threads?: number;
}

export const ENGINE_OPTIONS = {
  engine: { type: 'string' },
  db: { type: 'string' },
  'duckdb-memory': { type: 'string' },
  'duckdb-threads': { type: 'string' },
} as const;

/** The usage lines of the options, for a command's help. */
export const ENGINE_USAGE = `  --engine E           memory (default), duckdb (embedded, in memory) or postgres
  --db URL             with --engine postgres: the database (postgres://user@host:port/db);
                       the command creates its tables there: use an empty schema or database
  --duckdb-memory M    with --engine duckdb: DuckDB's memory limit, e.g. 2GB (it spills to disk beyond)
  --duckdb-threads N   with --engine duckdb: DuckDB's worker threads (default: one per core)`;

export function readEngineChoice(values: OptionValues): EngineChoice {
  const name = optionalString(values, 'engine') ?? 'memory';
  if (!(ENGINE_NAMES as readonly string[]).includes(name)) throw new UsageError(`--engine ${name}: expected ${ENGINE_NAMES.join(', ')}`);
  const choice: EngineChoice = { name: name as EngineName };
  const db = optionalString(values, 'db');
  if (name === 'postgres' && !db) throw new UsageError('--engine postgres needs --db postgres://user@host:port/database');
  if (name !== 'postgres' && db) throw new UsageError('--db is for --engine postgres');
  if (db) choice.db = db;
  const memoryLimit = optionalString(values, 'duckdb-memory');
  const threadsText = optionalString(values, 'duckdb-threads');
  if (name !== 'duckdb' && (memoryLimit || threadsText)) throw new UsageError('--duckdb-memory and --duckdb-threads are for --engine duckdb');
  if (memoryLimit) {
    if (!/^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(memoryLimit)) throw new UsageError(`--duckdb-memory ${memoryLimit}: expected a size such as 512MB or 4GB`);
    choice.memoryLimit = memoryLimit;
  }
  if (threadsText !== undefined) {
    const threads = Number(threadsText);
    if (!Number.isInteger(threads) || threads < 1) throw new UsageError(`--duckdb-threads ${threadsText}: expected a whole number above 0`);
    choice.threads = threads;
  }
  return choice;
}

/** Open the chosen SQL engine (not for memory). */
export async function openChosenEngine(choice: EngineChoice): Promise<SqlEngine> {
  if (choice.name === 'postgres') {
    const { openPostgres } = await import('../warehouse/postgres');
    return openPostgres(choice.db!);
  }
  if (choice.name !== 'duckdb') throw new Error(`no SQL engine for --engine ${choice.name}`);
  const { openDuckDb } = await import('../warehouse/duckdb');
  return openDuckDb({ ...(choice.memoryLimit ? { memoryLimit: choice.memoryLimit } : {}), ...(choice.threads ? { threads: choice.threads } : {}) });
}
