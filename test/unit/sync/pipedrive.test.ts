import { describe, expect, it } from 'vitest';
import { createPipedriveConnector } from '../../../lib/crm/connectors/pipedrive';
import type { Connector } from '../../../lib/crm/connectors/types';
import type { SyncError } from '../../../lib/crm/http';
import type { CrmServer } from '../../crm-server/server';
import { T0, anna, annaLink, eraseItem, httpDeps, janneke, jannekeLink, noteItem, personItem, personOf, withServer } from './fixtures';

const TOKEN = 'pd-test-token';

async function connected(server: CrmServer, timeoutMs = 2_000): Promise<Connector> {
  const first = createPipedriveConnector({ settings: { baseUrl: server.url }, secret: TOKEN }, httpDeps(timeoutMs));
  const { settings } = await first.connect();
  return createPipedriveConnector({ settings: { baseUrl: server.url, ...settings }, secret: TOKEN }, httpDeps(timeoutMs));
}

const persons = (server: CrmServer) => Object.values(server.state.pipedrive.persons);
const fieldCode = (server: CrmServer, name: string) => server.state.pipedrive.fields.find((f) => f.field_name === name)!.field_code;
const labelId = (server: CrmServer, label: string) => server.state.pipedrive.fields.find((f) => f.field_code === 'label_ids')!.options!.find((o) => o.label === label)?.id;

function clean(server: CrmServer) {
  expect(server.violations).toEqual([]);
  expect(server.responseViolations).toEqual([]);
}

