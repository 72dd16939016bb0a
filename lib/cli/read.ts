/** Reading input files for commands, with errors that name the file. */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from './command';

export function inputPath(cwd: string, path: string, option: string): string {
  const full = resolve(cwd, path);
  if (!existsSync(full)) throw new UsageError(`--${option} ${path}: no such file`);
  if (!statSync(full).isFile()) throw new UsageError(`--${option} ${path}: not a file`);
  return full;
}

/** A file as a stream of UTF-8 text chunks. */
export function textChunks(path: string, chunkBytes = 1 << 20): AsyncIterable<string> {
  return createReadStream(path, { encoding: 'utf8', highWaterMark: chunkBytes });
}
