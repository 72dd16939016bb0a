/**
 * Where a command writes its data: the file `--out` names, or stdout when it
 * names none (or `-`). Text is gathered into blocks and written as the
 * reader takes it (a slow pipe slows the command down instead of filling
 * memory). A file appears only when complete: it is written as
 * FILE.tmp-PID and renamed into place, so an interrupted command never
 * leaves half a file where a whole one is expected.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { EventEmitter, once } from 'node:events';
import { resolve } from 'node:path';
import type { CliIo } from './command';
import { STDIN } from './source';

const BLOCK = 1 << 16;
export const TEMPORARY = '.tmp-';

export interface Output {
  /** The file written to, or null for stdout. */
  path: string | null;
  write(text: string): Promise<void>;
  /** Everything written: the file takes its place. */
  close(): Promise<void>;
  /** Something failed: a file being written is removed. */
  abort(): Promise<void>;
}

/** Write a chunk, waiting when the stream asks to (a full pipe). */
async function writeTo(out: CliIo['stdout'] | WriteStream, text: string): Promise<void> {
  if (out.write(text) === false && out instanceof EventEmitter) await once(out, 'drain');
}

/** The file `out` names, or stdout when it names none (or `-`). */
export function openOutput(io: CliIo, out: string | undefined): Output {
  return out === undefined || out === STDIN ? streamOutput(io.stdout) : fileOutput(resolve(io.cwd, out));
}

/** Blocks of text to a stream that is not ours to close (stdout). */
function streamOutput(out: CliIo['stdout']): Output {
  let pending = '';
  const flush = async () => {
    const text = pending;
    pending = '';
    if (text) await writeTo(out, text);
  };
  return {
    path: null,
    async write(text) {
      pending += text;
      if (pending.length >= BLOCK) await flush();
    },
    close: flush,
    abort() {
      pending = '';
      return Promise.resolve();
    },
  };
}

/** A file that appears only when complete: written as PATH.tmp-PID, renamed into place by close(). */
export function fileOutput(path: string): Output {
  const temp = `${path}${TEMPORARY}${process.pid}`;
  const file = createWriteStream(temp, { encoding: 'utf8' });
  const blocks = streamOutput(file);
  return {
    path,
    write: blocks.write,
    async close() {
      await blocks.close();
      file.end();
      await once(file, 'finish');
      await rename(temp, path);
    },
    async abort() {
      await blocks.abort();
      file.destroy();
      await rm(temp, { force: true });
    },
  };
}

/** Write everything to an output; on a failure the file being written is removed. */
export async function writeAll(output: Output, lines: AsyncIterable<string> | Iterable<string>): Promise<void> {
  try {
    for await (const line of lines) await output.write(line);
    await output.close();
  } catch (error) {
    await output.abort();
    throw error;
  }
}

/** Write lines to a file that appears only when complete. */
export function writeLinesAtomically(path: string, lines: AsyncIterable<string> | Iterable<string>): Promise<void> {
  return writeAll(fileOutput(path), lines);
}
