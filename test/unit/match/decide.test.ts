import { describe, expect, it } from 'vitest';
import { matchProfiles, toMatchRecord, type MatchResult, type PreviousDecision } from '../../../lib/match/match';
import { defaultMatcherParams } from '../../../lib/match/params';
import { MatchThresholds } from '../../../lib/match/settings';
import { MemoryCandidateStore } from '../../../lib/match/store';
import { trainMatcher } from '../../../lib/match/train';
import type { Customer, ProfileLine } from '../../../lib/model';
import { generateCustomers } from '../../../lib/sample/crm';

/** A real-sized CRM (the sample shop's 3,000 customers) plus the customers a test needs. */
function storeWith(extra: Partial<Customer>[]): MemoryCandidateStore {
  const base = generateCustomers({ customers: 3000, seed: 11 }).map((c) => c.customer);
  const added = extra.map((c, i) => ({ id: `T${i + 1}`, handles: [], custom: {}, source: 'csv' as const, updatedAt: 0, ...c }));
  return MemoryCandidateStore.fromCustomers([...base, ...added]);
}

const thresholds = MatchThresholds.parse({});

async function match(store: MemoryCandidateStore, profile: Partial<ProfileLine>, previous?: PreviousDecision, t = thresholds): Promise<MatchResult> {
  const line = { id: 'p1', platform: 'instagram' as const, displayName: 'x', ...profile };
  const [result] = await matchProfiles(store, [line], { params: defaultMatcherParams(), thresholds: t, previous: () => previous });
  return result!;
}

const janneke: Partial<Customer> = {
  firstName: 'Janneke',
  lastName: 'van den Berg',
  email: 'janneke.vdberg84@ziggo.nl',
  city: 'Utrecht',
  country: 'NL',
  handles: [{ platform: 'instagram', handle: 'janneke.vd' }],
};

