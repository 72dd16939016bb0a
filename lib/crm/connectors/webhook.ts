/**
 * A signed webhook for any other CRM or automation tool (docs/webhook.md is
 * the contract receivers build against).
 *
 * Each POST carries up to 50 events as JSON. The signature is HMAC-SHA256,
 * keyed with the shared secret, over "<timestamp>.<raw body>", sent as
 * `Earshot-Signature: v1=<hex>` with the timestamp in `Earshot-Timestamp`;
 * a receiver refuses timestamps more than five minutes away from its clock,
 * so a captured request cannot be replayed later. Every event has an `id`
 * that stays the same across retries: receivers deduplicate on it.
 *
 * Web Crypto (crypto.subtle) does the signing, so the same code runs in the
 * service worker and in Node.
 */
import { z } from '../../zod';
import { SyncError, checkCrmUrl, clip, originPattern, readJson, send } from '../http';
import { noteLines, type ErasePayload, type NotePayload, type PersonPayload } from '../sync-payload';
import type { TaskPayload } from '../task-payload';
import type { WireDecision } from './webhook-decisions';
import type { ConnectResult, Connector, ConnectorDeps, ConnectorDescription, ConnectionSettings, Outcomes, PullPage } from './types';

export const WEBHOOK_SCHEMA = 'earshot.webhook/1';
const SERVICE = 'The webhook';
const BATCH = 50;
/** How far a receiver should accept a timestamp from its own clock. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;
const MIN_SECRET_LENGTH = 16;

export function webhookDescription(): ConnectorDescription {
  return {
    id: 'webhook',
    label: 'Webhook',
    fields: [
      { name: 'url', kind: 'url', required: true, placeholder: 'https://hooks.example.com/earshot' },
      { name: 'signingSecret', kind: 'secret', required: true },
    ],
    batchSize: BATCH,
    pulls: false,
    hostPermission: (settings) => originPattern(checkCrmUrl(settings.url ?? '', 'The webhook address')),
  };
}

export type WebhookEvent =
  | { id: string; type: 'person.updated'; occurredAt: string; person: PersonPayload }
  | { id: string; type: 'person.linked'; occurredAt: string; customerId: string; link: NotePayload['link']; decidedBy: NotePayload['decidedBy']; text: string }
  | { id: string; type: 'person.erased'; occurredAt: string; customerId: string; email?: string }
  | { id: string; type: 'ping'; occurredAt: string }
  | { id: string; type: 'task'; occurredAt: string; task: TaskPayload }
  | { id: string; type: 'task.withdrawn'; occurredAt: string; customerId: string; key: string; actionId: string }
  | { id: string; type: 'report.weekly'; occurredAt: string; week: string; report: Readonly<Record<string, unknown>>; html: string }
  | { id: string; type: 'team.decisions'; occurredAt: string; customerId: string; decisions: WireDecision[] };

export interface WebhookBody {
  schema: typeof WEBHOOK_SCHEMA;
  sentAt: string;
  events: WebhookEvent[];
}

function hex(bytes: ArrayBuffer): string {
  return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** `v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>` */
export async function signWebhook(secret: string, timestamp: number, body: string): Promise<string> {
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return `v1=${hex(await crypto.subtle.sign('HMAC', key, encoder.encode(`${timestamp}.${body}`)))}`;
}

/**
 * What a receiver does (a reference for docs/webhook.md and the tests):
 * check the timestamp window, then compare signatures in constant time.
 */
export async function verifyWebhook(
  secret: string,
  headers: { timestamp: string | null | undefined; signature: string | null | undefined },
  body: string,
  nowSeconds: number,
  toleranceSeconds = WEBHOOK_TOLERANCE_SECONDS,
): Promise<{ ok: true } | { ok: false; reason: string }> {
  if (!headers.timestamp || !/^\d+$/.test(headers.timestamp)) return { ok: false, reason: 'missing or malformed Earshot-Timestamp' };
  const timestamp = Number(headers.timestamp);
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return { ok: false, reason: 'timestamp outside the tolerance window (replay?)' };
  const expected = await signWebhook(secret, timestamp, body);
  const given = (headers.signature ?? '').split(',').map((s) => s.trim());
  const equal = (a: string, b: string) => a.length === b.length && [...a].reduce((d, c, i) => d | (c.charCodeAt(0) ^ b.charCodeAt(i)), 0) === 0;
  return given.some((g) => equal(g, expected)) ? { ok: true } : { ok: false, reason: 'signature does not match' };
}

const Answer = z
  .object({ rejected: z.array(z.object({ id: z.string(), reason: z.string().max(1000) }).loose()).optional() })
  .loose();

/** Where a webhook connection delivers, and the secret it signs with. */
export interface WebhookEndpoint {
  url: string;
  secret: string;
}

export function webhookEndpoint(connection: ConnectionSettings): WebhookEndpoint {
  const url = checkCrmUrl(connection.settings.url ?? '', 'The webhook address').href;
  if (connection.secret.length < MIN_SECRET_LENGTH) {
    throw new SyncError(`The webhook signing secret must have at least ${MIN_SECRET_LENGTH} characters.`, { kind: 'auth', transient: false, mayHaveApplied: false });
  }
  return { url, secret: connection.secret };
}

