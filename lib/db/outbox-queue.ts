/**
 * The outbox's enqueue side: every change to send to a CRM becomes a row of
 * the syncJobs table, in the same transaction as the change itself, before
 * anything is sent (lib/outbox/engine.ts sends them).
 *
 * - Order per person: jobs carry a sequence number; the engine takes the
 *   earliest unfinished job of each (person, CRM).
 * - Coalescing: a new update of a person whose last job is an update not yet
 *   attempted only moves that job's change time; the payload is read from the
 *   database when the job is sent, so it always carries the latest state.
 */
import Dexie from 'dexie';
import { CONNECTORS, customerRef, isLinked, mustNotProfile, parsePersonRef, type ConnectorId, type JobQueue, type SyncJob } from '../model';
import { isPushConnector } from '../crm/connectors';
import type { TaskPayload } from '../crm/task-payload';
import { ErasePayload, linkPayload, type NotePayload } from '../crm/sync-payload';
import { stableKey } from '../text/fold';
import type { EarshotDatabase } from './database';
import { getStates, heldState, heldStateKey, syncState, syncStateKey } from './sync-state';
import { deleteMeta, writeMeta } from './meta';


/**
 * The tables enqueueing touches. A caller that enqueues inside its own
 * transaction (so the change and its outbox job commit together) includes these.
 */
export function syncTables(db: EarshotDatabase) {
  return [db.syncJobs, db.connections, db.matches, db.profiles, db.customers, db.tags, db.meta];
}


/**
 * A note's key depends only on who and which profile: the note for a link is
 * the same note however often it is queued (after reconnecting a CRM, or on a
 * fresh install), and connectors look for it before writing it.
 */
export function noteKey(customerId: string, profileId: string): string {
  return stableKey('earshot-note', `${customerId}\n${profileId}`);
}

export function newJob(seq: number, connector: ConnectorId, kind: SyncJob['kind'], customerId: string, payload: Record<string, unknown>, now: number, key?: string): SyncJob {
  return newQueuedJob(seq, connector, kind, customerRef(customerId), payload, now, key);
}

/** A job in any queue: a person's, or one about no person (REPORT_QUEUE). */
export function newQueuedJob(seq: number, connector: ConnectorId, kind: SyncJob['kind'], queue: JobQueue, payload: Record<string, unknown>, now: number, key?: string): SyncJob {
  return {
    id: `job-${seq}`,
    seq,
    connector,
    kind,
    personRef: queue,
    // Unique per change, and random so that a fresh database never repeats a key a receiver has seen.
    idempotencyKey: key ?? `earshot-${kind}-${crypto.randomUUID()}`,
    payload,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: now,
    createdAt: now,
    updatedAt: now,
  };
}

export async function nextSeq(db: EarshotDatabase): Promise<number> {
  return ((await db.syncJobs.orderBy('seq').last())?.seq ?? 0) + 1;
}

export function jobsOfPerson(db: EarshotDatabase, customerId: string) {
  const ref = customerRef(customerId);
  return db.syncJobs.where('[personRef+seq]').between([ref, Dexie.minKey], [ref, Dexie.maxKey]);
}

export async function pushConnections(db: EarshotDatabase, only?: readonly ConnectorId[]): Promise<ConnectorId[]> {
  const all = (await db.connections.toArray()).map((c) => c.connector).filter(isPushConnector);
  return only ? all.filter((c) => only.includes(c)) : all;
}

/**
 * Queue an update of these customers for every connected CRM (or only some),
 * and a note for each profile newly linked to them. A customer with no link
 * and no tag that was never sent is skipped: there is nothing to say.
 * Returns the number of jobs added or refreshed.
 */
