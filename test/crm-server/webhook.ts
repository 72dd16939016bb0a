/**
 * The stand-in's webhook receiver: verifies the signature with node:crypto
 * (independently of Earshot's own Web Crypto signing), refuses timestamps
 * outside five minutes, and deduplicates events on their id, as
 * docs/webhook.md tells receivers to.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { count, track, type CrmState, type Exchange, type Reply, type VendorOptions } from './types';

export const TOLERANCE_SECONDS = 300;

export function verifySignature(secret: string, timestamp: string, raw: string, header: string): boolean {
  const expected = Buffer.from(`v1=${createHmac('sha256', secret).update(`${timestamp}.${raw}`).digest('hex')}`);
  return header.split(',').some((part) => {
    const given = Buffer.from(part.trim());
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

export function webhook(x: Exchange, state: CrmState, options: VendorOptions): Reply {
  const timestamp = String(x.headers['earshot-timestamp'] ?? '');
  const signature = String(x.headers['earshot-signature'] ?? '');
  if (Math.abs(Math.floor(x.now / 1000) - Number(timestamp)) > TOLERANCE_SECONDS || !verifySignature(options.webhookSecret, timestamp, x.raw, signature)) {
    state.webhook.badSignatures += 1;
    return { status: 401, json: { error: 'bad signature or timestamp' } };
  }
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
    if (event.type === 'person.updated') {
      const p = event.person as { customerId: string; changedAt: number };
      track(state, `webhook:${p.customerId}`, p.changedAt);
    }
  }
  return rejected.length > 0 ? { status: 200, json: { rejected } } : { status: 204 };
}
