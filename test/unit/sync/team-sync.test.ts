import { describe, expect, it } from 'vitest';
import { createHubSpotConnector } from '../../../lib/crm/connectors/hubspot';
import { createHubSpotTeamChannel } from '../../../lib/crm/connectors/hubspot-team';
import { createPipedriveConnector } from '../../../lib/crm/connectors/pipedrive';
import { createPipedriveTeamChannel } from '../../../lib/crm/connectors/pipedrive-team';
import { runTeamSync } from '../../../lib/background/team-sync';
import { recordLocalDecision, teamConflicts } from '../../../lib/db/team';
import { dropProfiling } from '../../../lib/db/opt-out';
import type { EarshotDatabase } from '../../../lib/db/database';
import { writeDecisionsChecked } from '../../../lib/crm/team/write-loop';
import { decodeDecisions } from '../../../lib/crm/team/codec';
import type { Connector } from '../../../lib/crm/connectors/types';
import type { PersonPayload } from '../../../lib/crm/sync-payload';
import { customerRef, tagId, type ConnectorId, type TeamDecision } from '../../../lib/model';
import type { CrmServer } from '../../crm-server/server';
import { twoInstalls } from '../fresh-db';
import { T0, gate, httpDeps, janneke, jannekeInstagram, personItem, personOf, steppedDeps, withServer } from './fixtures';

const PROFILE = jannekeInstagram.id;
let a: EarshotDatabase;
let b: EarshotDatabase;

async function install(db: EarshotDatabase) {
  await db.customers.put(janneke);
  await db.profiles.put(jannekeInstagram);
  await db.matches.put({ profileId: PROFILE, customerId: janneke.id, score: 0.7, status: 'review', evidence: [], decidedBy: 'matcher', decidedAt: T0, rejectedCustomerIds: [] });
}

/** What differs between the CRMs that share decisions: how to connect, and where the one contact keeps Earshot's fields. */
interface SharingCrm {
  connector: ConnectorId;
  token: string;
  /** The decisions field's name in problems. */
  field: string;
  /** The most characters the CRM's field holds (the codec's limit for it). */
  limit: number;
  connect(server: CrmServer): Promise<Connector>;
  /** The one contact's id and decisions field, read and written as the CRM holds it. */
  contact(server: CrmServer): { id: string; decisions: string | undefined; setDecisions(text: string): void };
}

const pipedriveField = (server: CrmServer, name: string) => server.state.pipedrive.fields.find((f) => f.field_name === name)!.field_code;

const CRMS: SharingCrm[] = [
  {
    connector: 'hubspot',
    token: 'pat-test-token',
    field: 'earshot_decisions',
    limit: 65_536,
    async connect(server) {
      const hubspot = createHubSpotConnector({ settings: { baseUrl: server.url }, secret: 'pat-test-token' }, httpDeps());
      await hubspot.connect();
      return hubspot;
    },
    contact(server) {
      const c = Object.values(server.state.hubspot.contacts)[0]!;
      return { id: c.id, decisions: c.properties.earshot_decisions, setDecisions: (text) => (c.properties.earshot_decisions = text) };
    },
  },
  {
    connector: 'pipedrive',
    token: 'pd-test-token',
    field: 'Earshot team decisions',
    limit: 65_000,
    async connect(server) {
      const { settings } = await createPipedriveConnector({ settings: { baseUrl: server.url }, secret: 'pd-test-token' }, httpDeps()).connect();
      return createPipedriveConnector({ settings: { baseUrl: server.url, ...settings }, secret: 'pd-test-token' }, httpDeps());
    },
    contact(server) {
      const p = Object.values(server.state.pipedrive.persons)[0]!;
      const code = pipedriveField(server, 'Earshot team decisions');
      const value = p.custom_fields[code];
      return { id: String(p.id), decisions: typeof value === 'string' ? value : undefined, setDecisions: (text) => (p.custom_fields[code] = text) };
    },
  },
];

twoInstalls('team-sync', install, (x, y) => {
  a = x;
  b = y;
});

