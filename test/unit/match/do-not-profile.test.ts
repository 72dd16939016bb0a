/**
 * The customer's own choice at the matching stage: a customer who must not be
 * profiled is not in the candidate store, so no captured person is ever linked
 * or suggested to them, in the command line's store and in the extension's index.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EarshotDatabase } from '../../../lib/db/database';
import { freshDatabases } from '../fresh-db';
import { indexCustomers, matchProfile, readIndexState } from '../../../lib/db/match-store';
import { runCli } from '../../../lib/cli/main';
import { CUSTOMERS_HEADER, customerCsvLine } from '../../../lib/crm/formats';
import { matchProfiles } from '../../../lib/match/match';
import { defaultMatcherParams } from '../../../lib/match/params';
import { MatchThresholds } from '../../../lib/match/settings';
import { MemoryCandidateStore } from '../../../lib/match/store';
import { MatchLine, type Customer } from '../../../lib/model';

const janneke: Customer = {
  id: 'JB1',
  firstName: 'Janneke',
  lastName: 'van den Berg',
  email: 'janneke.vdberg@ziggo.nl',
  city: 'Utrecht',
  country: 'NL',
  handles: [{ platform: 'instagram', handle: 'janneke.vd' }],
  custom: {},
  source: 'csv',
  updatedAt: 0,
};
const pieter: Customer = { id: 'PJ1', firstName: 'Pieter', lastName: 'Jansen', email: 'pieter.jansen@kpn.nl', city: 'Zwolle', handles: [{ platform: 'instagram', handle: 'pieterbakt' }], custom: {}, source: 'csv', updatedAt: 0 };
/** Her own handle, the strongest evidence there is: linked outright when she may be profiled. */
const herProfile = { id: 'instagram:janneke.vd', platform: 'instagram' as const, handle: 'janneke.vd', displayName: 'Janneke vd Berg', location: 'Utrecht' };
const hisProfile = { id: 'instagram:pieterbakt', platform: 'instagram' as const, handle: 'pieterbakt', displayName: 'Pieter Jansen' };
const options = { params: defaultMatcherParams(), thresholds: MatchThresholds.parse({}) };

const fresh = freshDatabases('opt-out');

describe('the in-memory candidate store', () => {
  it('links her by her handle, until she must not be profiled: then nobody is proposed, not even for review', async () => {
    const free = await matchProfiles(MemoryCandidateStore.fromCustomers([janneke, pieter]), [herProfile, hisProfile], options);
    expect(free.map((r) => [r.customerId, r.decision])).toEqual([['JB1', 'auto'], ['PJ1', 'auto']]);
    for (const choice of [{ doNotProfile: true }, { objectedAt: 10 }]) {
      const store = MemoryCandidateStore.fromCustomers([{ ...janneke, ...choice }, pieter]);
      expect(await store.size()).toBe(1);
      const results = await matchProfiles(store, [herProfile, hisProfile], options);
      expect(results.map((r) => [r.customerId, r.decision])).toEqual([[null, 'none'], ['PJ1', 'auto']]);
      expect(JSON.stringify(results[0])).not.toContain('JB1');
    }
  });
});

describe('the IndexedDB index', () => {
  async function database(customers: Customer[]): Promise<EarshotDatabase> {
    const db = await fresh();
    await db.customers.bulkPut(customers);
    return db;
  }

  it('a full build leaves her out', async () => {
    const db = await database([{ ...janneke, doNotProfile: true }, pieter]);
    expect(await indexCustomers(db)).toMatchObject({ mode: 'full', customers: 1 });
    expect(await matchProfile(db, herProfile)).toMatchObject({ customerId: null, decision: 'none' });
    expect(await matchProfile(db, hisProfile)).toMatchObject({ customerId: 'PJ1', decision: 'auto' });
  });

  it('an update in place takes her out when she objects, and back in when the CRM lifts its mark', async () => {
    const db = await database([janneke, pieter]);
    await indexCustomers(db);
    expect(await matchProfile(db, herProfile)).toMatchObject({ customerId: 'JB1', decision: 'auto' });

    await db.customers.put({ ...janneke, objectedAt: 20 });
    expect(await indexCustomers(db, { customerIds: ['JB1'] })).toMatchObject({ mode: 'incremental', customers: 1 });
    expect(await matchProfile(db, herProfile)).toMatchObject({ customerId: null, decision: 'none' });
    expect((await readIndexState(db))?.state).toBe('ready');

    await db.customers.put({ ...janneke, doNotProfile: false });
    expect(await indexCustomers(db, { customerIds: ['JB1'] })).toMatchObject({ mode: 'incremental', customers: 2 });
    expect(await matchProfile(db, herProfile)).toMatchObject({ customerId: 'JB1', decision: 'auto' });
  });
});

describe('earshot match', () => {
  it('never links a profile to a customer whose CRM export says do_not_profile', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'earshot-optout-'));
    try {
      await writeFile(join(dir, 'customers.csv'), CUSTOMERS_HEADER + [{ ...janneke, doNotProfile: true }, pieter].map(customerCsvLine).join(''));
      await writeFile(join(dir, 'profiles.jsonl'), [herProfile, hisProfile].map((p) => JSON.stringify(p)).join('\n') + '\n');
      let stdout = '';
      const code = await runCli(['match', '--customers', 'customers.csv', '--profiles', 'profiles.jsonl', '--no-train'], { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: () => true }, cwd: dir });
      expect(code).toBe(0);
      const lines = stdout.trim().split('\n').map((l) => MatchLine.parse(JSON.parse(l)));
      expect(lines.map((l) => [l.profileId, l.customerId, l.decision])).toEqual([
        ['instagram:janneke.vd', null, 'none'],
        ['instagram:pieterbakt', 'PJ1', 'auto'],
      ]);
      expect(stdout).not.toContain('JB1');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
