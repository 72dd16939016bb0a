/**
 * Capture costs, per saved page: extraction time (median and p95 over
 * repetitions) in Node with linkedom and in real Chromium (the extractors
 * bundled for the browser, the page parsed with DOMParser), and the gzipped
 * size of each built content script. Targets: under 5 ms for a 20-review page
 * (the Trustpilot pages), under 30 KB gzipped per content script.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { parseHTML } from 'linkedom';
import { extractPage } from '../lib/capture/registry';
import { CHROMIUM_PATH, bundleForBrowser, percentile, round, withChromiumPage } from './browser';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PAGES = join(ROOT, 'test/fixtures/pages');
const OUT_DIR = '/tmp/capture-out';
const SCRIPT_BUDGET_BYTES = 30 * 1024;
const TARGET_MS_20_REVIEWS = 5;

interface Case {
  page: string;
  url: string;
  now?: string;
}

interface PageFigures {
  bytes: number;
  people: number;
  contributions: number;
  parseMs: number;
  nodeMedianMs: number;
  nodeP95Ms: number;
  chromiumMedianMs?: number;
  chromiumP95Ms?: number;
}

export async function run(options: { quick: boolean }): Promise<Record<string, unknown>> {
  const repetitions = options.quick ? 5 : 40;
  const cases = JSON.parse(readFileSync(join(PAGES, 'cases.json'), 'utf8')) as Case[];
  const pages: Record<string, PageFigures> = {};

  for (const c of cases) {
    const html = readFileSync(join(PAGES, c.page), 'utf8');
    const t0 = performance.now();
    const { document } = parseHTML(html);
    const parseMs = performance.now() - t0;
    const now = c.now ? Date.parse(c.now) : Date.now();
    const times: number[] = [];
    let people = 0;
    let contributions = 0;
    // One untimed run warms the JIT, as a content script's first page does not count its compile.
    extractPage(document as unknown as Document, c.url, { now });
    for (let i = 0; i < repetitions; i++) {
      const started = performance.now();
      const outcome = extractPage(document as unknown as Document, c.url, { now });
      times.push(performance.now() - started);
      people = outcome.page.profiles.length;
      contributions = outcome.page.contributions.length;
    }
    times.sort((a, b) => a - b);
    pages[c.page] = {
      bytes: html.length,
      people,
      contributions,
      parseMs: round(parseMs),
      nodeMedianMs: round(percentile(times, 50)),
      nodeP95Ms: round(percentile(times, 95)),
    };
  }

  const chromium = existsSync(CHROMIUM_PATH) ? await inChromium(cases, repetitions, pages) : { skipped: `no Chromium at ${CHROMIUM_PATH}` };
  const twentyReviewPages = Object.entries(pages).filter(([, f]) => f.contributions === 20);
  return {
    repetitions,
    pages,
    twentyReviewPages: {
      target: `< ${TARGET_MS_20_REVIEWS} ms`,
      worstNodeMedianMs: Math.max(...twentyReviewPages.map(([, f]) => f.nodeMedianMs)),
      worstChromiumMedianMs: twentyReviewPages.some(([, f]) => f.chromiumMedianMs !== undefined)
        ? Math.max(...twentyReviewPages.map(([, f]) => f.chromiumMedianMs ?? 0))
        : undefined,
    },
    chromium,
    contentScripts: contentScriptSizes(),
  };
}

/** The extractors bundled for the browser, each page parsed there with DOMParser and extracted repeatedly. */
async function inChromium(cases: Case[], repetitions: number, pages: Record<string, PageFigures>): Promise<Record<string, unknown>> {
  const script = await bundleForBrowser(join(ROOT, 'lib/capture/registry.ts'));
  return withChromiumPage(script, async (page) => {
    for (const c of cases) {
      const html = readFileSync(join(PAGES, c.page), 'utf8');
      const times = await page.evaluate(
        ({ html, url, now, repetitions }) => {
          const api = (globalThis as unknown as { EarshotBench: { extractPage: (d: Document, u: string, o: { now: number }) => unknown } }).EarshotBench;
          const doc = new DOMParser().parseFromString(html, 'text/html');
          api.extractPage(doc, url, { now });
          const out: number[] = [];
          for (let i = 0; i < repetitions; i++) {
            const started = performance.now();
            api.extractPage(doc, url, { now });
            out.push(performance.now() - started);
          }
          return out;
        },
        { html, url: c.url, now: c.now ? Date.parse(c.now) : Date.now(), repetitions },
      );
      times.sort((a, b) => a - b);
      const figures = pages[c.page]!;
      figures.chromiumMedianMs = round(percentile(times, 50));
      figures.chromiumP95Ms = round(percentile(times, 95));
    }
    return { browser: CHROMIUM_PATH, parsedWith: 'DOMParser' };
  });
}

/** Build the extension into a scratch folder and gzip each content script. */
function contentScriptSizes(): Record<string, unknown> {
  rmSync(OUT_DIR, { recursive: true, force: true });
  execFileSync('npx', ['wxt', 'build'], { cwd: ROOT, env: { ...process.env, EARSHOT_OUT_DIR: OUT_DIR }, stdio: 'ignore' });
  const dir = join(OUT_DIR, 'chrome-mv3', 'content-scripts');
  const sizes: Record<string, { bytes: number; gzipBytes: number }> = {};
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.js')).sort()) {
    const content = readFileSync(join(dir, file));
    sizes[file] = { bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length };
  }
  const largest = Math.max(...Object.values(sizes).map((s) => s.gzipBytes));
  return { budgetGzipBytes: SCRIPT_BUDGET_BYTES, largestGzipBytes: largest, withinBudget: largest < SCRIPT_BUDGET_BYTES, files: sizes };
}
