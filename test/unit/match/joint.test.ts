import { describe, expect, it } from 'vitest';
import { slotFactors, slotKey } from '../../../lib/match/joint';
import { matchProfiles } from '../../../lib/match/match';
import { defaultMatcherParams } from '../../../lib/match/params';
import { MatchThresholds } from '../../../lib/match/settings';
import { MemoryCandidateStore } from '../../../lib/match/store';
import { generateCustomers } from '../../../lib/sample/crm';

describe('one profile per platform per customer', () => {
  it('leaves profiles alone that claim different customers', () => {
    expect(slotFactors([
      { profileId: 'a', platform: 'instagram', alternatives: [{ customerId: 'C1', probability: 0.9 }] },
      { profileId: 'b', platform: 'instagram', alternatives: [{ customerId: 'C2', probability: 0.9 }] },
    ]).size).toBe(0);
  });

  it('two profiles of one platform claiming one customer share it: neither keeps its certainty', () => {
    const factors = slotFactors([
      { profileId: 'a', platform: 'instagram', alternatives: [{ customerId: 'C1', probability: 0.95 }] },
      { profileId: 'b', platform: 'instagram', alternatives: [{ customerId: 'C1', probability: 0.95 }] },
    ]);
    const f = factors.get(slotKey('instagram', 'C1'))!;
    expect(f).toBeLessThan(1);
    // Jointly: each profile's probability for C1 after the factor, and their sum within one.
    const p = (0.95 * f) / (0.95 * f + 0.05);
    expect(2 * p).toBeLessThanOrEqual(1 + 1e-6);
  });

  it('profiles on different platforms may both be the customer; a confirmed link holds its slot whole', () => {
    expect(slotFactors([
      { profileId: 'a', platform: 'instagram', alternatives: [{ customerId: 'C1', probability: 0.95 }] },
      { profileId: 'b', platform: 'tiktok', alternatives: [{ customerId: 'C1', probability: 0.95 }] },
    ]).size).toBe(0);
    const held = slotFactors([{ profileId: 'b', platform: 'tiktok', alternatives: [{ customerId: 'C1', probability: 0.95 }] }], new Map([[slotKey('tiktok', 'C1'), 1]]));
    expect(held.get(slotKey('tiktok', 'C1'))).toBe(0);
  });

  it('in a batch: the profile that fits better keeps the customer, the other is no longer proposed and says why', async () => {
    const base = generateCustomers({ customers: 2000, seed: 3 }).map((c) => c.customer);
    const anna = { id: 'T1', firstName: 'Annelotte', lastName: 'Vrijhof', city: 'Zwolle', country: 'NL', email: 'a.vrijhof@ziggo.nl', handles: [], custom: {}, source: 'csv' as const, updatedAt: 0 };
    const store = MemoryCandidateStore.fromCustomers([...base, anna]);
    const thresholds = MatchThresholds.parse({});
    const profiles = [
      { id: 'instagram:annelotte.vrijhof', platform: 'instagram' as const, handle: 'annelotte.vrijhof', displayName: 'Annelotte Vrijhof', location: 'Zwolle', bio: 'a.vrijhof@ziggo.nl' },
      { id: 'instagram:lotte_bakes', platform: 'instagram' as const, handle: 'lotte_bakes', displayName: 'Annelotte Vrijhof', location: 'Zwolle' },
    ];
    const alone = await matchProfiles(store, profiles.slice(1), { params: defaultMatcherParams(), thresholds });
    const together = await matchProfiles(store, profiles, { params: defaultMatcherParams(), thresholds });
    expect(together[0]).toMatchObject({ customerId: 'T1', decision: 'auto' });
    expect(together[1]!.score).toBeLessThan(alone[0]!.score);
    expect(alone[0]).toMatchObject({ customerId: 'T1' });
    expect(alone[0]!.decision).not.toBe('none');
    expect(together[1]).toMatchObject({ customerId: null, decision: 'none', reason: 'competing-profile' });
    expect(together[1]!.evidence[0]).toEqual({ field: 'decision', comparison: 'competing-profile', weight: 0 });
  });
});
