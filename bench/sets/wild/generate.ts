/**
 * The "wild" set: a Dutch / English / Russian-speaking web shop's CRM and the
 * people its marketer meets on review and social sites, written from how real
 * CRMs and profiles look and blind to how Earshot matches (README.md).
 */
import { Rng } from './rng';
import { buildCustomers, type Customer } from './customers';
import { crmCity, crmCountry, crmName } from './crm-form';
import { siteText } from './contact';
import { agenciesInCrm, makeAgencies, planCustomerProfiles, planStrangers } from './plan';
import { renderProfile } from './profile';
import { evidence } from './evidence';
import { CUSTOMER_KINDS, STRANGER_KINDS } from './shares';
import { type CustomerRow, type ProfileRow, type Truth, type WildSet, type WildSetOptions } from './types';
import { newWorld } from './world';

export type { CustomerRow, ProfileRow, Truth, WildSet, WildSetOptions } from './types';

export const DEFAULTS = { customers: 100_000, profiles: 20_000, strangerShare: 0.6, seed: 1 } as const;

function checkCount(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be a whole number of 0 or more, not ${value}`);
}

function customerRow(rng: Rng, c: Customer): CustomerRow {
  const p = c.person;
  const name = crmName(p, c.form);
  let email = c.email;
  // Some exports keep the case a customer typed: Anna.deVries@Gmail.com.
  if (email && rng.chance(0.03)) email = email.replace(/^./, (x) => x.toUpperCase()).replace(/@(.)/, (_m, x: string) => `@${x.toUpperCase()}`);
  let company = c.company?.name ?? '';
  if (company && rng.chance(0.1)) company = '';
  else if (company && rng.chance(0.15)) company = company.replace(/ B\.V\.$/, rng.pick([' BV', ' bv', ''])).replace(/ Ltd$/, ' Limited');
  return {
    customer_id: c.id,
    first_name: name.first,
    last_name: name.last,
    email,
    phone: c.phone,
    city: crmCity(rng, p, c.form),
    country: crmCountry(p, c.form),
    company,
    website: c.website && c.form.website ? siteText(rng, c.website.domain) : '',
    handles: c.recorded.map((r) => `${r.platform}:${r.text}`).join(';'),
  };
}

/** Generates the whole set in memory; the same options give the same set, byte for byte. */
export function generateWildSet(options: WildSetOptions = {}): WildSet {
  const customersWanted = options.customers ?? DEFAULTS.customers;
  const profilesWanted = options.profiles ?? DEFAULTS.profiles;
  const strangerShare = options.strangerShare ?? DEFAULTS.strangerShare;
  const seed = options.seed ?? DEFAULTS.seed;
  checkCount('customers', customersWanted);
  checkCount('profiles', profilesWanted);
  checkCount('seed', seed);
  if (!(strangerShare >= 0 && strangerShare <= 1)) throw new RangeError(`strangerShare must be between 0 and 1, not ${strangerShare}`);
  const strangers = Math.round(profilesWanted * strangerShare);
  const ofCustomers = profilesWanted - strangers;
  if (ofCustomers > 0 && customersWanted === 0) throw new RangeError(`${ofCustomers} profiles of customers need at least one customer`);

  const world = newWorld(new Rng(seed));
  const customers = buildCustomers(world, customersWanted);
  const shared = Math.round((ofCustomers * CUSTOMER_KINDS['customer-shared-email']) / 100 + (strangers * STRANGER_KINDS['shared-email-stranger']) / 100);
  const agencies = makeAgencies(world, shared);
  const plan = planCustomerProfiles(world, customers, ofCustomers, agencies);
  agenciesInCrm(world, customers, agencies);
  const specs = [...plan.specs, ...planStrangers(world, customers, strangers, agencies)];

  const renderRng = world.rng.fork('render');
  const rendered = specs.map((spec) => renderProfile(renderRng, world, spec));
  const shows = evidence(
    customers,
    rendered.map((r, i) => ({ clues: r.clues, customer: specs[i]?.customer ?? null })),
  );

  // Profiles in no telling order: captured ones are not grouped by case or by person.
  const order = world.rng.fork('order').shuffle(specs.map((_, i) => i));
  const profiles: ProfileRow[] = [];
  const truth: Truth[] = [];
  order.forEach((i, n) => {
    const id = `p${String(n + 1).padStart(7, '0')}`;
    const spec = specs[i];
    const r = rendered[i];
    if (!spec || !r) return;
    profiles.push({ id, ...r.row });
    truth.push({ profileId: id, customerId: spec.customer?.id ?? null, kind: spec.kind, evidence: shows[i] ?? 'none' });
  });

  const rowRng = world.rng.fork('crm-rows');
  return { customers: customers.map((c) => customerRow(rowRng, c)), profiles, truth };
}