describe('identifiers are evidence, not proof', () => {
  it('a handle the CRM knows on that platform links when the name agrees or is no person\'s name', async () => {
    const store = storeWith([janneke]);
    for (const displayName of ['Bakery Queen 🍰', 'Janneke', 'J. van den Berg']) {
      const r = await match(store, { platform: 'instagram', handle: 'janneke.vd', displayName });
      expect(r, displayName).toMatchObject({ customerId: 'T1', decision: 'auto', reason: 'known-handle' });
      expect(r.evidence.find((e) => e.field === 'handle')).toMatchObject({ comparison: 'known-handle' });
    }
  });

  it('a stale handle: the CRM knows it for Janneke, but the profile is now Mark Jansen\'s; review, saying why', async () => {
    const store = storeWith([janneke]);
    const r = await match(store, { platform: 'instagram', handle: 'janneke.vd', displayName: 'Mark Jansen', location: 'Groningen' });
    expect(r).toMatchObject({ customerId: 'T1', decision: 'review', reason: 'identifier-name-conflict' });
    expect(r.evidence[0]).toEqual({ field: 'decision', comparison: 'identifier-name-conflict', weight: 0 });
    expect(r.evidence.find((e) => e.field === 'handle')).toMatchObject({ comparison: 'name-conflict' });
    // The names are not counted twice: the conflict level is the joint outcome.
    expect(r.evidence.some((e) => e.field === 'given' || e.field === 'surname')).toBe(false);
    // And it is not likely: a handle someone else now uses says little about who they are.
    expect(r.score).toBeLessThan(0.5);
  });

  it("the customer's email address in someone else's bio goes to review", async () => {
    const store = storeWith([janneke]);
    const r = await match(store, { platform: 'tiktok', handle: 'pietbakt', displayName: 'Piet Smit', bio: 'Bestellingen: janneke.vdberg84@ziggo.nl' });
    expect(r).toMatchObject({ customerId: 'T1', decision: 'review', reason: 'identifier-name-conflict' });
    expect(r.evidence.find((e) => e.field === 'email')).toMatchObject({ comparison: 'name-conflict' });
  });

  it('a re-taken handle that spells the customer\'s name counts once: the name in it is the handle again', async () => {
    const store = storeWith([{ firstName: 'Mieke', lastName: 'Veenendaal', city: 'Tilburg', country: 'NL', handles: [{ platform: 'tiktok', handle: 'miekeveenendaal80' }] }]);
    const r = await match(store, { platform: 'tiktok', handle: 'miekeveenendaal80', displayName: 'Kaaskop' });
    expect(r.customerId).toBe('T1');
    expect(r.evidence.find((e) => e.field === 'handle')).toMatchObject({ comparison: 'known-handle' });
    expect(r.evidence.filter((e) => e.field === 'given' || e.field === 'surname').every((e) => e.comparison !== 'in-handle' && e.weight <= 0)).toBe(true);
  });

  it("the customer's address in a bio is one fact: its local part is not a handle agreeing too, nor a name", async () => {
    const store = storeWith([{ firstName: 'Drew', lastName: 'Stanland', email: 'drew47@gmail.com', city: 'Coventry', country: 'GB' }]);
    const r = await match(store, { platform: 'x', handle: 'JennyPlays', displayName: 'honest reviewer', bio: 'Coffee first. Collabs: drew47@gmail.com' });
    expect(r.evidence.find((e) => e.field === 'email')).toMatchObject({ comparison: 'exact' });
    expect(r.evidence.filter((e) => ['handle', 'given', 'surname'].includes(e.field)).every((e) => e.weight <= 0)).toBe(true);
  });

  it('a family website on a profile with another given name is a relative: review, saying why', async () => {
    const store = storeWith([{ firstName: 'Gijs', lastName: 'Perrotta', city: 'Bergen op Zoom', country: 'NL', website: 'https://fam-perrotta.nl' }]);
    const r = await match(store, { platform: 'instagram', handle: 'vogel_kers', displayName: 'Lieke Perrotta', website: 'https://fam-perrotta.nl' });
    expect(r).toMatchObject({ customerId: 'T1', decision: 'review', reason: 'identifier-name-conflict' });
    expect(r.evidence.find((e) => e.field === 'website')).toMatchObject({ comparison: 'name-conflict' });
  });

  it('an address built from the profile\'s own name is what a namesake writes too', async () => {
    const store = storeWith([{ firstName: 'E.', lastName: 'Walters', email: 'evewalters@hotmail.nl', city: 'Amsterdam', country: 'NL' }]);
    const r = await match(store, { platform: 'instagram', handle: 'eve.walters', displayName: 'Eve Walters' });
    expect(r.evidence.find((e) => e.field === 'handle')).toMatchObject({ comparison: 'name-built' });
    expect(r.decision).not.toBe('auto');
  });

  it('an address several profiles with other names show is a shared one, not proof', async () => {
    const store = storeWith([{ firstName: 'Eva', lastName: 'Kok', email: 'info@taartenhuis.nl', city: 'Delft', country: 'NL' }]);
    const profiles = [
      { id: 'a', platform: 'instagram' as const, handle: 'eva.bakes', displayName: 'Eva', bio: 'info@taartenhuis.nl' },
      { id: 'b', platform: 'tiktok' as const, handle: 'sanne_bakt', displayName: 'Sanne', bio: 'Mail info@taartenhuis.nl' },
    ];
    const [a] = await matchProfiles(store, profiles, { params: defaultMatcherParams(), thresholds });
    expect(a!.evidence.find((e) => e.field === 'email')).toMatchObject({ comparison: 'shared' });
    expect(a!.decision).not.toBe('auto');
    // Alone, the same profile's address is the customer's own.
    const [alone] = await matchProfiles(store, profiles.slice(0, 1), { params: defaultMatcherParams(), thresholds });
    expect(alone).toMatchObject({ customerId: 'T1', decision: 'auto', reason: 'email-in-bio' });
  });

  it('a profile without a display name, only a handle or an email address, is matched', async () => {
    const store = storeWith([janneke]);
    const byHandle = await match(store, { platform: 'instagram', handle: 'janneke.vd', displayName: undefined });
    expect(byHandle).toMatchObject({ customerId: 'T1', decision: 'auto' });
    const byEmail = await match(store, { platform: 'x', handle: 'cake_lover_22', displayName: undefined, bio: 'janneke.vdberg84@ziggo.nl' });
    expect(byEmail).toMatchObject({ customerId: 'T1', decision: 'auto', reason: 'email-in-bio' });
  });

  it("the customer's exact email address in the bio links", async () => {
    const store = storeWith([janneke]);
    const r = await match(store, { platform: 'tiktok', handle: 'cakes_and_more', displayName: 'J.', bio: 'Bestellen? janneke.vdberg84@ziggo.nl' });
    expect(r).toMatchObject({ customerId: 'T1', decision: 'auto', reason: 'email-in-bio' });
  });

  it('a known handle two customers share goes to review, unless the name says which of them it is', async () => {
    const store = storeWith([janneke, { ...janneke, firstName: 'Jan', email: 'jan@example.org' }]);
    const brand = await match(store, { platform: 'instagram', handle: 'janneke.vd', displayName: 'Bakery Queen 🍰' });
    expect(brand).toMatchObject({ decision: 'review', reason: 'several-known' });
    const named = await match(store, { platform: 'instagram', handle: 'janneke.vd', displayName: 'Janneke' });
    expect(named).toMatchObject({ customerId: 'T1', decision: 'auto' });
  });

  it("a person's confirmation stands, even against a better-scoring customer", async () => {
    const store = storeWith([janneke]);
    const r = await match(store, { platform: 'instagram', handle: 'janneke.vd', displayName: 'Janneke van den Berg' }, { status: 'confirmed', customerId: 'C0042', rejectedCustomerIds: [] });
    expect(r).toMatchObject({ customerId: 'C0042', decision: 'auto', reason: 'confirmed', score: 1 });
  });

  it('a rejected customer is never proposed again for that profile', async () => {
    const store = storeWith([janneke]);
    const profile = { platform: 'instagram' as const, handle: 'janneke.vd', displayName: 'Janneke van den Berg', location: 'Utrecht' };
    expect((await match(store, profile)).customerId).toBe('T1');
    const again = await match(store, profile, { status: 'rejected', customerId: null, rejectedCustomerIds: ['T1'] });
    expect(again.customerId).not.toBe('T1');
    expect(again.best?.customerId).not.toBe('T1');
    expect(again.runnerUp?.customerId).not.toBe('T1');
  });
});

