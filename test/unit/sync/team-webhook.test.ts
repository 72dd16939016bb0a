import { describe, expect, it } from 'vitest';
import { runTeamSync } from '../../../lib/background/team-sync';
import { recordLocalDecision } from '../../../lib/db/team';
import type { EarshotDatabase } from '../../../lib/db/database';
import { customerRef, tagId } from '../../../lib/model';
import { syncStateKey } from '../../../lib/db/sync-state';
import type { CrmServer } from '../../crm-server/server';
import { twoInstalls } from '../fresh-db';
import { T0, httpDeps, janneke, jannekeInstagram, withServer } from './fixtures';

const PROFILE = jannekeInstagram.id;
const SECRET = 'whsec-test-0123456789abcdef';
let a: EarshotDatabase;
let b: EarshotDatabase;

async function install(db: EarshotDatabase) {
  await db.customers.put(janneke);
  await db.profiles.put(jannekeInstagram);
  await db.matches.put({ profileId: PROFILE, customerId: janneke.id, score: 0.7, status: 'review', evidence: [], decidedBy: 'matcher', decidedAt: T0, rejectedCustomerIds: [] });
}

const sync = (server: CrmServer, db: EarshotDatabase, author: string) =>
  runTeamSync({ db, connector: 'webhook', connection: { settings: { url: `${server.url}/hooks/earshot` }, secret: SECRET }, deps: httpDeps(), author });

const pulls = (server: CrmServer) => server.requests.filter((r) => r.operationId === 'pullDecisions');

twoInstalls('team-webhook', install, (x, y) => {
  a = x;
  b = y;
});

describe("team sync through the webhook receiver's pull endpoint", () => {
  it("brings A's decisions to B page by page, with author and time, and leaves B's tags alone", async () => {
    await withServer(
      async (server) => {
        await recordLocalDecision(a, { kind: 'confirm', profileId: PROFILE, customerId: janneke.id, author: 'anna@shop.nl', at: T0 + 60_000, settles: false });
        const namesakes = ['x:namesake-1', 'x:namesake-2', 'x:namesake-3', 'x:namesake-4'];
        for (const [i, profileId] of namesakes.entries()) {
          await recordLocalDecision(a, { kind: 'reject', profileId, customerId: janneke.id, author: 'anna@shop.nl', at: T0 + i * 1_000, settles: false });
        }
        // B tagged Janneke; the webhook does not carry tags back, so nothing may remove it.
        await b.tags.put({ id: tagId(customerRef(janneke.id), 'Ambassador'), personRef: customerRef(janneke.id), label: 'Ambassador', createdAt: T0 });
        await b.meta.put({ key: syncStateKey('webhook', janneke.id), value: { noted: [], sentTags: ['Ambassador'] }, updatedAt: T0 });

        expect(await sync(server, a, 'anna@shop.nl')).toMatchObject({ written: 5, problems: [] });
        expect(server.state.webhook.decisions).toHaveLength(5);
        // Sent again (a retry, or a second sync): the receiver keeps each decision once.
        expect(await sync(server, a, 'anna@shop.nl')).toMatchObject({ written: 0, received: 0 });
        expect(server.state.webhook.decisions).toHaveLength(5);

        const before = pulls(server).length;
        const onB = await sync(server, b, 'bram@shop.nl');
        expect(onB).toMatchObject({ contacts: 1, received: 5, profileIds: [PROFILE], conflicts: 0, tagged: [], written: 0, problems: [] });
        // Five decisions, two a page: three signed pulls, the last one's next is null.
        expect(pulls(server).slice(before).map((r) => r.path)).toEqual(['/hooks/earshot/decisions', '/hooks/earshot/decisions?cursor=2', '/hooks/earshot/decisions?cursor=4']);
        expect(await b.matches.get(PROFILE)).toMatchObject({ status: 'confirmed', customerId: janneke.id, decidedBy: 'user', decidedAt: T0 + 60_000 });
        expect((await b.teamDecisions.toArray()).map((d) => [d.kind, d.profileId, d.author, d.at]).sort()).toEqual(
          [['confirm', PROFILE, 'anna@shop.nl', T0 + 60_000], ...namesakes.map((p, i) => ['reject', p, 'anna@shop.nl', T0 + i * 1_000])].sort(),
        );
        expect((await b.tags.toArray()).map((t) => t.label)).toEqual(['Ambassador']);
        expect(server.violations).toEqual([]);
        expect(server.responseViolations).toEqual([]);
        expect(server.state.webhook.badSignatures).toBe(0);
      },
      { decisionsPageSize: 2 },
    );
  });

  it('reports a record of the page it cannot read by customer, record and field, and applies the others', async () => {
    await withServer(async (server) => {
      server.state.webhook.decisions = [
        { customerId: janneke.id, kind: 'reject', settles: false, profileId: 'x:namesake-1', author: 'anna@shop.nl', decidedAt: 'yesterday' },
        { customerId: janneke.id, kind: 'confirm', settles: false, profileId: PROFILE, author: null, decidedAt: null },
        { kind: 'reject', settles: false, profileId: 'x:namesake-2', author: 'anna@shop.nl', decidedAt: T0 / 1000 },
        { customerId: janneke.id, kind: 'confirm', settles: false, profileId: PROFILE, author: 'anna@shop.nl', decidedAt: T0 / 1000 },
      ];
      const onB = await sync(server, b, 'bram@shop.nl');
      expect(onB?.problems).toEqual([
        `contact ${janneke.id}, field decisions[0].decidedAt: Invalid input: expected number, received string`,
        `contact ${janneke.id}, field decisions[1].author: only a plain rejection may leave out author and time, and then both`,
        'contact (record 3), field decisions[2].customerId: Invalid input: expected string, received undefined',
      ]);
      expect(onB).toMatchObject({ received: 1 });
      expect(await b.teamDecisions.toArray()).toEqual([expect.objectContaining({ kind: 'confirm', profileId: PROFILE, author: 'anna@shop.nl', at: T0 })]);
    });
  });

  it('applies nothing from a page the receiver did not sign with the shared secret', async () => {
    await withServer(async (server) => {
      server.state.webhook.decisions = [{ customerId: janneke.id, kind: 'confirm', settles: false, profileId: PROFILE, author: 'anna@shop.nl', decidedAt: T0 / 1000 }];
      // A proxy answers in the receiver's place: a page without the receiver's signature.
      server.inject({ kind: 'wrong-types', match: 'pullDecisions' });
      await expect(sync(server, b, 'bram@shop.nl')).rejects.toThrow(/decisions page at \/hooks\/earshot\/decisions is not signed with the shared secret \(missing or malformed Earshot-Timestamp\)/);
      expect(await b.teamDecisions.count()).toBe(0);
      expect(await b.matches.get(PROFILE)).toMatchObject({ status: 'review' });
    });
  });
});
