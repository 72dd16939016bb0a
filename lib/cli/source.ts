/**
 * The inputs a command reads: a file, or stdin when its option is `-`, so
 * commands chain: `earshot extract saved | earshot match ... --captures -`.
 * Messages name an input the way every message does: the file's name, or
 * "stdin".
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { UsageError, type CliIo } from './command';

export interface Source {
  /** How messages name it: the file's name, or "stdin". */
  name: string;
  /** The option it was given with, without the dashes ("captures"). */
  option: string;
  /** The file's full path; null for stdin. */
  path: string | null;
  bytes(): AsyncIterable<Uint8Array>;
  text(): AsyncIterable<string>;
}

export const STDIN = '-';
const CHUNK_BYTES = 1 << 20;

/** Which option took stdin, per run: stdin can be read once. */
const stdinTakenBy = new WeakMap<CliIo, string>();

/** The input given to `--option`: `-` is stdin (once per run), anything else a file that must exist. */
export function openSource(io: CliIo, option: string, given: string): Source {
  if (given === STDIN) {
    const taken = stdinTakenBy.get(io);
    if (taken !== undefined) throw new UsageError(`--${option} -: stdin is already read by --${taken}; give one of them as a file`);
    stdinTakenBy.set(io, option);
    const bytes = () => stdinBytes(io.stdin);
    return { name: 'stdin', option, path: null, bytes, text: () => decodeUtf8(bytes()) };
  }
  const path = resolve(io.cwd, given);
  if (!existsSync(path)) throw new UsageError(`--${option} ${given}: no such file`);
  if (!statSync(path).isFile()) throw new UsageError(`--${option} ${given}: not a file`);
  return {
    name: basename(path),
    option,
    path,
    bytes: () => createReadStream(path, { highWaterMark: CHUNK_BYTES }),
    text: () => createReadStream(path, { encoding: 'utf8', highWaterMark: CHUNK_BYTES }),
  };
}

/** `openSource` for an option that may be absent. */
export function optionalSource(io: CliIo, option: string, given: string | undefined): Source | undefined {
  return given === undefined ? undefined : openSource(io, option, given);
}

async function* stdinBytes(stdin: CliIo['stdin']): AsyncGenerator<Uint8Array> {
  if (!stdin) return;
  const encoder = new TextEncoder();
  for await (const chunk of stdin) yield typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
}

/** UTF-8 text of byte chunks; a character split between chunks is joined, not broken. */
export async function* decodeUtf8(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of chunks) {
    const text = decoder.decode(chunk, { stream: true });
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}
