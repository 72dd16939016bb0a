/**
 * The one reader of JSON-lines inputs (profiles, captured pages, matches), so
 * every command treats the same problem the same way:
 * - a line that is not JSON, or not the shape the file should hold, is
 *   reported as `file:line: field: reason; this line is skipped`;
 * - a line whose id an earlier line already had is reported as
 *   `file:line: id: "x" appears again (first on line 1); this line is skipped`,
 *   the words the CSV importer uses for a repeated customer or order id, and
 *   the first line stands;
 * - an input of which no line could be used stops the command (exit code 1):
 *   "every line was refused", or "empty".
 * Lines are read as they arrive, so a file is never held whole.
 */
import { describeIssues, type z } from '../zod';
import { InputError, type CliIo } from './command';
import { warn } from './printable';
import type { Source } from './source';

export interface JsonLine<T> {
  value: T;
  /** 1-based line number in its input. */
  line: number;
}

export interface JsonLinesOptions<T> {
  io: CliIo;
  /** What the command needs the input for, for the message when none of it can be used: "profiles to match". */
  need: string;
  /** The field that must be unique within the input, and how to read it from a line. */
  unique?: { field: string; of(value: T): string };
  /** A better reason than the schema's for a line that fails it (a captured page given as a profile). */
  hint?(json: unknown): string | undefined;
}

/** How many lines an input had, and how many were used. */
export interface LineCounts {
  lines: number;
  used: number;
  skipped: number;
}

/** The lines of text chunks, without their line ends; a byte order mark before the first is dropped. */
export async function* textLines(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  let rest = '';
  let first = true;
  for await (const chunk of chunks) {
    let text = rest + chunk;
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      yield text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end);
      start = end + 1;
    }
    rest = text.slice(start);
  }
  if (rest) yield rest.endsWith('\r') ? rest.slice(0, -1) : rest;
}

/**
 * The valid lines of an input, checked against a schema, with the one rule
 * for bad and repeated lines. `counts` is filled in as lines are read.
 */
export async function* readJsonLines<S extends z.ZodType>(
  source: Source,
  schema: S,
  options: JsonLinesOptions<z.output<S>>,
  counts: LineCounts = { lines: 0, used: 0, skipped: 0 },
): AsyncGenerator<JsonLine<z.output<S>>> {
  const { io, unique } = options;
  const firstLineOf = new Map<string, number>();
  const skip = (line: number, why: string) => {
    counts.skipped++;
    warn(io, `${source.name}:${line}: ${why}; this line is skipped`);
  };
  let n = 0;
  for await (const text of textLines(source.text())) {
    n++;
    if (!text.trim()) continue;
    counts.lines++;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      skip(n, 'not a JSON object');
      continue;
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      skip(n, options.hint?.(json) ?? describeIssues(parsed.error));
      continue;
    }
    const value = parsed.data as z.output<S>;
    if (unique) {
      const id = unique.of(value);
      const first = firstLineOf.get(id);
      if (first !== undefined) {
        skip(n, `${unique.field}: "${id}" appears again (first on line ${first})`);
        continue;
      }
      firstLineOf.set(id, n);
    }
    counts.used++;
    yield { value, line: n };
  }
  if (counts.used === 0) throw unusable(source.name, counts.lines, 'line', options.need);
}

/** The error for an input of which nothing could be used: it names the input and what it was needed for. */
export function unusable(name: string, count: number, unit: 'line' | 'row', need: string): InputError {
  const what = count === 0 ? 'empty' : `every ${unit} was refused (${count.toLocaleString('en')} ${unit}${count === 1 ? '' : 's'})`;
  return new InputError(`${name}: ${what}: no ${need}`);
}

/** Every valid line of an input, in order (for inputs a command needs whole). */
export async function collectJsonLines<S extends z.ZodType>(source: Source, schema: S, options: JsonLinesOptions<z.output<S>>): Promise<z.output<S>[]> {
  const out: z.output<S>[] = [];
  for await (const { value } of readJsonLines(source, schema, options)) out.push(value);
  return out;
}
