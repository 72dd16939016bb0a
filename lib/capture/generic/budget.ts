/**
 * Time limits for one generic extraction: a page of 100,000 nodes or a
 * script of megabytes is read as far as the time allows, so a content script
 * never holds the page up for long. Checking the clock costs, so it is looked
 * at every few calls; once spent, a budget stays spent.
 */
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
