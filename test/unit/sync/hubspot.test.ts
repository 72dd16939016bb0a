import { describe, expect, it } from 'vitest';
import { createHubSpotConnector, HUBSPOT_PROPERTIES } from '../../../lib/crm/connectors/hubspot';
import { SyncError } from '../../../lib/crm/http';
import type { CrmServer } from '../../crm-server/server';
import {
  T0,
  anna,
  annaLink,
  eraseItem,
  httpDeps,
  janneke,
  jannekeLink,
  noteItem,
  personItem,
  personOf,
  pieter,
  pieterLink,
  withServer,
} from './fixtures';

const TOKEN = 'pat-test-token';
const hubspotOn = (server: CrmServer, timeoutMs = 2_000) => createHubSpotConnector({ settings: { baseUrl: server.url }, secret: TOKEN }, httpDeps(timeoutMs));

function contactByEmail(server: CrmServer, email: string) {
  return Object.values(server.state.hubspot.contacts).find((c) => c.properties.email === email);
}

function clean(server: CrmServer) {
  expect(server.violations).toEqual([]);
  expect(server.responseViolations).toEqual([]);
}

describe('HubSpot connector against the stand-in', () => {
  it('creates the property group and properties on connect, and takes 409 "already exists" as success', async () => {
    await withServer(async (server) => {
      const hubspot = hubspotOn(server);
      const first = await hubspot.connect();
      expect(first.summary).toContain('15 Earshot contact properties created');
      expect(server.writes('hubspot.property.created')).toBe(15);
      expect(server.state.hubspot.properties.earshot_customer_id?.hasUniqueValue).toBe(true);
      expect(server.state.hubspot.properties.earshot_tags).toMatchObject({ type: 'enumeration', fieldType: 'checkbox', groupName: 'earshot' });

      const again = await hubspot.connect();
      expect(again.summary).toContain('15 already there');
      expect(server.requests.filter((r) => r.operationId === 'createProperty' && r.status === 409)).toHaveLength(15);
      expect(server.writes('hubspot.property.created')).toBe(15);
      expect(server.writes('hubspot.group.created')).toBe(1);
      clean(server);
    });
  });

  it('upserts by email, by Earshot customer id when there is no email, and by HubSpot id; all values strings', async () => {
    await withServer(async (server) => {
      const hubspot = hubspotOn(server);
      await hubspot.connect();
      // A contact that already lives in HubSpot (pulled from it earlier).
      server.state.hubspot.contacts['2051'] = { id: '2051', properties: { email: 'marieke@kpnmail.nl', firstname: 'Marieke' }, createdAt: new Date(T0).toISOString(), updatedAt: new Date(T0).toISOString() };

      const items = [
        personItem('j1', personOf(janneke, [jannekeLink], ['ambassador', 'gift box 2025'], T0 + 1_000, { clv: 412.5, segment: 'Champions' })),
        personItem('j2', personOf(anna, [annaLink], [])),
        personItem('j3', personOf(pieter, [pieterLink], ['ambassador'])),
        personItem('j4', { customerId: '2051', links: [], tags: ['vip'], changedAt: T0 + 2_000 }, { target: { customerId: '2051', crmId: '2051' } }),
      ];
      const out = await hubspot.pushPersons(items);
      expect([...out.values()].every((o) => o.ok)).toBe(true);

      const j = contactByEmail(server, 'janneke.vdberg@ziggo.nl')!;
      expect(out.get('j1')).toEqual({ ok: true, crmId: j.id });
      expect(j.properties).toMatchObject({
        firstname: 'Janneke',
        lastname: 'van den Berg',
        earshot_customer_id: 'C-1001',
        earshot_platforms: 'instagram',
        earshot_match_score: '0.97',
        earshot_tags: 'ambassador;gift box 2025',
        earshot_values: 'clv: 412.50\nsegment: Champions',
        earshot_updated_at: new Date(T0 + 1_000).toISOString(),
        earshot_profiles: 'instagram @janneke.vd — https://www.instagram.com/janneke.vd/ (confirmed by a person, 0.97)',
        earshot_match_evidence: 'instagram @janneke.vd: Surname agrees +8.4; First name agrees +6.1; Lives in the same city +2.2',
      });
      // Pieter has no email: found and created by the unique customer-id property.
      const p = Object.values(server.state.hubspot.contacts).find((c) => c.properties.earshot_customer_id === 'C-1003')!;
      expect(p.properties.email).toBeUndefined();
      expect(p.properties.lastname).toBe('de Vries');
      // The contact known by id keeps HubSpot's own name.
      expect(server.state.hubspot.contacts['2051']!.properties).toMatchObject({ firstname: 'Marieke', earshot_tags: 'vip', earshot_customer_id: '2051' });
      // New tags became checkbox options before the upsert used them.
      expect(server.state.hubspot.properties.earshot_tags!.options.map((o) => o.value).sort()).toEqual(['ambassador', 'gift box 2025', 'vip']);
      expect(server.writes('hubspot.contact.created')).toBe(3);
      expect(server.writes('hubspot.contact.updated')).toBe(1);

      // The same upsert again updates: never a second contact.
      await hubspot.pushPersons(items.slice(0, 1));
      expect(Object.values(server.state.hubspot.contacts).filter((c) => c.properties.email === 'janneke.vdberg@ziggo.nl')).toHaveLength(1);
      clean(server);
    });
  });

  it('sends at most 100 contacts per call and never the same contact twice in one call', async () => {
    await withServer(async (server) => {
      const hubspot = hubspotOn(server);
      await hubspot.connect();
      const items = Array.from({ length: 230 }, (_, i) =>
        personItem(`k${i}`, { customerId: `C-${5000 + i}`, email: `klant${i}@example.nl`, links: [], tags: [], changedAt: T0 + i }),
      );
      // Two customers share an email (a family account): they may not share a call.
      const dup = personItem('dup', { customerId: 'C-9999', email: 'KLANT7@example.nl', links: [], tags: [], changedAt: T0 + 999 });
      const out = await hubspot.pushPersons([...items.slice(0, 100), dup]);
      const rest = await hubspot.pushPersons(items.slice(100));
      expect(out.size + rest.size).toBe(231);
      expect([...out.values(), ...rest.values()].every((o) => o.ok)).toBe(true);
      // 100 + the duplicate alone, then 100 + 30.
      const upserts = server.requests.filter((r) => r.operationId === 'upsertContacts');
      expect(upserts.length).toBe(4);
      expect(Object.keys(server.state.hubspot.contacts)).toHaveLength(230);
      clean(server);
    });
  });

  it('pulls contacts page by page into customers', async () => {
    await withServer(async (server) => {
      for (let i = 0; i < 250; i++) {
        const id = String(3000 + i);
        server.state.hubspot.contacts[id] = { id, properties: { email: `c${i}@example.nl`, firstname: `Voornaam${i}`, lastname: i % 2 ? 'Jansen' : 'de Jong', city: 'Amersfoort' }, createdAt: new Date(T0).toISOString(), updatedAt: new Date(T0).toISOString() };
      }
      const hubspot = hubspotOn(server);
      const customers = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await hubspot.pullCustomers(cursor);
        customers.push(...page.customers);
        cursor = page.next;
        pages += 1;
      } while (cursor);
      expect(pages).toBe(3);
      expect(customers).toHaveLength(250);
      expect(new Set(customers.map((c) => c.id)).size).toBe(250);
      expect(customers[1]).toMatchObject({ id: '3001', firstName: 'Voornaam1', lastName: 'Jansen', email: 'c1@example.nl', city: 'Amersfoort', source: 'hubspot', handles: [] });
      clean(server);
    });
  });

  it('a partial batch failure fails only the refused contact (207), and a refused batch is split until the bad one is alone (400)', async () => {
    for (const batchValidation of ['partial', 'whole'] as const) {
      await withServer(
        async (server) => {
          const hubspot = hubspotOn(server);
          await hubspot.connect();
          const items = Array.from({ length: 8 }, (_, i) => personItem(`p${i}`, { customerId: `C-${i}`, email: `p${i}@example.nl`, links: [], tags: [], changedAt: T0 }));
          const out = await hubspot.pushPersons(items);
          const failed = [...out].filter(([, o]) => !o.ok);
          expect(failed.map(([k]) => k)).toEqual(['p5']);
          const error = (failed[0]![1] as { ok: false; error: SyncError }).error;
          expect(error.transient).toBe(false);
          expect(error.message).toContain('p5@example.nl is not a valid email address');
          expect(Object.keys(server.state.hubspot.contacts)).toHaveLength(7);
          clean(server);
        },
        { rejectIds: new Set(['p5@example.nl']), batchValidation },
      );
    }
  });

  it('adds a note with the evidence, associated with the contact, and never twice (a timeout after HubSpot applied it)', async () => {
    await withServer(async (server) => {
      const hubspot = hubspotOn(server, 400);
      await hubspot.connect();
      const upsert = await hubspot.pushPersons([personItem('j1', personOf(janneke, [jannekeLink], []))]);
      const contactId = (upsert.get('j1') as { crmId: string }).crmId;
      const note = noteItem('n1', janneke, jannekeLink, 'user', { target: { customerId: janneke.id, crmId: contactId } });

      // HubSpot creates the note, then the answer never comes.
      server.inject({ kind: 'hang', match: 'createNotes', afterApply: true });
      const failed = hubspot.pushNotes([note]);
      await expect(failed).rejects.toMatchObject({ details: { kind: 'timeout', transient: true, mayHaveApplied: true } });
      server.release();
      expect(server.writes('hubspot.note.created')).toBe(1);

      const retried = await hubspot.pushNotes([{ ...note, retry: true }]);
      expect(retried.get('n1')).toEqual({ ok: true, crmId: contactId });
      expect(server.writes('hubspot.note.created')).toBe(1);
      const [stored] = Object.values(server.state.hubspot.notes);
      expect(stored!.contactIds).toEqual([contactId]);
      expect(stored!.properties.hs_note_body).toContain('A person confirmed that instagram @janneke.vd (Janneke 🌿 van den Berg) is this customer, match score 0.97.');
      expect(stored!.properties.hs_note_body).toContain('Evidence: Surname agrees +8.4; First name agrees +6.1; Lives in the same city +2.2.');
      expect(stored!.properties.hs_timestamp).toBe(new Date(T0 + 60_000).toISOString());
      clean(server);
    });
  });

  it('removes a second copy of a note that a resent request created behind Earshot\'s back', async () => {
    await withServer(async (server) => {
      const hubspot = hubspotOn(server);
      await hubspot.connect();
      await hubspot.pushPersons([personItem('a1', personOf(anna, [annaLink], []))]);
      // The request is applied twice (a network layer resent it), the answer names one note.
      server.inject({ kind: 'twice', match: 'createNotes' });
      const out = await hubspot.pushNotes([noteItem('n1', anna, annaLink, 'matcher')]);
      expect(out.get('n1')).toMatchObject({ ok: true });
      expect(server.writes('hubspot.note.created')).toBe(2);
      expect(server.writes('hubspot.note.archived')).toBe(1);
      const live = Object.values(server.state.hubspot.notes).filter((n) => !n.archived);
      expect(live.map((n) => n.id)).toEqual([String(Math.min(...Object.keys(server.state.hubspot.notes).map(Number)))]);
      clean(server);
    });
  });

  it('finds the contact of a note by Earshot customer id when the HubSpot id is not known yet, reading every association page', async () => {
    await withServer(
      async (server) => {
        const hubspot = hubspotOn(server);
        await hubspot.connect();
        await hubspot.pushPersons([personItem('p1', personOf(pieter, [pieterLink], []))]);
        const contact = Object.values(server.state.hubspot.contacts)[0]!;
        // Seven notes a salesperson wrote: the association pages hold three each.
        for (let i = 0; i < 7; i++) {
          const id = String(8000 + i);
          server.state.hubspot.notes[id] = { id, properties: { hs_note_body: `<p>Called about order ${i}</p>`, hs_timestamp: new Date(T0).toISOString() }, contactIds: [contact.id], createdAt: new Date(T0).toISOString(), archived: false };
        }
        const out = await hubspot.pushNotes([noteItem('n1', pieter, pieterLink, 'user')]);
        expect(out.get('n1')).toEqual({ ok: true, crmId: contact.id });
        // Three pages of associations before writing, three after (the look for a second copy).
        expect(server.requests.filter((r) => r.operationId === 'readNoteAssociations').length).toBe(6);
        expect(server.writes('hubspot.note.created')).toBe(1);
        clean(server);
      },
      { associationPageSize: 3 },
    );
  });

  it('malformed answers (an HTML page, cut-off JSON, wrong types, an empty body) are permanent with a reason a person can read', async () => {
    const cases = [
      { kind: 'html' as const, words: 'it answered with an HTML page instead of JSON (status 200, titled "502 Bad Gateway")' },
      { kind: 'truncated' as const, words: 'the JSON it answered with is incomplete or broken' },
      { kind: 'wrong-types' as const, words: 'the answer does not have the documented shape (results.0.id: ' },
      { kind: 'empty' as const, words: 'it answered with an empty body where JSON was expected' },
    ];
    for (const { kind, words } of cases) {
      await withServer(async (server) => {
        const hubspot = hubspotOn(server);
        await hubspot.connect();
        server.inject({ kind, match: 'upsertContacts', afterApply: true });
        const out = await hubspot.pushPersons([personItem('j1', personOf(janneke, [jannekeLink], []))]);
        const outcome = out.get('j1')!;
        const error = outcome.ok ? null : outcome.error;
        expect(error).toBeInstanceOf(SyncError);
        expect((error as SyncError).transient).toBe(false);
        expect((error as SyncError).details.kind).toBe('malformed');
        expect((error as SyncError).message).toContain(words);
        expect((error as SyncError).message).toMatch(/^HubSpot gave an answer Earshot cannot read — Writing 1 contact: /);
      });
    }
  });

  it('a refused token is permanent and says what to do', async () => {
    await withServer(async (server) => {
      const wrong = createHubSpotConnector({ settings: { baseUrl: server.url }, secret: 'pat-expired' }, httpDeps());
      const error = (await wrong.connect().catch((e: unknown) => e)) as SyncError;
      expect(error.details).toMatchObject({ kind: 'auth', transient: false, status: 401 });
      expect(error.message).toContain('Connect the CRM again with a valid token');
    });
  });

  it('erasure clears every Earshot property and archives only Earshot notes', async () => {
    await withServer(async (server) => {
      const hubspot = hubspotOn(server);
      await hubspot.connect();
      await hubspot.pushPersons([personItem('j1', personOf(janneke, [jannekeLink], ['ambassador']))]);
      await hubspot.pushNotes([noteItem('n1', janneke, jannekeLink, 'user')]);
      const contact = contactByEmail(server, 'janneke.vdberg@ziggo.nl')!;
      server.state.hubspot.notes['9001'] = { id: '9001', properties: { hs_note_body: 'Asked for a refund' }, contactIds: [contact.id], createdAt: new Date(T0).toISOString(), archived: false };

      const out = await hubspot.erasePersons([eraseItem('e1', janneke, ['ambassador'])]);
      expect(out.get('e1')).toEqual({ ok: true });
      const left = Object.keys(contact.properties).filter((k) => k.startsWith('earshot_'));
      expect(left).toEqual([]);
      expect(contact.properties.email).toBe('janneke.vdberg@ziggo.nl');
      expect(Object.values(server.state.hubspot.notes).filter((n) => !n.archived).map((n) => n.id)).toEqual(['9001']);
      expect(server.writes('hubspot.note.archived')).toBe(1);

      // Erasing someone HubSpot never heard of is simply done.
      expect((await hubspot.erasePersons([eraseItem('e2', anna)])).get('e2')).toEqual({ ok: true });
      clean(server);
    });
  });

  it('every property Earshot creates is in the description of what it sends', () => {
    expect(HUBSPOT_PROPERTIES.map((p) => p.name)).toEqual([
      'earshot_customer_id',
      'earshot_profiles',
      'earshot_platforms',
      'earshot_match_score',
      'earshot_match_evidence',
      'earshot_tags',
      'earshot_values',
      'earshot_persona_id',
      'earshot_persona',
      'earshot_offer',
      'earshot_offer_gain',
      'earshot_offer_reason',
      'earshot_decisions',
      'earshot_updated_at',
      'earshot_do_not_profile',
    ]);
  });
});
