/**
 * The customer's choice on its way to and from a CRM: read on a pull (Earshot's
 * own field and the shop's), written when they must not be profiled, never
 * cleared (not by an update, not by an erasure), in the documented shapes.
 */
import { describe, expect, it } from 'vitest';
import { createHubSpotConnector, DO_NOT_PROFILE_PROPERTY } from '../../../lib/crm/connectors/hubspot';
import { createPipedriveConnector } from '../../../lib/crm/connectors/pipedrive';
import { createWebhookConnector } from '../../../lib/crm/connectors/webhook';
import { crmChoice } from '../../../lib/crm/choice';
import { buildPersonPayload } from '../../../lib/crm/sync-payload';
import type { CrmServer } from '../../crm-server/server';
import { T0, anna, annaLink, eraseItem, httpDeps, janneke, jannekeInstagram, jannekeLink, jannekeMatch, personItem, personOf, withServer } from './fixtures';

function clean(server: CrmServer) {
  expect(server.violations).toEqual([]);
  expect(server.responseViolations).toEqual([]);
}

const objecting = { ...personOf(janneke, [], []), doNotProfile: true as const };

describe('the payload of a customer who must not be profiled', () => {
  it('carries no links, tags or values, whatever is still held, and says so', () => {
    const parts = { matches: [jannekeMatch], profiles: new Map([[jannekeInstagram.id, jannekeInstagram]]), tags: ['ambassador'], values: { clv: 412.5 }, changedAt: T0 };
    expect(buildPersonPayload({ ...parts, customer: janneke })).toMatchObject({ links: [{ profileId: jannekeInstagram.id }], tags: ['ambassador'], values: { clv: 412.5 } });
    for (const choice of [{ doNotProfile: true }, { objectedAt: T0 }]) {
      const payload = buildPersonPayload({ ...parts, customer: { ...janneke, ...choice } });
      expect(payload).toEqual({ customerId: janneke.id, email: janneke.email, firstName: 'Janneke', lastName: 'van den Berg', links: [], tags: [], doNotProfile: true, changedAt: T0 });
    }
    // A stated "no" of the CRM is not sent as false.
    expect('doNotProfile' in buildPersonPayload({ ...parts, customer: { ...janneke, doNotProfile: false } })).toBe(false);
  });

  it('is read from any field that holds it: an objection in one counts, a stated no only when none objects', () => {
    expect(crmChoice(['true'])).toBe(true);
    expect(crmChoice(['false', 'YES'])).toBe(true);
    expect(crmChoice([null, 'false'])).toBe(false);
    expect(crmChoice([0, undefined])).toBe(false);
    expect(crmChoice(['', null, 'perhaps'])).toBeUndefined();
  });
});

describe('HubSpot', () => {
  const on = (server: CrmServer, own?: string) => createHubSpotConnector({ settings: { baseUrl: server.url, ...(own ? { doNotProfileField: own } : {}) }, secret: 'pat-test-token' }, httpDeps());

  it('creates the checkbox on connect, sets it for an objection only, and an erasure leaves it', async () => {
    await withServer(async (server) => {
      const hubspot = on(server);
      await hubspot.connect();
      expect(server.state.hubspot.properties[DO_NOT_PROFILE_PROPERTY]).toMatchObject({ type: 'bool', fieldType: 'booleancheckbox', groupName: 'earshot' });
      // Earlier, Earshot wrote her links and tags.
      await hubspot.pushPersons([personItem('j1', personOf(janneke, [jannekeLink], ['ambassador'], T0 + 1, { clv: 412.5 })), personItem('a1', personOf(anna, [annaLink], []))]);
      const contact = () => Object.values(server.state.hubspot.contacts).find((c) => c.properties.email === janneke.email)!;
      expect(contact().properties).toMatchObject({ earshot_tags: 'ambassador', earshot_values: 'clv: 412.50' });
      expect(contact().properties[DO_NOT_PROFILE_PROPERTY]).toBeUndefined();

      await hubspot.pushPersons([personItem('j2', { ...objecting, changedAt: T0 + 2 })]);
      expect(contact().properties[DO_NOT_PROFILE_PROPERTY]).toBe('true');
      // What Earshot wrote before is cleared by the same update.
      for (const name of ['earshot_profiles', 'earshot_tags', 'earshot_values', 'earshot_match_evidence']) expect(contact().properties[name], name).toBeUndefined();
      // Anna's updates never touch the field.
      const annaContact = Object.values(server.state.hubspot.contacts).find((c) => c.properties.email === anna.email)!;
      expect(annaContact.properties[DO_NOT_PROFILE_PROPERTY]).toBeUndefined();

      await hubspot.erasePersons([eraseItem('e1', janneke)]);
      expect(contact().properties[DO_NOT_PROFILE_PROPERTY]).toBe('true');
      expect(contact().properties.earshot_customer_id).toBeUndefined();
      clean(server);
    });
  });

  it('a pull reads Earshot\'s checkbox and the shop\'s own property', async () => {
    await withServer(async (server) => {
      await on(server).connect();
      server.state.hubspot.properties.gdpr_objection = { name: 'gdpr_objection', label: 'GDPR objection', type: 'string', fieldType: 'text', groupName: 'contactinformation', options: [] };
      const at = new Date(T0).toISOString();
      const contact = (id: string, properties: Record<string, string>) => (server.state.hubspot.contacts[id] = { id, properties: { email: `${id}@example.nl`, ...properties }, createdAt: at, updatedAt: at });
      contact('101', { [DO_NOT_PROFILE_PROPERTY]: 'true' });
      contact('102', { gdpr_objection: 'yes' });
      contact('103', { [DO_NOT_PROFILE_PROPERTY]: 'false' });
      contact('104', {});
      const page = await on(server, 'gdpr_objection').pullCustomers(null);
      expect(page.customers.map((c) => [c.id, c.doNotProfile])).toEqual([
        ['101', true],
        ['102', true],
        ['103', false],
        ['104', undefined],
      ]);
      // Without the shop's property named, only Earshot's own is read.
      expect((await on(server).pullCustomers(null)).customers.find((c) => c.id === '102')?.doNotProfile).toBeUndefined();
      clean(server);
    });
  });
});