describe('namesakes are never linked on a name alone', () => {
  const jan = (city: string, email: string): Partial<Customer> => ({ firstName: 'Jan', lastName: 'de Vries', city, country: 'NL', email });

  it('a unique full name alone is suggested, not linked', async () => {
    const store = storeWith([{ firstName: 'Willemijntje', lastName: 'Oosterhuis-Brandsma', country: 'NL', email: 'w@example.org' }]);
    const r = await match(store, { displayName: 'Willemijntje Oosterhuis-Brandsma' }, undefined, MatchThresholds.parse({ auto: 0.5, review: 0.1 }));
    expect(r.customerId).toBe('T1');
    expect(r.decision).toBe('review');
    expect(r.reason).toBe('name-only');
  });

  it('two customers called Jan de Vries: the profile of a Jan de Vries is not linked', async () => {
    const store = storeWith([jan('Utrecht', 'jan.devries@ziggo.nl'), jan('Amsterdam', 'jdv1961@kpnmail.nl')]);
    const r = await match(store, { displayName: 'Jan de Vries', handle: 'jan_devries' });
    expect(r.decision).not.toBe('auto');
  });

  it('when two candidates score alike, a person chooses', async () => {
    const store = storeWith([jan('Utrecht', 'jan.devries@ziggo.nl'), jan('Utrecht', 'jan.devries@kpnmail.nl')]);
    const r = await match(store, { displayName: 'Jan de Vries', location: 'Utrecht' }, undefined, MatchThresholds.parse({ auto: 0.2, review: 0.1 }));
    expect(r.decision).toBe('review');
    expect(['close-candidates', 'name-only']).toContain(r.reason);
    expect(r.runnerUp).toBeDefined();
  });

  it('the same region is no corroboration; the same city is', async () => {
    const store = storeWith([{ firstName: 'Thomas', lastName: 'Aklyi', city: 'Tilburg', country: 'NL', email: 'taklyi@outlook.com' }]);
    const low = MatchThresholds.parse({ auto: 0.5, review: 0.1 });
    const region = await match(store, { displayName: 'Thomas Aklyi', location: 'Eindhoven' }, undefined, low);
    expect(region.evidence.find((e) => e.field === 'place')).toMatchObject({ comparison: 'region' });
    expect(region).toMatchObject({ customerId: 'T1', decision: 'review', reason: 'name-only' });
    const city = await match(store, { displayName: 'Thomas Aklyi', location: 'Tilburg' }, undefined, low);
    expect(city).toMatchObject({ customerId: 'T1', decision: 'auto', reason: 'score' });
  });

  it('a city written with a slip weighs no more than the city spelled right', async () => {
    const store = storeWith([{ ...janneke, city: 'Amsterdam' }]);
    // Learned from this CRM: how namesakes' places agree, which a slip (rare among them) must not turn into proof.
    const { params } = await trainMatcher(store, []);
    const placeOf = async (location: string) => {
      const [r] = await matchProfiles(store, [{ id: 'p1', platform: 'google', displayName: 'Janneke van den Berg', location }], { params, thresholds });
      expect(r!.customerId).toBe('T1');
      return { place: r!.evidence.find((e) => e.field === 'place')! };
    };
    const right = await placeOf('Amsterdam');
    const slip = await placeOf('Amsterdm');
    expect(slip.place.comparison).toBe('near-city');
    expect(slip.place.weight).toBeLessThanOrEqual(right.place.weight);
  });

  it('a space typed inside the surname ("Natasha Crossm An") still finds and links the customer in her city', async () => {
    const store = storeWith([{ firstName: 'Natasha', lastName: 'Crossman', city: 'Glenthompson', country: 'AU' }]);
    const r = await match(store, { platform: 'google', displayName: 'Natasha Crossm An', location: 'Glenthompson' });
    expect(r).toMatchObject({ customerId: 'T1', decision: 'auto' });
    expect(r.evidence.find((e) => e.field === 'surname')).toMatchObject({ comparison: 'exact' });
  });

  it('a distinctive handle equal to the customer email, with the name, links', async () => {
    const store = storeWith([jan('Utrecht', 'jandevries1961@ziggo.nl'), jan('Amsterdam', 'jan.devries@kpnmail.nl')]);
    const r = await match(store, { displayName: 'Jan de Vries', handle: 'jandevries1961', location: 'Utrecht' });
    expect(r).toMatchObject({ customerId: 'T1', decision: 'auto', reason: 'score' });
  });
});

