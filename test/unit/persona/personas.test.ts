import { describe, expect, it } from 'vitest';
import { computePersonas, type PersonaResult, type PreviousPersonas } from '../../../lib/persona';
import type { Contribution, Customer, Order, Profile } from '../../../lib/model';
import { Random } from '../../../lib/sample/random';
import { computeValues } from '../../../lib/value';
import { changeFivePercent, keptShare, personaInput, sampleShop } from './sample-input';

const DAY = 86_400_000;
const AS_OF = '2026-11-01';
const day = (daysBefore: number) => new Date(Date.parse(`${AS_OF}T00:00:00Z`) - daysBefore * DAY).toISOString().slice(0, 10);

/**
 * Three kinds of customer a marketer would tell apart at a glance: loyal monthly buyers in Utrecht,
 * one-off buyers of two years ago in Groningen, and Instagram bakers with 50,000 followers in Amsterdam.
 */
function threeKinds() {
  const rng = new Random(5);
  const customers: Customer[] = [];
  const orders: Order[] = [];
  const profiles: Profile[] = [];
  const contributions: Contribution[] = [];
  const matches: { profileId: string; customerId: string; status: 'confirmed' }[] = [];
  const add = (id: string, city: string) => customers.push({ id, city, country: 'NL', handles: [], custom: {}, source: 'csv', updatedAt: 1 });
  const order = (customerId: string, daysBefore: number, amount: number) =>
    orders.push({ id: `O${orders.length + 1}`, customerId, date: day(daysBefore), amount: Math.round(amount * 100) / 100, currency: 'EUR' });
  for (let i = 0; i < 40; i++) {
    add(`L${i}`, 'Utrecht');
    for (let d = 700 - rng.int(0, 20); d > 5; d -= 30 + rng.int(-4, 4)) order(`L${i}`, d, 80 + rng.normal() * 5);
  }
  for (let i = 0; i < 40; i++) {
    add(`O${i}`, 'Groningen');
    order(`O${i}`, 700 + rng.int(0, 30), 20 + rng.normal() * 2);
  }
  for (let i = 0; i < 40; i++) {
    add(`B${i}`, 'Amsterdam');
    order(`B${i}`, 400 + rng.int(0, 30), 40 + rng.normal() * 3);
    order(`B${i}`, 100 + rng.int(0, 30), 40 + rng.normal() * 3);
    const id = `instagram:baker${i}`;
    profiles.push({ id, platform: 'instagram', key: `baker${i}`, displayName: `Baker ${i}`, followers: 50_000 + rng.int(0, 5000), bio: 'Home baker, taart & brood', firstSeenAt: 0, lastSeenAt: 0, seenOn: [] });
    contributions.push({ id: `${id}#1`, profileId: id, profileKey: `baker${i}`, type: 'post', text: 'New cake recipe: sourdough cheesecake', pageUrl: 'https://www.instagram.com/', aboutOwnBrand: false, firstSeenAt: 0, lastSeenAt: 0 });
    matches.push({ profileId: id, customerId: `B${i}`, status: 'confirmed' });
  }
  const run = computeValues({ customers, orders, profiles, contributions, matches }, {}, AS_OF);
  return { run, customers, profiles, contributions };
}

/** For each kind of customer (by the first letter of the id), the persona most of them are in and how many are. */
function dominant(result: PersonaResult, prefix: string): { persona: string; share: number } {
  const members = result.members.filter((m) => m.customerId.startsWith(prefix));
  const counts = new Map<string, number>();
  for (const m of members) counts.set(m.persona, (counts.get(m.persona) ?? 0) + 1);
  const [persona, n] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
  return { persona, share: n / members.length };
}

describe('personas found on a small set a person can check', () => {
  const result = computePersonas(threeKinds(), { minPersonas: 2, maxPersonas: 6 }, null);

  it('finds the three kinds of customer, each in a persona of its own, by the silhouette', () => {
    expect(result.record.method.k).toBe(3);
    const best = result.record.method.scores.reduce((a, b) => (b.silhouette > a.silhouette ? b : a));
    expect(best.k).toBe(3);
    const kinds = ['L', 'O', 'B'].map((p) => dominant(result, p));
    for (const k of kinds) expect(k.share).toBe(1);
    expect(new Set(kinds.map((k) => k.persona)).size).toBe(3);
  });

  it('names each by its defining traits', () => {
    const nameOf = (prefix: string) => result.record.personas.find((p) => p.id === dominant(result, prefix).persona)!.autoName;
    expect(nameOf('B')).toMatch(/^Instagram-first home bakers, Noord-Holland region, /);
    const traitsOf = (prefix: string) => result.record.personas.find((p) => p.id === dominant(result, prefix).persona)!.traits;
    expect(traitsOf('B')).toContainEqual(expect.objectContaining({ kind: 'numeric', feature: 'reach', direction: 'high' }));
    expect(nameOf('L')).toMatch(/^Utrecht region, /);
    expect(nameOf('L')).toContain('frequent buyers');
    expect(nameOf('O')).toMatch(/^Groningen region, /);
    const bakers = result.record.personas.find((p) => p.id === dominant(result, 'B').persona)!;
    expect(bakers.people).toBe(40);
    expect(bakers.channels).toEqual([{ platform: 'instagram', customers: 40 }]);
    expect(bakers.words.map((w) => w.word)).toEqual(expect.arrayContaining(['cake', 'sourdough', 'taart']));
  });

  it('keeps the ids when the last run is given, whatever order its personas come in', () => {
    const previous: PreviousPersonas = { personas: [...result.record.personas].reverse(), lastId: result.record.lastId, retired: [] };
    const again = computePersonas(threeKinds(), { minPersonas: 2, maxPersonas: 6 }, previous);
    expect(again.record.method.choice).toBe('kept');
    expect(again.members.map((m) => m.persona)).toEqual(result.members.map((m) => m.persona));
    expect(again.record.lastId).toBe(result.record.lastId);
  });
});

describe('personas stay the same when a few customers change', () => {
  it('keeps at least 90% of the unchanged customers in their persona with 5% of the customers changed', () => {
    const shop = sampleShop(3000);
    const first = computePersonas(personaInput(shop), {}, null);
    const { shop: changedShop, changed } = changeFivePercent(shop);
    const second = computePersonas(personaInput(changedShop), {}, { personas: first.record.personas, lastId: first.record.lastId, retired: first.record.retired });
    expect(keptShare(first.members, second.members, changed)).toBeGreaterThanOrEqual(0.9);
    expect(second.record.personas.map((p) => p.id).sort()).toEqual(first.record.personas.map((p) => p.id).sort());
  }, 60_000);
});