describe('Pipedrive', () => {
  it('creates its field, sets "yes" for an objection only, reads it and the shop\'s own field, and an erasure leaves it', async () => {
    await withServer(async (server) => {
      server.state.pipedrive.fields.push({ field_code: 'abc123', field_name: 'GDPR bezwaar', field_type: 'varchar', options: null, is_custom_field: true });
      const first = createPipedriveConnector({ settings: { baseUrl: server.url, doNotProfileField: 'gdpr BEZWAAR' }, secret: 'pd-test-token' }, httpDeps());
      const { settings } = await first.connect();
      expect(settings).toMatchObject({ 'field:ownDoNotProfile': 'abc123' });
      const pipedrive = createPipedriveConnector({ settings: { baseUrl: server.url, doNotProfileField: 'gdpr BEZWAAR', ...settings }, secret: 'pd-test-token' }, httpDeps());
      const code = server.state.pipedrive.fields.find((f) => f.field_name === 'Earshot do not profile')!.field_code;

      await pipedrive.pushPersons([personItem('j1', personOf(janneke, [jannekeLink], ['ambassador'])), personItem('a1', personOf(anna, [annaLink], []))]);
      const person = (email: string) => Object.values(server.state.pipedrive.persons).find((p) => p.emails.some((e) => e.value === email))!;
      expect(person(janneke.email!).custom_fields[code]).toBeUndefined();
      await pipedrive.pushPersons([personItem('j2', { ...objecting, changedAt: T0 + 2 }, { target: { customerId: janneke.id, crmId: String(person(janneke.email!).id) } })]);
      expect(person(janneke.email!).custom_fields[code]).toBe('yes');
      expect(person(anna.email!).custom_fields[code]).toBeUndefined();
      await pipedrive.erasePersons([eraseItem('e1', janneke)]);
      expect(person(janneke.email!).custom_fields[code]).toBe('yes');

      person(anna.email!).custom_fields.abc123 = '1';
      const pulled = await pipedrive.pullCustomers(null);
      expect(pulled.customers.map((c) => [c.email, c.doNotProfile])).toEqual([
        [janneke.email, true],
        [anna.email, true],
      ]);
      clean(server);
    });
  });

  it('names the shop\'s field when Pipedrive has none by that name', async () => {
    await withServer(async (server) => {
      const connector = createPipedriveConnector({ settings: { baseUrl: server.url, doNotProfileField: 'Bezwaar' }, secret: 'pd-test-token' }, httpDeps());
      await expect(connector.connect()).rejects.toThrow('Pipedrive has no person field named "Bezwaar" to read objections from');
    });
  });
});

describe('the webhook', () => {
  it('delivers doNotProfile in person.updated, as its description allows', async () => {
    await withServer(async (server) => {
      const hook = createWebhookConnector({ settings: { url: `${server.url}/hooks/earshot` }, secret: 'whsec-test-0123456789abcdef' }, httpDeps());
      const out = await hook.pushPersons([personItem('j1', objecting)]);
      expect(out.get('j1')).toEqual({ ok: true });
      const [event] = Object.values(server.state.webhook.events);
      expect(event!.event).toMatchObject({ type: 'person.updated', person: { customerId: janneke.id, links: [], tags: [], doNotProfile: true } });
      clean(server);
    });
  });
});
