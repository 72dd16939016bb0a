/**
 * One writer at a time for a database file. Two `earshot import` runs on one
 * file would each read it, add their rows and replace it: the last to finish
 * would silently drop the other's rows. A command that writes the file first
 * creates FILE.lock exclusively (O_EXCL: `wx`), holding its process id and
 * start time; a second one waits for it (or, past its wait, stops with a
 * message naming the lock). A lock whose process is gone (killed, crashed) is
 * removed, and the user told.
 */
import { link, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { z } from '../zod';
import { processIsAlive } from './pid';

const LockFile = z.object({ pid: z.number().int().positive(), startedAt: z.string(), command: z.string(), host: z.string().optional() });
type LockFile = z.infer<typeof LockFile>;

export class LockError extends Error {
  override name = 'LockError';
}

export interface LockOptions {
  /** The command taking it, for the messages of those who find it taken. */
  command: string;
  /** How long to wait for another holder, in milliseconds. */
  waitMs: number;
  /** Told what happens: waiting, a stale lock removed. */
  say: (text: string) => void;
  pollMs?: number;
}

/** A lock file that exists but cannot be read is being written; after this long it is left-over garbage. */
const UNREADABLE_STALE_MS = 10_000;

/** What `work` gives, or `fallback` when it fails with the file-system error `code` (ENOENT, EEXIST). */
async function unlessError<T, F>(code: string, fallback: F, work: () => Promise<T>): Promise<T | F> {
  try {
    return await work();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === code) return fallback;
    throw error;
  }
}

/** The lock file as it is now: its text, and who it names (null while it is being written, or if garbage); null when there is none. */
async function readLock(path: string): Promise<{ text: string; holder: LockFile | null } | null> {
  const text = await unlessError('ENOENT', null, () => readFile(path, 'utf8'));
  if (text === null) return null;
  try {
    return { text, holder: LockFile.parse(JSON.parse(text)) };
  } catch {
    return { text, holder: null };
  }
}

/** Create the lock file, only if there is none (O_EXCL); false when another process has it. */
async function createLock(path: string, mine: LockFile): Promise<boolean> {
  const handle = await unlessError('EEXIST', null, () => open(path, 'wx'));
  if (handle === null) return false;
  try {
    await handle.writeFile(`${JSON.stringify(mine)}\n`);
  } finally {
    await handle.close();
  }
  return true;
}

/**
 * Remove a stale lock, but only the one that was read: it is renamed aside
 * first and checked there, so a fresh lock another process made in between is
 * put back instead of deleted.
 */
async function removeStale(path: string, stale: string): Promise<void> {
  const aside = `${path}.stale-${process.pid}`;
  if ((await unlessError('ENOENT', 'gone', () => rename(path, aside))) === 'gone') return;
  if ((await readFile(aside, 'utf8').catch(() => '')) !== stale) await link(aside, path).catch(() => undefined);
  await rm(aside, { force: true });
}

const describeHolder = (lock: LockFile) => `process ${lock.pid} (${lock.command}) has held it since ${lock.startedAt}`;

/** Take the lock of `target`; resolves to the function that gives it back. */
export async function lockFile(target: string, options: LockOptions): Promise<() => Promise<void>> {
  const path = `${target}.lock`;
  const mine: LockFile = { pid: process.pid, startedAt: new Date().toISOString(), command: options.command, host: hostname() };
  const deadline = Date.now() + options.waitMs;
  let waiting = false;
  for (;;) {
    if (await createLock(path, mine)) return () => releaseLock(path, mine);
    const found = await readLock(path);
    if (found === null) continue;
    const { text, holder } = found;
    if (holder === null) {
      const age = Date.now() - (await stat(path).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
      if (age > UNREADABLE_STALE_MS) {
        await removeStale(path, text);
        options.say(`removed the lock ${path}, which was unreadable and ${Math.round(age / 1000)} s old`);
        continue;
      }
    } else if ((holder.host ?? mine.host) === mine.host && !processIsAlive(holder.pid)) {
      // (A process on another machine sharing the folder cannot be checked: its lock counts as held.)
      await removeStale(path, text);
      options.say(`removed the lock ${path} of process ${holder.pid} (${holder.command}, since ${holder.startedAt}), which is no longer running`);
      continue;
    }
    const who = holder === null ? 'another process is taking it' : describeHolder(holder);
    if (Date.now() >= deadline) {
      throw new LockError(`${target} is in use: ${path} says ${who}; wait for it to finish (--wait SECONDS), or delete ${path} if that process is not an import`);
    }
    if (!waiting) {
      options.say(`waiting for ${path}: ${who}`);
      waiting = true;
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 100));
  }
}

/** Give the lock back, if it is still ours. */
async function releaseLock(path: string, mine: LockFile): Promise<void> {
  const holder = (await readLock(path))?.holder;
  if (holder && holder.pid === mine.pid && holder.startedAt === mine.startedAt) await rm(path, { force: true });
}
