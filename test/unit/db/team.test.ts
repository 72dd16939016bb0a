import { describe, expect, it } from 'vitest';
import type { EarshotDatabase } from '../../../lib/db/database';
import { applyTeamDecisions, markShared, recordLocalDecision, teamAuthorOf, teamConflicts, unsharedDecisions } from '../../../lib/db/team';
import { decodeDecisions } from '../../../lib/crm/team/codec';
import { rewriteDecisionsField } from '../../../lib/crm/team/field';
import type { Match } from '../../../lib/model';
import { erasePerson } from '../../../lib/db/privacy';
import { personDetail } from '../../../lib/views/person-detail';
import { twoInstalls } from '../fresh-db';

let a: EarshotDatabase;
let b: EarshotDatabase;
const T = 1_765_100_000_000;
const PROFILE = 'trustpilot:u1';

async function seed(db: EarshotDatabase, match?: Partial<Match>) {
  await db.customers.bulkPut([
    { id: 'C1', firstName: 'Anna', handles: [], custom: {}, source: 'csv', updatedAt: 0 },
    { id: 'C2', firstName: 'Anne', handles: [], custom: {}, source: 'csv', updatedAt: 0 },
  ]);
  await db.profiles.put({ id: PROFILE, platform: 'trustpilot', key: 'u1', displayName: 'Anna K.', firstSeenAt: 0, lastSeenAt: 0, seenOn: [] });
  await db.matches.put({ profileId: PROFILE, customerId: 'C1', score: 0.6, status: 'review', evidence: [], decidedBy: 'matcher', decidedAt: 1, rejectedCustomerIds: [], ...match });
}

/** One sync of an install against the CRM's field of customer C1: read and apply, then write what is unshared. */
async function sync(db: EarshotDatabase, author: string, crm: { text: string }) {
  const report = await applyTeamDecisions(db, decodeDecisions('C1', crm.text).decisions, author);
  const mine = (await unsharedDecisions(db)).get('C1') ?? [];
  const written = rewriteDecisionsField('C1', crm.text, mine);
  crm.text = written.text;
  await markShared(db, mine);
  return report;
}

twoInstalls('team', seed, (x, y) => {
  a = x;
  b = y;
});

