import { beforeAll, describe, expect, it } from 'vitest';
import { customerRecord, profileFeatures } from '../../../lib/match/features';
import { customerKeys, profileQuery } from '../../../lib/match/keys';
import { DEFAULT_LIMITS, MemoryCandidateStore, selectCandidates } from '../../../lib/match/store';
import type { Customer } from '../../../lib/model';
import { generateCustomers, type SampleCustomer } from '../../../lib/sample/crm';
import { generatePersonas, type SamplePersona } from '../../../lib/sample/personas';

function customer(fields: Partial<Customer>): Customer {
  return { id: 'C1', handles: [], custom: {}, source: 'csv', updatedAt: 0, ...fields };
}

/** Whether a profile's lookups reach the customer at all. */
function meets(profile: Parameters<typeof profileFeatures>[0], c: Customer): boolean {
  const keys = new Set(customerKeys(customerRecord(c)));
  return profileQuery(profileFeatures(profile)).candidateKeys.some((k) => keys.has(k));
}

describe('blocking keys meet the customer under every disguise', () => {
  const janneke = customer({ firstName: 'Janneke', lastName: 'van den Berg', email: 'janneke.vdberg@ziggo.nl', city: 'Utrecht', country: 'NL', handles: [{ platform: 'instagram', handle: 'janneke.vd' }] });
  it.each([
    { displayName: 'Janneke vd Berg' },
    { displayName: 'Berg, Janneke van den' },
    { displayName: 'J. v.d. Berg' },
    { displayName: 'Janneke Bergh' },
    { displayName: 'Jannke van den Berg' },
    { displayName: 'JANNEKE 🌷', handle: 'janneke.vdberg' },
    { displayName: 'JANNEKE 🌷', location: 'Utrecht' },
    { displayName: 'Bakery', handle: 'janneke.vd' },
    { displayName: 'Bakery', bio: 'mail: janneke.vdberg@ziggo.nl' },
    { displayName: 'Janneke Vandenberg' },
  ])('%j', (profile) => {
    expect(meets({ platform: 'instagram', ...profile }, janneke)).toBe(true);
  });

  it.each([
    ['Hans de Vries', { firstName: 'Johannes', lastName: 'de Vries' }],
    ['Kees Bakker', { firstName: 'Cornelis', lastName: 'Bakker' }],
    ['Саша Петрова', { firstName: 'Aleksandra', lastName: 'Petrova' }],
    ['Yekaterina Smirnova', { firstName: 'Екатерина', lastName: 'Смирнова' }],
    ['Иванова Анна', { firstName: 'Anna', lastName: 'Ivanova' }],
    ['jdevries84', { firstName: 'Jan', lastName: 'de Vries' }],
    ['Henk Vanes', { firstName: 'Henk', lastName: 'van Es' }],
  ])('%s finds %j', (displayName, fields) => {
    expect(meets({ platform: 'x', displayName }, customer(fields))).toBe(true);
  });

  it.each([
    // A surname initial is no surname to block on: the given name and the city find her, or the handle does.
    [{ displayName: 'Anna V.', location: 'Zeist' }, { firstName: 'Anna', lastName: 'Vink', city: 'Zeist', country: 'NL' }],
    [{ displayName: 'Tess V.', handle: 'tveltman99' }, { firstName: 'Tess', lastName: 'Veltman' }],
    [{ displayName: 'Лидия Г.', handle: 'lidiia_gerasimo' }, { firstName: 'Лидия', lastName: 'Герасимова' }],
    // A slip in a short surname breaks every surname key; the given name and the city still meet.
    [{ displayName: 'Jacob Lyen', location: 'Woodville North' }, { firstName: 'Jacob', lastName: 'Lyden', city: 'Woodville North' }],
    // Names glued in a handle that no name table knows.
    [{ displayName: 'wiekeugas60' }, { firstName: 'Wieke', lastName: 'Ugas' }],
    [{ displayName: 'Quirine', handle: 'quirinekonya' }, { firstName: 'Quirine', lastName: 'Konya' }],
    // A nickname and a slip in the surname: the formal name and the end of the surname.
    [{ displayName: 'Joop Schplten' }, { firstName: 'Johannes', lastName: 'Scholten' }],
    // Given name and surname in two runs of a handle, or glued surname first.
    [{ handle: 'katya.popova' }, { firstName: 'Екатерина', lastName: 'Попова' }],
    [{ handle: 'aldmore.jake' }, { firstName: 'Jacob', lastName: 'Aldmore' }],
    [{ displayName: 'JonghAnna', handle: 'JonghAnna' }, { firstName: 'Anna', lastName: 'de Jongh' }],
    // ц as c in the CRM, ts on the profile.
    [{ displayName: 'I. Zaitseva' }, { firstName: 'Iana', lastName: 'Zaiceva' }],
  ])('%j finds %j', (profile, fields) => {
    expect(meets({ platform: 'instagram', ...profile }, customer(fields))).toBe(true);
  });

  it('does not meet an unrelated customer', () => {
    expect(meets({ platform: 'x', displayName: 'Pieter Bakker', location: 'Groningen' }, janneke)).toBe(false);
    // A wrong cut of a glued handle finds nobody: only the full-name key of each cut is looked up.
    expect(meets({ platform: 'x', displayName: 'wiekeugas60' }, customer({ firstName: 'Wieke', lastName: 'Bakker' }))).toBe(false);
  });
});

describe('candidate selection', () => {
  it('skips keys shared by too many customers and ranks by the keys shared', () => {
    const postings = new Map<string, number[]>([
      ['s:vries', Array.from({ length: 100 }, (_, i) => i)],
      ['n:ian|vries', [1, 2, 3]],
      ['h:jdevries84', [2]],
    ]);
    const picked = selectCandidates({ candidateKeys: ['s:vries', 'n:ian|vries', 'h:jdevries84'], countKeys: [] }, (k) => postings.get(k), { ...DEFAULT_LIMITS, maxCandidates: 2 });
    expect(picked).toEqual([2, 1]);
  });
});

describe('on the persona benchmark', () => {
  let crm: SampleCustomer[];
  let personas: SamplePersona[];
  let store: MemoryCandidateStore;
  beforeAll(() => {
    crm = generateCustomers({ customers: 3000, seed: 8 });
    personas = generatePersonas(crm, { seed: 9, customerProfiles: 600, strangers: 300, namesakes: 100 });
    store = MemoryCandidateStore.fromCustomers(crm.map((c) => c.customer));
  });

  it('keeps nearly every findable true match and compares a handful of customers', () => {
    let findable = 0;
    let kept = 0;
    let candidates = 0;
    for (const p of personas) {
      const set = store.candidatesNow(profileQuery(profileFeatures(p.profile)));
      candidates += set.records.length;
      if (!p.truth || !p.findable) continue;
      findable++;
      if (set.records.some((r) => r.id === p.truth)) kept++;
    }
    expect(kept / findable).toBeGreaterThan(0.97);
    // A handful of the 3,000 customers per profile: a reduction ratio above 99.5%.
    expect(candidates / personas.length).toBeLessThan(15);
  });
});
