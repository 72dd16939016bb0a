// `earshot extract` on worker threads gives what it gives in one thread, in
// the same order. The workers run the built command line's worker file (a
// worker thread cannot load the TypeScript sources), so the CLI is built first.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractSavedPage, type PageJob } from '../../../lib/cli/extract-page';
import { extractInParallel } from '../../../lib/cli/extract-pool';
import { PAGES } from './helpers';

const root = join(__dirname, '../../..');
const outDir = join(root, 'node_modules/.cache', `earshot-extract-test-${process.pid}`);
const NOW = Date.parse('2030-01-01T00:00:00Z');

beforeAll(async () => {
  await build({ configFile: join(root, 'vite.cli.config.ts'), build: { outDir }, logLevel: 'silent' });
}, 120_000);
afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

/** Every saved page of the fixtures, in name order, as `earshot extract` names them. */
function fixtureJobs(): PageJob[] {
  return readdirSync(PAGES, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.html?$/i.test(f))
    .sort()
    .map((name) => ({ file: join(PAGES, name), name, url: undefined, siteId: undefined, now: NOW }));
}

describe('extract in parallel', () => {
  it('gives each page the result of extracting it in this thread, in the pages order', async () => {
    const jobs = fixtureJobs();
    expect(jobs.length).toBeGreaterThan(10);
    const parallel = [];
    for await (const result of extractInParallel(jobs, 3, join(outDir, 'extract-worker.mjs'))) parallel.push(result);
    expect(parallel).toEqual(jobs.map(extractSavedPage));
  }, 120_000);

  it('the built command prints the same on threads as with --jobs 1', () => {
    const run = (...extra: string[]) => spawnSync(process.execPath, [join(outDir, 'earshot.mjs'), 'extract', '.', '--now', '2030-01-01', ...extra], { cwd: PAGES, encoding: 'utf8' });
    const threads = run('--jobs', '3');
    const serial = run('--jobs', '1');
    expect(threads.status, threads.stderr).toBe(0);
    expect(threads.stdout.split('\n').length).toBeGreaterThan(10);
    expect({ stdout: threads.stdout, stderr: threads.stderr, status: threads.status }).toEqual({ stdout: serial.stdout, stderr: serial.stderr, status: serial.status });
  }, 120_000);

  it('names the page a worker could not read', async () => {
    const missing: PageJob = { file: join(PAGES, 'no-such-page.html'), name: 'no-such-page.html', url: undefined, siteId: undefined, now: NOW };
    const results = extractInParallel([...fixtureJobs().slice(0, 2), missing], 2, join(outDir, 'extract-worker.mjs'));
    await expect(async () => {
      for await (const _ of results) void _;
    }).rejects.toThrow(/no-such-page\.html: ENOENT/);
  }, 120_000);
});
