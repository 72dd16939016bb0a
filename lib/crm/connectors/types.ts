/**
 * The one interface every CRM connector implements. The outbox hands a
 * connector batches of items and gets one outcome per item back, so a partial
 * batch failure parks or retries only the items that failed.
 *
 * A connector is stateless between calls except for small caches (property
 * options it already ensured); everything durable lives in the outbox.
 */
import type { ConnectorId, Customer } from '../../model';
import type { HttpDeps, SyncError } from '../http';
import type { ErasePayload, NotePayload, PersonPayload } from '../sync-payload';
import type { TaskPayload } from '../task-payload';
import type { TaskWithdrawal } from '../task-withdrawal';
import type { ReportDeliveryContent } from '../report-delivery';

/** A setting the user fills in when connecting; its label comes from the locale (crm.field.<name>). */
export interface ConnectorField {
  name: string;
  kind: 'secret' | 'url' | 'text';
  required: boolean;
  /** Used when the user leaves the field empty. */
  default?: string;
  placeholder?: string;
}

/** What a connector needs and can do, for the options page and the outbox. */
export interface ConnectorDescription {
  id: ConnectorId;
  /** The CRM's own name (not translated). */
  label: string;
  /** The settings fields; the one of kind 'secret' is the token or signing key. */
  fields: readonly ConnectorField[];
  /** Most items one push call carries (the API's batch limit). */
  batchSize: number;
  /** Whether customers can be pulled from this CRM into Earshot. */
  pulls: boolean;
  /**
   * The optional host permission to ask for, from the settings (the API base
   * URL or the webhook URL): scheme and host only, as browsers match them.
   */
  hostPermission(settings: Readonly<Record<string, string>>): string;
}

/** Where the person is in the CRM. */
export interface CrmTarget {
  /** Earshot's customer id (the id in customers.csv, or the CRM's id when pulled from it). */
  customerId: string;
  email?: string;
  /** The record's id in this CRM when known (pulled from it, or remembered from an earlier push). */
  crmId?: string;
}

interface ItemBase {
  /** The outbox job's id: outcomes are keyed by it. */
  key: string;
  /** The job's idempotency key: the same change always carries the same key. */
  idempotencyKey: string;
  target: CrmTarget;
  /**
   * An earlier attempt may have reached the CRM (it timed out, the worker
   * stopped mid-request, a 5xx): look before creating anything.
   */
  retry: boolean;
  /** No write of this change can be older than this (the job's creation time). */
  since: number;
}

export interface PersonItem extends ItemBase {
  person: PersonPayload;
  /** Tags Earshot wrote for this person before (a CRM with shared labels removes those no longer present). */
  previousTags: readonly string[];
}

export interface NoteItem extends ItemBase {
  note: NotePayload;
}

export interface EraseItem extends ItemBase {
  erase: ErasePayload;
}

export interface TaskItem extends ItemBase {
  task: TaskPayload;
  /** The task's id in this CRM when an earlier push created it: updated, never created again. */
  taskId?: string;
}

export interface WithdrawItem extends ItemBase {
  withdrawal: TaskWithdrawal;
}

/** The weekly report, delivered to no person: the webhook's event, or a task for the CRM's owner. */
export interface ReportItem extends Omit<ItemBase, 'target'> {
  delivery: ReportDeliveryContent;
}

/** crmId is the person's record; taskId the task a task item created or updated. */
export type ItemOutcome = { ok: true; crmId?: string; taskId?: string } | { ok: false; error: SyncError };

/** Outcomes by item key. An item with no outcome is treated as "unknown: try again". */
export type Outcomes = Map<string, ItemOutcome>;

export interface PullPage {
  customers: Customer[];
  /** Cursor of the next page, null at the end. */
  next: string | null;
}

export interface ConnectResult {
  /** One sentence for the user: what was checked and created. */
  summary: string;
  /** Settings the connector derived (e.g. Pipedrive's custom field keys), stored with the connection. */
  settings?: Record<string, string>;
}

export interface Connector {
  readonly description: ConnectorDescription;
  /** Check the token and prepare the CRM (custom properties, fields); safe to run again. */
  connect(): Promise<ConnectResult>;
  /** One page of the CRM's contacts as Earshot customers. */
  pullCustomers(cursor: string | null): Promise<PullPage>;
  /** Create or update people; at most description.batchSize items. */
  pushPersons(items: readonly PersonItem[]): Promise<Outcomes>;
  /** Add notes to people's timelines; never twice for the same idempotency key. */
  pushNotes(items: readonly NoteItem[]): Promise<Outcomes>;
  /** Clear what Earshot wrote about people and remove Earshot's notes. */
  erasePersons(items: readonly EraseItem[]): Promise<Outcomes>;
  /** Create or update tasks (next best actions) on people; one task per task key, however often sent. */
  pushTasks(items: readonly TaskItem[]): Promise<Outcomes>;
  /** Remove Earshot's tasks (found by id or by key) of people who must not be profiled any more; none there is done. */
  withdrawTasks(items: readonly WithdrawItem[]): Promise<Outcomes>;
  /** Deliver weekly reports; never twice for the same idempotency key (the week's). */
  deliverReports(items: readonly ReportItem[]): Promise<Outcomes>;
}

export interface ConnectorDeps extends HttpDeps {
  /** Random UUIDs (webhook delivery ids); crypto.randomUUID by default. */
  newId?(): string;
}

export interface ConnectionSettings {
  settings: Readonly<Record<string, string>>;
  secret: string;
}
