/**
 * Every write of a match record: the matcher's results (the pipeline), and a
 * person's confirmation or rejection (the handlers). One place, so the rules
 * that keep a decision (a confirmed link stays, a rejected customer does not
 * come back, an erased person is not written again) are read together.
 */
import { isLinked, mustNotProfile, type Match, type Profile } from '../model';
import { toMatchRecord, type MatchResult } from '../match';
import type { EarshotDatabase } from './database';
import { enqueueUpdates, syncTables } from './outbox-queue';
import { recordLocalDecision } from './team';

/**
 * Write the matcher's results for these profiles (the results in the same order). Returns the customers
 * whose link changed: their values move and their CRM record is updated.
 */
export async function storeMatcherResults(db: EarshotDatabase, profiles: readonly Profile[], results: readonly MatchResult[], now: number): Promise<string[]> {
  const touchedCustomers = new Set<string>();
  await db.transaction('rw', [db.matches, db.profiles, db.customers], async () => {
    // An erasure may have landed while the matcher ran: write nothing for a profile or
    // about a customer that is gone (it would bring the person back as a match record).
    const [previous, still, named] = await Promise.all([
      db.matches.bulkGet(profiles.map((p) => p.id)),
      db.profiles.bulkGet(profiles.map((p) => p.id)),
      db.customers.bulkGet(results.map((r) => r.customerId ?? '')),
    ]);
    const next: Match[] = [];
    profiles.forEach((p, i) => {
      if (!still[i] || (results[i]!.customerId !== null && !named[i])) return;
      const before = previous[i];
      const after = toMatchRecord(p.id, results[i]!, before, now);
      next.push(after);
      const linkedBefore = before && isLinked(before) ? before.customerId : null;
      const linkedAfter = isLinked(after) ? after.customerId : null;
      if (linkedBefore !== linkedAfter) {
        if (linkedBefore) touchedCustomers.add(linkedBefore);
        if (linkedAfter) touchedCustomers.add(linkedAfter);
      }
    });
    await db.matches.bulkPut(next);
  });
  return [...touchedCustomers];
}

export interface MatchDecision {
  profileId: string;
  /** For a rejection: the customer rejected (the one it is linked to when absent). */
  customerId?: string | null;
  /** Whether the decision settles a disagreement in the team (lib/crm/team). */
  settles?: boolean;
  /** Who decided, as the team reads it. */
  author: string;
  now: number;
}

/**
 * A person confirmed a link. The link, its audit entry, the decision the team will read and the CRM
 * update commit together or not at all. Returns how many CRM updates were queued.
 */
export async function confirmMatch(db: EarshotDatabase, decision: MatchDecision & { customerId: string }): Promise<number> {
  const { profileId, customerId, author, now } = decision;
  return db.transaction('rw', [...syncTables(db), db.audit, db.teamDecisions], async () => {
    const [customer, profile] = await Promise.all([db.customers.get(customerId), db.profiles.get(profileId)]);
    if (!customer) throw new Error(`no customer ${customerId}`);
    if (!profile) throw new Error(`no captured profile ${profileId}`);
    // Their own choice comes first: nobody links a captured profile to them, not even by hand.
    if (mustNotProfile(customer)) throw new Error(`customer ${customerId} must not be profiled (their own choice): Earshot links no captured profile to them`);
    const old = await db.matches.get(profileId);
    await db.matches.put({
      profileId,
      customerId,
      // A person's confirmation is certain (the matcher scores it 1 too); the matcher's
      // evidence for the same customer stays, so the "why" is still there to read.
      score: 1,
      status: 'confirmed',
      evidence: old?.customerId === customerId ? old.evidence : [],
      decidedBy: 'user',
      decidedAt: now,
      rejectedCustomerIds: (old?.rejectedCustomerIds ?? []).filter((id) => id !== customerId),
    });
    await db.audit.add({ at: now, action: 'match-confirmed', actor: 'user', summary: 'A person confirmed a match', counts: { matches: 1 } });
    await recordLocalDecision(db, { kind: 'confirm', profileId, customerId, author, at: now, settles: decision.settles ?? false });
    const previous = old && isLinked(old) && old.customerId !== customerId ? [old.customerId!] : [];
    return enqueueUpdates(db, [customerId, ...previous], now);
  });
}

/** A person rejected a link (or a suggestion), in one transaction as a confirmation. Returns how many CRM updates were queued. */
export async function rejectMatch(db: EarshotDatabase, decision: MatchDecision): Promise<number> {
  const { profileId, author, now } = decision;
  return db.transaction('rw', [...syncTables(db), db.audit, db.teamDecisions], async () => {
    const old = await db.matches.get(profileId);
    const rejected = new Set(old?.rejectedCustomerIds ?? []);
    const target = decision.customerId ?? old?.customerId ?? null;
    if (target) rejected.add(target);
    await db.matches.put({
      profileId,
      customerId: null,
      score: 0,
      status: 'rejected',
      evidence: [],
      decidedBy: 'user',
      decidedAt: now,
      rejectedCustomerIds: [...rejected],
    });
    await db.audit.add({ at: now, action: 'match-rejected', actor: 'user', summary: 'A person rejected a match', counts: { matches: 1 } });
    if (target) await recordLocalDecision(db, { kind: 'reject', profileId, customerId: target, author, at: now, settles: decision.settles ?? false });
    // The customer it was linked to loses the link in the CRM too.
    return old && isLinked(old) ? enqueueUpdates(db, [old.customerId!], now) : 0;
  });
}
