/**
 * The matcher gets better with use: the links people decide teach it how
 * links like them turn out: decided pairs are labels for m and u (train.ts).
 */
import { describe, expect, it } from 'vitest';
import { matchProfiles } from '../../../lib/match/match';
import { MatchThresholds } from '../../../lib/match/settings';
import { MemoryCandidateStore } from '../../../lib/match/store';
import { trainMatcher, type DecidedPair } from '../../../lib/match/train';
import type { Customer, ProfileLine } from '../../../lib/model';
import { generateCustomers } from '../../../lib/sample/crm';

const thresholds = MatchThresholds.parse({});

/** A CRM of 2,000 and, for 120 of its customers, a profile showing only their whole name: 60 are them, 60 namesakes. */
function world() {
  const customers = generateCustomers({ customers: 2000, seed: 5 }).map((c) => c.customer);
  const chosen = customers.filter((c) => c.firstName && c.lastName).slice(0, 120);
  const profiles: ProfileLine[] = chosen.map((c, i) => ({ id: `google:${i}`, platform: 'google', key: String(i), displayName: `${c.firstName} ${c.lastName}` }));
  // Even ones are the customer, odd ones a namesake who is not (this CRM's reviewers often are).
  const truth = (i: number, c: Customer) => (i % 2 === 0 ? c.id : null);
  return { store: MemoryCandidateStore.fromCustomers(customers), chosen, profiles, truth };
}

describe('learning from decisions', () => {
  it('decisions that half of such name-only links are wrong lower the probability of the others', async () => {
    const { store, chosen, profiles, truth } = world();
    const before = await trainMatcher(store, profiles);
    const first = await matchProfiles(store, profiles, { params: before.params, thresholds });
    // A person decides the first 80 suggestions by the truth.
    const decided: DecidedPair[] = [];
    first.slice(0, 80).forEach((r, i) => {
      if (r.customerId) decided.push({ profile: profiles[i]!, customerId: r.customerId, right: r.customerId === truth(i, chosen[i]!) });
    });
    expect(decided.length).toBeGreaterThan(40);
    const after = await trainMatcher(store, profiles, before.params, { decided });
    expect(after.decidedPairs).toBe(decided.length);
    const second = await matchProfiles(store, profiles, { params: after.params, thresholds });
    // The 40 nobody decided: their probabilities now say what the decisions found, about a half.
    const undecided = second.slice(80).map((r) => r.score);
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    const meanBefore = mean(first.slice(80).map((r) => r.score));
    expect(mean(undecided)).toBeLessThan(meanBefore);
    expect(Math.abs(mean(undecided) - 0.5)).toBeLessThan(Math.abs(meanBefore - 0.5));
  });
});
