// Runs inside a page Chromium loaded and laid out (bundled by bench/browser.ts): the generic
// extractor as "Capture this page" runs it (entrypoints/generic.content.ts), timed over several runs.
import { generic } from '../lib/capture/sites/generic';
import { extractWith } from '../lib/capture/extract';
import { ON_DEMAND_BUDGET_MS } from '../lib/capture/generic/budget';
import { DEEP_PAGE, nestThreadDeep } from '../test/fixtures/hostile-pages';

export interface Timing {
  /** Milliseconds per timed run, in run order. */
  times: number[];
  contributions: number;
  people: number;
  /** The last run's outcome. */
  status: string;
  partial: boolean;
  /** The page's markup changed while it was read (it must never be). */
  changedPage: boolean;
}

/** `runs` timed extractions of the loaded page (the caller runs one first: the script's compile is not timed). */
export function timeExtraction(runs: number, now: number, budgetMs: number = ON_DEMAND_BUDGET_MS): Timing {
  const doc = detached ?? document;
  const before = fingerprint(doc);
  const times: number[] = [];
  let partial = false;
  let last: ReturnType<typeof extractWith> | undefined;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    last = extractWith(generic, doc, location.href, { now, budgetMs });
    times.push(performance.now() - started);
    partial ||= last.warnings.some((w) => w.includes('read in part'));
  }
  return {
    times,
    contributions: last?.page.contributions.length ?? 0,
    people: last?.page.profiles.length ?? 0,
    status: last?.status ?? 'not run',
    partial,
    changedPage: fingerprint(doc) !== before,
  };
}

/** The document read instead of the loaded page, once `nestDeep` has built it. */
let detached: Document | undefined;

/**
 * A thread `depth` elements down, in a document of its own that is never laid out: Chromium's tab
 * itself crashes laying out 100,000 nested elements, so no page that deep is ever there to read.
 * (Its parser caps nesting, so DOM calls build it.)
 */
export function nestDeep(depth: number): void {
  detached = new DOMParser().parseFromString(DEEP_PAGE, 'text/html');
  nestThreadDeep(detached, depth);
}

/**
 * What markup written into the page would change: the number of elements and attributes and the
 * text (serialising a tree 100,000 deep would overflow the stack).
 */
function fingerprint(doc: Document): string {
  const all = doc.getElementsByTagName('*');
  let attributes = 0;
  for (let i = 0; i < all.length; i++) attributes += all[i]!.attributes.length;
  return `${all.length} ${attributes} ${doc.documentElement.textContent ?? ''}`;
}
