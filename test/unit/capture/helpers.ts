/** Shared by the capture tests: the saved pages, their cases and goldens. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseHTML } from 'linkedom';
import type { CapturedPage } from '../../../lib/model/capture';

export const PAGES = fileURLToPath(new URL('../../fixtures/pages/', import.meta.url));

export interface FixtureCase {
  /** Path under test/fixtures/pages, e.g. "amazon/dawn-product-reviews-2024.html". */
  page: string;
  /** The address the page was saved from. */
  url: string;
  /** The moment relative dates count from (the day the page was saved), when the page has any. */
  now?: string;
}

export const CASES: FixtureCase[] = JSON.parse(readFileSync(join(PAGES, 'cases.json'), 'utf8')) as FixtureCase[];

/** A clock for pages without relative dates: far from any capture date, so a wrong use shows. */
export const DEFAULT_NOW = Date.parse('2030-01-01T00:00:00Z');

export function pageHtml(page: string): string {
  return readFileSync(join(PAGES, page), 'utf8');
}

export function loadPage(page: string): Document {
  return parseHTML(pageHtml(page)).document as unknown as Document;
}

export function golden(page: string): CapturedPage {
  return JSON.parse(readFileSync(join(PAGES, page.replace(/\.html$/, '.expected.json')), 'utf8')) as CapturedPage;
}

export function caseFor(page: string): FixtureCase {
  const found = CASES.find((c) => c.page === page);
  if (!found) throw new Error(`no case for ${page} in cases.json`);
  return found;
}

export function nowOf(c: FixtureCase): number {
  return c.now ? Date.parse(c.now) : DEFAULT_NOW;
}

/** A document from an HTML string (for pages built in a test). */
export function htmlDocument(html: string): Document {
  return parseHTML(html).document as unknown as Document;
}
