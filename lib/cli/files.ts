/** Reading and writing the files commands take and give, with errors that name file and line. */
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import type { z } from '../zod';
import { describeIssues } from '../messages';
import type { RowError } from '../crm/import';
import type { CliIo } from './command';
import { warn } from './printable';

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

/** Write lines to a file that appears only when complete (a temporary file renamed into place). */
export async function writeLinesAtomically(path: string, lines: AsyncIterable<string> | Iterable<string>): Promise<void> {
  const temp = `${path}.tmp-${process.pid}`;
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

/** Row errors of a CSV file as `file:line: field: reason[suffix]`, one per line on stderr, escaped. */
export function printRowErrors(io: CliIo, file: string, errors: readonly RowError[], suffix = ''): void {
  for (const e of errors) warn(io, `${file}:${e.line}: ${e.field}: ${e.message}${suffix}`);
}
