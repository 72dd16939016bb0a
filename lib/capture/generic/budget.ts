/**
 * Time limits for one generic extraction: a page of 100,000 nodes or a
 * script of megabytes is read as far as the time allows, so a content script
 * never holds the page up for long. Checking the clock costs, so it is looked
 * at every few calls; once spent, a budget stays spent.
 */

/**
 * Milliseconds the fallback in a module's content script may spend on a page
 * per run (it runs again at each change of the page): a hostile page is read
 * as far as this allows. The command line and the tests read pages whole.
 */
export const BUDGET_MS = 40;

/**
 * Milliseconds "Capture this page" may spend: one run the user asked for.
 * Real pages take tens of milliseconds, more in a freshly injected script
 * (bench/capture.ts); 40 ms left most of a forum thread unread in Chromium
 * (test/e2e/generic-capture.spec.ts found 7 of its 26 people).
 */
export const ON_DEMAND_BUDGET_MS = 1000;

export interface Budget {
  /** Whether the time is up (cheap: the clock is read every 32 calls). */
  spent(): boolean;
}

/** No limit: the command line and the tests read every page whole. */
export const UNLIMITED: Budget = { spent: () => false };

export function budget(ms: number): Budget {
  if (!Number.isFinite(ms)) return UNLIMITED;
  const end = performance.now() + ms;
  let calls = 0;
  let over = false;
  return {
    spent() {
      if (!over && (++calls & 31) === 0) over = performance.now() > end;
      return over;
    },
  };
}
