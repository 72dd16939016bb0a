import { describe, expect, it } from 'vitest';
import { profileFeatures } from '../../../lib/match/features';
import { profileQuery, type BlockingQuery } from '../../../lib/match/keys';
import { matchProfiles } from '../../../lib/match/match';
import { defaultMatcherParams } from '../../../lib/match/params';
import { MatchThresholds } from '../../../lib/match/settings';
import { MemoryCandidateStore, type CandidateLimits, type CandidateSet, type CandidateStore } from '../../../lib/match/store';
import type { Customer } from '../../../lib/model';
import { generateCustomers } from '../../../lib/sample/crm';
import { generatePersonas } from '../../../lib/sample/personas';
import { SqlCandidateStore } from '../../../lib/warehouse/candidate-store';
import { engineForSuite, ENGINES } from './engines';

const crm = generateCustomers({ customers: 1500, seed: 31 });
const customers: Customer[] = crm.map((c) => c.customer);
const profiles = generatePersonas(crm, { seed: 3, customerProfiles: 150, strangers: 150, namesakes: 50 }).map((p) => p.profile);
const queries: BlockingQuery[] = profiles.map((p) => profileQuery(profileFeatures(p)));
const thresholds = MatchThresholds.parse({});

/** What a candidate set holds, comparably: the candidates' ids in order, and the counts in order. */
const shape = (sets: readonly CandidateSet[]) => sets.map((s) => ({ ids: s.records.map((r) => r.id), counts: [...s.counts], total: s.total }));
const slim = (results: readonly { customerId: string | null; decision: string; score: number; evidence: unknown }[]) =>
  results.map(({ customerId, decision, score, evidence }) => ({ customerId, decision, score, evidence }));

/** Limits that make the rare paths common on 1,500 customers: long lists cut to the best three, blocks over 6 skipped. */
const TIGHT: CandidateLimits = { maxBlock: 6, maxSurnameBlock: 2, maxCandidates: 3 };

describe.each(ENGINES)('the persona matcher’s candidate store as SQL on $name', (engineUnderTest) => {
  const suite = engineForSuite(engineUnderTest);
  if (!suite) return;
  const opened = suite;

  async function stores(limits?: CandidateLimits): Promise<[CandidateStore, CandidateStore]> {
    return [MemoryCandidateStore.fromCustomers(customers, limits), await SqlCandidateStore.fromCustomers(opened(), customers, limits)];
  }

  it('chooses the in-memory candidates, in the same order, with the same counts, sample and term frequencies', async () => {
    const [memory, sql] = await stores();
    const expected = shape(await memory.candidates(queries));
    // Most profiles find someone; some find several, so the order is tested.
    expect(expected.filter((s) => s.ids.length > 0).length).toBeGreaterThan(250);
    expect(expected.filter((s) => s.ids.length > 2).length).toBeGreaterThan(50);
    expect(shape(await sql.candidates(queries))).toEqual(expected);
    expect(await sql.size()).toBe(await memory.size());
    expect((await sql.sample(300, 11)).map((r) => r.id)).toEqual((await memory.sample(300, 11)).map((r) => r.id));
    expect(await sql.frequencies()).toEqual(await memory.frequencies());
  }, 60_000);

  it('cuts long lists to the best supported and skips oversized blocks as in memory', async () => {
    const [memory, sql] = await stores(TIGHT);
    const unlimited = shape(await (await stores())[0].candidates(queries));
    const expected = shape(await memory.candidates(queries));
    // The limits did act: lists were cut and blocks skipped.
    expect(expected.filter((s, i) => s.ids.length === 3 && unlimited[i]!.ids.length > 3).length).toBeGreaterThan(20);
    expect(expected.filter((s, i) => s.ids.length < Math.min(3, unlimited[i]!.ids.length)).length).toBeGreaterThan(5);
    expect(shape(await sql.candidates(queries))).toEqual(expected);
  }, 60_000);

  it('gives the in-memory match results (learning through the store: cli-engines.test.ts)', async () => {
    const [memory, sql] = await stores();
    const expected = await matchProfiles(memory, profiles, { params: defaultMatcherParams(), thresholds });
    expect(expected.filter((r) => r.decision !== 'none').length).toBeGreaterThan(50);
    expect(slim(await matchProfiles(sql, profiles, { params: defaultMatcherParams(), thresholds }))).toEqual(slim(expected));
  }, 120_000);
});
