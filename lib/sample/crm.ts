/**
 * The embedded sample CRM: a few thousand customers of a Dutch web shop
 * (Dutch, English and Russian-speaking), their orders over three years (most
 * buy once, a loyal core keeps buying, some return a lot), and the social
 * handles the shop knows for some of them. Deterministic: the same seed gives
 * the same CRM, so screenshots, tests and benchmarks are repeatable.
 */
import type { Customer, KnownHandle, Order, Platform } from '../model';
import { transliterate, type TranslitSchema } from '../text/translit';
import {
  DUTCH_FIRST_NAMES,
  DUTCH_SURNAMES_WEIGHTED,
  DUTCH_SURNAME_TAIL,
  DUTCH_TOP_1000_SHARE,
  EMAIL_DOMAINS,
  ENGLISH_FIRST_NAMES,
  ENGLISH_SURNAMES,
  PLACES,
  RUSSIAN_FIRST_NAMES,
  RUSSIAN_SURNAMES,
  russianSurname,
} from './names';
import { Random } from './random';

export type Background = 'dutch' | 'english' | 'russian';

/** A generated person with the facts the generator knows and a CRM may not show. */
export interface SamplePerson {
  background: Background;
  female: boolean;
  /** Given name and family name as the person writes them (Cyrillic for Russian speakers). */
  givenName: string;
  familyName: string;
  /** Dutch surname prefix, e.g. "van den" of "van den Berg". */
  prefix: string;
  city: string;
  region: string;
  country: string;
  birthYear: number;
}

export interface SampleCustomer {
  customer: Customer;
  person: SamplePerson;
}

export interface SampleCrmOptions {
  seed?: number;
  customers?: number;
  /** The day the sample ends (orders are in the three years before it). */
  asOf?: string;
  /** Id prefix, so samples of several seeds can coexist. */
  idPrefix?: string;
}

export const SAMPLE_DEFAULTS = { seed: 20261122, customers: 3000, asOf: '2026-11-01', idPrefix: 'C' } as const;

const DAY = 86_400_000;

