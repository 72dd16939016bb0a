/**
 * What the generic strategies (schema.org, embedded application state,
 * repeated page structures) find, in one shape, so the generic site module
 * can compare them and send the best to the page builder.
 */
import type { ContributionRole, ContributionType, RatingScale } from '../../model/capture';

export interface FoundAuthor {
  name: string;
  /** Their profile or own website, absolute. */
  url?: string | undefined;
}

/** A review, comment, post or answer: who wrote it and what the page shows of it. */
export interface FoundItem {
  author: FoundAuthor;
  type: ContributionType;
  /** The page's own id for it, when it has one. */
  id?: string | undefined;
  date?: string | undefined;
  rating?: number | undefined;
  ratingScale?: RatingScale | undefined;
  text?: string | undefined;
  /** What it is about (a product, a film), when the strategy knows. */
  subject?: string | undefined;
  /** 0 = top level. */
  depth: number;
  role?: ContributionRole | undefined;
  /** Where the author's name is on the page (badges sit next to it). */
  anchor?: Element | undefined;
}

/** What one strategy found on the page, with a score to weigh it against the others. */
export interface Found {
  strategy: 'schema' | 'state' | 'page';
  items: FoundItem[];
  /** How much the strategy trusts its items, 0-1; the items' number is weighed separately. */
  confidence: number;
}
