/**
 * Saved pages extracted by worker threads (one per core), the results handed
 * back in the order of the pages, so the output is the serial run's. Parsing
 * a page's HTML is most of `earshot extract`'s time, and pages do not depend
 * on one another.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import type { PageJob, PageResult } from './extract-page';

/** The worker's built file, beside the command line's (vite.cli.config.ts names it). */
const WORKER_FILE = 'extract-worker.mjs';
/** Pages handed out ahead of the next one printed, per thread: enough to keep threads busy, few enough to keep memory flat. */
const AHEAD_PER_THREAD = 4;

const ResultMessage = z.union([
  z.object({ index: z.number().int(), result: z.object({ stdout: z.string(), stderr: z.string(), outcome: z.enum(['read', 'broken', 'unread']) }) }),
  z.object({ index: z.number().int(), error: z.string() }),
]);

/** The built worker's path; undefined when running from the TypeScript sources (tests), where pages are extracted in this thread. */
export function extractWorkerPath(): string | undefined {
  const path = fileURLToPath(new URL(WORKER_FILE, import.meta.url));
  return path.endsWith('.mjs') && existsSync(path) ? path : undefined;
}

interface Pending {
  resolve: (result: PageResult) => void;
  reject: (error: Error) => void;
}

/** The pages' results in the pages' order, each as soon as it and those before it are done. */
export async function* extractInParallel(jobs: readonly PageJob[], threads: number, workerPath: string): AsyncGenerator<PageResult> {
  const results = jobs.map(() => {
    let pending!: Pending;
    const promise = new Promise<PageResult>((resolve, reject) => (pending = { resolve, reject }));
    // Rejections are read in order below; one not read yet must not end the process first.
    promise.catch(() => undefined);
    return { promise, pending };
  });
  let next = 0;
  let printed = 0;
  const idle: Worker[] = [];
  const workers = Array.from({ length: Math.min(threads, jobs.length) }, () => new Worker(workerPath));
  const failAll = (error: Error) => results.forEach((r) => r.pending.reject(error));
  const handOut = () => {
    while (idle.length > 0 && next < jobs.length && next < printed + AHEAD_PER_THREAD * workers.length) {
      idle.pop()!.postMessage({ index: next, job: jobs[next] });
      next++;
    }
  };
  for (const worker of workers) {
    worker.on('message', (message: unknown) => {
      const parsed = ResultMessage.safeParse(message);
      if (!parsed.success) return failAll(new Error(`extract worker: unexpected message: ${parsed.error.message}`));
      const { pending } = results[parsed.data.index]!;
      if ('error' in parsed.data) pending.reject(new Error(`${jobs[parsed.data.index]!.name}: ${parsed.data.error}`));
      else pending.resolve(parsed.data.result);
      idle.push(worker);
      handOut();
    });
    worker.on('error', failAll);
    idle.push(worker);
  }
  try {
    handOut();
    for (const { promise } of results) {
      yield await promise;
      printed++;
      handOut();
    }
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
