/**
 * The review queue: what a person decides, in the order a decision is worth
 * most, each suggestion with the captured profile and the CRM record side by
 * side, the matcher's evidence grouped by the field it compared, and why it
 * was not linked automatically.
 *
 * - Order: value at stake times uncertainty. A suggestion near a coin toss
 *   for a valuable or influential person comes before a near-certain one for
 *   a one-off buyer: that is where a decision changes most.
 * - Groups: suggestions with the same evidence pattern (the same reason and
 *   the same fields agreeing at the same levels) can be decided in one action.
 * - Spot checks: a few automatic links, the least certain first, so that
 *   people learn, and the matcher learns from them, how often those are right
 *   (without checks, nobody would ever see a wrong automatic link).
 */
import type { EarshotDatabase } from '../db/database';
import type { ValueRecord } from '../value';
import { customerRef, profileRef, type Customer, type Evidence, type Match, type Profile } from '../model';

export interface ReviewItem {
  match: Match;
  profile: Profile;
  customer: Customer;
  /** A suggestion, or an automatic link offered for a spot check. */
  kind: 'suggestion' | 'check';
  /** Value at stake times uncertainty: the queue's order. */
  priority: number;
  /** The evidence pattern: items with the same one form a group. */
  pattern: string;
}

export interface ReviewGroup {
  pattern: string;
  /** Why these were not linked automatically (the `decision` evidence line), and what agreed and disagreed. */
  reason: Evidence | undefined;
  evidence: Evidence[];
  items: ReviewItem[];
}

export interface ReviewQueue {
  /** Suggestions, most worth deciding first. */
  suggestions: ReviewItem[];
  /** Suggestions with the same evidence pattern, largest group first (groups of one left out). */
  groups: ReviewGroup[];
  /** Automatic links offered for checking, the least certain first. */
  checks: ReviewItem[];
}

/**
 * Automatic links offered for checking: one for every four suggestions (one check in five decisions, as
 * the bench simulates), at least one while suggestions wait, at most this many. None once the
 * suggestions are done, so that a person can clear the queue.
 */
const MAX_CHECKS = 10;

/** The uncertainty of a decision at probability p, 1 at a coin toss and 0 at certainty. */
export function uncertainty(p: number): number {
  return 4 * p * (1 - p);
}

/** What a decision about this pair is worth: the larger engagement value of the two sides, in the shop's money, plus one. */
export function stakeOf(customerValue: ValueRecord | undefined, profileValue: ValueRecord | undefined): number {
  return 1 + Math.max(Math.abs(customerValue?.engagement ?? customerValue?.financial ?? 0), Math.abs(profileValue?.engagement ?? 0));
}

/** The evidence pattern of a match: its reason and each compared field's level, not the values. */
export function evidencePattern(evidence: readonly Evidence[]): string {
  return evidence
    .filter((e) => e.field !== 'prior')
    .map((e) => `${e.field}.${e.comparison}`)
    .sort()
    .join('|');
}

/** The review queue with the rows it needs, ordered and grouped. */
export async function reviewQueue(db: EarshotDatabase): Promise<ReviewQueue> {
  const [suggested, automatic] = await Promise.all([
    db.matches.where('status').equals('review').toArray(),
    db.matches.where('status').equals('auto').toArray(),
  ]);
  const open = suggested.filter((m) => m.customerId !== null);
  const suggestions = await withRows(db, open, 'suggestion');
  suggestions.sort((a, b) => b.priority - a.priority || b.match.score - a.match.score || a.match.profileId.localeCompare(b.match.profileId));

  const checkCount = suggestions.length === 0 ? 0 : Math.min(MAX_CHECKS, Math.max(1, Math.round(suggestions.length / 4)));
  const leastCertain = automatic
    .filter((m) => m.customerId !== null)
    .sort((a, b) => a.score - b.score || a.profileId.localeCompare(b.profileId))
    .slice(0, checkCount);
  const checks = await withRows(db, leastCertain, 'check');

  const byPattern = new Map<string, ReviewItem[]>();
  for (const item of suggestions) byPattern.set(item.pattern, [...(byPattern.get(item.pattern) ?? []), item]);
  const groups = [...byPattern.values()]
    .filter((items) => items.length > 1)
    .map((items) => {
      const evidence = items[0]!.match.evidence.filter((e) => e.field !== 'prior');
      return { pattern: items[0]!.pattern, reason: evidence.find((e) => e.field === 'decision'), evidence: evidence.filter((e) => e.field !== 'decision'), items };
    })
    .sort((a, b) => b.items.length - a.items.length || a.pattern.localeCompare(b.pattern));
  return { suggestions, groups, checks };
}

