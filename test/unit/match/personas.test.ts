import { beforeAll, describe, expect, it } from 'vitest';
import { CapturedProfile, ProfileLine } from '../../../lib/model';
import { generateCustomers, type SampleCustomer } from '../../../lib/sample/crm';
import { FINDABLE_SHOWS, generatePersonas, type SamplePersona } from '../../../lib/sample/personas';

let crm: SampleCustomer[];
let personas: SamplePersona[];
beforeAll(() => {
  crm = generateCustomers({ customers: 2000, seed: 5 });
  personas = generatePersonas(crm, { seed: 6, customerProfiles: 400, strangers: 500, namesakes: 100 });
});

describe('generatePersonas', () => {
  it('is deterministic', () => {
    expect(generatePersonas(crm, { seed: 6, customerProfiles: 400, strangers: 500, namesakes: 100 })).toEqual(personas);
    expect(generatePersonas(crm, { seed: 7, customerProfiles: 400, strangers: 500, namesakes: 100 })).not.toEqual(personas);
  });

  it('makes profiles in the domain shape, with unique ids', () => {
    for (const p of personas) {
      expect(ProfileLine.safeParse(p.profile).success, JSON.stringify(p.profile)).toBe(true);
      expect(CapturedProfile.safeParse(p.profile).success).toBe(true);
    }
    expect(new Set(personas.map((p) => p.profile.id)).size).toBe(personas.length);
  });

  it('makes the requested numbers of each kind, with the truth', () => {
    const ids = new Set(crm.map((c) => c.customer.id));
    expect(personas.filter((p) => p.kind === 'customer')).toHaveLength(400);
    expect(personas.filter((p) => p.kind === 'stranger')).toHaveLength(500);
    expect(personas.filter((p) => p.kind === 'namesake')).toHaveLength(100);
    for (const p of personas) expect(p.kind === 'customer' ? ids.has(p.truth!) : p.truth === null).toBe(true);
  });

  it('gives namesakes a customer’s name but another place and no identifier of theirs', () => {
    const full = new Set(crm.map((c) => `${c.person.givenName}|${c.person.familyName}`));
    const emails = new Set(crm.map((c) => c.customer.email).filter(Boolean));
    let shown = 0;
    for (const p of personas.filter((x) => x.kind !== 'customer')) {
      const email = p.profile.bio?.match(/[^\s]+@[^\s|]+/)?.[0];
      if (!email) continue;
      shown++;
      expect(emails.has(email), email).toBe(false);
    }
    expect(shown).toBeGreaterThan(0);
    // Namesakes are drawn from customers' names (their display names vary, their persons do not).
    expect(personas.filter((p) => p.kind === 'namesake').length).toBeGreaterThan(0);
    expect(full.size).toBeGreaterThan(1000);
  });

  it('disguises customers the ways people do', () => {
    const noise = new Set(personas.filter((p) => p.kind === 'customer').flatMap((p) => p.noise));
    for (const expected of ['nickname', 'typo', 'prefix-vd', 'prefix-dropped', 'script-cyrillic', 'name-decorated', 'name-given-only', 'handle-name', 'handle-hobby', 'place-city', 'place-region']) {
      expect(noise.has(expected), expected).toBe(true);
    }
    const platforms = new Set(personas.map((p) => p.profile.platform));
    expect([...platforms].sort()).toEqual(['amazon', 'bluesky', 'google', 'instagram', 'tiktok', 'trustpilot', 'x', 'youtube']);
  });

  it('says what each profile shows, and counts as findable only customers a matcher could tell apart', () => {
    const customers = personas.filter((p) => p.kind === 'customer');
    const shows = new Set(customers.map((p) => p.shows));
    for (const expected of ['identifier', 'surname', 'given', 'given-initial', 'nothing']) expect(shows.has(expected as SamplePersona['shows']), expected).toBe(true);
    for (const p of personas) expect(p.findable).toBe(p.kind === 'customer' && FINDABLE_SHOWS.has(p.shows));
    // Most customers show enough; a realistic minority (first names, "Amazon Customer", initials) do not.
    const findable = customers.filter((p) => p.findable).length / customers.length;
    expect(findable).toBeGreaterThan(0.7);
    expect(findable).toBeLessThan(0.95);
    // A first name alone is never findable, whatever the platform.
    for (const p of customers) if (/name-given-only/.test(p.noise.join(' ')) && p.shows !== 'identifier' && p.shows !== 'surname') expect(p.findable).toBe(false);
    for (const p of customers.filter((x) => x.noise.includes('name-anonymous'))) expect(p.shows === 'identifier' || !p.findable).toBe(true);
  });

  it('counts a name two customers share, with nothing to tell them apart, as not findable', () => {
    // Forty customers in pairs of namesakes (each second one takes the first one's name).
    const twins = generateCustomers({ customers: 40, seed: 5 }).map((c, i, all) => {
      if (i % 2 === 0) return c;
      const { givenName, familyName, prefix } = all[i - 1]!.person;
      return { ...c, person: { ...c.person, givenName, familyName, prefix } };
    });
    const shared = generatePersonas(twins, { seed: 1, customerProfiles: 40, strangers: 0, namesakes: 0 });
    const byName = shared.filter((p) => p.shows === 'shared-name' || p.shows === 'surname');
    expect(byName.some((p) => p.shows === 'shared-name')).toBe(true);
    for (const p of byName) if (p.shows === 'surname') expect(p.noise.some((n) => /place-(city|region)/.test(n))).toBe(true);
  });

  it('only uses a handle the CRM knows for its own customer', () => {
    const owner = new Map<string, string>();
    for (const c of crm) for (const h of c.customer.handles) owner.set(`${h.platform}:${h.handle.replace(/^@/, '').toLowerCase()}`, c.customer.id);
    for (const p of personas) {
      if (!p.profile.handle) continue;
      const key = `${p.profile.platform}:${p.profile.handle.replace(/\.bsky\.social$/, '')}`;
      if (owner.has(key)) expect(p.truth).toBe(owner.get(key));
    }
  });
});