/** POST events, signed; returns the receiver's reason for each event it refused, by event id. */
export async function deliverEvents(endpoint: WebhookEndpoint, deps: ConnectorDeps, events: readonly WebhookEvent[]): Promise<Map<string, string>> {
  const newId = deps.newId ?? (() => crypto.randomUUID());
  const now = deps.now();
  const body = JSON.stringify({ schema: WEBHOOK_SCHEMA, sentAt: new Date(now).toISOString(), events: [...events] } satisfies WebhookBody);
  const timestamp = Math.floor(now / 1000);
  const result = await send(deps, SERVICE, {
    method: 'POST',
    url: endpoint.url,
    body,
    headers: {
      'content-type': 'application/json',
      'earshot-timestamp': String(timestamp),
      'earshot-signature': await signWebhook(endpoint.secret, timestamp, body),
      'earshot-delivery': newId(),
    },
  });
  // An empty 2xx means every event was taken; a receiver may name the ones it refuses.
  const answer = result.text.trim() === '' ? {} : readJson(SERVICE, result, Answer, 'Delivering events');
  return new Map((answer.rejected ?? []).map((r) => [r.id, r.reason]));
}

/** The error for an event the receiver refused, with its reason. */
export function refusedEvent(reason: string): SyncError {
  return new SyncError(`The webhook receiver refused this event: ${clip(reason, 200)}`, { kind: 'rejected', transient: false, mayHaveApplied: false });
}

export function createWebhookConnector(connection: ConnectionSettings, deps: ConnectorDeps): Connector {
  const endpoint = webhookEndpoint(connection);
  const url = endpoint.url;
  const newId = deps.newId ?? (() => crypto.randomUUID());

  async function post(events: WebhookEvent[], keys: readonly string[]): Promise<Outcomes> {
    const rejected = await deliverEvents(endpoint, deps, events);
    const out: Outcomes = new Map();
    events.forEach((event, i) => {
      const reason = rejected.get(event.id);
      out.set(keys[i]!, reason === undefined ? { ok: true } : { ok: false, error: refusedEvent(reason) });
    });
    return out;
  }

  const at = (ms: number) => new Date(ms).toISOString();

  return {
    description: webhookDescription(),

    async connect(): Promise<ConnectResult> {
      await post([{ id: `ping-${newId()}`, type: 'ping', occurredAt: at(deps.now()) }], ['ping']);
      return { summary: `Connected to the webhook at ${new URL(url).host}: a signed test event was accepted.` };
    },

    async pullCustomers(): Promise<PullPage> {
      throw new SyncError('A webhook only receives; import customers from a CSV file instead.', { kind: 'rejected', transient: false, mayHaveApplied: false });
    },

    pushPersons: (items) =>
      post(
        items.map((i) => ({ id: i.idempotencyKey, type: 'person.updated', occurredAt: at(i.person.changedAt), person: i.person })),
        items.map((i) => i.key),
      ),

    pushNotes: (items) =>
      post(
        items.map((i) => noteEvent(i.idempotencyKey, i.note)),
        items.map((i) => i.key),
      ),

    // Every change of a task is its own event (its id is the outbox job's key); receivers keep one task per task.key.
    pushTasks: (items) =>
      post(
        items.map((i) => ({ id: i.idempotencyKey, type: 'task', occurredAt: at(i.task.changedAt), task: i.task })),
        items.map((i) => i.key),
      ),

    // Only what finds the task: its words came from profiling the customer, who now objects.
    withdrawTasks: (items) =>
      post(
        items.map((i) => ({ id: i.idempotencyKey, type: 'task.withdrawn', occurredAt: at(i.withdrawal.changedAt), customerId: i.withdrawal.customerId, key: i.withdrawal.key, actionId: i.withdrawal.actionId })),
        items.map((i) => i.key),
      ),

    // One event per week (its id is the week's key): receivers that deduplicate on id keep one report a week.
    deliverReports: (items) =>
      post(
        items.map((i) => ({ id: i.idempotencyKey, type: 'report.weekly', occurredAt: at(i.delivery.madeAt), week: i.delivery.week, report: i.delivery.report, html: i.delivery.html })),
        items.map((i) => i.key),
      ),

    erasePersons: (items) =>
      post(
        items.map((i) => erasedEvent(i.idempotencyKey, i.erase, deps.now())),
        items.map((i) => i.key),
      ),
  };
}

function noteEvent(id: string, note: NotePayload): WebhookEvent {
  return {
    id,
    type: 'person.linked',
    occurredAt: new Date(note.decidedAt).toISOString(),
    customerId: note.customerId,
    link: note.link,
    decidedBy: note.decidedBy,
    // The human-readable note without the marker line (receivers deduplicate on `id`).
    text: noteLines(note, id).slice(0, -1).join('\n'),
  };
}

function erasedEvent(id: string, erase: ErasePayload, now: number): WebhookEvent {
  return { id, type: 'person.erased', occurredAt: new Date(now).toISOString(), customerId: erase.customerId, ...(erase.email ? { email: erase.email } : {}) };
}
