import { z } from '../zod';
import { NonEmpty, Timestamp } from './common';
import { PageKind } from './capture';

/**
 * The last capture of one page: which people were on it, so the popup can list
 * them. Keyed by the page URL without its fragment.
 */
export const PageVisit = z.object({
  url: NonEmpty,
  site: NonEmpty,
  kind: PageKind,
  capturedAt: Timestamp,
  profileIds: z.array(z.string()),
  /** `broken`: a known site whose layout no longer yields the people on it. */
  status: z.enum(['ok', 'empty', 'broken']),
  problem: z.string().optional(),
});
export type PageVisit = z.infer<typeof PageVisit>;

export function pageKey(url: string): string {
  const hash = url.indexOf('#');
  return hash === -1 ? url : url.slice(0, hash);
}
