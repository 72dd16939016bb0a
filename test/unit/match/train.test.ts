import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIELD_INDEX, IDENTIFIER } from '../../../lib/match/comparisons';
import { bestLinks, blockedLinkPairs, trainLink } from '../../../lib/match/engine/linkage';
import { HISTORICAL_COMPARISONS, historicalBlockingKeys, parseHistorical } from '../../../lib/match/historical';
import { defaultMatcherParams } from '../../../lib/match/params';
import { MemoryCandidateStore } from '../../../lib/match/store';
import { estimateU, trainMatcher } from '../../../lib/match/train';
import { generateCustomers, type SampleCustomer } from '../../../lib/sample/crm';
import { generatePersonas } from '../../../lib/sample/personas';
import { profileFeatures } from '../../../lib/match/features';
import { matchProfiles } from '../../../lib/match/match';
import { MatchThresholds } from '../../../lib/match/settings';

let crm: SampleCustomer[];
let store: MemoryCandidateStore;
beforeAll(() => {
  crm = generateCustomers({ customers: 3000, seed: 21 });
  store = MemoryCandidateStore.fromCustomers(crm.map((c) => c.customer));
});

describe('learning the persona parameters without labels', () => {
  it('measures the u of name-built identifiers among namesakes, not among random pairs', async () => {
    const start = defaultMatcherParams().model;
    const { model, namesakePairs, randomPairs } = await estimateU(store, start, [], { randomPairs: 20_000 });
    expect(randomPairs).toBeGreaterThan(19_000);
    expect(namesakePairs).toBeGreaterThan(20);
    const handle = model.fields[FIELD_INDEX.handle]!;
    // Namesakes in this CRM often build the same address from the same name: far more than chance.
    expect(handle.u[IDENTIFIER.nameBuilt]!).toBeGreaterThan(0.05);
    expect(handle.u[IDENTIFIER.emailLocalPart]!).toBeLessThan(0.01);
    // Random pairs of customers rarely share a surname: u(exact surname) is small but not zero.
    const surname = model.fields[FIELD_INDEX.surname]!;
    expect(surname.u[0]!).toBeGreaterThan(0.0001);
    expect(surname.u[0]!).toBeLessThan(0.05);
  });

  it('learns m and the share of customers from captured profiles, and the learned model finds more customers', async () => {
    const personas = generatePersonas(crm, { seed: 22, customerProfiles: 500, strangers: 700, namesakes: 100 });
    const report = await trainMatcher(store, personas.map((p) => p.profile));
    expect(report.converged).toBe(true);
    expect(report.candidatePairs).toBeGreaterThan(1000);
    // 500 of 1,300 captured people are customers; some are unrecognisable, so the estimate sits below.
    expect(report.customerShare).toBeGreaterThan(0.15);
    expect(report.customerShare).toBeLessThan(0.5);
    const m = report.params.model.fields[FIELD_INDEX.place]!.m;
    // Customers' profiles show their own city far more often than random pairs share one.
    expect(m[0]!).toBeGreaterThan(report.params.model.fields[FIELD_INDEX.place]!.u[0]!);
  });

  it('hands the pairs it compared to matching, which then decides exactly as if it compared them itself', async () => {
    const personas = generatePersonas(crm, { seed: 23, customerProfiles: 200, strangers: 200, namesakes: 50 });
    const profiles = personas.map((p, i) => ({ ...p.profile, id: `p${i}` }));
    const report = await trainMatcher(store, profiles);
    const options = { params: report.params, thresholds: MatchThresholds.parse({}) };
    const fresh = await matchProfiles(store, profiles, options);
    const reused = await matchProfiles(store, profiles, { ...options, compared: report.compared });
    expect(reused).toEqual(fresh);
    // A profile object learning never saw is compared afresh, not given another's levels.
    expect(report.compared.get({ ...profiles[0]! })).toBeUndefined();
    expect(report.compared.get(profiles[0]!)?.ids.length).toBeGreaterThan(0);
  });

  it('estimates u from captured profiles when there are enough', async () => {
    const personas = generatePersonas(crm, { seed: 23, customerProfiles: 100, strangers: 200, namesakes: 0 });
    const { model } = await estimateU(store, defaultMatcherParams().model, personas.map((p) => profileFeatures(p.profile)), { randomPairs: 20_000 });
    // Profiles often show only an initial: u(initial) is measured, not left at zero.
    expect(model.fields[FIELD_INDEX.given]!.u[5]!).toBeGreaterThan(1e-4);
  });
});

describe('historical people: the engine linking profiles to customers', () => {
  it('links records of the same historical person and not of others', () => {
    const text = readFileSync(fileURLToPath(new URL('../../../bench/data/linkage/historical_50k.csv', import.meta.url)), 'utf8');
    const records = parseHistorical(text).slice(0, 6000);
    const byCluster = new Map<string, typeof records>();
    for (const r of records) byCluster.set(r.cluster, [...(byCluster.get(r.cluster) ?? []), r]);
    const customers = [...byCluster.values()].map((m) => m[0]!);
    const profiles = [...byCluster.values()].flatMap((m) => m.slice(1));
    const pairs = blockedLinkPairs(profiles, customers, historicalBlockingKeys);
    const trained = trainLink(profiles, customers, HISTORICAL_COMPARISONS, pairs, { uPairs: 50_000 });
    const best = bestLinks(profiles, customers, HISTORICAL_COMPARISONS, trained.params, pairs);
    let linked = 0;
    let right = 0;
    best.forEach((b, i) => {
      if (!b || b.probability < 0.5) return;
      linked++;
      if (customers[b.right]!.cluster === profiles[i]!.cluster) right++;
    });
    expect(right / linked).toBeGreaterThan(0.97);
    expect(right / profiles.length).toBeGreaterThan(0.75);
  });
});