describe.each(CRMS)('team sync through the stand-in $connector', (crm) => {
  const sync = (server: CrmServer, db: EarshotDatabase, author: string) =>
    runTeamSync({ db, connector: crm.connector, connection: { settings: { baseUrl: server.url }, secret: crm.token }, deps: httpDeps(), author });

  /** Install A's outbox has created the contact with its tags, as it does after a confirmation. */
  async function contactPushedByA(server: CrmServer, tags: string[], extra: Partial<PersonPayload> = {}) {
    const connector = await crm.connect(server);
    await connector.pushPersons([personItem('a1', { ...personOf(janneke, [], tags), ...extra })]);
  }

  it("shows A's confirmation and tag on B after B's next sync, with author and time, and B's review queue no longer offers it", async () => {
    await withServer(async (server) => {
      await recordLocalDecision(a, { kind: 'confirm', profileId: PROFILE, customerId: janneke.id, author: 'anna@shop.nl', at: T0 + 60_000, settles: false });
      await a.tags.put({ id: tagId(customerRef(janneke.id), 'Ambassador'), personRef: customerRef(janneke.id), label: 'Ambassador', createdAt: T0 });
      await contactPushedByA(server, ['Ambassador']);
      const onA = await sync(server, a, 'anna@shop.nl');
      expect(onA).toMatchObject({ written: 1, problems: [] });
      expect(crm.contact(server).decisions).toBe(`earshot-decisions/1\nc ${PROFILE} anna@shop.nl ${(T0 + 60_000) / 1000}`);

      const onB = await sync(server, b, 'install-b');
      expect(onB).toMatchObject({ contacts: 1, received: 1, profileIds: [PROFILE], conflicts: 0, tagged: [janneke.id], written: 0, problems: [] });
      expect(await b.matches.get(PROFILE)).toMatchObject({ status: 'confirmed', customerId: janneke.id, decidedBy: 'user', decidedAt: T0 + 60_000 });
      expect(await b.matches.where('status').equals('review').count()).toBe(0);
      expect((await b.teamDecisions.toArray()).map((d) => [d.author, d.at])).toEqual([['anna@shop.nl', T0 + 60_000]]);
      expect((await b.tags.toArray()).map((t) => t.label)).toEqual(['Ambassador']);
      expect(server.violations).toEqual([]);
    });
  });

  it('lists the conflict on both installs when B had rejected the pair A confirmed, and keeps both decisions in the CRM', async () => {
    await withServer(async (server) => {
      await recordLocalDecision(a, { kind: 'confirm', profileId: PROFILE, customerId: janneke.id, author: 'anna@shop.nl', at: T0 + 60_000, settles: false });
      await recordLocalDecision(b, { kind: 'reject', profileId: PROFILE, customerId: janneke.id, author: 'bram@shop.nl', at: T0 + 120_000, settles: false });
      await b.matches.put({ profileId: PROFILE, customerId: null, score: 0, status: 'rejected', evidence: [], decidedBy: 'user', decidedAt: T0 + 120_000, rejectedCustomerIds: [janneke.id] });
      await contactPushedByA(server, []);
      await sync(server, a, 'anna@shop.nl');
      const onB = await sync(server, b, 'bram@shop.nl');
      expect(onB).toMatchObject({ conflicts: 1, written: 1 });
      await sync(server, a, 'anna@shop.nl');
      const listed = await teamConflicts(a);
      expect(listed).toEqual([{ profileId: PROFILE, kind: 'confirmed-and-rejected', opinions: [expect.objectContaining({ author: 'anna@shop.nl', kind: 'confirm' }), expect.objectContaining({ author: 'bram@shop.nl', kind: 'reject' })] }]);
      expect(await teamConflicts(b)).toEqual(listed);
      // Neither install's own decision was overwritten.
      expect(await a.matches.get(PROFILE)).toMatchObject({ status: 'confirmed', customerId: janneke.id });
      expect(await b.matches.get(PROFILE)).toMatchObject({ status: 'rejected' });
      expect(decodeDecisions(janneke.id, crm.contact(server).decisions).decisions.map((d) => d.author)).toEqual(['anna@shop.nl', 'bram@shop.nl']);
    });
  });

  it("keeps every rejection within the CRM's field limit: the oldest lose author and time, none is lost", async () => {
    await withServer(async (server) => {
      await contactPushedByA(server, []);
      // ~1,700 rejections of namesakes: about 72,000 characters written out in full, more than either CRM's field holds.
      const namesakes = Array.from({ length: 1_700 }, (_, i) => `x:namesake-${String(i).padStart(5, '0')}`);
      await b.transaction('rw', [b.teamDecisions], async () => {
        for (const [i, profileId] of namesakes.entries()) {
          await recordLocalDecision(b, { kind: 'reject', profileId, customerId: janneke.id, author: 'bram@shop.nl', at: T0 + i * 1_000, settles: false });
        }
      });
      await recordLocalDecision(b, { kind: 'confirm', profileId: PROFILE, customerId: janneke.id, author: 'bram@shop.nl', at: T0, settles: false });
      const onB = await sync(server, b, 'bram@shop.nl');
      expect(onB).toMatchObject({ written: 1_701, problems: [] });
      const text = crm.contact(server).decisions!;
      expect(text.length).toBeLessThanOrEqual(crm.limit);
      const held = decodeDecisions(janneke.id, text).decisions;
      expect(held.filter((d) => d.kind === 'reject').map((d) => d.profileId).sort()).toEqual(namesakes);
      expect(held.filter((d) => d.author === null).length).toBeGreaterThan(0);
      expect(held.find((d) => d.kind === 'confirm')).toMatchObject({ profileId: PROFILE, author: 'bram@shop.nl' });
      expect(server.violations).toEqual([]);
    });
  });

  it('honours a customer the CRM record says not to profile (the field Earshot writes) on an install that did not record it', async () => {
    await withServer(async (server) => {
      await b.matches.put({ profileId: PROFILE, customerId: janneke.id, score: 0.95, status: 'confirmed', evidence: [], decidedBy: 'user', decidedAt: T0, rejectedCustomerIds: [] });
      // Install A recorded the objection; its outbox wrote it to the CRM.
      await contactPushedByA(server, [], { doNotProfile: true });
      const onB = await sync(server, b, 'bram@shop.nl');
      expect(onB).toMatchObject({ optedOut: [janneke.id], problems: [] });
      expect(await b.customers.get(janneke.id)).toMatchObject({ doNotProfile: true });
      // What the pull does next for such a customer (lib/db/opt-out.ts) now finds them.
      const dropped = await dropProfiling(b, [janneke.id], T0);
      expect(dropped).toMatchObject({ customers: [janneke.id], links: 1 });
      expect(await b.matches.get(PROFILE)).toMatchObject({ customerId: null });
      // A second sync changes nothing more.
      expect(await sync(server, b, 'bram@shop.nl')).toMatchObject({ optedOut: [] });
    });
  });

  it('reports a contact whose decisions field cannot be read, by contact, field and line, and applies nothing from that line', async () => {
    await withServer(async (server) => {
      await contactPushedByA(server, []);
      const contact = crm.contact(server);
      contact.setDecisions(`earshot-decisions/1\nc ${PROFILE} anna 12x`);
      const onB = await sync(server, b, 'bram');
      expect(onB?.problems).toEqual([`contact ${contact.id} (customer ${janneke.id}), field ${crm.field} line 2 (time): "12x" is not a time in epoch seconds`]);
      expect(await b.matches.get(PROFILE)).toMatchObject({ status: 'review' });
    });
  });

});

