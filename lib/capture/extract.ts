/**
 * Running one site module over one page. Mandatory fields fail loudly: a
 * module throws LayoutChanged naming the strategy that found nothing, and
 * the page is reported 'broken' (with whatever it did read), never as an
 * empty page as if nobody were there. Nothing escapes as an exception.
 */
import type { ExtractContext, ExtractOutcome, SiteDefinition } from './types';
import { PageBuilder } from './builder';

/** A mandatory field or element could not be read: the site's layout changed. */
export class LayoutChanged extends Error {
  override name = 'LayoutChanged';
  constructor(
    /** The strategy that failed, e.g. "amazon review cards [data-hook=review]". */
    readonly strategy: string,
    detail: string,
  ) {
    super(`${strategy}: ${detail}`);
  }
}

/** The value, or LayoutChanged naming the strategy that should have produced it. */
export function required<T>(value: T | undefined | null | '', strategy: string, what: string): T {
  if (value === undefined || value === null || value === '') throw new LayoutChanged(strategy, `no ${what}`);
  return value;
}

/**
 * Run `read` for every item (a review card, a post), keeping the items that
 * succeed. When any item's mandatory field fails, the page is broken: the
 * problem says how many items failed and why the first one did.
 */
export function eachItem<T>(items: readonly T[], strategy: string, read: (item: T, index: number) => void): void {
  let failed = 0;
  let first: LayoutChanged | undefined;
  items.forEach((item, index) => {
    try {
      read(item, index);
    } catch (error) {
      if (!(error instanceof LayoutChanged)) throw error;
      failed++;
      first ??= error;
    }
  });
  if (first) throw new LayoutChanged(first.strategy, `${failed} of ${items.length} ${strategy}: ${first.message.slice(first.strategy.length + 2)}`);
}

export interface ExtractOptions {
  /** The clock for relative dates ("2 weeks ago"); defaults to the current time. */
  now?: number;
  /**
   * Milliseconds the generic extractor may spend on the page; absent, it reads the page whole (the
   * command line, the tests). Content scripts pass one, so a hostile page cannot hold them up.
   */
  budgetMs?: number;
}

const PROBLEM_MAX = 480;

/** Run a site over a document and say what it found, or why it could not. */
export function extractWith(site: SiteDefinition, document: Document, url: string, options: ExtractOptions = {}): ExtractOutcome {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    parsed = new URL('about:blank');
  }
  const builder = new PageBuilder(site.id, site.platform, parsed.href);
  const ctx: ExtractContext = { document, url: parsed, now: options.now ?? Date.now(), page: builder, ...(options.budgetMs === undefined ? {} : { budgetMs: options.budgetMs }) };
  let problem: string | undefined;
  if (!/^https?:$/.test(parsed.protocol)) {
    problem = `not a web page address: ${url.slice(0, 80)}`;
  } else if (site.handles(parsed)) {
    try {
      site.extract(ctx);
    } catch (error) {
      problem =
        error instanceof LayoutChanged
          ? `${site.id}: layout changed: ${error.message}`
          : `${site.id}: extractor failed: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  const { page, contributionIds } = builder.build();
  const status = problem ? 'broken' : page.profiles.length === 0 ? 'empty' : 'ok';
  return {
    status,
    page,
    ...(problem ? { problem: problem.slice(0, PROBLEM_MAX) } : {}),
    warnings: builder.warnings,
    contributionIds,
    anchors: builder.anchors,
  };
}

/**
 * A module's outcome, or, when it finds nobody on a page it handles, what the
 * generic extractor finds there (see withFallback).
 */
export function extractWithFallback(site: SiteDefinition, fallback: SiteDefinition, document: Document, url: string, options: ExtractOptions = {}): ExtractOutcome {
  const outcome = extractWith(site, document, url, options);
  if (site === fallback || !foundNobody(site, outcome, url)) return outcome;
  return withFallback(site, outcome, extractWith(fallback, document, url, options));
}

/** The module found nobody on a page it handles: the generic extractor should look. */
export function foundNobody(site: SiteDefinition, outcome: ExtractOutcome, url: string): boolean {
  return outcome.page.profiles.length === 0 && handlesUrl(site, url);
}

/**
 * What the fallback found, in place of the module's empty outcome. Its people
 * are kept (under the module's site, keyed the generic way), but the page
 * stays loud: it is reported broken, the problem saying the fallback was
 * used, so its report is sent partial and the module's breakage is counted.
 */
export function withFallback(site: SiteDefinition, outcome: ExtractOutcome, found: ExtractOutcome): ExtractOutcome {
  if (found.page.profiles.length === 0) return outcome;
  const why = outcome.problem ?? `${site.id}: found nobody on a page it handles`;
  const people = found.page.profiles.length;
  return {
    ...found,
    status: 'broken',
    page: { ...found.page, site: site.id },
    problem: `${why.slice(0, PROBLEM_MAX - 90)}; fallback: the generic extractor found ${people} ${people === 1 ? 'person' : 'people'}`,
    warnings: [...outcome.warnings, ...found.warnings],
  };
}

function handlesUrl(site: SiteDefinition, url: string): boolean {
  try {
    const parsed = new URL(url);
    return /^https?:$/.test(parsed.protocol) && site.handles(parsed);
  } catch {
    return false;
  }
}
