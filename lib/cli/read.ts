/** Reading input files for commands, with errors that name the file. */
import { createReadStream } from 'node:fs';
import { importCsv, type ImportBatch, type ImportOptions, type ImportSummary } from '../crm/import';
import type { CliIo } from './command';
import { printRowErrors } from './files';
import { unusable } from './jsonl';
import type { Source } from './source';

/** A file as a stream of UTF-8 text chunks (files Earshot wrote itself). */
export function textChunks(path: string, chunkBytes = 1 << 20): AsyncIterable<string> {
  return createReadStream(path, { encoding: 'utf8', highWaterMark: chunkBytes });
}

/**
 * Import a CSV file someone else wrote (or stdin): its bytes go to the
 * importer, which finds their encoding; errors about the file as a whole name it.
 */
export function importCsvSource(source: Source, options: ImportOptions, onBatch: (batch: ImportBatch) => void | Promise<void>): Promise<ImportSummary> {
  return importCsv(source.bytes(), { file: source.name, ...options }, onBatch);
}

export interface CsvReadOptions extends ImportOptions {
  io: CliIo;
  /** What the command needs the rows for: "customers to match against". */
  need: string;
  /** Whether a file without rows is unusable too (customers are; a shop may have no orders yet). */
  rowsRequired: boolean;
  /** Added to each bad row's message: what happens to it ("; row skipped"). */
  badRowSuffix?: string;
}

/**
 * The rows of a customers or orders CSV, batch by batch, with the command
 * line's rule: each bad row is printed as `file:line: field: reason` and
 * skipped; a file of which every row was refused stops the command (exit 1).
 */
export async function readCsv(source: Source, options: CsvReadOptions, onBatch: (batch: ImportBatch) => void | Promise<void>): Promise<ImportSummary> {
  const { io, need, rowsRequired, badRowSuffix, ...importOptions } = options;
  const summary = await importCsvSource(source, importOptions, async (batch) => {
    printRowErrors(io, source.name, batch.errors, badRowSuffix);
    await onBatch(batch);
  });
  if (summary.rowsOk === 0 && (summary.rowsBad > 0 || rowsRequired)) throw unusable(source.name, summary.rowsBad, 'row', need);
  return summary;
}