describe('team sync writes through the stand-in HubSpot', () => {
  const TOKEN = 'pat-test-token';
  const contactPushedByA = async (server: CrmServer, tags: string[]) => {
    const hubspot = createHubSpotConnector({ settings: { baseUrl: server.url }, secret: TOKEN }, httpDeps());
    await hubspot.connect();
    await hubspot.pushPersons([personItem('a1', personOf(janneke, [], tags))]);
  };

  it('re-reads and merges when a teammate wrote between its write and its check, so neither write is lost', async () => {
    await withServer(async (server) => {
      await contactPushedByA(server, []);
      const contact = Object.values(server.state.hubspot.contacts)[0]!;
      const channel = createHubSpotTeamChannel({ settings: { baseUrl: server.url }, secret: TOKEN }, httpDeps());
      await channel.prepare();
      const mine: TeamDecision = { kind: 'reject', profileId: 'x:namesake', customerId: janneke.id, author: 'bram', at: T0, settles: false };
      const theirs = `earshot-decisions/1\nc ${PROFILE} anna ${T0 / 1000}`;
      let writes = 0;
      const io = {
        read: async () => ({ text: contact.properties.earshot_decisions ?? null }),
        write: async (text: string) => {
          contact.properties.earshot_decisions = text;
          // The first time, a teammate who read before us overwrites our write with theirs.
          if (++writes === 1) contact.properties.earshot_decisions = theirs;
        },
      };
      const result = await writeDecisionsChecked(io, janneke.id, [mine]);
      expect(writes).toBe(2);
      expect(result.decisions.map((d) => d.author)).toEqual(['anna', 'bram']);
      // The channel's own read goes to the stand-in and finds the field as merged: nothing to write.
      const updates = () => server.requests.filter((r) => r.path.endsWith('/contacts/batch/update')).length;
      const before = updates();
      await channel.writeDecisions({ crmId: contact.id, customerId: janneke.id }, [mine]);
      expect(updates()).toBe(before);
    });
  });

  it("keeps a teammate's decision written entirely between its read and its write: the property's history shows it", async () => {
    await withServer(async (server) => {
      await contactPushedByA(server, []);
      const contact = Object.values(server.state.hubspot.contacts)[0]!;
      const channelOf = (deps: ReturnType<typeof httpDeps>) => createHubSpotTeamChannel({ settings: { baseUrl: server.url }, secret: TOKEN }, deps);
      await channelOf(httpDeps()).prepare();
      // B reads, writes and checks after A's read and before A's write, which is made from A's older read.
      const aRead = gate();
      const bChecked = gate();
      const channelA = channelOf(steppedDeps((step) => (step === 'POST batch/update 1' ? bChecked.opened : undefined), (step) => step === 'POST batch/read 1' && aRead.open()));
      const channelB = channelOf(steppedDeps((step) => (step === 'POST batch/read 1' ? aRead.opened : undefined), (step) => step === 'POST batch/read 2' && bChecked.open()));
      const onA: TeamDecision = { kind: 'confirm', profileId: PROFILE, customerId: janneke.id, author: 'anna', at: T0, settles: false };
      const onB: TeamDecision = { kind: 'reject', profileId: 'x:namesake', customerId: janneke.id, author: 'bram', at: T0 + 1_000, settles: false };
      const target = { crmId: contact.id, customerId: janneke.id };
      await Promise.all([channelA.writeDecisions(target, [onA]), channelB.writeDecisions(target, [onB])]);
      expect(decodeDecisions(janneke.id, contact.properties.earshot_decisions).decisions.map((d) => d.author)).toEqual(['anna', 'bram']);
      expect(server.violations).toEqual([]);
      expect(server.responseViolations).toEqual([]);
    });
  });
});

