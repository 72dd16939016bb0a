import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTeamCycle, TEAM_SYNC_INTERVAL_MS, TEAM_SYNC_WAITING_MS } from '../../../lib/background/team-cycle';
import { createHubSpotConnector } from '../../../lib/crm/connectors/hubspot';
import { recordLocalDecision, teamConflicts } from '../../../lib/db/team';
import type { EarshotDatabase } from '../../../lib/db/database';
import type { DataChange } from '../../../lib/background/work';
import type { CrmServer } from '../../crm-server/server';
import { deleteDatabase, openFreshDatabase } from '../fresh-db';
import { T0, httpDeps, janneke, jannekeInstagram, personItem, personOf, withServer } from './fixtures';

const TOKEN = 'pat-test-token';
const PROFILE = jannekeInstagram.id;
let a: EarshotDatabase;
let b: EarshotDatabase;

async function install(db: EarshotDatabase, server: CrmServer) {
  await db.customers.put(janneke);
  await db.profiles.put(jannekeInstagram);
  await db.matches.put({ profileId: PROFILE, customerId: janneke.id, score: 0.7, status: 'review', evidence: [], decidedBy: 'matcher', decidedAt: T0, rejectedCustomerIds: [] });
  await db.connections.put({ connector: 'hubspot', settings: { baseUrl: server.url }, secret: TOKEN, connectedAt: T0 });
}

/** The outbox's timer as the service worker drives it, on a clock the test moves. */
function timerOf(db: EarshotDatabase, author: string, clock: { now: number }) {
  const changes: DataChange[] = [];
  const cycle = createTeamCycle({ db, now: () => clock.now, connectorDeps: httpDeps(), teamAuthor: async () => author, dataChanged: async (c) => void changes.push(c) });
  return { onTimer: () => cycle.onTimer(), changes };
}

async function contactPushed(server: CrmServer) {
  const hubspot = createHubSpotConnector({ settings: { baseUrl: server.url }, secret: TOKEN }, httpDeps());
  await hubspot.connect();
  await hubspot.pushPersons([personItem('a1', personOf(janneke, [], []))]);
}

beforeEach(async () => {
  a = await openFreshDatabase('team-cycle-a');
  b = await openFreshDatabase('team-cycle-b');
});
afterEach(async () => {
  await deleteDatabase(a);
  await deleteDatabase(b);
});

describe("the outbox's timer runs the team read-back", () => {
  it("brings A's confirmation to B without a click, and lists a conflict by the same rule", async () => {
    await withServer(async (server) => {
      await install(a, server);
      await install(b, server);
      await contactPushed(server);
      const clock = { now: T0 };
      const onA = timerOf(a, 'anna@shop.nl', clock);
      const onB = timerOf(b, 'bram@shop.nl', clock);

      await recordLocalDecision(a, { kind: 'confirm', profileId: PROFILE, customerId: janneke.id, author: 'anna@shop.nl', at: T0, settles: false });
      expect(await onA.onTimer()).toBe(T0 + TEAM_SYNC_INTERVAL_MS);
      expect(await onB.onTimer()).toBe(T0 + TEAM_SYNC_INTERVAL_MS);
      expect(await b.matches.get(PROFILE)).toMatchObject({ status: 'confirmed', customerId: janneke.id });
      expect(onB.changes).toEqual([{ profiles: [PROFILE] }]);

      // B's person rejects it; A's next timer run lists the conflict and keeps A's link.
      clock.now = T0 + 2 * TEAM_SYNC_WAITING_MS;
      await recordLocalDecision(b, { kind: 'reject', profileId: PROFILE, customerId: janneke.id, author: 'bram@shop.nl', at: clock.now, settles: false });
      await onB.onTimer();
      clock.now = T0 + TEAM_SYNC_INTERVAL_MS;
      await onA.onTimer();
      expect((await teamConflicts(a)).map((c) => [c.kind, c.opinions.map((o) => o.author)])).toEqual([['confirmed-and-rejected', ['anna@shop.nl', 'bram@shop.nl']]]);
      expect(await a.matches.get(PROFILE)).toMatchObject({ status: 'confirmed', customerId: janneke.id });
    });
  });

  it('reads back only when due: every quarter of an hour, sooner when a decision here waits to be written', async () => {
    await withServer(async (server) => {
      await install(b, server);
      await contactPushed(server);
      const clock = { now: T0 };
      const onB = timerOf(b, 'bram@shop.nl', clock);
      await onB.onTimer();
      const reads = () => server.requests.filter((r) => r.method === 'GET' && /^\/crm\/objects\/[^/]+\/contacts(\?|$)/.test(r.path)).length;
      const after = reads();
      clock.now = T0 + TEAM_SYNC_WAITING_MS;
      expect(await onB.onTimer()).toBe(T0 + TEAM_SYNC_INTERVAL_MS);
      expect(reads()).toBe(after);
      await recordLocalDecision(b, { kind: 'reject', profileId: 'x:namesake', customerId: janneke.id, author: 'bram@shop.nl', at: clock.now, settles: false });
      expect(await onB.onTimer()).toBe(clock.now + TEAM_SYNC_INTERVAL_MS);
      expect(reads()).toBe(after + 1);
      expect(await b.teamDecisions.where('shared').equals(0).count()).toBe(0);
    });
  });

  it('asks for no wake when no connected CRM shares decisions', async () => {
    // A CSV export holds no one's decisions to read back.
    await b.connections.put({ connector: 'csv', settings: {}, secret: '', connectedAt: T0 });
    expect(await timerOf(b, 'bram', { now: T0 }).onTimer()).toBeNull();
  });
});
