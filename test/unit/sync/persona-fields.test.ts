/**
 * The persona and the offer as CRM properties of their own (issue 18): lifted
 * out of the values into the payload, written to HubSpot properties, Pipedrive
 * person fields, the webhook's person and the CSV columns; renamed with the
 * persona; cleared for a customer who has none or must not be profiled.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHubSpotConnector } from '../../../lib/crm/connectors/hubspot';
import { createWebhookConnector } from '../../../lib/crm/connectors/webhook';
import { CsvParser } from '../../../lib/crm/csv';
import { exportCsv, exportHeader } from '../../../lib/crm/export';
import { buildPersonPayload, type PersonPayload } from '../../../lib/crm/sync-payload';
import { loadPersonPayload } from '../../../lib/db/crm-payloads';
import type { EarshotDatabase } from '../../../lib/db/database';
import { deleteDatabase, openFreshDatabase } from '../fresh-db';
import { crmFieldsOf, editPersona, PERSONA_RUN_META_KEY } from '../../../lib/db/personas';
import type { Offer } from '../../../lib/persona';
import type { CrmServer } from '../../crm-server/server';
import { T0, anna, annaLink, connectedPipedrive, httpDeps, janneke, jannekeInstagram, jannekeLink, jannekeMatch, personItem, personOf, withServer } from './fixtures';

/** The values as lib/db/personas.ts hands them over: the value model's figures with the persona's and offer's. */
const withPersona = { clv: 412.5, segment: 'Champions', persona: 'P2', personaName: 'Instagram-first home bakers', personaTags: 'bakers', offer: 'discount 10%', offerGain: 38.25, offerReason: 'a frequent buyer with margin to spare' };
const persona = { id: 'P2', name: 'Instagram-first home bakers' };
const offer = { label: 'discount 10%', gain: 38.25, reason: 'a frequent buyer with margin to spare' };
const parts = { matches: [jannekeMatch], profiles: new Map([[jannekeInstagram.id, jannekeInstagram]]), tags: [], changedAt: T0 };

function clean(server: CrmServer) {
  expect(server.violations).toEqual([]);
  expect(server.responseViolations).toEqual([]);
}

describe('the payload', () => {
  it('carries the persona and the offer as fields of their own, not among the values', () => {
    const payload = buildPersonPayload({ ...parts, customer: janneke, values: withPersona });
    expect(payload.persona).toEqual(persona);
    expect(payload.offer).toEqual(offer);
    expect(payload.values).toEqual({ clv: 412.5, segment: 'Champions', personaTags: 'bakers' });
  });

  it('knows an unnamed persona by its id, and leaves out an incomplete offer', () => {
    const payload = buildPersonPayload({ ...parts, customer: janneke, values: { persona: 'P4', personaName: null, offer: 'no offer', offerGain: 0 } });
    expect(payload.persona).toEqual({ id: 'P4', name: 'P4' });
    expect(payload.offer).toBeUndefined();
    expect(payload.values).toBeUndefined();
  });

  it('gives a customer who must not be profiled neither', () => {
    for (const choice of [{ doNotProfile: true }, { objectedAt: T0 }]) {
      const payload = buildPersonPayload({ ...parts, customer: { ...janneke, ...choice }, values: withPersona });
      expect(payload).not.toHaveProperty('persona');
      expect(payload).not.toHaveProperty('offer');
      expect(payload).not.toHaveProperty('values');
    }
  });

  describe('from the database', () => {
    let db: EarshotDatabase;
    const stored: Offer = { kind: 'discount', level: 0.1, cost: 12, gain: 38.254, reason: 'discount-pays', facts: {} };
    beforeEach(async () => {
      db = await openFreshDatabase('persona-fields');
      await db.customers.put(janneke);
      await db.meta.put({ key: PERSONA_RUN_META_KEY, value: { currency: 'EUR', personas: [{ id: 'P2', autoName: 'Instagram-first home bakers' }] }, updatedAt: T0 });
      await db.personaMembers.put({ personRef: `customer:${janneke.id}`, persona: 'P2', atRisk: false, offer: stored });
    });
    afterEach(() => deleteDatabase(db));

    it('sends the persona by the name a person gave it, once renamed', async () => {
      const load = () => loadPersonPayload(db, janneke.id, { changedAt: T0, valuesOf: (id) => crmFieldsOf(db, id) });
      expect((await load())?.persona).toEqual({ id: 'P2', name: 'Instagram-first home bakers' });
      expect((await load())?.offer).toMatchObject({ label: 'discount 10%', gain: 38.25 });
      await editPersona(db, 'P2', { name: 'Our bakers', tags: [] }, T0 + 1);
      expect((await load())?.persona).toEqual({ id: 'P2', name: 'Our bakers' });
    });
  });
});

