/**
 * Import throughput: the CSV importer on 10k and 100k customers in Node, the
 * whole `earshot import` command on 100k, and writing customers to IndexedDB
 * in real Chromium.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importCsv } from '../lib/crm/import';
import { CUSTOMERS_HEADER, customerCsvLine } from '../lib/crm/formats';
import { generateCustomers } from '../lib/sample/crm';
import { textChunks } from '../lib/cli/read';
import { bundleForBrowser, round, withChromiumPage } from './browser';

const root = fileURLToPath(new URL('..', import.meta.url));

async function customersFile(dir: string, count: number): Promise<string> {
  const path = join(dir, `customers-${count}.csv`);
  const lines = generateCustomers({ customers: count, seed: 11 }).map((c) => customerCsvLine(c.customer));
  await writeFile(path, CUSTOMERS_HEADER + lines.join(''));
  return path;
}

async function importerThroughput(path: string) {
  const started = performance.now();
  let rows = 0;
  await importCsv(textChunks(path), { kind: 'customers' }, (batch) => {
    rows += batch.rows.length;
  });
  const seconds = (performance.now() - started) / 1000;
  return { rows, seconds: round(seconds, 3), customersPerSecond: Math.round(rows / seconds), megabytes: round((await stat(path)).size / 2 ** 20, 1) };
}

function cliImport(path: string, dir: string) {
  const bin = join(root, 'bin', 'earshot.mjs');
  const started = performance.now();
  const run = spawnSync(process.execPath, [bin, 'import', '--customers', path, '--db', join(dir, 'bench.db'), '--quiet'], { encoding: 'utf8' });
  const seconds = (performance.now() - started) / 1000;
  // A command line that fails is a broken build, not a figure: the bench (and CI) fails with it.
  if (run.status !== 0) throw new Error(`earshot import failed: ${run.stderr.trim() || `exit ${run.status}`}`);
  // The summary is the last line on stderr (stdout carries data only).
  const summary = run.stderr.trim().split('\n').pop() ?? '';
  const report = JSON.parse(summary) as { customers: { ok: number } };
  return { rows: report.customers.ok, seconds: round(seconds, 3), customersPerSecond: Math.round(report.customers.ok / seconds) };
}

export async function run({ quick }: { quick: boolean }): Promise<Record<string, unknown>> {
  const dir = await mkdtemp(join(tmpdir(), 'earshot-import-'));
  try {
    const sizes = quick ? [10_000] : [10_000, 100_000];
    const importer: Record<string, unknown> = {};
    let largest = '';
    for (const n of sizes) {
      largest = await customersFile(dir, n);
      importer[String(n)] = await importerThroughput(largest);
    }
    const cli = cliImport(largest, dir);

    const script = await bundleForBrowser(join(root, 'bench', 'db.page.ts'));
    const chromiumWrites: Record<string, unknown> = {};
    await withChromiumPage(script, async (page) => {
      for (const n of sizes) {
        const r = await page.evaluate(
          ([count]) => (globalThis as unknown as { earshotBench: { writeCustomers(c: number, b: number): Promise<{ ms: number; stored: number }> } }).earshotBench.writeCustomers(count!, 10_000),
          [n],
        );
        chromiumWrites[String(n)] = { stored: r.stored, seconds: round(r.ms / 1000, 3), customersPerSecond: Math.round(r.stored / (r.ms / 1000)), microsecondsPerCustomer: round((r.ms * 1000) / r.stored, 1) };
      }
    });
    return { csvImporter: importer, cliImport: cli, chromiumIndexedDbWrites: chromiumWrites };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
