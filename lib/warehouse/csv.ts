/**
 * Records written straight to CSV files for an engine to read itself
 * (SqlEngine.loadCsv): one file of columns, one of blocking keys, as
 * loadRecords would load them. Text is always quoted, so commas, quotes and
 * line breaks in names survive.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Cell, SqlEngine } from './engine';
import { IDX, KEY_COLUMNS, type RecordTable } from './pipeline';

const cell = (value: Cell) => (typeof value === 'number' ? String(value) : `"${value.replace(/"/g, '""')}"`);

class CsvWriter {
  private readonly stream;

  constructor(path: string, header: readonly string[]) {
    this.stream = createWriteStream(path);
    this.stream.write(`${header.join(',')}\n`);
  }

  async row(cells: readonly Cell[]): Promise<void> {
    if (!this.stream.write(`${cells.map(cell).join(',')}\n`)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    this.stream.end();
    await once(this.stream, 'finish');
  }
}

/** A table's files: one or several parts (made side by side), each numbering its records from where its part starts. */
export interface RecordFiles {
  records: string[];
  keys: string[];
  count: number;
}

/**
 * Records appended one at a time to `${base}.csv` and `${base}_keys.csv`: a producer that makes
 * records a chunk at a time writes them as it goes, so nothing holds the whole table. Each is
 * numbered `at` (where its chunk starts, when parts of one table are written side by side) or
 * else in the order they come.
 */
export class RecordFileWriter<R> {
  private readonly rows: CsvWriter;
  private readonly keys: CsvWriter;
  private count = 0;
  private next = 0;

  constructor(
    private readonly base: string,
    private readonly spec: RecordTable<R>,
  ) {
    this.rows = new CsvWriter(`${base}.csv`, [IDX, ...spec.columns].map((c) => c.name));
    this.keys = new CsvWriter(`${base}_keys.csv`, KEY_COLUMNS.map((c) => c.name));
  }

  async add(record: R, at?: number): Promise<void> {
    const i = at ?? this.next;
    this.next = i + 1;
    this.count++;
    await this.rows.row([i, ...this.spec.row(record)]);
    for (const key of new Set(this.spec.keys(record))) if (key) await this.keys.row([i, key]);
  }

  async close(): Promise<RecordFiles> {
    await Promise.all([this.rows.close(), this.keys.close()]);
    return { records: [`${this.base}.csv`], keys: [`${this.base}_keys.csv`], count: this.count };
  }
}

/** Write records (from any iterable, e.g. a generator) to `${base}.csv` and `${base}_keys.csv`. */
export async function writeRecordFiles<R>(base: string, records: Iterable<R>, spec: RecordTable<R>): Promise<RecordFiles> {
  const writer = new RecordFileWriter(base, spec);
  for (const record of records) await writer.add(record);
  return writer.close();
}

/** Load files writeRecordFiles wrote as `${table}` and `${table}_keys`. */
export async function loadRecordFiles<R>(engine: SqlEngine, table: string, files: RecordFiles, spec: RecordTable<R>): Promise<void> {
  await engine.loadCsv(table, [IDX, ...spec.columns], files.records);
  await engine.loadCsv(`${table}_keys`, KEY_COLUMNS, files.keys);
}
