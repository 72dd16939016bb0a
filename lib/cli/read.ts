/** Reading input files for commands, with errors that name the file. */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { UsageError } from './command';
import { importCsv, type ImportBatch, type ImportOptions, type ImportSummary } from '../crm/import';

export function inputPath(cwd: string, path: string, option: string): string {
  const full = resolve(cwd, path);
  if (!existsSync(full)) throw new UsageError(`--${option} ${path}: no such file`);
  if (!statSync(full).isFile()) throw new UsageError(`--${option} ${path}: not a file`);
  return full;
}

/** A file as a stream of UTF-8 text chunks (files Earshot wrote itself). */
export function textChunks(path: string, chunkBytes = 1 << 20): AsyncIterable<string> {
  return createReadStream(path, { encoding: 'utf8', highWaterMark: chunkBytes });
}

/** A file as a stream of byte chunks. */
export function byteChunks(path: string, chunkBytes = 1 << 20): AsyncIterable<Uint8Array> {
  return createReadStream(path, { highWaterMark: chunkBytes });
}

/**
 * Import a CSV file someone else wrote: its bytes go to the importer, which
 * finds their encoding; errors about the file as a whole name it.
 */
export function importCsvFile(
  path: string,
  options: ImportOptions,
  onBatch: (batch: ImportBatch) => void | Promise<void>,
): Promise<ImportSummary> {
  return importCsv(byteChunks(path), { file: basename(path), ...options }, onBatch);
}
