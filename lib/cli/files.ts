/** Reading and writing the files commands take and give, with errors that name file and line. */
import { createReadStream, createWriteStream } from 'node:fs';
import { readdir, rename, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { basename, dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { z } from '../zod';
import { describeIssues } from '../messages';
import type { RowError } from '../crm/import';
import type { CliIo } from './command';
import { warn } from './printable';
import { processIsAlive } from './pid';

/** A line of a JSON-lines file that is not valid: the file and line it came from. */
export class JsonLineError extends Error {
  override name = 'JsonLineError';
}

export interface JsonLine<T> {
  value: T;
  line: number;
  file: string;
}

/**
 * Read a JSON-lines file, checking each line against a schema. A bad line
 * either stops the command (`fail`, the default) or is reported on stderr
 * and skipped (`skip`).
 */
export async function readJsonLines<S extends z.ZodType>(
  path: string,
  schema: S,
  options: { onBadLine?: 'fail' | 'skip'; io?: CliIo } = {},
): Promise<JsonLine<z.output<S>>[]> {
  const file = basename(path);
  const out: JsonLine<z.output<S>>[] = [];
  const bad = (n: number, why: string) => {
    if (options.onBadLine !== 'skip') throw new JsonLineError(`${file}:${n}: ${why}`);
    if (options.io) warn(options.io, `${file}:${n}: ${why}; skipped`);
  };
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let n = 0;
  for await (const text of lines) {
    n += 1;
    if (!text.trim()) continue;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      bad(n, 'not a JSON object');
      continue;
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      bad(n, describeIssues(parsed.error));
      continue;
    }
    out.push({ value: parsed.data, line: n, file });
  }
  return out;
}

const TEMPORARY = '.tmp-';

/** Write lines to a file that appears only when complete (a temporary file, PATH.tmp-PID, renamed into place). */
export async function writeLinesAtomically(path: string, lines: AsyncIterable<string> | Iterable<string>): Promise<void> {
  const temp = `${path}${TEMPORARY}${process.pid}`;
  const out = createWriteStream(temp, { encoding: 'utf8' });
  try {
    for await (const line of lines) if (!out.write(line)) await once(out, 'drain');
    out.end();
    await once(out, 'finish');
    await rename(temp, path);
  } catch (error) {
    out.destroy();
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Remove the temporary files of `path` that processes now gone left behind: a
 * command killed while writing leaves its PATH.tmp-PID, as big as the file it
 * was writing, full of customer data. Those of running processes stay.
 */
export async function removeStaleTemporaries(path: string, say: (text: string) => void): Promise<void> {
  const folder = dirname(path);
  const prefix = basename(path) + TEMPORARY;
  for (const name of await readdir(folder)) {
    const pid = name.startsWith(prefix) ? name.slice(prefix.length) : '';
    if (!/^[1-9]\d*$/.test(pid) || processIsAlive(Number(pid))) continue;
    const file = join(folder, name);
    const { size } = await stat(file);
    await rm(file, { force: true });
    say(`removed ${file} (${size.toLocaleString('en')} bytes), a partial database file left by an import that was stopped (process ${pid} is gone)`);
  }
}

/** Row errors of a CSV file as `file:line: field: reason[suffix]`, one per line on stderr, escaped. */
export function printRowErrors(io: CliIo, file: string, errors: readonly RowError[], suffix = ''): void {
  for (const e of errors) warn(io, `${file}:${e.line}: ${e.field}: ${e.message}${suffix}`);
}
