import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createWebhookConnector, signWebhook, verifyWebhook, WEBHOOK_SCHEMA } from '../../../lib/crm/connectors/webhook';
import type { Connector } from '../../../lib/crm/connectors/types';
import type { CrmServer } from '../../crm-server/server';
import { T0, anna, annaLink, eraseItem, httpDeps, janneke, jannekeLink, noteItem, personItem, personOf, withServer } from './fixtures';

const SECRET = 'whsec-test-0123456789abcdef';
const hookOn = (server: CrmServer, secret = SECRET): Connector => createWebhookConnector({ settings: { url: `${server.url}/hooks/earshot` }, secret }, httpDeps());

describe('webhook signature', () => {
  it('is HMAC-SHA256 over "<timestamp>.<body>", as node:crypto computes it', async () => {
    const body = JSON.stringify({ schema: WEBHOOK_SCHEMA, sentAt: '2026-11-20T09:30:00.000Z', events: [{ id: 'e1', type: 'ping', occurredAt: '2026-11-20T09:30:00.000Z' }] });
    const expected = createHmac('sha256', SECRET).update(`1763631000.${body}`).digest('hex');
    expect(await signWebhook(SECRET, 1763631000, body)).toBe(`v1=${expected}`);
    // Non-ASCII in body and secret: both are signed as UTF-8 bytes.
    const dutch = '{"name":"Anneloes Ö. de Wit — 🌷"}';
    expect(await signWebhook('geheim-sleutel-ñ-0001', 7, dutch)).toBe(`v1=${createHmac('sha256', 'geheim-sleutel-ñ-0001').update(`7.${dutch}`, 'utf8').digest('hex')}`);
  });

  it('a receiver accepts the signature, and refuses a changed body, another secret and an old timestamp', async () => {
    const body = '{"schema":"earshot.webhook/1","events":[]}';
    const now = 1763631000;
    const signature = await signWebhook(SECRET, now, body);
    expect(await verifyWebhook(SECRET, { timestamp: String(now), signature }, body, now + 20)).toEqual({ ok: true });
    expect(await verifyWebhook(SECRET, { timestamp: String(now), signature }, body.replace('[]', '[{}]'), now)).toEqual({ ok: false, reason: 'signature does not match' });
    expect(await verifyWebhook('another-secret-of-some-length', { timestamp: String(now), signature }, body, now)).toMatchObject({ ok: false });
    expect(await verifyWebhook(SECRET, { timestamp: String(now), signature }, body, now + 301)).toEqual({ ok: false, reason: 'timestamp outside the tolerance window (replay?)' });
    // A rotated secret: the receiver may accept either of two signatures.
    const other = await signWebhook('the-previous-secret-0001', now, body);
    expect(await verifyWebhook(SECRET, { timestamp: String(now), signature: `${other}, ${signature}` }, body, now)).toEqual({ ok: true });
  });
});

describe('webhook connector against the stand-in receiver', () => {
  it('connects with a signed ping, then delivers updates, notes and erasures in the documented schema', async () => {
    await withServer(async (server) => {
      const hook = hookOn(server);
      expect((await hook.connect()).summary).toBe(`Connected to the webhook at 127.0.0.1:${server.port}: a signed test event was accepted.`);
      const updates = await hook.pushPersons([
        personItem('j1', personOf(janneke, [jannekeLink], ['ambassador'], T0 + 1_000, { clv: 412.5 })),
        personItem('a1', personOf(anna, [annaLink], [])),
      ]);
      expect([...updates.values()]).toEqual([{ ok: true }, { ok: true }]);
      await hook.pushNotes([noteItem('n1', janneke, jannekeLink, 'user')]);
      await hook.erasePersons([eraseItem('e1', anna)]);

      const events = Object.values(server.state.webhook.events).map((e) => e.event);
      expect(events.map((e) => e.type)).toEqual(['ping', 'person.updated', 'person.updated', 'person.linked', 'person.erased']);
      expect(events[1]).toMatchObject({ id: 'earshot-upsert-person-j1', occurredAt: new Date(T0 + 1_000).toISOString(), person: { customerId: 'C-1001', tags: ['ambassador'], values: { clv: 412.5 } } });
      expect(events[3]).toMatchObject({ id: 'earshot-note-n1', customerId: 'C-1001', decidedBy: 'user' });
      expect(String(events[3]!.text)).toContain('A person confirmed that instagram @janneke.vd');
      expect(String(events[3]!.text)).not.toContain('earshot-note:');
      expect(events[4]).toMatchObject({ type: 'person.erased', customerId: 'C-1002', email: 'anna.ivanova@mail.ru' });
      expect(server.state.webhook.badSignatures).toBe(0);
      expect(server.violations).toEqual([]);
    });
  });

  it('a retry carries the same event id, so the receiver keeps one copy', async () => {
    await withServer(async (server) => {
      const hook = hookOn(server);
      const item = personItem('j1', personOf(janneke, [], []));
      await hook.pushPersons([item]);
      await hook.pushPersons([{ ...item, retry: true }]);
      expect(server.state.webhook.events['earshot-upsert-person-j1']?.deliveries).toBe(2);
      expect(server.writes('webhook.person.updated')).toBe(1);
      expect(server.writes('webhook.event.duplicate')).toBe(1);
    });
  });

  it('events the receiver names as rejected are permanent, the others done', async () => {
    await withServer(
      async (server) => {
        const hook = hookOn(server);
        const out = await hook.pushPersons([personItem('j1', personOf(janneke, [], [])), personItem('a1', personOf(anna, [], []))]);
        expect(out.get('j1')).toEqual({ ok: true });
        expect(out.get('a1')).toMatchObject({ ok: false, error: { message: 'The webhook receiver refused this event: this receiver does not know the customer', details: { transient: false } } });
      },
      { rejectIds: new Set(['C-1002']) },
    );
  });

  it('the receiver refuses a replayed or forged request', async () => {
    await withServer(async (server) => {
      const body = JSON.stringify({ schema: WEBHOOK_SCHEMA, sentAt: new Date().toISOString(), events: [{ id: 'x', type: 'ping', occurredAt: new Date().toISOString() }] });
      const old = Math.floor(Date.now() / 1000) - 600;
      const replay = await fetch(`${server.url}/hooks/earshot`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'earshot-timestamp': String(old), 'earshot-signature': await signWebhook(SECRET, old, body), 'earshot-delivery': 'd1' },
        body,
      });
      expect(replay.status).toBe(401);
      const now = Math.floor(Date.now() / 1000);
      const forged = await fetch(`${server.url}/hooks/earshot`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'earshot-timestamp': String(now), 'earshot-signature': await signWebhook('not-the-shared-secret!!', now, body), 'earshot-delivery': 'd2' },
        body,
      });
      expect(forged.status).toBe(401);
      expect(server.state.webhook.badSignatures).toBe(2);
      expect(Object.keys(server.state.webhook.events)).toEqual([]);
    });
  });

  it('refuses a short secret and a plain-http address other than this machine', () => {
    expect(() => createWebhookConnector({ settings: { url: 'https://hooks.example.com/x' }, secret: 'short' }, httpDeps())).toThrow('at least 16 characters');
    expect(() => createWebhookConnector({ settings: { url: 'http://hooks.example.com/x' }, secret: SECRET }, httpDeps())).toThrow('must start with https://');
    expect(() => createWebhookConnector({ settings: { url: 'https://user:pw@hooks.example.com/x' }, secret: SECRET }, httpDeps())).toThrow('must not contain a user name or password');
  });
});