describe('team decisions in the database', () => {
  it('names the install by a generated id made once, or by the name the user chose', async () => {
    let n = 0;
    const first = await teamAuthorOf(a, undefined, () => `uuid-${++n}`);
    expect(first).toBe('install-uuid-1');
    expect(await teamAuthorOf(a, '  ', () => `uuid-${++n}`)).toBe(first);
    expect(await teamAuthorOf(a, 'Anna de Vries', () => 'x')).toBe('Anna de Vries');
  });

  it('shows a teammate confirmation on the other install with its author and time, and the suggestion leaves the review queue', async () => {
    const crm = { text: '' };
    await a.matches.put({ profileId: PROFILE, customerId: 'C1', score: 1, status: 'confirmed', evidence: [], decidedBy: 'user', decidedAt: T, rejectedCustomerIds: [] });
    await recordLocalDecision(a, { kind: 'confirm', profileId: PROFILE, customerId: 'C1', author: 'anna', at: T + 123, settles: false });
    await sync(a, 'anna', crm);
    expect(crm.text).toContain('c trustpilot:u1 anna');

    const report = await sync(b, 'bram', crm);
    expect(report.profileIds).toEqual([PROFILE]);
    expect(await b.matches.get(PROFILE)).toMatchObject({ status: 'confirmed', customerId: 'C1', decidedBy: 'user', decidedAt: T });
    expect(await b.matches.where('status').equals('review').count()).toBe(0);
    const held = await b.teamDecisions.toArray();
    expect(held).toEqual([expect.objectContaining({ author: 'anna', at: T, origin: 'remote', shared: 1 })]);
    // The person view on B says who decided and when.
    expect((await personDetail(b, 'customer:C1'))?.profiles[0]?.decidedBy).toEqual({ author: 'anna', at: T });
    // B wrote nothing of its own: the field is as A left it.
    expect(decodeDecisions('C1', crm.text).decisions).toHaveLength(1);
  });

  it('lists a conflict on both installs when B had rejected the pair A confirmed, and changes neither match', async () => {
    const crm = { text: '' };
    await a.matches.put({ profileId: PROFILE, customerId: 'C1', score: 1, status: 'confirmed', evidence: [], decidedBy: 'user', decidedAt: T, rejectedCustomerIds: [] });
    await recordLocalDecision(a, { kind: 'confirm', profileId: PROFILE, customerId: 'C1', author: 'anna', at: T, settles: false });
    // B rejected before either synced: a decision held only in B's match (as an older version kept it).
    await b.matches.put({ profileId: PROFILE, customerId: null, score: 0, status: 'rejected', evidence: [], decidedBy: 'user', decidedAt: T + 60_000, rejectedCustomerIds: ['C1'] });
    await sync(a, 'anna', crm);
    const onB = await sync(b, 'bram', crm);
    expect(onB.conflicts).toEqual([
      { profileId: PROFILE, kind: 'confirmed-and-rejected', opinions: [expect.objectContaining({ author: 'anna', kind: 'confirm' }), expect.objectContaining({ author: 'bram', kind: 'reject' })] },
    ]);
    expect(await b.matches.get(PROFILE)).toMatchObject({ status: 'rejected', customerId: null });
    // B's rejection reached the CRM next to A's confirmation; A lists the same conflict at its next sync.
    await sync(a, 'anna', crm);
    expect(await teamConflicts(a)).toEqual(await teamConflicts(b));
    expect(await a.matches.get(PROFILE)).toMatchObject({ status: 'confirmed', customerId: 'C1' });
  });

  it('applies a settling choice on every install and clears the conflict', async () => {
    const crm = { text: '' };
    await recordLocalDecision(a, { kind: 'confirm', profileId: PROFILE, customerId: 'C1', author: 'anna', at: T, settles: false });
    await recordLocalDecision(b, { kind: 'reject', profileId: PROFILE, customerId: 'C1', author: 'bram', at: T + 1000, settles: false });
    await sync(a, 'anna', crm);
    await sync(b, 'bram', crm);
    await recordLocalDecision(b, { kind: 'confirm', profileId: PROFILE, customerId: 'C1', author: 'bram', at: T + 5000, settles: true });
    await sync(b, 'bram', crm);
    await sync(a, 'anna', crm);
    expect(await teamConflicts(a)).toEqual([]);
    expect(await teamConflicts(b)).toEqual([]);
    expect(await a.matches.get(PROFILE)).toMatchObject({ status: 'confirmed', customerId: 'C1' });
  });

  it('a teammate rejection takes the suggestion out of the review queue and is never proposed again', async () => {
    const crm = { text: '' };
    await recordLocalDecision(a, { kind: 'reject', profileId: PROFILE, customerId: 'C1', author: 'anna', at: T, settles: false });
    await sync(a, 'anna', crm);
    await sync(b, 'bram', crm);
    expect(await b.matches.get(PROFILE)).toMatchObject({ status: 'rejected', customerId: null, rejectedCustomerIds: ['C1'] });
  });

  it('erasing a captured person erases the decisions about them, with who made them', async () => {
    await recordLocalDecision(a, { kind: 'reject', profileId: PROFILE, customerId: 'C1', author: 'anna', at: T, settles: false });
    await recordLocalDecision(a, { kind: 'reject', profileId: 'x:other', customerId: 'C1', author: 'anna', at: T, settles: false });
    await erasePerson(a, `profile:${PROFILE}`, { now: T });
    expect((await a.teamDecisions.toArray()).map((d) => d.profileId)).toEqual(['x:other']);
  });
});
