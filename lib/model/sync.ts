import { z } from '../zod';
import { Timestamp } from './common';
import { PersonRef } from './person';

export const CONNECTORS = ['hubspot', 'pipedrive', 'webhook', 'csv'] as const;
export const ConnectorId = z.enum(CONNECTORS);
export type ConnectorId = z.infer<typeof ConnectorId>;

export const SYNC_JOB_KINDS = ['upsert-person', 'add-note', 'erase-person', 'upsert-task', 'withdraw-task', 'deliver-report'] as const;

/**
 * The queue of a job about no person: the weekly report's deliveries. They take
 * their turn in one queue per CRM, week after week, as a person's jobs do.
 */
export const REPORT_QUEUE = 'report:weekly';
export const JobQueue = z.union([PersonRef, z.literal(REPORT_QUEUE)]);
export type JobQueue = PersonRef | typeof REPORT_QUEUE;
export const SYNC_JOB_STATUSES = ['pending', 'running', 'done', 'parked'] as const;

/**
 * An outbox entry: one change to send to a CRM. It lives in IndexedDB so it
 * survives the service worker stopping and the browser closing; `seq` orders
 * the jobs of one person.
 */
export const SyncJob = z.object({
  id: z.string().min(1),
  seq: z.number().int().nonnegative(),
  connector: ConnectorId,
  kind: z.enum(SYNC_JOB_KINDS),
  /** Whose jobs these are, in order: a person, or REPORT_QUEUE for the weekly report. */
  personRef: JobQueue,
  /** The same change always gets the same key, so a retry never duplicates it. */
  idempotencyKey: z.string().min(1),
  payload: z.record(z.string(), z.unknown()),
  status: z.enum(SYNC_JOB_STATUSES),
  attempts: z.number().int().nonnegative(),
  nextAttemptAt: Timestamp,
  /** Why the job is parked or why the last attempt failed, in words for the user. */
  lastError: z.string().optional(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type SyncJob = z.infer<typeof SyncJob>;

/**
 * A CRM the user connected. The secret (access token, API token, webhook
 * signing key) lives here, in the extension's IndexedDB: only the service
 * worker and the extension's own pages can open it; content scripts run in
 * the web page's origin and cannot.
 */
export const CrmConnection = z.object({
  connector: ConnectorId,
  /** Non-secret settings: API base URL, webhook URL, the id property to upsert by. */
  settings: z.record(z.string(), z.string()),
  secret: z.string(),
  connectedAt: Timestamp,
  lastSyncAt: Timestamp.optional(),
});
export type CrmConnection = z.infer<typeof CrmConnection>;
