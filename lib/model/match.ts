import { z } from '../zod';
import { NonEmpty, Timestamp } from './common';

/** What the matcher decided (FORMATS.md matches.jsonl `decision`). */
export const MATCH_DECISIONS = ['auto', 'review', 'none'] as const;
export const MatchDecision = z.enum(MATCH_DECISIONS);
export type MatchDecision = z.infer<typeof MatchDecision>;

/** One field's contribution to a match: which level it agreed at and the weight it added. */
export const Evidence = z.object({
  field: NonEmpty,
  /** The comparison level, e.g. exact, jaro-winkler>=0.92, nickname, transliteration, disagree. */
  comparison: NonEmpty,
  /** log2(m/u) of that level: positive for agreement, negative for disagreement. */
  weight: z.number().finite(),
});
export type Evidence = z.infer<typeof Evidence>;

/** One line of matches.jsonl. */
export const MatchLine = z.object({
  profileId: NonEmpty,
  customerId: NonEmpty.nullable(),
  score: z.number().min(0).max(1),
  decision: MatchDecision,
  evidence: z.array(Evidence),
});
export type MatchLine = z.infer<typeof MatchLine>;

/**
 * The state of a match as stored: the matcher's proposal, or a person's
 * decision, which outranks any score.
 * - auto / review / none: the matcher's decision
 * - confirmed: a person linked the profile to `customerId`
 * - rejected: a person said the profile is none of the customers proposed so far
 */
export const MATCH_STATUSES = ['auto', 'review', 'none', 'confirmed', 'rejected'] as const;
export const MatchStatus = z.enum(MATCH_STATUSES);
export type MatchStatus = z.infer<typeof MatchStatus>;

export const Match = z.object({
  profileId: NonEmpty,
  customerId: NonEmpty.nullable(),
  score: z.number().min(0).max(1),
  status: MatchStatus,
  evidence: z.array(Evidence),
  decidedBy: z.enum(['matcher', 'user']),
  decidedAt: Timestamp,
  /** Customers a person rejected for this profile; never proposed again. */
  rejectedCustomerIds: z.array(NonEmpty).default([]),
});
export type Match = z.infer<typeof Match>;

/** True when the profile counts as linked to its customer in the views. */
export function isLinked(match: Pick<Match, 'status' | 'customerId'>): boolean {
  return match.customerId !== null && (match.status === 'auto' || match.status === 'confirmed');
}
