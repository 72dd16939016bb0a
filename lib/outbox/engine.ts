/**
 * The durable outbox: every change to send to a CRM is a row of the syncJobs
 * table before anything is sent, so it survives the service worker stopping
 * and the browser closing.
 *
 * How it stays correct:
 * - Order per person: a pass only takes the earliest unfinished job of each
 *   (person, CRM); a later job waits while an earlier one is retrying or parked.
 * - Claim before sending: a job is marked running with its attempt counted in
 *   one transaction, then sent. A worker that stops mid-request leaves it
 *   running; the next engine turns it back to pending and the connector, told
 *   it is a retry, looks before creating anything (no duplicate note or person).
 *   Upserts are idempotent by nature.
 * - Retries (lib/crm/retry.ts): network errors, timeouts, 429 and 5xx come
 *   back after an exponential backoff with full jitter (a random delay up to
 *   base·2^attempt, capped), never sooner than the CRM's Retry-After; a CRM
 *   asking for more than MAX_RETRY_WAIT_MS parks the job with the moment it
 *   named. Anything else parks the job with the reason in words; a person can
 *   retry it. Nothing local is touched by a failure.
 * - Batches: due jobs are grouped per CRM and kind up to the API's batch size;
 *   a 429 stops the rest of that CRM's batches in the pass.
 * - Coalescing: a new update of a person whose last job is an update not yet
 *   attempted only moves that job's change time; the payload is read from the
 *   database when the job is sent, so it always carries the latest state.
 *
 * The engine takes its database, connectors, clock, random source and sleep
 * as parameters: the same code runs in the service worker, in Node tests, the
 * command line and the benchmark.
 */
import Dexie from 'dexie';
import { CONNECTORS, customerRef, isLinked, mustNotProfile, parsePersonRef, type ConnectorId, type Customer, type SyncJob } from '../model';
import type { EarshotDatabase } from '../db/database';
import { recordStorageProblem } from '../db/storage';
import { describeIssues } from '../messages';
import type { z } from '../zod';
import { SyncError, asSyncError } from '../crm/http';
import { DEFAULT_RETRY_POLICY, decideRetry, type RetryPolicy } from '../crm/retry';
import { isPushConnector } from '../crm/connectors';
import type { Connector, EraseItem, ItemOutcome, NoteItem, Outcomes, PersonItem, TaskItem } from '../crm/connectors/types';
import { TaskPayload } from '../crm/task-payload';
import {
  ErasePayload,
  NotePayload,
  UpsertJobPayload,
  linkPayload,
  loadPersonPayload,
  type ValuesOf,
} from '../crm/sync-payload';
import { hash53 } from '../text/fold';

export { DEFAULT_RETRY_POLICY, backoffDelay, type RetryPolicy } from '../crm/retry';

// ---- what Earshot remembers per person and CRM ------------------------------------------------

/** Kept in the meta table under sync:<connector>:<customerId>. */
export interface SyncState {
  /** The person's record id in that CRM, learnt from the first successful push. */
  crmId?: string;
  /** Profiles a note was queued for (one note per linked profile). */
  noted: string[];
  /** Tags Earshot has written (a CRM with shared labels removes only these). */
  sentTags: string[];
}

const STATE_PREFIX = 'sync:';
export const syncStateKey = (connector: ConnectorId, customerId: string) => `${STATE_PREFIX}${connector}:${customerId}`;
/**
 * What a CRM disconnected since still holds of a customer (their sync state
 * as it was): an erasure queues the removal for it too, sent once it is
 * connected again.
 */
export const heldStateKey = (connector: ConnectorId, customerId: string) => `held:${connector}:${customerId}`;

/** A stored sync state, read defensively (storage is a boundary). */
export function readSyncState(value: unknown): SyncState {
  const v = (value ?? {}) as Partial<SyncState>;
  return {
    ...(typeof v.crmId === 'string' ? { crmId: v.crmId } : {}),
    noted: Array.isArray(v.noted) ? v.noted.filter((x): x is string => typeof x === 'string') : [],
    sentTags: Array.isArray(v.sentTags) ? v.sentTags.filter((x): x is string => typeof x === 'string') : [],
  };
}

