/**
 * The stand-in's webhook receiver: verifies the signature with node:crypto
 * (independently of Earshot's own Web Crypto signing), refuses timestamps
 * outside five minutes, and deduplicates events on their id, as
 * docs/webhook.md tells receivers to. It keeps the team decisions it is sent
 * (each once) and serves them back, paged and signed, at its pull endpoint.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { count, track, type CrmState, type Exchange, type Reply, type VendorOptions } from './types';

export const TOLERANCE_SECONDS = 300;

export function verifySignature(secret: string, timestamp: string, raw: string, header: string): boolean {
  const expected = Buffer.from(signature(secret, timestamp, raw));
  return header.split(',').some((part) => {
    const given = Buffer.from(part.trim());
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

export function signature(secret: string, timestamp: string, message: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${message}`).digest('hex')}`;
}

export function webhook(x: Exchange, state: CrmState, options: VendorOptions): Reply {
  const timestamp = String(x.headers['earshot-timestamp'] ?? '');
  const signed = String(x.headers['earshot-signature'] ?? '');
  // A delivery signs its body; a pull signs its method and path with the query (docs/webhook.md).
  const message = x.m.operationId === 'pullDecisions' ? `GET ${x.path}` : x.raw;
  if (Math.abs(Math.floor(x.now / 1000) - Number(timestamp)) > TOLERANCE_SECONDS || !verifySignature(options.webhookSecret, timestamp, message, signed)) {
    state.webhook.badSignatures += 1;
    return { status: 401, json: { error: 'bad signature or timestamp' } };
  }
  return x.m.operationId === 'pullDecisions' ? pullDecisions(x, state, options) : deliver(x, state, options);
}

/** One decision's identity: the same decision sent twice is kept once. */
function decisionKey(d: Record<string, unknown>): string {
  return JSON.stringify(['customerId', 'kind', 'settles', 'profileId', 'author', 'decidedAt'].map((k) => d[k] ?? null));
}

function keepDecisions(state: CrmState, customerId: string, decisions: Record<string, unknown>[]): void {
  const held = (state.webhook.decisions ??= []);
  const seen = new Set(held.map(decisionKey));
  for (const d of decisions) {
    const record = { customerId, ...d };
    if (seen.has(decisionKey(record))) continue;
    seen.add(decisionKey(record));
    held.push(record);
    count(state, 'webhook.decision.kept');
  }
}

/** A page of the decisions in the order they arrived; the cursor is the next record's position. */
function pullDecisions(x: Exchange, state: CrmState, options: VendorOptions): Reply {
  const held = state.webhook.decisions ?? [];
  const from = Number(x.query.get('cursor') ?? '0');
  if (!Number.isInteger(from) || from < 0 || from > held.length) return { status: 400, json: { error: 'unknown cursor' } };
  const to = Math.min(held.length, from + options.decisionsPageSize);
  const json = { schema: 'earshot.decisions/1', decisions: held.slice(from, to), next: to < held.length ? String(to) : null };
  // The server writes the answer as JSON.stringify(json): these are the bytes signed.
  const timestamp = String(Math.floor(x.now / 1000));
  return { status: 200, json, headers: { 'earshot-timestamp': timestamp, 'earshot-signature': signature(options.webhookSecret, timestamp, JSON.stringify(json)) } };
}

function deliver(x: Exchange, state: CrmState, options: VendorOptions): Reply {
  const body = x.body as { events: ({ id: string; type: string } & Record<string, unknown>)[] };
  const rejected: { id: string; reason: string }[] = [];
  for (const event of body.events) {
    if (options.rejectIds.has(event.id) || (event.type === 'person.updated' && options.rejectIds.has(String((event.person as { customerId?: string }).customerId)))) {
      rejected.push({ id: event.id, reason: 'this receiver does not know the customer' });
      continue;
    }
    const seen = state.webhook.events[event.id];
    if (seen) {
      seen.deliveries += 1;
      count(state, 'webhook.event.duplicate');
      continue;
    }
    state.webhook.events[event.id] = { event, deliveries: 1 };
    count(state, `webhook.${event.type}`);
    if (event.type === 'team.decisions') keepDecisions(state, String(event.customerId), event.decisions as Record<string, unknown>[]);
    if (event.type === 'person.updated') {
      const p = event.person as { customerId: string; changedAt: number };
      track(state, `webhook:${p.customerId}`, p.changedAt);
    }
  }
  return rejected.length > 0 ? { status: 200, json: { rejected } } : { status: 204 };
}