describe('names in other scripts', () => {
  it('an identical Arabic or Greek name in the same city is proposed (blocked and compared as written)', async () => {
    const store = storeWith([
      { firstName: 'محمد', lastName: 'العلي', city: 'Rotterdam', country: 'NL' },
      { firstName: 'Ελένη', lastName: 'Παπαδοπούλου', city: 'Amsterdam', country: 'NL' },
    ]);
    const arabic = await match(store, { platform: 'google', displayName: 'محمد العلي', location: 'Rotterdam' });
    expect(arabic).toMatchObject({ customerId: 'T1' });
    expect(arabic.decision).not.toBe('none');
    const greek = await match(store, { platform: 'google', displayName: 'ΕΛΈΝΗ Παπαδοπούλου', location: 'Amsterdam' });
    expect(greek).toMatchObject({ customerId: 'T2' });
    expect(greek.decision).not.toBe('none');
    // Another name in the same script is nobody.
    expect((await match(store, { platform: 'google', displayName: 'أحمد الحسن', location: 'Rotterdam' })).customerId).toBeNull();
  });

  it('an identical Chinese, Korean or Japanese name in the same city is proposed, a one-character name read as a name, not an initial', async () => {
    const store = storeWith([
      { firstName: '伟', lastName: '王', city: 'Amsterdam', country: 'NL' },
      { firstName: '민준', lastName: '김', city: 'Utrecht', country: 'NL' },
      { firstName: '太郎', lastName: '山田', city: 'Leiden', country: 'NL' },
    ]);
    for (const [displayName, location, customerId] of [
      ['王伟', 'Amsterdam', 'T1'],
      ['伟 王', 'Amsterdam', 'T1'],
      ['김민준', 'Utrecht', 'T2'],
      ['山田 太郎', 'Leiden', 'T3'],
    ] as const) {
      const r = await match(store, { platform: 'google', displayName, location });
      expect(r, displayName).toMatchObject({ customerId });
      expect(r.decision, displayName).not.toBe('none');
      expect(r.evidence.find((e) => e.field === 'surname')?.comparison, displayName).toBe('exact');
    }
    // Another person with the same family name is not them.
    expect((await match(store, { platform: 'google', displayName: '王芳', location: 'Amsterdam' })).customerId).toBeNull();
  });
});

