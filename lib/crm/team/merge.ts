/**
 * The merge rule of team sync (docs/team-sync.md), as pure functions over
 * decisions. Every install reads the same lines from the CRM, so every
 * install computes the same state and lists the same conflicts.
 *
 * - Decisions merge as a set: nothing one install wrote is lost because
 *   another wrote too (order of reading does not matter).
 * - Per person and pair, a person's latest decision is their opinion; a
 *   decision that settles (made choosing between listed opinions) outranks
 *   every earlier one on the pair, whoever made it.
 * - When people's opinions on a pair differ, or two profiles' confirmations
 *   name different customers, that is a conflict: listed, never decided by
 *   the clock.
 */
import { byTime } from './codec';
import { decisionKey, pairKey, type TeamDecision, type TeamDecisionKind } from '../../model';
import { groupBy } from '../../collections/group-by';

/** The union of two lists of decisions, each once, oldest first. */
export function mergeDecisions(a: readonly TeamDecision[], b: readonly TeamDecision[]): TeamDecision[] {
  return [...new Map([...a, ...b].map((d) => [decisionKey(d), d])).values()].sort(byTime);
}

const authorKey = (d: TeamDecision) => d.author ?? '\u0000compacted';
const timeOf = (d: TeamDecision) => d.at ?? -1;
const later = (a: TeamDecision, b: TeamDecision) => (byTime(a, b) >= 0 ? a : b);

/**
 * Drop what a person's own later decision on the same pair replaced: the field
 * then carries each person's current opinion (and every opinion still counts).
 */
export function withoutSuperseded(decisions: readonly TeamDecision[]): TeamDecision[] {
  const latest = new Map<string, TeamDecision>();
  for (const d of decisions) {
    if (d.author === null) continue;
    const key = `${pairKey(d)}\u0000${d.author}`;
    const seen = latest.get(key);
    latest.set(key, seen ? later(seen, d) : d);
  }
  return decisions.filter((d) => d.author === null || latest.get(`${pairKey(d)}\u0000${d.author}`) === d).sort(byTime);
}

/** What the team decided about one pair, and who decided it last. */
export interface PairState {
  profileId: string;
  customerId: string;
  kind: TeamDecisionKind;
  /** The latest of the agreeing opinions. */
  decidedBy: TeamDecision;
}

export interface TeamConflict {
  profileId: string;
  /** confirmed-and-rejected: one pair, different opinions; two-customers: one profile confirmed to different customers. */
  kind: 'confirmed-and-rejected' | 'two-customers';
  /** Each person's opinion in the conflict, oldest first. */
  opinions: TeamDecision[];
}

export interface TeamState {
  /** Agreed pairs by pairKey. */
  pairs: Map<string, PairState>;
  conflicts: TeamConflict[];
}

/** The opinions that still count on a pair: after its last settling decision, each person's latest. */
function opinionsOn(decisions: readonly TeamDecision[]): TeamDecision[] {
  const settled = decisions.filter((d) => d.settles).reduce<TeamDecision | null>((a, d) => (a ? later(a, d) : d), null);
  // Times are whole seconds: a decision in the settling one's second counts as before it (a choice made
  // just after the decisions it settles must settle them).
  const considered = settled ? decisions.filter((d) => d === settled || timeOf(d) > timeOf(settled)) : decisions;
  const byAuthor = new Map<string, TeamDecision>();
  for (const d of considered) {
    const seen = byAuthor.get(authorKey(d));
    byAuthor.set(authorKey(d), seen ? later(seen, d) : d);
  }
  return [...byAuthor.values()].sort(byTime);
}

/** The team's state from every decision read (its own and the CRM's). */
export function teamState(decisions: readonly TeamDecision[]): TeamState {
  const pairs = new Map<string, PairState>();
  const conflicts: TeamConflict[] = [];
  for (const [key, onPair] of groupBy(decisions, pairKey)) {
    const opinions = opinionsOn(onPair);
    const first = opinions[0]!;
    if (opinions.every((o) => o.kind === first.kind)) {
      pairs.set(key, { profileId: first.profileId, customerId: first.customerId, kind: first.kind, decidedBy: opinions[opinions.length - 1]! });
    } else {
      conflicts.push({ profileId: first.profileId, kind: 'confirmed-and-rejected', opinions });
    }
  }
  // One profile is one person: confirmations naming different customers must agree too.
  const confirmations = decisions.filter((d) => d.kind === 'confirm');
  for (const [profileId, ofProfile] of groupBy(confirmations, (d) => d.profileId)) {
    // A person who confirmed the profile again, to another customer, withdrew the earlier one.
    const current = new Map<string, TeamDecision>();
    for (const d of ofProfile) {
      const seen = current.get(authorKey(d));
      current.set(authorKey(d), seen ? later(seen, d) : d);
    }
    const confirmed = [...pairs.values()].filter((p) => p.profileId === profileId && p.kind === 'confirm');
    const live = confirmed.filter((p) => [...current.values()].some((d) => d.customerId === p.customerId));
    for (const gone of confirmed.filter((p) => !live.includes(p))) pairs.delete(pairKey(gone));
    if (live.length < 2) continue;
    // A settling confirmation later than every other confirmation of the profile decides it.
    const newest = [...current.values()].reduce(later);
    const winner = newest.settles ? live.find((p) => p.customerId === newest.customerId) : undefined;
    for (const p of live) if (p !== winner) pairs.delete(pairKey(p));
    if (!winner) {
      conflicts.push({ profileId, kind: 'two-customers', opinions: [...current.values()].filter((d) => live.some((p) => p.customerId === d.customerId)).sort(byTime) });
    }
  }
  conflicts.sort((a, b) => a.profileId.localeCompare(b.profileId) || a.kind.localeCompare(b.kind));
  return { pairs, conflicts };
}