async function getStates(db: EarshotDatabase, keys: readonly string[]): Promise<Map<string, SyncState>> {
  const rows = await db.meta.bulkGet([...keys]);
  return new Map(keys.flatMap((k, i) => (rows[i] ? [[k, readSyncState(rows[i]!.value)] as const] : [])));
}

// ---- enqueueing ---------------------------------------------------------------------------------

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
  const text = `${customerId}\n${profileId}`;
  return `earshot-note-${hash53(text, 1).toString(36)}${hash53(text, 2).toString(36)}`;
}

function newJob(seq: number, connector: ConnectorId, kind: SyncJob['kind'], customerId: string, payload: Record<string, unknown>, now: number, key?: string): SyncJob {
  return {
    id: `job-${seq}`,
    seq,
    connector,
    kind,
    personRef: customerRef(customerId),
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

async function nextSeq(db: EarshotDatabase): Promise<number> {
  return ((await db.syncJobs.orderBy('seq').last())?.seq ?? 0) + 1;
}

function jobsOfPerson(db: EarshotDatabase, customerId: string) {
  const ref = customerRef(customerId);
  return db.syncJobs.where('[personRef+seq]').between([ref, Dexie.minKey], [ref, Dexie.maxKey]);
}

async function pushConnections(db: EarshotDatabase, only?: readonly ConnectorId[]): Promise<ConnectorId[]> {
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
      const states = await getStates(db, connectors.map((c) => syncStateKey(c, customerId)));
      for (const connector of connectors) {
        const key = syncStateKey(connector, customerId);
        const state = states.get(key);
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
        await db.meta.put({ key, value: { ...(state ?? { sentTags: [] }), noted: [...noted] } satisfies SyncState, updatedAt: now });
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
      const states = await getStates(db, connectors.map((c) => syncStateKey(c, task.customerId)));
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
    const heldStates = await getStates(db, pushable.map((c) => heldStateKey(c, customerId)));
    const held = pushable.filter((c) => heldStates.has(heldStateKey(c, customerId)));
    const connectors = [...new Set([...(await pushConnections(db)), ...held])];
    const customer = await db.customers.get(customerId);
    const states = await getStates(db, connectors.map((c) => syncStateKey(c, customerId)));
    await db.meta.bulkDelete(held.map((c) => heldStateKey(c, customerId)));
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

// ---- the engine ---------------------------------------------------------------------------------

export interface OutboxDeps {
  db: EarshotDatabase;
  /** The connector for a connected CRM, or null when it is not connected (any more). */
  connectorFor(connector: ConnectorId): Promise<Connector | null>;
  valuesOf?: ValuesOf;
  now(): number;
  random(): number;
  sleep(ms: number): Promise<void>;
  policy?: Partial<RetryPolicy>;
}

export interface PassReport {
  /** Jobs claimed and attempted in the pass. */
  claimed: number;
  done: number;
  retrying: number;
  parked: number;
  /** Left for later without an attempt (the CRM asked to slow down). */
  deferred: number;
}

export interface DrainReport extends PassReport {
  passes: number;
  /** Jobs still waiting (including those behind a parked one). */
  pending: number;
  /** Jobs parked in total, waiting for a person. */
  parkedTotal: number;
  /** When the next waiting job is due, or null when nothing is waiting to be retried. */
  nextWakeAt: number | null;
}

type Prepared =
  | { kind: 'person'; job: SyncJob; item: PersonItem }
  | { kind: 'note'; job: SyncJob; item: NoteItem }
  | { kind: 'erase'; job: SyncJob; item: EraseItem }
  | { kind: 'task'; job: SyncJob; item: TaskItem };

/**
 * One job's outcome. Jobs that failed together in one call share one random
 * draw of the backoff (`backoff`), so they come due together and stay one
 * batch instead of trickling back one call each.
 */
type Result = {
  job: SyncJob;
  /** deferred: not attempted, because the CRM asked (this error) to slow down. */
  outcome: ItemOutcome | { deferred: SyncError } | { skipped: string };
  sentTags?: string[];
  backoff?: { draw: number; attempt: number };
};

const zeroPass = (): PassReport => ({ claimed: 0, done: 0, retrying: 0, parked: 0, deferred: 0 });

export class Outbox {
  readonly policy: RetryPolicy;
  private current: Promise<DrainReport> | null = null;
  private again = false;
  private recovered: Promise<number> | null = null;

  constructor(private readonly deps: OutboxDeps) {
    this.policy = { ...DEFAULT_RETRY_POLICY, ...deps.policy };
  }

  /**
   * Jobs left running by an engine that stopped mid-request go back to
   * pending: their outcome is unknown, and their counted attempt tells the
   * connector to look before it writes. Runs once per engine, before its first pass.
   */
  recover(): Promise<number> {
    this.recovered ??= this.deps.db.syncJobs
      .where('[status+nextAttemptAt]')
      .between(['running', Dexie.minKey], ['running', Dexie.maxKey])
      .modify((job) => {
        job.status = 'pending';
        job.nextAttemptAt = this.deps.now();
        job.lastError = 'Interrupted while sending (the browser or its worker stopped); sent again, checking first for what already arrived.';
      });
    return this.recovered;
  }

  /**
   * Send everything that is due, pass after pass, until nothing due is left.
   * Concurrent calls share one run; a call during a run makes it look again.
   */
  drain(): Promise<DrainReport> {
    if (this.current) {
      this.again = true;
      return this.current;
    }
    this.current = this.drainLoop()
      .catch(async (error: unknown) => {
        // A full disk stops the outbox: the interface must hear of it, not only the console.
        await recordStorageProblem(this.deps.db, 'outbox', error, this.deps.now());
        throw error;
      })
      .finally(() => {
        this.current = null;
      });
    return this.current;
  }

  /** Drain, sleeping until retries are due, until nothing is waiting (command line, tests, benchmark). */
  async settle(options: { maxWaitMs?: number } = {}): Promise<DrainReport> {
    const started = this.deps.now();
    for (;;) {
      const report = await this.drain();
      if (report.nextWakeAt === null) return report;
      const wait = Math.max(0, report.nextWakeAt - this.deps.now());
      if (options.maxWaitMs !== undefined && this.deps.now() + wait - started > options.maxWaitMs) return report;
      await this.deps.sleep(wait);
    }
  }

  private async drainLoop(): Promise<DrainReport> {
    await this.recover();
    const total: DrainReport = { ...zeroPass(), passes: 0, pending: 0, parkedTotal: 0, nextWakeAt: null };
    do {
      this.again = false;
      for (;;) {
        const pass = await this.pass();
        total.passes += 1;
        for (const k of Object.keys(pass) as (keyof PassReport)[]) total[k] += pass[k];
        if (pass.claimed === 0) break;
      }
    } while (this.again);
    const { nextAt } = await this.dueHeads(this.deps.now(), 0);
    const db = this.deps.db;
    total.nextWakeAt = nextAt;
    total.pending = await db.syncJobs.where('[status+nextAttemptAt]').between(['pending', Dexie.minKey], ['pending', Dexie.maxKey]).count();
    total.parkedTotal = await db.syncJobs.where('[status+nextAttemptAt]').between(['parked', Dexie.minKey], ['parked', Dexie.maxKey]).count();
    return total;
  }

  /**
   * The earliest unfinished job of each (CRM, person), in seq order; those
   * pending and due are returned (at most `limit`), and the earliest time a
   * waiting head becomes due.
   */
  private async dueHeads(now: number, limit: number): Promise<{ due: SyncJob[]; nextAt: number | null }> {
    const seen = new Set<string>();
    const due: SyncJob[] = [];
    let anyDue = false;
    let nextAt: number | null = null;
    let after = -Infinity;
    for (;;) {
      const chunk = await this.deps.db.syncJobs.where('seq').above(after).limit(this.policy.scanChunk).toArray();
      if (chunk.length === 0) break;
      for (const job of chunk) {
        const head = `${job.connector}|${job.personRef}`;
        if (seen.has(head)) continue;
        seen.add(head);
        if (job.status !== 'pending') continue;
        if (job.nextAttemptAt <= now) {
          anyDue = true;
          if (due.length < limit) due.push(job);
        } else if (nextAt === null || job.nextAttemptAt < nextAt) {
          nextAt = job.nextAttemptAt;
        }
      }
      if (limit > 0 && due.length >= limit) break;
      if (limit === 0 && anyDue) break;
      after = chunk.at(-1)!.seq;
    }
    return { due, nextAt: anyDue ? now : nextAt };
  }

  /** Mark the jobs running and count the attempt, only if they are still pending (another pass or an erasure may have moved them). */
  private async claim(jobs: readonly SyncJob[], now: number): Promise<SyncJob[]> {
    const db = this.deps.db;
    return db.transaction('rw', db.syncJobs, async () => {
      const fresh = await db.syncJobs.bulkGet(jobs.map((j) => j.id));
      const claimed = fresh.filter((j): j is SyncJob => !!j && j.status === 'pending' && j.nextAttemptAt <= now).map((j) => ({ ...j, status: 'running' as const, attempts: j.attempts + 1, updatedAt: now }));
      await db.syncJobs.bulkPut(claimed);
      return claimed;
    });
  }

  private async pass(): Promise<PassReport> {
    const report = zeroPass();
    const now = this.deps.now();
    const { due } = await this.dueHeads(now, this.policy.maxJobsPerPass);
    if (due.length === 0) return report;
    const claimed = await this.claim(due, now);
    report.claimed = claimed.length;
    if (claimed.length === 0) return report;

    const results: Result[] = [];
    const byConnector = new Map<ConnectorId, SyncJob[]>();
    for (const job of claimed) byConnector.set(job.connector, [...(byConnector.get(job.connector) ?? []), job]);
    for (const [connectorId, jobs] of byConnector) results.push(...(await this.sendFor(connectorId, jobs)));
    await this.record(results, report);
    return report;
  }

  private async sendFor(connectorId: ConnectorId, jobs: SyncJob[]): Promise<Result[]> {
    let connector: Connector | null;
    try {
      connector = await this.deps.connectorFor(connectorId);
    } catch (error) {
      return jobs.map((job) => ({ job, outcome: { ok: false, error: asSyncError(error) } }));
    }
    if (!connector) {
      const error = new SyncError(`${connectorId} is not connected; connect it again and retry to send this.`, { kind: 'disconnected', transient: false, mayHaveApplied: false });
      return jobs.map((job) => ({ job, outcome: { ok: false, error } }));
    }
    const results: Result[] = [];
    const prepared: Prepared[] = [];
    for (const job of jobs) {
      try {
        const p = await this.prepare(job, connectorId);
        if ('skipped' in p) results.push({ job, outcome: p });
        else prepared.push(p);
      } catch (error) {
        results.push({ job, outcome: { ok: false, error: asSyncError(error) } });
      }
    }
    const size = Math.max(1, connector.description.batchSize);
    let stopped: SyncError | null = null;
    for (const kind of ['person', 'note', 'task', 'erase'] as const) {
      const group = prepared.filter((p) => p.kind === kind);
      for (let i = 0; i < group.length; i += size) {
        const chunk = group.slice(i, i + size);
        if (stopped) {
          for (const p of chunk) results.push({ job: p.job, outcome: { deferred: stopped } });
          continue;
        }
        let outcomes: Outcomes;
        try {
          outcomes = await this.push(connector, chunk);
        } catch (error) {
          const e = asSyncError(error);
          outcomes = new Map(chunk.map((p) => [p.item.key, { ok: false, error: e }]));
          if (e.details.kind === 'rate-limited') stopped = e;
        }
        const backoff = { draw: this.deps.random(), attempt: Math.max(...chunk.map((p) => p.job.attempts)) };
        for (const p of chunk) {
          const outcome = outcomes.get(p.item.key) ?? {
            ok: false,
            error: new SyncError('The CRM did not say whether this arrived; a retry looks before it writes.', { kind: 'server', transient: true, mayHaveApplied: true }),
          };
          if (!outcome.ok && outcome.error.details.kind === 'rate-limited') stopped ??= outcome.error;
          results.push({ job: p.job, outcome, backoff, ...(p.kind === 'person' ? { sentTags: p.item.person.tags } : {}) });
        }
      }
    }
    return results;
  }

  private push(connector: Connector, chunk: Prepared[]): Promise<Outcomes> {
    const kind = chunk[0]!.kind;
    if (kind === 'person') return connector.pushPersons(chunk.map((p) => p.item as PersonItem));
    if (kind === 'note') return connector.pushNotes(chunk.map((p) => p.item as NoteItem));
    if (kind === 'task') return connector.pushTasks(chunk.map((p) => p.item as TaskItem));
    return connector.erasePersons(chunk.map((p) => p.item as EraseItem));
  }

  /** Turn a stored job into a connector item, reading the latest person data for updates. */
  private async prepare(job: SyncJob, connector: ConnectorId): Promise<Prepared | { skipped: string }> {
    const db = this.deps.db;
    const unreadable = (error: z.ZodError) =>
      new SyncError(`This outbox entry cannot be read (${describeIssues(error)}); it was kept as it is.`, { kind: 'internal', transient: false, mayHaveApplied: false });
    const base = { key: job.id, idempotencyKey: job.idempotencyKey, retry: job.attempts > 1, since: job.createdAt };
    const customerIdOf = (payload: unknown) => (payload as { customerId?: unknown }).customerId;
    const customerId = String(customerIdOf(job.payload) ?? '');
    const [customer, stateRow] = await Promise.all([customerId ? db.customers.get(customerId) : undefined, customerId ? db.meta.get(syncStateKey(connector, customerId)) : undefined]);
    const state = stateRow ? readSyncState(stateRow.value) : undefined;
    const crmId = state?.crmId ?? (customer && customer.source === connector ? customer.id : undefined);

    if (job.kind === 'upsert-person') {
      const parsed = UpsertJobPayload.safeParse(job.payload);
      if (!parsed.success) throw unreadable(parsed.error);
      const person = await loadPersonPayload(db, parsed.data.customerId, { changedAt: parsed.data.changedAt, ...(this.deps.valuesOf ? { valuesOf: this.deps.valuesOf } : {}) });
      if (!person) return { skipped: 'the customer no longer exists in Earshot' };
      return { kind: 'person', job, item: { ...base, target: target(customerId, customer, crmId), person, previousTags: state?.sentTags ?? [] } };
    }
    if (job.kind === 'add-note') {
      const parsed = NotePayload.safeParse(job.payload);
      if (!parsed.success) throw unreadable(parsed.error);
      // Queued before they chose: a note about a link is profiling, and theirs is not sent.
      if (customer && mustNotProfile(customer)) return { skipped: 'the customer must not be profiled' };
      return { kind: 'note', job, item: { ...base, target: target(customerId, customer, crmId), note: parsed.data } };
    }
    if (job.kind === 'upsert-task') {
      const parsed = TaskPayload.safeParse(job.payload);
      if (!parsed.success) throw unreadable(parsed.error);
      // Queued before they chose: a task comes from profiling them, and theirs is not sent.
      if (!customer) return { skipped: 'the customer no longer exists in Earshot' };
      if (mustNotProfile(customer)) return { skipped: 'the customer must not be profiled' };
      const taskId = (await db.actions.get(parsed.data.actionId))?.crmTasks?.[connector];
      return { kind: 'task', job, item: { ...base, target: target(customerId, customer, crmId), task: parsed.data, ...(taskId ? { taskId } : {}) } };
    }
    const parsed = ErasePayload.safeParse(job.payload);
    if (!parsed.success) throw unreadable(parsed.error);
    const t = { customerId, ...(parsed.data.email ? { email: parsed.data.email } : {}), ...(crmId ? { crmId } : {}) };
    return { kind: 'erase', job, item: { ...base, target: t, erase: parsed.data } };
  }

  /** Write every outcome in one transaction: done jobs go, failed ones wait or park. */
  private async record(results: readonly Result[], report: PassReport): Promise<void> {
    const db = this.deps.db;
    const now = this.deps.now();
    const synced = new Set<ConnectorId>();
    let parkedNow = 0;
    // Jobs held back by a 429 share one draw: they come due together and go as one batch again.
    let heldBackDraw: number | undefined;
    const deferredDraw = () => (heldBackDraw ??= this.deps.random());
    await db.transaction('rw', [db.syncJobs, db.meta, db.connections, db.audit, db.actions], async () => {
      const fresh = await db.syncJobs.bulkGet(results.map((r) => r.job.id));
      const customerIds = results.map((r) => String((r.job.payload as { customerId?: unknown }).customerId ?? ''));
      const stateKeys = results.map((r, i) => syncStateKey(r.job.connector, customerIds[i]!));
      const states = await getStates(db, stateKeys);
      for (const [i, r] of results.entries()) {
        const job = fresh[i];
        // Erased (or retried elsewhere) while it was being sent: leave it be.
        if (!job || job.status !== 'running') continue;
        const o = r.outcome;
        if ('skipped' in o) {
          await db.syncJobs.delete(job.id);
          report.done += 1;
          continue;
        }
        if ('deferred' in o) {
          // Not attempted: the attempt is given back. Held back as the first retry would be, or
          // parked with the moment named when the CRM asked for longer than Earshot waits.
          const attempts = Math.max(0, job.attempts - 1);
          const decision = decideRetry(o.deferred, attempts, { policy: this.policy, draw: deferredDraw, now, backoffAttempt: 1 });
          if (decision.retry) {
            await db.syncJobs.put({ ...job, status: 'pending', attempts, nextAttemptAt: now + decision.delayMs, updatedAt: now });
            report.deferred += 1;
          } else {
            await db.syncJobs.put({ ...job, status: 'parked', attempts, lastError: decision.reason, updatedAt: now });
            report.parked += 1;
            parkedNow += 1;
          }
          continue;
        }
        if (o.ok) {
          await db.syncJobs.delete(job.id);
          report.done += 1;
          synced.add(job.connector);
          const key = stateKeys[i]!;
          if (job.kind === 'erase-person') {
            // Erased in the CRM too: forget the CRM id and what was sent.
            await db.meta.delete(key);
            states.delete(key);
            continue;
          }
          if (job.kind === 'upsert-task' && o.taskId) {
            // Kept on the action: its next change updates this task instead of looking for it.
            const actionId = String(job.payload.actionId ?? '');
            const action = await db.actions.get(actionId);
            if (action) await db.actions.update(actionId, { crmTasks: { ...action.crmTasks, [job.connector]: o.taskId } });
          }
          const state = states.get(key) ?? { noted: [], sentTags: [] };
          const next: SyncState = {
            ...state,
            ...(o.crmId ? { crmId: o.crmId } : {}),
            sentTags: [...new Set([...state.sentTags, ...(r.sentTags ?? [])])],
          };
          states.set(key, next);
          await db.meta.put({ key, value: next, updatedAt: now });
          continue;
        }
        const draw = r.backoff ? () => r.backoff!.draw : this.deps.random;
        const decision = decideRetry(o.error, job.attempts, { policy: this.policy, draw, now, ...(r.backoff ? { backoffAttempt: r.backoff.attempt } : {}) });
        if (decision.retry) {
          await db.syncJobs.put({ ...job, status: 'pending', nextAttemptAt: now + decision.delayMs, lastError: decision.reason, updatedAt: now });
          report.retrying += 1;
        } else {
          await db.syncJobs.put({ ...job, status: 'parked', lastError: decision.reason, updatedAt: now });
          report.parked += 1;
          parkedNow += 1;
        }
      }
      for (const connector of synced) await db.connections.update(connector, { lastSyncAt: now });
      if (parkedNow > 0) {
        await db.audit.add({ at: now, action: 'sync-parked', actor: 'system', summary: 'CRM sync jobs were parked and wait for a person', counts: { jobs: parkedNow } });
      }
    });
  }
}

function target(customerId: string, customer: Customer | undefined, crmId: string | undefined) {
  return {
    customerId,
    ...(customer?.email ? { email: customer.email.trim() } : {}),
    ...(crmId ? { crmId } : {}),
  };
}

// ---- what the options page shows, and what a person can do -----------------------------------

export interface JobView {
  id: string;
  connector: ConnectorId;
  kind: SyncJob['kind'];
  customerId: string;
  name?: string;
  reason?: string;
  attempts: number;
  nextAttemptAt: number;
  updatedAt: number;
}

export interface OutboxView {
  pending: number;
  running: number;
  parked: JobView[];
  /** Pending jobs whose last attempt failed (they retry by themselves). */
  retrying: JobView[];
}

export async function outboxView(db: EarshotDatabase, limit = 50): Promise<OutboxView> {
  const byStatus = (status: SyncJob['status']) => db.syncJobs.where('[status+nextAttemptAt]').between([status, Dexie.minKey], [status, Dexie.maxKey]);
  const [pending, running, parkedJobs, retryingJobs] = await Promise.all([
    byStatus('pending').count(),
    byStatus('running').count(),
    byStatus('parked').limit(limit).toArray(),
    byStatus('pending').filter((j) => j.lastError !== undefined).limit(limit).toArray(),
  ]);
  const ids = [...new Set([...parkedJobs, ...retryingJobs].map((j) => String((j.payload as { customerId?: unknown }).customerId ?? '')))];
  const customers = new Map((await db.customers.bulkGet(ids)).flatMap((c) => (c ? [[c.id, c] as const] : [])));
  const view = (j: SyncJob): JobView => {
    const customerId = String((j.payload as { customerId?: unknown }).customerId ?? '');
    const c = customers.get(customerId);
    const name = [c?.firstName, c?.lastName].filter(Boolean).join(' ') || c?.email;
    return { id: j.id, connector: j.connector, kind: j.kind, customerId, ...(name ? { name } : {}), ...(j.lastError ? { reason: j.lastError } : {}), attempts: j.attempts, nextAttemptAt: j.nextAttemptAt, updatedAt: j.updatedAt };
  };
  return { pending, running, parked: parkedJobs.map(view), retrying: retryingJobs.map(view) };
}

/** A person asked to try a parked job again: it goes back in line with a fresh set of attempts. */
export async function retryJob(db: EarshotDatabase, jobId: string, now: number): Promise<void> {
  await db.transaction('rw', db.syncJobs, async () => {
    const job = await db.syncJobs.get(jobId);
    if (!job) throw new Error(`no outbox job ${jobId} (it may have been sent or erased meanwhile)`);
    if (job.status !== 'parked') return;
    // attempts stays >= 1: the connector still looks before creating, since a parked write may have landed.
    await db.syncJobs.put({ ...job, status: 'pending', attempts: Math.min(job.attempts, 1), nextAttemptAt: now, updatedAt: now });
  });
}

/** After (re)connecting a CRM, its parked jobs get another chance (the new token may be what they needed). */
export async function unparkConnector(db: EarshotDatabase, connector: ConnectorId, now: number): Promise<number> {
  return db.syncJobs
    .where('[status+nextAttemptAt]')
    .between(['parked', Dexie.minKey], ['parked', Dexie.maxKey])
    .filter((j) => j.connector === connector)
    .modify((job) => {
      job.status = 'pending';
      job.attempts = Math.min(job.attempts, 1);
      job.nextAttemptAt = now;
      job.updatedAt = now;
    });
}