async function withRows(db: EarshotDatabase, matches: readonly Match[], kind: ReviewItem['kind']): Promise<ReviewItem[]> {
  const [profiles, customers, profileValues, customerValues] = await Promise.all([
    db.profiles.bulkGet(matches.map((m) => m.profileId)),
    db.customers.bulkGet(matches.map((m) => m.customerId!)),
    db.values.bulkGet(matches.map((m) => profileRef(m.profileId))),
    db.values.bulkGet(matches.map((m) => customerRef(m.customerId!))),
  ]);
  return matches.flatMap((match, i) => {
    const profile = profiles[i];
    const customer = customers[i];
    if (!profile || !customer) return [];
    const priority = stakeOf(customerValues[i], profileValues[i]) * uncertainty(match.score);
    return [{ match, profile, customer, kind, priority, pattern: evidencePattern(match.evidence) }];
  });
}

/**
 * A probability in the words of calibration: of 100 links like this, how many are right. Never 0 or
 * 100: the matcher is never certain, and "100 in 100" would say it is.
 */
export function rightInHundred(probability: number): number {
  return Math.min(99, Math.max(1, Math.round(probability * 100)));
}

/** Why a match was not linked automatically (or was): its `decision` evidence line, if it has one. */
export function decisionReason(evidence: readonly Evidence[]): Evidence | undefined {
  return evidence.find((e) => e.field === 'decision');
}

/** The rows of the side-by-side comparison: what the profile shows and what the CRM holds, per field. */
export interface ComparisonRow {
  field: 'name' | 'handle' | 'email' | 'website' | 'place';
  profile: string;
  customer: string;
  /** The matcher's evidence for this field (a name has two: first name and surname). */
  evidence: Evidence[];
}

const FIELDS_OF: Record<ComparisonRow['field'], readonly string[]> = {
  name: ['given', 'surname'],
  handle: ['handle'],
  email: ['email'],
  website: ['website'],
  place: ['place'],
};

const EMAIL = /[^\s@<>()]+@[^\s@<>()]+\.[a-z]{2,}/i;

export function comparisonRows(profile: Profile, customer: Customer, evidence: readonly Evidence[]): ComparisonRow[] {
  const of = (field: ComparisonRow['field']) => evidence.filter((e) => FIELDS_OF[field].includes(e.field));
  const rows: ComparisonRow[] = [
    { field: 'name', profile: profile.displayName, customer: [customer.firstName, customer.lastName].filter(Boolean).join(' '), evidence: of('name') },
    {
      field: 'handle',
      // Only a handle a person can read: a site's own id for someone (Trustpilot's hex ids) stays out of sight.
      profile: profile.handle ?? '',
      customer: customer.handles.map((h) => `${h.platform}:${h.handle}`).join(', '),
      evidence: of('handle'),
    },
    { field: 'email', profile: profile.bio?.match(EMAIL)?.[0] ?? '', customer: customer.email ?? '', evidence: of('email') },
    { field: 'website', profile: profile.website ?? '', customer: customer.website ?? '', evidence: of('website') },
    { field: 'place', profile: profile.location ?? '', customer: [customer.city, customer.country].filter(Boolean).join(', '), evidence: of('place') },
  ];
  // A field neither side shows and the matcher did not use is noise.
  return rows.filter((r) => r.profile || r.customer || r.evidence.length > 0);
}

/** The evidence that moved the score most: the "top reason" a list shows. */
export function topEvidence(evidence: readonly Evidence[]): Evidence | undefined {
  return evidence.filter((e) => e.field !== 'prior').reduce<Evidence | undefined>((best, e) => (!best || Math.abs(e.weight) > Math.abs(best.weight) ? e : best), undefined);
}