export function splitDutchSurname(surname: string): { prefix: string; core: string } {
  const m = /^((?:[a-z']+ )+)(.+)$/.exec(surname);
  return m ? { prefix: m[1]!.trim(), core: m[2]! } : { prefix: '', core: surname };
}

export function generatePerson(rng: Random): SamplePerson {
  const background = rng.weighted<Background>([
    ['dutch', 0.72],
    ['english', 0.14],
    ['russian', 0.14],
  ]);
  const female = rng.chance(0.58);
  const sex = female ? 'female' : 'male';
  let givenName: string;
  let familyName: string;
  let prefix = '';
  if (background === 'dutch') {
    givenName = rng.pick(DUTCH_FIRST_NAMES[sex]);
    // As often as in the Netherlands: the top 1,000 by frequency, the rest from the long tail.
    const surname = rng.chance(DUTCH_TOP_1000_SHARE) ? rng.weighted(DUTCH_SURNAMES_WEIGHTED) : rng.pick(DUTCH_SURNAME_TAIL);
    const split = splitDutchSurname(surname);
    prefix = split.prefix;
    familyName = split.core;
  } else if (background === 'english') {
    givenName = rng.pick(ENGLISH_FIRST_NAMES[sex]);
    familyName = rng.pick(ENGLISH_SURNAMES);
  } else {
    givenName = rng.pick(RUSSIAN_FIRST_NAMES[sex]);
    familyName = russianSurname(rng.pick(RUSSIAN_SURNAMES), female);
  }
  const country =
    background === 'english'
      ? rng.weighted([
          ['GB', 0.5],
          ['NL', 0.5],
        ] as const)
      : rng.weighted([
          ['NL', 0.86],
          ['BE', 0.1],
          ['DE', 0.04],
        ] as const);
  const [city, region] = rng.pick(PLACES[country]);
  return { background, female, givenName, familyName, prefix, city, region, country, birthYear: rng.int(1950, 2004) };
}

/** How a CRM shows the name: Russian speakers mostly in passport Latin, some in Cyrillic. */
function crmName(person: SamplePerson, rng: Random): { first: string; last: string } {
  const last = person.prefix ? `${person.prefix} ${person.familyName}` : person.familyName;
  if (person.background !== 'russian' || rng.chance(0.3)) return { first: person.givenName, last };
  const schema: TranslitSchema = rng.weighted([
    ['icao', 0.6],
    ['bgn_pcgn', 0.25],
    ['telegram', 0.15],
  ] as const);
  return { first: transliterate(person.givenName, schema), last: transliterate(last, schema) };
}

export function asciiFold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '');
}

/** An email address built the ways people build them. */
export function emailFor(person: SamplePerson, rng: Random): string {
  const latin = (s: string) => asciiFold(transliterate(s, 'telegram')).toLowerCase().replace(/[^a-z]/g, '');
  const first = latin(person.givenName);
  const last = latin(person.familyName);
  const pre = person.prefix
    .split(' ')
    .map((p) => p.replace(/[^a-z]/g, ''))
    .join('');
  const initials = person.prefix
    .split(' ')
    .map((p) => p.replace(/[^a-z]/g, '').charAt(0))
    .join('');
  const local = rng.weighted<string>([
    [`${first}.${pre}${last}`, 4],
    [`${first}${initials}${last}`, 2],
    [`${first.charAt(0)}${pre}${last}`, 2],
    [`${first}.${initials ? `${initials}.` : ''}${last}`, 1],
    [`${first}${person.birthYear % 100}`, 1],
    [`${first}_${last}${rng.int(1, 99)}`, 1],
  ]);
  const domains = person.background === 'russian' ? EMAIL_DOMAINS.RU : EMAIL_DOMAINS[person.country as keyof typeof EMAIL_DOMAINS] ?? EMAIL_DOMAINS.NL;
  return `${local}@${rng.pick(domains)}`;
}

const HANDLE_PLATFORMS: readonly (readonly [Platform, number])[] = [
  ['instagram', 5],
  ['youtube', 2],
  ['tiktok', 2],
  ['x', 1],
  ['bluesky', 1],
];

export function handleFor(person: SamplePerson, rng: Random): string {
  const latin = (s: string) => asciiFold(transliterate(s, 'telegram')).toLowerCase().replace(/[^a-z]/g, '');
  const first = latin(person.givenName);
  const last = latin(person.familyName);
  const initials = person.prefix
    .split(' ')
    .map((p) => p.charAt(0))
    .join('');
  return rng.weighted<string>([
    [`${first}.${initials}${last}`.replace(/\.$/, ''), 3],
    [`${first}${last}`, 2],
    [`${first}_${last}`, 1],
    [`${first.charAt(0)}${last}${person.birthYear % 100}`, 1],
    [`${first}.bakt`, 1],
    [`${first}_${latin(person.city)}`, 1],
  ]);
}

/** Generate the customers of the sample CRM, with the facts behind each. */
export function generateCustomers(options: SampleCrmOptions = {}): SampleCustomer[] {
  const { seed, customers: count, asOf, idPrefix } = { ...SAMPLE_DEFAULTS, ...options };
  const rng = new Random(seed);
  const now = Date.parse(`${asOf}T00:00:00Z`);
  const width = String(count).length;
  const out: SampleCustomer[] = [];
  for (let i = 1; i <= count; i++) {
    const person = generatePerson(rng);
    const name = crmName(person, rng);
    const handles: KnownHandle[] = [];
    if (rng.chance(0.08)) {
      const platform = rng.weighted(HANDLE_PLATFORMS);
      const handle = handleFor(person, rng);
      handles.push({ platform, handle: platform === 'youtube' ? `@${handle.replace(/\./g, '')}` : handle });
    }
    const customer: Customer = {
      id: `${idPrefix}${String(i).padStart(width, '0')}`,
      firstName: name.first,
      lastName: name.last,
      handles,
      custom: {},
      source: 'sample',
      updatedAt: now,
    };
    if (rng.chance(0.97)) customer.email = emailFor(person, rng);
    if (rng.chance(0.6)) customer.phone = `+31 6 ${String(rng.int(10_000_000, 99_999_999))}`;
    if (rng.chance(0.9)) customer.city = person.city;
    customer.country = person.country;
    if (rng.chance(0.05)) customer.company = `${person.familyName} ${rng.pick(['Bakkerij', 'Catering', 'Events', 'B.V.'])}`;
    if (handles.length > 0 && rng.chance(0.3)) customer.website = `https://${handles[0]!.handle.replace(/[@._]/g, '')}.nl`;
    out.push({ customer, person });
  }
  return out;
}

/**
 * Orders over the three years before `asOf`, following the BG/NBD story:
 * each customer buys at their own rate while "alive" and may drop out after
 * any purchase. Amounts vary around the customer's own typical spend; some
 * orders carry a cost to serve (returns, support, shipping).
 */
export function generateOrders(customers: readonly Customer[], options: SampleCrmOptions = {}): Order[] {
  const { seed, asOf } = { ...SAMPLE_DEFAULTS, ...options };
  const rng = new Random(seed ^ 0x9e3779b9);
  const end = Date.parse(`${asOf}T00:00:00Z`);
  const start = end - 3 * 365 * DAY;
  const orders: Order[] = [];
  let n = 0;
  for (const customer of customers) {
    const ratePerWeek = rng.gamma(0.45, 1 / 3.5);
    const dropout = rng.beta(0.9, 3);
    const typical = Math.exp(3.8 + 0.5 * rng.normal());
    const returner = rng.chance(0.04);
    let t = start + rng.next() * (end - start - DAY);
    for (;;) {
      n += 1;
      const amount = Math.round(typical * Math.exp(0.35 * rng.normal()) * 100) / 100;
      const order: Order = {
        id: `O${String(n).padStart(7, '0')}`,
        customerId: customer.id,
        date: new Date(t).toISOString().slice(0, 10),
        amount,
        currency: 'EUR',
      };
      const cost = returner && rng.chance(0.6) ? amount * 0.9 + 6.95 : rng.chance(0.06) ? 4.95 + rng.int(0, 20) : 0;
      if (cost > 0) order.costToServe = Math.round(cost * 100) / 100;
      orders.push(order);
      if (rng.chance(dropout)) break;
      const gapWeeks = -Math.log(1 - rng.next()) / Math.max(ratePerWeek, 1e-4);
      t += gapWeeks * 7 * DAY;
      if (t >= end) break;
    }
  }
  return orders;
}

export function generateSampleCrm(options: SampleCrmOptions = {}): { customers: SampleCustomer[]; orders: Order[] } {
  const customers = generateCustomers(options);
  return { customers, orders: generateOrders(customers.map((c) => c.customer), options) };
}
