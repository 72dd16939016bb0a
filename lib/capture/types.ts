/**
 * The contract between the capture runtime and the site modules. Types only
 * come from lib/model (never zod values), so content scripts stay small.
 */
import type { CapturedPage, PageKind } from '../model/capture';
import type { Platform } from '../model/platform';
import type { PageBuilder } from './builder';

/** What an extractor works on: the page, its address, and the clock relative dates count from. */
export interface ExtractContext {
  document: Document;
  url: URL;
  /** Milliseconds since the epoch: "2 weeks ago" is resolved against it. */
  now: number;
  page: PageBuilder;
  /** Milliseconds a strategy that reads the whole page may spend (the generic extractor); its default when absent. */
  budgetMs?: number;
}

/**
 * One site: the registry holds one of these per site. `matches` are the
 * content script's match patterns; `examples` are URLs the routing test
 * expects this site (and no other) to claim.
 */
export interface SiteDefinition {
  id: string;
  platform: Platform;
  matches: readonly string[];
  examples: readonly string[];
  /** Cheap, URL-only: whether this address is a page the site captures (a product, a profile, a video). */
  handles(url: URL): boolean;
  /** Fill ctx.page from the document; throw LayoutChanged when a mandatory field cannot be read. */
  extract(ctx: ExtractContext): void;
}

export type ExtractStatus = 'ok' | 'empty' | 'broken';

/** The result of running a site over a page. Never thrown: a broken layout is a status. */
export interface ExtractOutcome {
  status: ExtractStatus;
  page: CapturedPage;
  /** For a broken page: which strategy failed and how, short enough for the popup. */
  problem?: string;
  /** Optional fields that could not be read; never fatal. */
  warnings: string[];
  /**
   * Stable identities of page.contributions (same order): the site's own id
   * where the page shows one (a review id, a post URL), else derived from
   * the fields. The live runtime sends each one once.
   */
  contributionIds: string[];
  /** Where each person appears on the page (by profile key), for in-page badges. Not serialised. */
  anchors: Map<string, Element[]>;
}

export type { PageKind };