export async function enqueueUpdates(
  db: EarshotDatabase,
  customerIds: readonly string[],
  now: number,
  options: {
    connectors?: readonly ConnectorId[];
    /** Join a waiting update (default). The benchmark turns it off so every update is its own job. */
    coalesce?: boolean;
  } = {},
): Promise<number> {
  if (customerIds.length === 0) return 0;
  return db.transaction('rw', syncTables(db), async () => {
    const connectors = await pushConnections(db, options.connectors);
    if (connectors.length === 0) return 0;
    let seq = await nextSeq(db);
    let touched = 0;
    for (const customerId of new Set(customerIds)) {
      const customer = await db.customers.get(customerId);
      if (!customer) continue;
      const linked = (await db.matches.where('customerId').equals(customerId).toArray()).filter(isLinked);
      const refs = [customerRef(customerId), ...linked.map((m) => `profile:${m.profileId}`)];
      const hasTags = (await db.tags.where('personRef').anyOf(refs).count()) > 0;
      const profiles = new Map((await db.profiles.bulkGet(linked.map((m) => m.profileId))).flatMap((p) => (p ? [[p.id, p] as const] : [])));
      const jobs = await jobsOfPerson(db, customerId).toArray();
      const states = await getStates(db, connectors.map((c) => syncState(c, customerId)));
      for (const connector of connectors) {
        const key = syncState(connector, customerId);
        const state = states.get(key.key);
        const own = jobs.filter((j) => j.connector === connector);
        // An objection recorded here is news for the CRM even about someone it was never sent.
        if (linked.length === 0 && !hasTags && !state && own.length === 0 && customer.objectedAt === undefined) continue;
        const waiting = options.coalesce === false ? undefined : coalescible(own);
        if (waiting) {
          // Not sent yet: it will read the latest state when it goes; only its change time moves.
          await db.syncJobs.update(waiting.id, { payload: { ...waiting.payload, changedAt: now }, updatedAt: now });
        } else {
          await db.syncJobs.add(newJob(seq++, connector, 'upsert-person', customerId, { customerId, changedAt: now }, now));
        }
        touched += 1;
        const noted = new Set(state?.noted ?? []);
        for (const match of linked) {
          const profile = profiles.get(match.profileId);
          if (!profile || noted.has(match.profileId)) continue;
          const note: NotePayload = { customerId, link: linkPayload(match, profile), decidedBy: match.decidedBy, decidedAt: match.decidedAt };
          await db.syncJobs.add(newJob(seq++, connector, 'add-note', customerId, note, now, noteKey(customerId, match.profileId)));
          noted.add(match.profileId);
          touched += 1;
        }
        await writeMeta(db, key, { ...(state ?? { sentTags: [] }), noted: [...noted] }, now);
      }
    }
    return touched;
  });
}

/**
 * The update a new change can join: the person's last update, if no attempt
 * of it has started (an attempt may have delivered its older content under
 * its key) and only notes follow it (an update or erasure after it must stay after).
 */
function coalescible(own: readonly SyncJob[]): SyncJob | undefined {
  for (let i = own.length - 1; i >= 0; i--) {
    const job = own[i]!;
    // Notes and tasks only need the record to exist: an update may join an earlier one past them.
    if (job.kind === 'add-note' || job.kind === 'upsert-task') continue;
    return job.kind === 'upsert-person' && job.status === 'pending' && job.attempts === 0 ? job : undefined;
  }
  return undefined;
}

/**
 * Queue next best actions as tasks for every connected CRM (or only some).
 * One pending, unattempted job per action and CRM: a newer state of the action
 * replaces its payload. A customer never sent to that CRM gets their update
 * queued first, so the record the task is attached to exists. Customers who
 * must not be profiled get no task. Marks the actions as sent.
 * Returns the number of task jobs added or refreshed.
 */
export async function enqueueTasks(db: EarshotDatabase, tasks: readonly TaskPayload[], now: number, options: { connectors?: readonly ConnectorId[] } = {}): Promise<number> {
  if (tasks.length === 0) return 0;
  return db.transaction('rw', [...syncTables(db), db.actions], async () => {
    const connectors = await pushConnections(db, options.connectors);
    if (connectors.length === 0) return 0;
    let seq = await nextSeq(db);
    let touched = 0;
    for (const task of tasks) {
      const customer = await db.customers.get(task.customerId);
      if (!customer || mustNotProfile(customer)) continue;
      const jobs = await jobsOfPerson(db, task.customerId).toArray();
      const states = await getStates(db, connectors.map((c) => syncState(c, task.customerId)));
      for (const connector of connectors) {
        const own = jobs.filter((j) => j.connector === connector);
        if (!states.has(syncStateKey(connector, task.customerId)) && !own.some((j) => j.kind === 'upsert-person')) {
          await db.syncJobs.add(newJob(seq++, connector, 'upsert-person', task.customerId, { customerId: task.customerId, changedAt: now }, now));
        }
        const waiting = own.find((j) => j.kind === 'upsert-task' && j.status === 'pending' && j.attempts === 0 && j.payload.actionId === task.actionId);
        if (waiting) await db.syncJobs.update(waiting.id, { payload: task, updatedAt: now });
        else await db.syncJobs.add(newJob(seq++, connector, 'upsert-task', task.customerId, task, now));
        touched += 1;
      }
      await db.actions.update(task.actionId, { sentAt: now });
    }
    return touched;
  });
}

