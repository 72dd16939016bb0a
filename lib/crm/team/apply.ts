/**
 * What the team's state means for this install's match of one profile. A
 * conflict changes nothing here (it is listed instead); an agreed decision
 * becomes the local decision with the decider's time.
 */
import { type Match, type TeamDecision } from '../../model';
import type { TeamState } from './merge';

export interface LocalFacts {
  /** Customers held here that may be linked (present, and not objecting to profiling). */
  linkable(customerId: string): boolean;
}

/** The match as the team decided it, or null when nothing changes. */
export function matchFromTeam(state: TeamState, profileId: string, current: Match | undefined, facts: LocalFacts): Match | null {
  if (state.conflicts.some((c) => c.profileId === profileId)) return null;
  const agreed = [...state.pairs.values()].filter((p) => p.profileId === profileId);
  const rejected = new Set(current?.rejectedCustomerIds ?? []);
  for (const p of agreed) if (p.kind === 'reject') rejected.add(p.customerId);
  const confirm = agreed.find((p) => p.kind === 'confirm' && facts.linkable(p.customerId));
  if (confirm) rejected.delete(confirm.customerId);
  const at = (d: TeamDecision) => d.at ?? current?.decidedAt ?? 0;
  let next: Match | null = null;
  if (confirm) {
    next = {
      profileId,
      customerId: confirm.customerId,
      score: 1,
      status: 'confirmed',
      evidence: current?.customerId === confirm.customerId ? current.evidence : [],
      decidedBy: 'user',
      decidedAt: at(confirm.decidedBy),
      rejectedCustomerIds: [...rejected],
    };
  } else if (current?.customerId && rejected.has(current.customerId)) {
    // The customer it points at was rejected by the team: it stops pointing there.
    const last = agreed.find((p) => p.customerId === current.customerId)!;
    next = { profileId, customerId: null, score: 0, status: 'rejected', evidence: [], decidedBy: 'user', decidedAt: at(last.decidedBy), rejectedCustomerIds: [...rejected] };
  } else if (current && rejected.size !== current.rejectedCustomerIds.length) {
    next = { ...current, rejectedCustomerIds: [...rejected] };
  }
  if (!next || !current) return next;
  const same =
    next.status === current.status &&
    next.customerId === current.customerId &&
    next.rejectedCustomerIds.length === current.rejectedCustomerIds.length &&
    next.rejectedCustomerIds.every((id) => current.rejectedCustomerIds.includes(id));
  return same ? null : next;
}

/** A person's decision recorded in the match before it was shared (or before team sync existed), as decisions. */
export function decisionsInMatch(match: Match, author: string): TeamDecision[] {
  if (match.decidedBy !== 'user') return [];
  const at = Math.floor(match.decidedAt / 1000) * 1000;
  const base = { profileId: match.profileId, author, at, settles: false };
  const confirmed = match.status === 'confirmed' && match.customerId ? [{ ...base, kind: 'confirm' as const, customerId: match.customerId }] : [];
  return [...confirmed, ...match.rejectedCustomerIds.map((customerId) => ({ ...base, kind: 'reject' as const, customerId }))];
}
