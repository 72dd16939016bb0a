/**
 * What the options page shows of the outbox (waiting, parked and retrying
 * jobs, by person), and what a person can do about a stuck job.
 */
import Dexie from 'dexie';
import type { ConnectorId, SyncJob } from '../model';
import type { EarshotDatabase } from '../db/database';

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
    // A report's delivery is about no one: it is named by its week.
    const name = j.kind === 'deliver-report' ? String((j.payload as { week?: unknown }).week ?? '') : [c?.firstName, c?.lastName].filter(Boolean).join(' ') || c?.email;
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
