/**
 * Benchmarks in real Chromium: bundle a TypeScript entry for the browser with
 * Vite, serve it from 127.0.0.1 and drive the page with Playwright. IndexedDB
 * in the page is Chromium's own, so figures are what the extension will see.
 */
import { createServer, type Server } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { build } from 'vite';
import preact from '@preact/preset-vite';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags that keep Chromium from reaching out to the network from this sandbox. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

/**
 * Bundle an entry module into one classic script for a page (the extension's Preact pages included).
 * `minify: false` keeps the functions' names, for a CPU profile that says where the time went.
 */
export async function bundleForBrowser(entry: string, { minify = true }: { minify?: boolean } = {}): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), 'earshot-bench-'));
  try {
    await build({
      configFile: false,
      logLevel: 'warn',
      plugins: [preact()],
      resolve: { alias: { '@': ROOT.replace(/\/$/, '') } },
      build: {
        outDir,
        emptyOutDir: true,
        minify,
        target: 'es2022',
        lib: { entry, formats: ['iife'], name: 'EarshotBench', fileName: () => 'bench.js' },
      },
    });
    return await readFile(join(outDir, 'bench.js'), 'utf8');
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

/**
 * Open a page on a local origin with `script` loaded, hand it to `fn`, and
 * clean up. The page's origin is fresh per run, so IndexedDB starts empty.
 *
 * The browser runs on a real profile folder, as the extension does. A plain
 * `browser.newPage()` opens an off-the-record context, whose IndexedDB is held
 * in memory: there, writing a million records measured 5-6x slower than on
 * disk, and growing worse with size, so it is not what users get.
 */
export async function withChromiumPage<T>(script: string, fn: (page: Page) => Promise<T>): Promise<T> {
  const server: Server = createServer((req, res) => {
    if (req.url === '/bench.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(script);
    } else {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><meta charset="utf-8"><title>bench</title><script src="/bench.js"></script>');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  let context: BrowserContext | undefined;
  const profile = await mkdtemp(join(tmpdir(), 'earshot-bench-profile-'));
  try {
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(0);
    await page.goto(`http://127.0.0.1:${port}/`);
    return await fn(page);
  } finally {
    await context?.close();
    await rm(profile, { recursive: true, force: true });
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/**
 * The page's main-thread CPU time in milliseconds so far (Chromium's ThreadTime): unlike the clock,
 * it does not grow while a busy machine keeps the thread waiting for a core.
 */
export async function threadTimer(page: Page): Promise<() => Promise<number>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return async () => ((await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ThreadTime')?.value ?? NaN) * 1000;
}

/**
 * CPU time `work` keeps the page's main thread busy, without what one round trip to the page costs
 * the thread by itself.
 */
export async function cpuOf<T>(page: Page, threadMs: () => Promise<number>, work: () => Promise<T>): Promise<{ result: T; cpuMs: number }> {
  const idleStart = await threadMs();
  await page.evaluate(() => 0);
  const idle = (await threadMs()) - idleStart;
  const start = await threadMs();
  const result = await work();
  return { result, cpuMs: (await threadMs()) - start - idle };
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** The parts of a CDP CPU profile (Profiler.stop) read here. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number; children?: number[] }[];
  startTime: number;
  endTime: number;
  samples?: number[];
}

export interface ProfileLine {
  fn: string;
  /** Share of the sampled time in the function itself. */
  selfShare: number;
  /** Share of the sampled time in the function and what it called (recursion counted once). */
  totalShare: number;
}

/** The CPU profile of `work` on the page's main thread (CDP Profiler, sampling every `intervalUs`). */
export async function profileOf<T>(page: Page, work: () => Promise<T>, intervalUs = 100): Promise<{ result: T; profile: CpuProfile }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: intervalUs });
  await cdp.send('Profiler.start');
  const result = await work();
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
  await cdp.detach();
  return { result, profile };
}

/** The functions the samples fell in most, by their own time, with their time including callees. */
export function topFunctions(profile: CpuProfile, count = 15): ProfileLine[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const keyOf = (id: number) => {
    const { functionName, lineNumber } = byId.get(id)!.callFrame;
    return `${functionName || '(anonymous)'}:${lineNumber + 1}`;
  };
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  // Walk the call tree once, carrying the keys on the stack so recursion is counted once.
  const visit = (id: number, onStack: ReadonlySet<string>): number => {
    const node = byId.get(id)!;
    const key = keyOf(id);
    const hits = node.hitCount ?? 0;
    self.set(key, (self.get(key) ?? 0) + hits);
    const inner = new Set(onStack).add(key);
    let sum = hits;
    for (const child of node.children ?? []) sum += visit(child, inner);
    if (!onStack.has(key)) total.set(key, (total.get(key) ?? 0) + sum);
    return sum;
  };
  visit(profile.nodes[0]!.id, new Set());
  // Shares of the time the thread was working: waiting between round trips is not the extraction's.
  const idle = new Set(['(idle):0', '(program):0', '(root):0']);
  const all = [...self].reduce((sum, [key, hits]) => (idle.has(key) ? sum : sum + hits), 0);
  return [...self]
    .filter(([key]) => !idle.has(key))
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([fn, hits]) => ({ fn, selfShare: round(hits / all, 3), totalShare: round((total.get(fn) ?? hits) / all, 3) }));
}
