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
import { mustNotProfile, type ConnectorId, type Customer, type SyncJob } from '../model';
import type { EarshotDatabase } from '../db/database';
import { recordStorageProblem } from '../db/storage';
import { getStates, syncState, type SyncState } from '../db/sync-state';
import { deleteMeta, readMeta, writeMeta } from '../db/meta';
import { describeIssues, type z } from '../zod';
import { SyncError, asSyncError } from '../crm/http';
import { DEFAULT_RETRY_POLICY, decideRetry, type RetryPolicy } from '../crm/retry';
import type { Connector, EraseItem, ItemOutcome, NoteItem, Outcomes, PersonItem, ReportItem, TaskItem, WithdrawItem } from '../crm/connectors/types';
import { TaskPayload } from '../crm/task-payload';
import { TaskWithdrawal } from '../crm/task-withdrawal';
import { ErasePayload, NotePayload, UpsertJobPayload, type ValuesOf } from '../crm/sync-payload';
import { loadPersonPayload } from '../db/crm-payloads';
import { markReportDelivered } from '../db/report-delivery';
import { ReportDeliveryPayload, customersIn, reportWords, withoutCustomers } from '../report/delivery';
import { renderWeeklyHtml } from '../report/weekly-html';
import type { WeeklyReport } from '../report/weekly';
import type { ReportDeliveryContent } from '../crm/report-delivery';
import type { Text } from '../ui/text';

export interface OutboxDeps {
  db: EarshotDatabase;
  /** The connector for a connected CRM, or null when it is not connected (any more). */
  connectorFor(connector: ConnectorId): Promise<Connector | null>;
  valuesOf?: ValuesOf;
  now(): number;
  random(): number;
  sleep(ms: number): Promise<void>;
  policy?: Partial<RetryPolicy>;
  /** The user's language, for the weekly report's page and task when one is delivered. */
  reportText?(): Promise<Text>;
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
  | { kind: 'task'; job: SyncJob; item: TaskItem }
  | { kind: 'withdraw'; job: SyncJob; item: WithdrawItem }
  | { kind: 'report'; job: SyncJob; item: ReportItem };

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
    for (const kind of ['person', 'note', 'task', 'withdraw', 'erase', 'report'] as const) {
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
    if (kind === 'withdraw') return connector.withdrawTasks(chunk.map((p) => p.item as WithdrawItem));
    if (kind === 'report') return connector.deliverReports(chunk.map((p) => p.item as ReportItem));
    return connector.erasePersons(chunk.map((p) => p.item as EraseItem));
  }

  /** Turn a stored job into a connector item, reading the latest person data for updates. */
  private async prepare(job: SyncJob, connector: ConnectorId): Promise<Prepared | { skipped: string }> {
    const db = this.deps.db;
    const unreadable = (error: z.ZodError) =>
      new SyncError(`This outbox entry cannot be read (${describeIssues(error)}); it was kept as it is.`, { kind: 'internal', transient: false, mayHaveApplied: false });
    const base = { key: job.id, idempotencyKey: job.idempotencyKey, retry: job.attempts > 1, since: job.createdAt };
    if (job.kind === 'deliver-report') {
      const parsed = ReportDeliveryPayload.safeParse(job.payload);
      if (!parsed.success) throw unreadable(parsed.error);
      return { kind: 'report', job, item: { ...base, delivery: await this.reportContent(parsed.data) } };
    }
    const customerIdOf = (payload: unknown) => (payload as { customerId?: unknown }).customerId;
    const customerId = String(customerIdOf(job.payload) ?? '');
    const [customer, state] = await Promise.all([customerId ? db.customers.get(customerId) : undefined, customerId ? readMeta(db, syncState(connector, customerId)) : undefined]);
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
    if (job.kind === 'withdraw-task') {
      // Sent whatever they chose since: taking the task away is what their choice asks.
      const parsed = TaskWithdrawal.safeParse(job.payload);
      if (!parsed.success) throw unreadable(parsed.error);
      return { kind: 'withdraw', job, item: { ...base, target: target(customerId, customer, crmId), withdrawal: parsed.data } };
    }
    const parsed = ErasePayload.safeParse(job.payload);
    if (!parsed.success) throw unreadable(parsed.error);
    const t = { customerId, ...(parsed.data.email ? { email: parsed.data.email } : {}), ...(crmId ? { crmId } : {}) };
    return { kind: 'erase', job, item: { ...base, target: t, erase: parsed.data } };
  }

  /**
   * The report as it may be sent now: whoever it names who must not be profiled any more (or was erased)
   * since it was made is taken out, and its page and task words are written in the user's language.
   */
  private async reportContent(payload: ReportDeliveryPayload): Promise<ReportDeliveryContent> {
    if (!this.deps.reportText) {
      throw new SyncError('This outbox cannot write the weekly report (no language was given to it).', { kind: 'internal', transient: false, mayHaveApplied: false });
    }
    // The payload's shape was checked; the fields inside its lists are what buildWeeklyReport wrote.
    const made = payload.report as unknown as WeeklyReport;
    const listed = customersIn(made);
    const customers = await this.deps.db.customers.bulkGet(listed);
    const report = withoutCustomers(made, listed.filter((_, i) => !customers[i] || mustNotProfile(customers[i]!)));
    const text = await this.deps.reportText();
    return { week: payload.week, madeAt: payload.madeAt, report: { ...report }, html: renderWeeklyHtml(report, text, payload.madeAt), ...reportWords(report, text) };
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
      const stateKeys = results.map((r, i) => syncState(r.job.connector, customerIds[i]!));
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
          if (job.kind === 'deliver-report') {
            await markReportDelivered(db, job.connector, String(job.payload.week ?? ''), now);
            continue;
          }
          if (job.kind === 'erase-person') {
            // Erased in the CRM too: forget the CRM id and what was sent.
            await deleteMeta(db, key);
            states.delete(key.key);
            continue;
          }
          if (job.kind === 'upsert-task' && o.taskId) {
            // Kept on the action: its next change updates this task instead of looking for it.
            const actionId = String(job.payload.actionId ?? '');
            const action = await db.actions.get(actionId);
            if (action) await db.actions.update(actionId, { crmTasks: { ...action.crmTasks, [job.connector]: o.taskId } });
          }
          const state = states.get(key.key) ?? { noted: [], sentTags: [] };
          const next: SyncState = {
            ...state,
            ...(o.crmId ? { crmId: o.crmId } : {}),
            sentTags: [...new Set([...state.sentTags, ...(r.sentTags ?? [])])],
          };
          states.set(key.key, next);
          await writeMeta(db, key, next, now);
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

