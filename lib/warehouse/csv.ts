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

export interface RecordFiles {
  records: string;
  keys: string;
  count: number;
}

/** Write records (from any iterable, e.g. a generator) to `${base}.csv` and `${base}_keys.csv`. */
export async function writeRecordFiles<R>(base: string, records: Iterable<R>, spec: RecordTable<R>): Promise<RecordFiles> {
  const files = { records: `${base}.csv`, keys: `${base}_keys.csv` };
  const rows = new CsvWriter(files.records, [IDX, ...spec.columns].map((c) => c.name));
  const keys = new CsvWriter(files.keys, KEY_COLUMNS.map((c) => c.name));
  let i = 0;
  for (const record of records) {
    await rows.row([i, ...spec.row(record)]);
    for (const key of new Set(spec.keys(record))) if (key) await keys.row([i, key]);
    i++;
  }
  await Promise.all([rows.close(), keys.close()]);
  return { ...files, count: i };
}

/** Load files writeRecordFiles wrote as `${table}` and `${table}_keys`. */
export async function loadRecordFiles<R>(engine: SqlEngine, table: string, files: RecordFiles, spec: RecordTable<R>): Promise<void> {
  await engine.loadCsv(table, [IDX, ...spec.columns], files.records);
  await engine.loadCsv(`${table}_keys`, KEY_COLUMNS, files.keys);
}