describe('probabilities are shared among the candidates and nobody', () => {
  it('two customers who fit alike share it: neither passes a half', async () => {
    const jan = (email: string): Partial<Customer> => ({ firstName: 'Jan', lastName: 'Kuipersma', city: 'Utrecht', country: 'NL', email });
    const store = storeWith([jan('a@example.org'), jan('b@example.org')]);
    const r = await match(store, { displayName: 'Jan Kuipersma', location: 'Utrecht' });
    expect(r.alternatives?.map((a) => a.customerId).sort()).toEqual(['T1', 'T2']);
    const [a, b] = r.alternatives!;
    expect(a!.probability + b!.probability).toBeLessThanOrEqual(1);
    expect(a!.probability).toBeLessThan(0.5);
    expect(r.decision).toBe('review');
  });
});

describe('what the model cannot see, a person decides', () => {
  const lenient = MatchThresholds.parse({ auto: 0.5, review: 0.01 });

  it('a known handle on a profile that lives in another city goes to review (a handle taken again, or a move)', async () => {
    const store = storeWith([janneke]);
    // However likely the model finds it (the threshold lowered to show the rule, not the score, decides).
    const elsewhere = await match(store, { platform: 'instagram', handle: 'janneke.vd', displayName: 'Koffieleut', location: 'Maastricht' }, undefined, lenient);
    expect(elsewhere).toMatchObject({ customerId: 'T1', decision: 'review', reason: 'identifier-elsewhere' });
    expect(elsewhere.evidence[0]).toEqual({ field: 'decision', comparison: 'identifier-elsewhere', weight: 0 });
    const here = await match(store, { platform: 'instagram', handle: 'janneke.vd', displayName: 'Koffieleut', location: 'Utrecht' });
    expect(here).toMatchObject({ customerId: 'T1', decision: 'auto', reason: 'known-handle' });
  });

  it('without a location field, a bio that says another city sends a known handle to review; the same city adds nothing', async () => {
    const store = storeWith([janneke]);
    const elsewhere = await match(store, { platform: 'instagram', handle: 'janneke.vd', displayName: 'Koffieleut', bio: 'Volg mij voor bak-tips. Almere based' }, undefined, lenient);
    expect(elsewhere).toMatchObject({ customerId: 'T1', decision: 'review', reason: 'identifier-elsewhere' });
    // A bio's place is read only to doubt: it is no evidence for the link and no place in the evidence table.
    const home = await match(store, { platform: 'instagram', handle: 'janneke.vd', displayName: 'Koffieleut', bio: '📍 Utrecht' });
    expect(home).toMatchObject({ customerId: 'T1', decision: 'auto', reason: 'known-handle' });
    expect(home.evidence.some((e) => e.field === 'place')).toBe(false);
    // A location field says where the person is; the bio is then not read.
    const stated = await match(store, { platform: 'instagram', handle: 'janneke.vd', displayName: 'Koffieleut', location: 'Utrecht', bio: 'Almere based' });
    expect(stated).toMatchObject({ decision: 'auto' });
  });

  it('a word for a display name beside a known handle says nothing against the customer', async () => {
    const store = storeWith([janneke]);
    const r = await match(store, { platform: 'instagram', handle: 'janneke.vd', displayName: 'Zonnestraal' });
    expect(r).toMatchObject({ customerId: 'T1', decision: 'auto' });
    expect(r.evidence.some((e) => e.field === 'given' || e.field === 'surname')).toBe(false);
  });

  it('surname and city with no first name on one side go to review: a relative there looks the same', async () => {
    const store = storeWith([{ lastName: 'Oudenbroek', city: 'Amersfoort', country: 'NL', email: 'houdenbroek@example.org' }]);
    const r = await match(store, { displayName: 'Harm Oudenbroek', location: 'Amersfoort' }, undefined, lenient);
    expect(r).toMatchObject({ customerId: 'T1', decision: 'review', reason: 'first-name-unknown' });
    expect(r.evidence[0]).toEqual({ field: 'decision', comparison: 'first-name-unknown', weight: 0 });
    // The customer's own address in the bio is the second sign that links.
    const withAddress = await match(store, { displayName: 'Harm Oudenbroek', location: 'Amersfoort', bio: 'houdenbroek@example.org' }, undefined, lenient);
    expect(withAddress).toMatchObject({ customerId: 'T1', decision: 'auto' });
  });

  it('a shared website with only an initial of the first name goes to review: colleagues share a company website', async () => {
    const store = storeWith([{ firstName: 'C.M.', lastName: 'Dias Pereira', city: 'Purmerend', country: 'NL', website: 'https://www.molendesign746.nl/' }]);
    const colleague = await match(store, { displayName: 'Mirjam', location: 'Purmerend', website: 'https://www.molendesign746.nl/' }, undefined, lenient);
    expect(colleague).toMatchObject({ customerId: 'T1', decision: 'review', reason: 'website-only' });
    // Her whole first name beside the website links.
    const named = storeWith([{ firstName: 'Cindy', lastName: 'Dias Pereira', city: 'Purmerend', country: 'NL', website: 'https://www.molendesign746.nl/' }]);
    expect(await match(named, { displayName: 'Cindy', location: 'Purmerend', website: 'https://www.molendesign746.nl/' }, undefined, lenient)).toMatchObject({ customerId: 'T1', decision: 'auto' });
  });

  it('a handle of an initial and a rare surname is suggested when the initial is the customer\'s, never linked', async () => {
    const store = storeWith([{ firstName: 'Elisabeth', lastName: 'Grishaver', city: 'Amersfoort', country: 'NL' }]);
    // Without the initial the surname alone fits a whole family and was not even suggested.
    const r = await match(store, { displayName: '', handle: 'e_grishaver', bio: 'Mama van 2' });
    expect(r).toMatchObject({ customerId: 'T1', decision: 'review' });
    expect(r.evidence.find((e) => e.field === 'given')).toMatchObject({ comparison: 'initial' });
    // Another initial is a relative's handle as likely as hers: nobody is suggested.
    const other = await match(store, { displayName: '', handle: 't_grishaver', bio: 'Mama van 2' });
    expect(other.decision).toBe('none');
  });

  it('surname and city with only the first name\'s initial go to review: a relative there looks the same', async () => {
    const store = storeWith([{ firstName: 'A.L.', lastName: 'Diesfeldt', city: 'Drachten', country: 'NL', email: 'anned1980@example.org' }]);
    const r = await match(store, { displayName: 'Anne Diesfeldt', location: 'Drachten' }, undefined, lenient);
    expect(r).toMatchObject({ customerId: 'T1', decision: 'review', reason: 'initial-only' });
    // The customer's own address in the bio is the second sign that links.
    const withAddress = await match(store, { displayName: 'Anne Diesfeldt', location: 'Drachten', bio: 'Mail: anned1980@example.org' }, undefined, lenient);
    expect(withAddress).toMatchObject({ customerId: 'T1', decision: 'auto' });
    // The whole first name, as the CRM has it, links as before.
    const full = storeWith([{ firstName: 'Anne', lastName: 'Diesfeldt', city: 'Drachten', country: 'NL' }]);
    expect(await match(full, { displayName: 'Anne Diesfeldt', location: 'Drachten' }, undefined, lenient)).toMatchObject({ customerId: 'T1', decision: 'auto' });
  });
});

