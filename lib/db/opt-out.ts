/**
 * The customer's own choice comes first. For a customer who must not be
 * profiled (their CRM says so, or they objected here: mustNotProfile), Earshot
 * drops what it holds beyond their purchase history: the links and
 * suggestions between them and captured profiles, their computed values and
 * segment, and their next best actions. Their CRM record is updated in the
 * same transaction (the update carries no profiling field, so what Earshot
 * wrote there before is cleared, and it says they must not be profiled), and
 * the tasks sent about them are withdrawn from the CRMs (lib/db/withdraw-tasks.ts).
 * The weekly reports kept in this browser no longer name them.
 *
 * The matcher's index never holds them (lib/db/match-store/), so nothing
 * links them again; the profiles that were theirs are matched afresh, as
 * anyone's, by the caller.
 */
import { Action, customerIdOf, customerRef, mustNotProfile, type Match } from '../model';
import { enqueueUpdates, syncTables } from './outbox-queue';
import { enqueueTaskWithdrawals } from './withdraw-tasks';
import type { EarshotDatabase } from './database';
import { forgetCustomers } from './match-store';
import { refreshPeople } from './people';
import { forgetInReports } from './reports';

export interface ProfilingDropped {
  /** Customers of whom something was dropped. */
  customers: string[];
  /** Profiles that were linked or suggested to them: no longer, and to be matched again. */
  profileIds: string[];
  links: number;
  suggestions: number;
  values: number;
  actions: number;
  /** CRM updates and task withdrawals queued. */
  queued: number;
}

/** Drop what is held beyond purchase history about those of these customers who must not be profiled. */
export async function dropProfiling(db: EarshotDatabase, customerIds: readonly string[], now: number): Promise<ProfilingDropped> {
  const out: ProfilingDropped = { customers: [], profileIds: [], links: 0, suggestions: 0, values: 0, actions: 0, queued: 0 };
  if (customerIds.length === 0) return out;
  await db.transaction('rw', [...syncTables(db), db.values, db.actions, db.audit, db.reports], async () => {
    const customers = await db.customers.bulkGet([...new Set(customerIds)]);
    const ids = customers.flatMap((c) => (c && mustNotProfile(c) ? [c.id] : []));
    if (ids.length === 0) return;
    const refs = ids.map(customerRef);
    const [matches, values, actionRows] = await Promise.all([
      db.matches.where('customerId').anyOf(ids).toArray(),
      db.values.bulkGet(refs),
      db.actions.where('personRef').anyOf(refs).toArray(),
    ]);
    const actionIds = actionRows.map((a) => a.id);
    const touched = new Set<string>();
    const cleared: Match[] = matches.map((m) => {
      if (m.status === 'auto' || m.status === 'confirmed') out.links += 1;
      else out.suggestions += 1;
      touched.add(m.customerId!);
      // Not a rejection (a person did not say it is someone else): the profile is simply nobody's now.
      return { profileId: m.profileId, customerId: null, score: 0, status: 'none', evidence: [], decidedBy: 'matcher', decidedAt: now, rejectedCustomerIds: m.rejectedCustomerIds };
    });
    await db.matches.bulkPut(cleared);
    out.profileIds = cleared.map((m) => m.profileId);
    values.forEach((v, i) => v && touched.add(ids[i]!));
    out.values = values.filter((v) => v !== undefined).length;
    await db.values.bulkDelete(refs);
    for (const id of actionIds) touched.add(id.slice(id.indexOf('|customer:') + '|customer:'.length));
    out.actions = actionIds.length;
    await db.actions.bulkDelete(actionIds);
    // The weekly reports kept here named them too: they are taken out, counted among those not profiled.
    for (const id of await forgetInReports(db, ids)) touched.add(id);
    out.customers = ids.filter((id) => touched.has(id));
    out.queued = await enqueueUpdates(db, out.customers, now);
    // Read defensively (storage is a boundary): a row that is no action has no task to withdraw.
    const sent = actionRows.flatMap((row) => {
      const parsed = Action.safeParse(row);
      return parsed.success ? [parsed.data] : [];
    });
    out.queued += await enqueueTaskWithdrawals(db, sent, now);
    if (out.customers.length > 0) {
      // Counts only: who it was is not the log's to keep.
      await db.audit.add({
        at: now,
        action: 'profiling-stopped',
        actor: 'system',
        summary: 'Dropped links, values and actions of customers who must not be profiled',
        counts: { customers: out.customers.length, links: out.links, suggestions: out.suggestions, values: out.values, actions: out.actions },
      });
    }
  });
  if (out.customers.length > 0 || out.profileIds.length > 0) await refreshPeople(db, { customerIds: out.customers, profileIds: out.profileIds });
  return out;
}

/** Every customer the directory lists as not to be profiled (it is rebuilt from the customers whenever they change). */
export async function customersNotProfiled(db: EarshotDatabase): Promise<string[]> {
  const refs = (await db.people.where('status').equals('not-profiled').primaryKeys()) as string[];
  return refs.flatMap((ref) => customerIdOf(ref) ?? []);
}

/**
 * Record a customer's objection to profiling (GDPR Art. 21), made to the shop
 * and entered in Earshot: it outlives imports and CRM pulls (only this field
 * says it), takes them out of the matcher's index, drops what was held, and
 * queues the CRM update that tells the CRM.
 */
export async function recordObjection(db: EarshotDatabase, customerId: string, now: number): Promise<ProfilingDropped> {
  const customer = await db.customers.get(customerId);
  if (!customer) throw new Error(`no customer ${customerId}`);
  if (customer.objectedAt === undefined) {
    await db.transaction('rw', [db.customers, db.audit, db.matchBuckets, db.matchPages, db.meta], async () => {
      await db.customers.update(customerId, { objectedAt: now });
      await db.audit.add({ at: now, action: 'objection', actor: 'user', summary: "A customer's objection to profiling was recorded", counts: { customers: 1 } });
      // Out of the matcher's index at once: a capture arriving now finds nobody to link to them.
      await forgetCustomers(db, [customerId]);
    });
  }
  const dropped = await dropProfiling(db, [customerId], now);
  // An objection is news for the CRM even when nothing else was held about them.
  if (!dropped.customers.includes(customerId)) dropped.queued += await enqueueUpdates(db, [customerId], now);
  return dropped;
}