describe('Pipedrive connector against the stand-in', () => {
  it('creates Earshot person fields once and finds the label field', async () => {
    await withServer(async (server) => {
      const connector = createPipedriveConnector({ settings: { baseUrl: server.url }, secret: TOKEN }, httpDeps());
      const first = await connector.connect();
      expect(first.summary).toBe('Connected to Pipedrive: 14 Earshot person fields created; tags become person labels.');
      expect(first.settings).toMatchObject({ labelField: 'label_ids', 'field:customerId': fieldCode(server, 'Earshot customer ID') });
      const again = await connector.connect();
      expect(again.summary).toContain('0 Earshot person fields created, 14 already there');
      expect(again.settings).toEqual(first.settings);
      expect(server.writes('pipedrive.field.created')).toBe(14);
      clean(server);
    });
  });

  it('searches by email, creates when absent and updates when present; tags become labels and the user\'s own labels stay', async () => {
    await withServer(async (server) => {
      const pipedrive = await connected(server);
      const created = await pipedrive.pushPersons([personItem('j1', personOf(janneke, [jannekeLink], ['ambassador', 'gift box 2025'], T0 + 1_000))]);
      const [p] = persons(server);
      expect(created.get('j1')).toEqual({ ok: true, crmId: String(p!.id) });
      expect(p!.name).toBe('Janneke van den Berg');
      expect(p!.emails).toEqual([{ value: 'janneke.vdberg@ziggo.nl', primary: true, label: 'work' }]);
      expect(p!.custom_fields[fieldCode(server, 'Earshot best match score')]).toBe(0.97);
      expect(p!.custom_fields[fieldCode(server, 'Earshot customer ID')]).toBe('C-1001');
      expect(p!.custom_fields[fieldCode(server, 'Earshot match evidence')]).toBe('instagram @janneke.vd: Surname agrees +8.4; First name agrees +6.1; Lives in the same city +2.2');
      expect(p!.label_ids.sort()).toEqual([labelId(server, 'ambassador'), labelId(server, 'gift box 2025')].sort());

      // A salesperson adds their own label; then the community manager removes "gift box 2025".
      p!.label_ids.push(labelId(server, 'Customer')!);
      const updated = await pipedrive.pushPersons([
        personItem('j2', personOf(janneke, [jannekeLink], ['ambassador'], T0 + 2_000), { previousTags: ['ambassador', 'gift box 2025'] }),
      ]);
      expect(updated.get('j2')).toEqual({ ok: true, crmId: String(p!.id) });
      expect(persons(server)).toHaveLength(1);
      expect(p!.label_ids.sort()).toEqual([labelId(server, 'Customer'), labelId(server, 'ambassador')].sort());
      expect(server.writes('pipedrive.person.created')).toBe(1);
      expect(server.writes('pipedrive.person.updated')).toBe(1);
      expect(server.writes('pipedrive.label.created')).toBe(2);
      clean(server);
    });
  });

  it('a timeout after Pipedrive created the person never creates a second one, although search has not indexed it yet', async () => {
    await withServer(
      async (server) => {
        const pipedrive = await connected(server, 400);
        server.inject({ kind: 'hang', match: 'addPerson', afterApply: true });
        const item = personItem('a1', personOf(anna, [annaLink], []), { since: Date.now() });
        const first = await pipedrive.pushPersons([item]);
        expect(first.get('a1')).toMatchObject({ ok: false, error: { details: { kind: 'timeout', transient: true } } });
        server.release();
        expect(persons(server)).toHaveLength(1);

        const retried = await pipedrive.pushPersons([{ ...item, retry: true }]);
        expect(retried.get('a1')).toEqual({ ok: true, crmId: String(persons(server)[0]!.id) });
        expect(persons(server)).toHaveLength(1);
        // The search index did not know the person; the list of recent changes did.
        expect(server.requests.some((r) => r.operationId === 'getPersons' && r.path.includes('updated_since='))).toBe(true);
        clean(server);
      },
      { searchLagMs: 60_000 },
    );
  });

  it('adds a note once, also when asked again after a timeout, and keeps the user\'s notes', async () => {
    await withServer(async (server) => {
      const pipedrive = await connected(server, 400);
      const pushed = await pipedrive.pushPersons([personItem('j1', personOf(janneke, [jannekeLink], []))]);
      const personId = (pushed.get('j1') as { crmId: string }).crmId;
      const note = noteItem('n1', janneke, jannekeLink, 'user', { target: { customerId: janneke.id, crmId: personId } });
      server.inject({ kind: 'hang', match: 'addNote', afterApply: true });
      expect((await pipedrive.pushNotes([note])).get('n1')).toMatchObject({ ok: false, error: { details: { kind: 'timeout' } } });
      server.release();
      expect((await pipedrive.pushNotes([{ ...note, retry: true }])).get('n1')).toEqual({ ok: true, crmId: personId });
      expect((await pipedrive.pushNotes([note])).get('n1')).toEqual({ ok: true, crmId: personId });
      const notes = Object.values(server.state.pipedrive.notes);
      expect(notes).toHaveLength(1);
      expect(notes[0]!.person_id).toBe(Number(personId));
      expect(notes[0]!.content).toContain('Evidence: Surname agrees +8.4');
      clean(server);
    });
  });

  it('removes a second copy of a note that a resent request created', async () => {
    await withServer(async (server) => {
      const pipedrive = await connected(server);
      await pipedrive.pushPersons([personItem('a1', personOf(anna, [annaLink], []))]);
      server.inject({ kind: 'twice', match: 'addNote' });
      expect((await pipedrive.pushNotes([noteItem('n1', anna, annaLink, 'matcher')])).get('n1')).toMatchObject({ ok: true });
      expect(server.writes('pipedrive.note.created')).toBe(2);
      expect(server.writes('pipedrive.note.deleted')).toBe(1);
      expect(Object.values(server.state.pipedrive.notes)).toHaveLength(1);
      clean(server);
    });
  });

  it('a 429 fails the item it hit and defers the rest of the batch without sending them', async () => {
    await withServer(async (server) => {
      const pipedrive = await connected(server);
      const items = ['p0', 'p1', 'p2'].map((k, i) => personItem(k, { customerId: `C-${i}`, email: `${k}@example.nl`, links: [], tags: [], changedAt: T0 }));
      server.inject({ kind: '429', match: 'addPerson', retryAfter: '7' }, { kind: '429', match: 'never-matches' });
      // The first create is refused; p0 was searched first, so the order is search, create(429).
      const out = await pipedrive.pushPersons(items);
      const p0 = out.get('p0') as { ok: false; error: SyncError };
      expect(p0.error.details).toMatchObject({ kind: 'rate-limited', retryAfterMs: 7_000, mayHaveApplied: false });
      expect(out.get('p1')).toMatchObject({ ok: false, error: { details: { kind: 'rate-limited', mayHaveApplied: false } } });
      expect(out.get('p2')).toMatchObject({ ok: false });
      expect(server.requests.filter((r) => r.operationId === 'searchPersons')).toHaveLength(1);
      expect(persons(server)).toHaveLength(0);
    });
  });

  it('malformed answers park with a readable reason', async () => {
    await withServer(async (server) => {
      const pipedrive = await connected(server);
      server.inject({ kind: 'wrong-types', match: 'searchPersons' });
      const out = await pipedrive.pushPersons([personItem('j1', personOf(janneke, [], []))]);
      const error = (out.get('j1') as { ok: false; error: SyncError }).error;
      expect(error.transient).toBe(false);
      expect(error.message).toContain('Pipedrive gave an answer Earshot cannot read — Searching the person by email: the answer does not have the documented shape');
      expect(persons(server)).toHaveLength(0);
    });
  });

  it('pulls persons with cursor paging', async () => {
    await withServer(async (server) => {
      for (let id = 1; id <= 620; id++) {
        server.state.pipedrive.persons[id] = {
          id,
          name: `Klaas Bakker ${id}`,
          first_name: 'Klaas',
          last_name: `Bakker ${id}`,
          emails: [{ value: `k${id}@example.nl`, primary: true, label: 'work' }],
          phones: [{ value: '+31 6 1234 5678', primary: true }],
          label_ids: [],
          custom_fields: {},
          add_time: new Date(T0).toISOString().replace(/\.\d{3}Z$/, 'Z'),
          update_time: new Date(T0).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        };
      }
      server.state.pipedrive.nextId = 621;
      const pipedrive = await connected(server);
      const first = await pipedrive.pullCustomers(null);
      expect(first.customers).toHaveLength(500);
      const second = await pipedrive.pullCustomers(first.next);
      expect(second.customers).toHaveLength(120);
      expect(second.next).toBeNull();
      expect(second.customers.at(-1)).toMatchObject({ id: '620', firstName: 'Klaas', lastName: 'Bakker 620', email: 'k620@example.nl', phone: '+31 6 1234 5678', source: 'pipedrive' });
      clean(server);
    });
  });

  it('erasure clears Earshot fields, removes only Earshot\'s labels and notes', async () => {
    await withServer(async (server) => {
      const pipedrive = await connected(server);
      await pipedrive.pushPersons([personItem('j1', personOf(janneke, [jannekeLink], ['ambassador']))]);
      await pipedrive.pushNotes([noteItem('n1', janneke, jannekeLink, 'user')]);
      const [p] = persons(server);
      p!.label_ids.push(labelId(server, 'Hot lead')!);
      server.state.pipedrive.notes[999] = { id: 999, content: 'Wants a quote for 40 plants', person_id: p!.id, add_time: new Date(T0).toISOString() };

      const out = await pipedrive.erasePersons([eraseItem('e1', janneke, ['ambassador'])]);
      expect(out.get('e1')).toEqual({ ok: true });
      expect(Object.keys(p!.custom_fields)).toEqual([]);
      expect(p!.label_ids).toEqual([labelId(server, 'Hot lead')]);
      expect(Object.keys(server.state.pipedrive.notes)).toEqual(['999']);
      clean(server);
    });
  });
});