describe('results', () => {
  it('explain themselves: the evidence weights add up to the score', async () => {
    const store = storeWith([janneke]);
    const r = await match(store, { displayName: 'Janneke vd Berg', handle: 'janneke.vdberg84', location: 'Utrecht, NL' });
    expect(r.decision).toBe('auto');
    const total = r.evidence.reduce((s, e) => s + e.weight, 0);
    expect(1 / (1 + 2 ** -total)).toBeCloseTo(r.score, 2);
    expect(r.evidence.map((e) => e.field)).toEqual(expect.arrayContaining(['given', 'surname', 'handle', 'place', 'prior']));
  });

  it('say none with no candidate at all, in one line of evidence', async () => {
    const store = storeWith([]);
    const r = await match(store, { displayName: 'Zyxwv Qrstuv' });
    expect(r).toMatchObject({ customerId: null, decision: 'none', reason: 'no-candidates' });
    expect(r.evidence).toEqual([{ field: 'decision', comparison: 'no-candidates', weight: 0 }]);
  });

  it('say why a none is a none: the reason, then the closest customer’s evidence (no customer id)', async () => {
    const store = storeWith([{ ...janneke, city: 'Zwolle' }]);
    const r = await match(store, { displayName: 'Janneke Bergsma', location: 'Maastricht' });
    expect(r).toMatchObject({ customerId: null, decision: 'none', reason: 'below-threshold' });
    expect(r.evidence[0]).toEqual({ field: 'decision', comparison: 'below-threshold', weight: 0 });
    expect(r.evidence.map((e) => e.field)).toEqual(expect.arrayContaining(['given', 'surname', 'prior']));
    // The weights still add up to the score's log-odds.
    const total = r.evidence.reduce((s, e) => s + e.weight, 0);
    expect(1 / (1 + 2 ** -total)).toBeCloseTo(r.score, 2);
  });
});