/** The customer a person reference stands for: itself, or the customer its profile is linked to. */
export async function customerOf(db: EarshotDatabase, personRef: string): Promise<string | null> {
  const parsed = parsePersonRef(personRef);
  if (!parsed) return null;
  if (parsed.kind === 'customer') return parsed.id;
  const match = await db.matches.get(parsed.id);
  return match && isLinked(match) ? match.customerId : null;
}

/**
 * After a match was confirmed or rejected, or a tag changed: queue the person's
 * update for every connected CRM. A profile nobody linked stays local (nothing
 * is queued). After a rejection, pass the customer the profile was linked to.
 */
export async function enqueuePersonUpdate(db: EarshotDatabase, personRef: string, now: number): Promise<number> {
  const customerId = await customerOf(db, personRef);
  return customerId === null ? 0 : enqueueUpdates(db, [customerId], now);
}

/**
 * A person was erased everywhere: drop whatever of theirs is still queued
 * (it would write them back) and queue, for every connected CRM, the removal
 * of Earshot's properties and notes there. Always queued, whatever Earshot
 * remembers of sending: a missing sync state does not prove nothing was sent.
 * Works after the local records are gone: the CRM id Earshot learnt is kept
 * until the erasure is sent. Call it inside the erasure's own transaction so
 * the two commit together.
 */
export async function enqueueErasure(db: EarshotDatabase, personRef: string, now: number): Promise<number> {
  const parsed = parsePersonRef(personRef);
  if (!parsed) return 0;
  return db.transaction('rw', syncTables(db), async () => {
    const customerId = parsed.kind === 'customer' ? parsed.id : await customerOf(db, personRef);
    if (customerId === null) return 0;
    // Connected CRMs, and those disconnected since that still hold something of them.
    const pushable = CONNECTORS.filter(isPushConnector);
    const heldStates = await getStates(db, pushable.map((c) => heldState(c, customerId)));
    const held = pushable.filter((c) => heldStates.has(heldStateKey(c, customerId)));
    const connectors = [...new Set([...(await pushConnections(db)), ...held])];
    const customer = await db.customers.get(customerId);
    const states = await getStates(db, connectors.map((c) => syncState(c, customerId)));
    await deleteMeta(db, ...held.map((c) => heldState(c, customerId)));
    const jobs = await jobsOfPerson(db, customerId).toArray();
    let seq = await nextSeq(db);
    let queued = 0;
    for (const connector of connectors) {
      const own = jobs.filter((j) => j.connector === connector);
      // Earlier erase jobs stay (they hold what is needed to find the record); all else goes.
      await db.syncJobs.bulkDelete(own.filter((j) => j.kind !== 'erase-person').map((j) => j.id));
      const state = states.get(syncStateKey(connector, customerId));
      const before = heldStates.get(heldStateKey(connector, customerId));
      if (own.some((j) => j.kind === 'erase-person' && j.status === 'pending')) continue;
      // Queued even with no sync state and no local record left: what was sent before a
      // reconnect (which forgets the states) is still in the CRM, found by Earshot's customer id.
      const earlier = own.flatMap((j) => {
        const p = j.kind === 'erase-person' ? ErasePayload.safeParse(j.payload) : undefined;
        return p?.success ? [p.data] : [];
      });
      const email = customer?.email ?? earlier.find((p) => p.email)?.email;
      const tags = [...new Set([...(state?.sentTags ?? []), ...(before?.sentTags ?? []), ...earlier.flatMap((p) => p.tags)])];
      const payload: ErasePayload = { customerId, ...(email ? { email } : {}), tags };
      await db.syncJobs.add(newJob(seq++, connector, 'erase-person', customerId, payload, now));
      queued += 1;
    }
    return queued;
  });
}
