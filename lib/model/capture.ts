import { z } from '../zod';
import { Count, IsoDate, NonEmpty, Url } from './common';
import { Platform } from './platform';

/** Badges a platform shows next to a person. Free text is kept for the rare others. */
export const KNOWN_BADGES = [
  'vine-voice',
  'top-reviewer',
  'hall-of-fame',
  'early-reviewer',
  'local-guide',
  'yelp-elite',
  'verified',
  'verified-buyer',
] as const;
export const Badge = z.string().trim().min(1).max(60);

export const PAGE_KINDS = ['reviews', 'profile', 'post', 'unknown'] as const;
export const PageKind = z.enum(PAGE_KINDS);
export type PageKind = z.infer<typeof PageKind>;

export const CONTRIBUTION_TYPES = ['review', 'post', 'comment'] as const;
export const ContributionType = z.enum(CONTRIBUTION_TYPES);
export type ContributionType = z.infer<typeof ContributionType>;

/** A person seen on a page: FORMATS.md 'captured page' profiles[]. */
export const CapturedProfile = z.object({
  platform: Platform,
  /** The person's stable id on that platform: handle, or the path of the profile URL. */
  key: NonEmpty.max(300),
  displayName: NonEmpty.max(300),
  handle: z.string().max(300).optional(),
  profileUrl: Url.optional(),
  followers: Count.optional(),
  following: Count.optional(),
  posts: Count.optional(),
  reviewCount: Count.optional(),
  helpfulVotes: Count.optional(),
  badges: z.array(Badge).max(20).optional(),
  verified: z.boolean().optional(),
  location: z.string().max(300).optional(),
  bio: z.string().max(2000).optional(),
  website: z.string().max(500).optional(),
});
export type CapturedProfile = z.infer<typeof CapturedProfile>;

/** A review, post or comment seen on a page: FORMATS.md contributions[]. */
export const CapturedContribution = z.object({
  profileKey: NonEmpty.max(300),
  /**
   * The contribution's stable id on its platform (a review id, a post or video
   * id) when the page shows one. Storage dedupes on it: dates read as "a week
   * ago" land on another day at every visit, ids do not.
   */
  key: NonEmpty.max(300).optional(),
  type: ContributionType,
  rating: z.number().min(1).max(5).optional(),
  date: IsoDate.optional(),
  /** A snippet, not the whole text: privacy by design keeps what a list needs. */
  text: z.string().max(5000).optional(),
  helpfulVotes: Count.optional(),
  verifiedPurchase: z.boolean().optional(),
  subject: z.string().max(500).optional(),
});
export type CapturedContribution = z.infer<typeof CapturedContribution>;

/**
 * Contributions of one type a page held more of than a capture keeps (the
 * caps that keep a content script's message small): `read` of `found` were kept.
 */
export const CappedContributions = z.object({
  type: ContributionType,
  read: Count,
  found: Count,
});
export type CappedContributions = z.infer<typeof CappedContributions>;

/** What an extractor produces for one page (FORMATS.md 'captured page'). */
export const CapturedPage = z.object({
  url: Url,
  site: NonEmpty.max(40),
  kind: PageKind,
  profiles: z.array(CapturedProfile).max(2000),
  contributions: z.array(CapturedContribution).max(5000),
  /** Present only when a cap left contributions out: the page is not all there is. */
  capped: z.array(CappedContributions).max(CONTRIBUTION_TYPES.length).optional(),
});
export type CapturedPage = z.infer<typeof CapturedPage>;