describe('a first name is not enough to suggest anyone', () => {
  const anna = (lastName: string, email: string): Partial<Customer> => ({ firstName: 'Annegien', lastName, city: 'Zeist', country: 'NL', email });

  it('"Annegien" from Zeist is not suggested, however few Annegiens live there', async () => {
    const store = storeWith([anna('Bosma', 'ab@example.org')]);
    const r = await match(store, { displayName: 'ANNEGIEN 🌷', handle: 'sweet.kitchen', location: 'Zeist' }, undefined, MatchThresholds.parse({ review: 0.01 }));
    expect(r).toMatchObject({ customerId: null, decision: 'none', reason: 'given-name-only' });
    expect(r.best?.customerId).toBe('T1');
    expect(r.evidence[0]).toEqual({ field: 'decision', comparison: 'given-name-only', weight: 0 });
  });

  it('"Annegien B." from Zeist is: the surname initial picks her out of the Annegiens there', async () => {
    const store = storeWith([anna('Bosma', 'ab@example.org'), anna('Kuipers', 'ak@example.org')]);
    const r = await match(store, { displayName: 'Annegien B.', location: 'Zeist' }, undefined, MatchThresholds.parse({ review: 0.01 }));
    expect(r).toMatchObject({ customerId: 'T1', decision: 'review' });
    expect(r.evidence.find((e) => e.field === 'surname')).toMatchObject({ comparison: 'initial' });
    expect(r.runnerUp?.customerId).toBe('T2');
  });
});

describe('toMatchRecord', () => {
  const result: MatchResult = { customerId: 'C2', score: 0.5, decision: 'review', reason: 'score', evidence: [], details: [], candidates: 3 };

  it('stores the matcher’s decision and keeps the customers a person rejected', () => {
    const previous = { profileId: 'p', customerId: null, score: 0, status: 'rejected' as const, evidence: [], decidedBy: 'user' as const, decidedAt: 1, rejectedCustomerIds: ['C1'] };
    expect(toMatchRecord('p', result, previous, 5)).toEqual({ profileId: 'p', customerId: 'C2', score: 0.5, status: 'review', evidence: [], decidedBy: 'matcher', decidedAt: 5, rejectedCustomerIds: ['C1'] });
  });

  it('never overwrites a confirmation', () => {
    const confirmed = { profileId: 'p', customerId: 'C9', score: 1, status: 'confirmed' as const, evidence: [], decidedBy: 'user' as const, decidedAt: 1, rejectedCustomerIds: [] };
    expect(toMatchRecord('p', result, confirmed, 5)).toBe(confirmed);
  });

  it('keeps a rejection that landed while the matcher was still proposing the rejected customer', () => {
    const rejected = { profileId: 'p', customerId: null, score: 0, status: 'rejected' as const, evidence: [], decidedBy: 'user' as const, decidedAt: 4, rejectedCustomerIds: ['C2'] };
    expect(toMatchRecord('p', result, rejected, 5)).toBe(rejected);
  });
});
