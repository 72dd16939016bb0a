/**
 * The sample shop (lib/sample) as persona input: its customers and orders
 * valued, its captured people linked to the customers they are (the sample's
 * truth stands in for the matcher, which has tests of its own).
 */
import { profileId, type Contribution, type Customer, type Order, type Profile } from '../../../lib/model';
import { generateSampleCaptures, SAMPLE_BRANDS } from '../../../lib/sample/captures';
import { generateSampleCrm } from '../../../lib/sample/crm';
import { computeValues, type ValueMatch } from '../../../lib/value';
import type { PersonaInput, PersonaMemberResult } from '../../../lib/persona';

export interface SampleShop {
  customers: Customer[];
  orders: Order[];
  profiles: Profile[];
  contributions: Contribution[];
  matches: ValueMatch[];
}

export function sampleShop(customers = 3000): SampleShop {
  const crm = generateSampleCrm({ customers });
  const { visits, personas } = generateSampleCaptures(crm.customers, crm.orders);
  const pages = visits.map((v) => v.page);
  const profiles = new Map<string, Profile>();
  const contributions: Contribution[] = [];
  for (const page of pages) {
    for (const p of page.profiles) profiles.set(profileId(p.platform, p.key), { ...p, id: profileId(p.platform, p.key), firstSeenAt: 0, lastSeenAt: 0, seenOn: [] });
    page.contributions.forEach((c, i) => {
      const platform = page.profiles.find((p) => p.key === c.profileKey)!.platform;
      const text = `${c.subject ?? ''} ${c.text ?? ''}`;
      contributions.push({
        ...c,
        id: `${page.url}#${i}`,
        profileId: profileId(platform, c.profileKey),
        pageUrl: page.url,
        aboutOwnBrand: SAMPLE_BRANDS.some((b) => text.includes(b)),
        firstSeenAt: 0,
        lastSeenAt: 0,
      });
    });
  }
  const matches = personas.filter((p) => p.truth !== null).map((p) => ({ profileId: p.profile.id, customerId: p.truth!, status: 'auto' as const }));
  return { customers: crm.customers.map((c) => c.customer), orders: crm.orders, profiles: [...profiles.values()], contributions, matches };
}

export function personaInput(shop: SampleShop, asOf = '2026-11-01'): PersonaInput {
  const run = computeValues(shop, { ownBrands: [...SAMPLE_BRANDS] }, asOf);
  return { run, customers: shop.customers, profiles: shop.profiles, contributions: shop.contributions };
}

/** 5% of the customers change: every 20th buys twice more this autumn, for twice their usual. */
export function changeFivePercent(shop: SampleShop): { shop: SampleShop; changed: Set<string> } {
  const changed = new Set(shop.customers.filter((_, i) => i % 20 === 0).map((c) => c.id));
  const extra: Order[] = [...changed].flatMap((id, i) => [
    { id: `X${i}a`, customerId: id, date: '2026-09-15', amount: 180, currency: 'EUR' },
    { id: `X${i}b`, customerId: id, date: '2026-10-20', amount: 220, currency: 'EUR' },
  ]);
  return { shop: { ...shop, orders: [...shop.orders, ...extra] }, changed };
}

/** The share of the customers outside `changed` whose persona is the same in both runs. */
export function keptShare(before: readonly PersonaMemberResult[], after: readonly PersonaMemberResult[], changed: ReadonlySet<string>): number {
  const was = new Map(before.map((m) => [m.customerId, m.persona]));
  const others = after.filter((m) => !changed.has(m.customerId));
  return others.filter((m) => was.get(m.customerId) === m.persona).length / others.length;
}
