/**
 * A person's decision about one (profile, customer) pair as a team shares it
 * through the CRM: who decided, when, and whether it settles a disagreement.
 * The CRM keeps these on the customer's contact (docs/team-sync.md).
 */
import { z } from '../zod';

export const TeamDecisionKind = z.enum(['confirm', 'reject']);
export type TeamDecisionKind = z.infer<typeof TeamDecisionKind>;

/** Who decided: a person's name or email, or an install id; printable, one line. */
export const TeamAuthor = z
  .string()
  .trim()
  .min(1, 'an author needs a name')
  .max(120, 'an author has at most 120 characters')
  .regex(/^[^\p{C}]+$/u, 'an author cannot contain control characters');

/** The author typed in the settings form: an empty box is no author (the install's generated id stands in). */
export function teamAuthorField(value: unknown): string | undefined {
  const typed = typeof value === 'string' ? value.trim() : '';
  return typed === '' ? undefined : typed;
}

export const TeamDecision = z.object({
  kind: TeamDecisionKind,
  profileId: z.string().min(1),
  customerId: z.string().min(1),
  /**
   * Null only for a rejection compacted to fit the CRM's field: the pair is
   * still rejected, but who and when were given up to make room.
   */
  author: TeamAuthor.nullable(),
  /** Epoch milliseconds, whole seconds (the encoding keeps seconds); null when compacted. */
  at: z.number().int().nonnegative().nullable(),
  /**
   * Made by someone who saw every earlier decision on the pair (a conflict
   * resolved by choosing): it outranks every earlier decision, whoever made it.
   */
  settles: z.boolean(),
});
export type TeamDecision = z.infer<typeof TeamDecision>;

/** The key of the pair a decision is about. */
export function pairKey(d: Pick<TeamDecision, 'profileId' | 'customerId'>): string {
  return `${d.profileId}\u0000${d.customerId}`;
}

/** One line's identity: the same decision read twice is the same decision. */
export function decisionKey(d: TeamDecision): string {
  return [d.kind, d.settles ? 1 : 0, d.profileId, d.customerId, d.author ?? '', d.at ?? ''].join('\u0000');
}

/** Milliseconds cut to whole seconds, as the CRM keeps them. */
export function toDecisionTime(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}