describe('HubSpot', () => {
  it('creates the persona and offer properties on connect, writes them, and clears them for a customer who objects', async () => {
    await withServer(async (server) => {
      const hubspot = createHubSpotConnector({ settings: { baseUrl: server.url }, secret: 'pat-test-token' }, httpDeps());
      await hubspot.connect();
      for (const name of ['earshot_persona_id', 'earshot_persona', 'earshot_offer', 'earshot_offer_gain', 'earshot_offer_reason']) {
        expect(server.state.hubspot.properties[name], name).toMatchObject({ groupName: 'earshot' });
      }
      const profiled: PersonPayload = { ...personOf(janneke, [jannekeLink], [], T0 + 1), persona, offer };
      await hubspot.pushPersons([personItem('j1', profiled), personItem('a1', personOf(anna, [annaLink], []))]);
      const contact = (email: string) => Object.values(server.state.hubspot.contacts).find((c) => c.properties.email === email)!;
      expect(contact(janneke.email!).properties).toMatchObject({
        earshot_persona_id: 'P2',
        earshot_persona: 'Instagram-first home bakers',
        earshot_offer: 'discount 10%',
        earshot_offer_gain: '38.25',
        earshot_offer_reason: 'a frequent buyer with margin to spare',
      });
      expect(contact(anna.email!).properties.earshot_persona_id).toBeUndefined();

      await hubspot.pushPersons([personItem('j2', { ...personOf(janneke, [], [], T0 + 2), doNotProfile: true })]);
      for (const name of ['earshot_persona_id', 'earshot_persona', 'earshot_offer', 'earshot_offer_gain', 'earshot_offer_reason']) {
        expect(contact(janneke.email!).properties[name], name).toBeUndefined();
      }
      clean(server);
    });
  });
});

describe('Pipedrive', () => {
  it('creates person fields for them, writes them, and clears them for a customer who objects', async () => {
    await withServer(async (server) => {
      const pipedrive = await connectedPipedrive(server);
      const code = (name: string) => server.state.pipedrive.fields.find((f) => f.field_name === name)!.field_code;
      await pipedrive.pushPersons([personItem('j1', { ...personOf(janneke, [jannekeLink], [], T0 + 1), persona, offer })]);
      const person = () => Object.values(server.state.pipedrive.persons).find((p) => p.emails.some((e) => e.value === janneke.email))!;
      expect(person().custom_fields[code('Earshot persona ID')]).toBe('P2');
      expect(person().custom_fields[code('Earshot persona')]).toBe('Instagram-first home bakers');
      expect(person().custom_fields[code('Earshot offer')]).toBe('discount 10%');
      expect(person().custom_fields[code('Earshot offer expected gain')]).toBe(38.25);
      expect(person().custom_fields[code('Earshot offer reason')]).toBe('a frequent buyer with margin to spare');

      await pipedrive.pushPersons([personItem('j2', { ...personOf(janneke, [], [], T0 + 2), doNotProfile: true }, { target: { customerId: janneke.id, crmId: String(person().id) } })]);
      for (const name of ['Earshot persona ID', 'Earshot persona', 'Earshot offer', 'Earshot offer expected gain', 'Earshot offer reason']) {
        expect(person().custom_fields[code(name)] ?? null, name).toBeNull();
      }
      clean(server);
    });
  });
});

describe('the webhook', () => {
  it('delivers persona and offer in person.updated, as its description allows', async () => {
    await withServer(async (server) => {
      const hook = createWebhookConnector({ settings: { url: `${server.url}/hooks/earshot` }, secret: 'whsec-test-0123456789abcdef' }, httpDeps());
      expect((await hook.pushPersons([personItem('j1', { ...personOf(janneke, [jannekeLink], []), persona, offer })])).get('j1')).toEqual({ ok: true });
      const [event] = Object.values(server.state.webhook.events);
      expect(event!.event).toMatchObject({ type: 'person.updated', person: { customerId: janneke.id, persona, offer } });
      clean(server);
    });
  });
});

describe('the CSV export', () => {
  it('has a column for each, in both formats, empty for a customer without them', () => {
    const people = [{ ...personOf(janneke, [jannekeLink], []), persona, offer }, personOf(anna, [annaLink], [])];
    const formats = [
      ['hubspot', ['Earshot persona ID', 'Earshot persona', 'Earshot offer', 'Earshot offer expected gain', 'Earshot offer reason']],
      ['salesforce', ['Earshot_Persona_ID__c', 'Earshot_Persona__c', 'Earshot_Offer__c', 'Earshot_Offer_Gain__c', 'Earshot_Offer_Reason__c']],
    ] as const;
    for (const [format, headers] of formats) {
      const header = exportHeader(format);
      const at = headers.map((h) => header.indexOf(h));
      expect(at.every((i) => i >= 0), format).toBe(true);
      const parser = new CsvParser();
      const rows = [...parser.push(exportCsv(people, format)), ...parser.end()].map((r) => r.fields);
      expect(at.map((i) => rows[1]![i])).toEqual(['P2', 'Instagram-first home bakers', 'discount 10%', '38.25', 'a frequent buyer with margin to spare']);
      expect(at.map((i) => rows[2]![i])).toEqual(['', '', '', '', '']);
    }
  });
});
