import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHubSpotConnector } from '../../../lib/crm/connectors/hubspot';
import { createHubSpotTeamChannel } from '../../../lib/crm/connectors/hubspot-team';
import { runTeamSync } from '../../../lib/background/team-sync';
import { recordLocalDecision, teamConflicts } from '../../../lib/db/team';
import type { EarshotDatabase } from '../../../lib/db/database';
import { writeDecisionsChecked } from '../../../lib/crm/team/write-loop';
import { decodeDecisions } from '../../../lib/crm/team/codec';
import { customerRef, tagId, type TeamDecision } from '../../../lib/model';
import type { CrmServer } from '../../crm-server/server';
import { deleteDatabase, openFreshDatabase } from '../fresh-db';
import { T0, httpDeps, janneke, jannekeInstagram, personItem, personOf, withServer } from './fixtures';

const TOKEN = 'pat-test-token';
const PROFILE = jannekeInstagram.id;
let a: EarshotDatabase;
let b: EarshotDatabase;

async function install(db: EarshotDatabase) {
  await db.customers.put(janneke);
  await db.profiles.put(jannekeInstagram);
  await db.matches.put({ profileId: PROFILE, customerId: janneke.id, score: 0.7, status: 'review', evidence: [], decidedBy: 'matcher', decidedAt: T0, rejectedCustomerIds: [] });
}

const sync = (server: CrmServer, db: EarshotDatabase, author: string) =>
  runTeamSync({ db, connector: 'hubspot', connection: { settings: { baseUrl: server.url }, secret: TOKEN }, deps: httpDeps(), author });

/** Install A's outbox has created the contact with its tags, as it does after a confirmation. */
async function contactPushedByA(server: CrmServer, tags: string[]) {
  const hubspot = createHubSpotConnector({ settings: { baseUrl: server.url }, secret: TOKEN }, httpDeps());
  await hubspot.connect();
  await hubspot.pushPersons([personItem('a1', personOf(janneke, [], tags))]);
}

beforeEach(async () => {
  a = await openFreshDatabase('team-sync-a');
  b = await openFreshDatabase('team-sync-b');
  await install(a);
  await install(b);
});
afterEach(async () => {
  await deleteDatabase(a);
  await deleteDatabase(b);
});

describe('team sync through the stand-in HubSpot', () => {
  it("shows A's confirmation and tag on B after B's next sync, with author and time, and B's review queue no longer offers it", async () => {
    await withServer(async (server) => {
      await recordLocalDecision(a, { kind: 'confirm', profileId: PROFILE, customerId: janneke.id, author: 'anna@shop.nl', at: T0 + 60_000, settles: false });
      await a.tags.put({ id: tagId(customerRef(janneke.id), 'Ambassador'), personRef: customerRef(janneke.id), label: 'Ambassador', createdAt: T0 });
      await contactPushedByA(server, ['Ambassador']);
      const onA = await sync(server, a, 'anna@shop.nl');
      expect(onA).toMatchObject({ written: 1, problems: [] });
      const contact = Object.values(server.state.hubspot.contacts)[0]!;
      expect(contact.properties.earshot_decisions).toBe(`earshot-decisions/1\nc ${PROFILE} anna@shop.nl ${(T0 + 60_000) / 1000}`);

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
      const contact = Object.values(server.state.hubspot.contacts)[0]!;
      expect(decodeDecisions(janneke.id, contact.properties.earshot_decisions).decisions.map((d) => d.author)).toEqual(['anna@shop.nl', 'bram@shop.nl']);
    });
  });

  it('reports a contact whose decisions field cannot be read, by contact, field and line, and applies nothing from that line', async () => {
    await withServer(async (server) => {
      await contactPushedByA(server, []);
      const contact = Object.values(server.state.hubspot.contacts)[0]!;
      contact.properties.earshot_decisions = `earshot-decisions/1\nc ${PROFILE} anna 12x`;
      const onB = await sync(server, b, 'bram');
      expect(onB?.problems).toEqual([`contact ${contact.id} (customer ${janneke.id}), field earshot_decisions line 2 (time): "12x" is not a time in epoch seconds`]);
      expect(await b.matches.get(PROFILE)).toMatchObject({ status: 'review' });
    });
  });

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
        read: async () => contact.properties.earshot_decisions ?? null,
        write: async (text: string) => {
          contact.properties.earshot_decisions = text;
          // The first time, a teammate who read before us overwrites our write with theirs.
          if (++writes === 1) contact.properties.earshot_decisions = theirs;
        },
      };
      const result = await writeDecisionsChecked(io, janneke.id, [mine]);
      expect(writes).toBe(2);
      expect(result.decisions.map((d) => d.author)).toEqual(['anna', 'bram']);
      // The channel's own read and write go to the stand-in and find the field as merged.
      expect((await channel.writeDecisions({ crmId: contact.id, customerId: janneke.id }, [mine])).changed).toBe(false);
    });
  });
});
