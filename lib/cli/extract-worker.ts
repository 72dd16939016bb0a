/**
 * A worker thread of `earshot extract`: it extracts the pages it is sent, one
 * at a time, and sends back each result with the job's number. Built as its
 * own entry (vite.cli.config.ts), beside the command line.
 */
import { parentPort } from 'node:worker_threads';
import { z } from 'zod';
import { extractSavedPage } from './extract-page';

/** A job as the pool sends it (the boundary between threads is checked like any other). */
const PageJobMessage = z.object({
  index: z.number().int().nonnegative(),
  job: z.object({ file: z.string(), name: z.string(), url: z.string().optional(), siteId: z.string().optional(), now: z.number() }),
});

const port = parentPort;
if (!port) throw new Error('extract-worker runs as a worker thread of `earshot extract`');
port.on('message', (message: unknown) => {
  const { index, job } = PageJobMessage.parse(message);
  try {
    port.postMessage({ index, result: extractSavedPage({ ...job, url: job.url, siteId: job.siteId }) });
  } catch (error) {
    port.postMessage({ index, error: error instanceof Error ? error.message : String(error) });
  }
});