describe('team sync writes through the stand-in Pipedrive', () => {
  it("keeps a teammate's decision written entirely between its read and its write: the person's changelog shows it", async () => {
    await withServer(async (server) => {
      const { settings } = await createPipedriveConnector({ settings: { baseUrl: server.url }, secret: 'pd-test-token' }, httpDeps()).connect();
      const connection = { settings: { baseUrl: server.url, ...settings }, secret: 'pd-test-token' };
      await createPipedriveConnector(connection, httpDeps()).pushPersons([personItem('a1', personOf(janneke, [], []))]);
      const person = Object.values(server.state.pipedrive.persons)[0]!;
      const step = `persons/${person.id}`;
      // B reads, writes and checks after A's read and before A's write, which is made from A's older read.
      const aRead = gate();
      const bChecked = gate();
      const channelA = createPipedriveTeamChannel(connection, steppedDeps((s) => (s === `PATCH ${step} 1` ? bChecked.opened : undefined), (s) => s === `GET ${step} 1` && aRead.open()));
      const channelB = createPipedriveTeamChannel(connection, steppedDeps((s) => (s === `GET ${step} 1` ? aRead.opened : undefined), (s) => (s === `GET ${step} 2` || s === `GET ${person.id}/changelog 2`) && bChecked.open()));
      const onA: TeamDecision = { kind: 'confirm', profileId: PROFILE, customerId: janneke.id, author: 'anna', at: T0, settles: false };
      const onB: TeamDecision = { kind: 'reject', profileId: 'x:namesake', customerId: janneke.id, author: 'bram', at: T0 + 1_000, settles: false };
      const target = { crmId: String(person.id), customerId: janneke.id };
      await Promise.all([channelA.writeDecisions(target, [onA]), channelB.writeDecisions(target, [onB])]);
      const text = person.custom_fields[pipedriveField(server, 'Earshot team decisions')];
      expect(decodeDecisions(janneke.id, typeof text === 'string' ? text : null).decisions.map((d) => d.author)).toEqual(['anna', 'bram']);
      expect(server.violations).toEqual([]);
      expect(server.responseViolations).toEqual([]);
    });
  });
});
