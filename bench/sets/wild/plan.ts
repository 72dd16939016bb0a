/**
 * Which profiles the marketer captures: for each case of the taxonomy the
 * stated number of profiles, each given to a person it can be true of (a
 * transliteration case to a Russian speaker, a family case to a customer whose
 * relative is a customer too) on a platform where people really present
 * themselves that way. A customer met on one platform is sometimes met again
 * on another (never twice on one).
 */
import { type Platform } from '../../../lib/model/platform';
import { quota, type Rng, Weighted } from './rng';
import { LANGUAGES, makePerson, nameKeys, type Person } from './person';
import { type Company, type Agency, makeAgency, workEmail } from './companies';
import { personalEmail } from './contact';
import { type Customer } from './customers';
import { crmName } from './crm-form';
import { type Presentation, type Voice, crmVoice, ownVoice } from './display';
import { type Social, SOCIAL } from './handles';
import { dutchSurnames } from './names-nl';
import { englishSurnames } from './names-en';
import { genderedSurname, inGender, russianSurnames } from './names-ru';
import { citiesOf } from './places';
import { typo } from './typos';
import { CUSTOMER_KINDS, type CustomerKind, type Kind, PLATFORM_MIX, PROFILE_PLATFORMS, type ProfilePlatform, REUSE_CUSTOMER, SHOWS, STRANGER_KINDS } from './shares';
import { individual, type Individual, type World } from './world';

/** What a profile must show beyond the name, for its case. */
export interface Extras {
  /** A handle fixed by the case: the one the CRM recorded, or a stale one a stranger took over. */
  handle?: string;
  /** An address shown in the bio. */
  email?: string;
  /** A domain shown as the website, in the bio, or as a Bluesky handle. */
  site?: string;
  /** An employer named in the bio. */
  company?: Company;
  /** Show the person's city, or no place at all. */
  city?: 'show' | 'hide';
  /** A creator with an audience (agency clients). */
  creator?: boolean;
}

export interface ProfileSpec {
  who: Individual;
  customer: Customer | null;
  kind: Kind;
  platform: ProfilePlatform;
  presentation: Presentation;
  voice: Voice;
  extras: Extras;
}

type Weights = Partial<Record<ProfilePlatform, number>>;

const BIO_PLATFORMS: Weights = { instagram: 18, tiktok: 10, x: 8, bluesky: 6, youtube: 8 };
const CREATOR_PLATFORMS: Weights = { instagram: 40, youtube: 25, tiktok: 25, x: 5, bluesky: 5 };
const WORK_PLATFORMS: Weights = { x: 25, instagram: 20, google: 15, trustpilot: 15, youtube: 10, bluesky: 10, tiktok: 5 };
const SITE_PLATFORMS: Weights = { instagram: 35, x: 25, youtube: 20, bluesky: 15, tiktok: 5 };
/** Platforms that can show a city: a location field, or a bio. */
const PLACE_PLATFORMS: readonly ProfilePlatform[] = ['x', 'amazon', 'instagram', 'tiktok', 'bluesky', 'youtube'];

/** Platforms in proportion to how often people there show their name the given way. */
function platformsFor(presentation: Presentation): Weights {
  const out: Weights = {};
  for (const p of PROFILE_PLATFORMS) out[p] = PLATFORM_MIX[p] * (SHOWS[p][presentation] ?? 0);
  return out;
}

const bit = (platform: Platform) => 1 << (PROFILE_PLATFORMS as readonly string[]).indexOf(platform);

/** Few people are met on more than five of the eight platforms. */
const MAX_PLATFORMS = 5;

function platformCount(c: Customer): number {
  let n = 0;
  for (let bits = c.online; bits; bits &= bits - 1) n++;
  return n;
}

/** Whether the customer already has a profile on the platform. */
function isOn(c: Customer, platform: Platform): boolean {
  return (c.online & bit(platform)) !== 0;
}

function pickPlatform(rng: Rng, weights: Weights, taken = 0): ProfilePlatform | null {
  const entries = PROFILE_PLATFORMS.filter((p) => (taken & bit(p)) === 0 && (weights[p] ?? 0) > 0).map((p) => [p, weights[p] as number] as const);
  return entries.length === 0 ? null : new Weighted(entries).pick(rng);
}

function showsOn(rng: Rng, platform: ProfilePlatform, only?: readonly Presentation[]): Presentation {
  const entries = Object.entries(SHOWS[platform]).filter(([k]) => !only || only.includes(k as Presentation)) as [Presentation, number][];
  return entries.length === 0 ? 'full' : new Weighted(entries).pick(rng);
}

function isSocial(platform: Platform): platform is Social {
  return (SOCIAL as readonly string[]).includes(platform);
}

/** Customers sharing a common name and a town with another customer. */
function namesakeSet(customers: readonly Customer[]): Set<Customer> {
  const keys = customers.map((c) => {
    const k = nameKeys(c.person);
    return `${k.given}|${k.surname}|${c.person.city.id}`;
  });
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return new Set(customers.filter((_, i) => (counts.get(keys[i] as string) ?? 0) > 1));
}

interface Choice {
  platform: ProfilePlatform;
  presentation: Presentation;
  extras: Extras;
}

interface CustomerRule {
  eligible: (c: Customer) => boolean;
  choose: (rng: Rng, c: Customer) => Choice | null;
}

/** A rule for a name-only case: any eligible customer, on a platform where people show that. */
function nameCase(presentation: Presentation, shown: Presentation = presentation, eligible: (c: Customer) => boolean = () => true): CustomerRule {
  const weights = platformsFor(shown);
  return {
    eligible,
    choose: (rng, c) => {
      const platform = pickPlatform(rng, weights, c.online);
      return platform ? { platform, presentation, extras: {} } : null;
    },
  };
}

function recordedCase(stale: boolean): CustomerRule {
  const usable = (c: Customer) => (c.recorded.length === 0 ? [] : c.recorded.filter((r) => r.stale === stale && isSocial(r.platform) && !isOn(c, r.platform)));
  return {
    eligible: (c) => usable(c).length > 0,
    choose: (rng, c) => {
      const options = usable(c);
      if (options.length === 0) return null;
      const r = rng.pick(options);
      const platform = r.platform as ProfilePlatform;
      return { platform, presentation: showsOn(rng, platform), extras: stale ? {} : { handle: r.handle } };
    },
  };
}

function bioCase(weights: Weights, eligible: (c: Customer) => boolean, extras: (rng: Rng, c: Customer) => Extras): CustomerRule {
  return {
    eligible,
    choose: (rng, c) => {
      const platform = pickPlatform(rng, weights, c.online);
      return platform ? { platform, presentation: showsOn(rng, platform), extras: extras(rng, c) } : null;
    },
  };
}

function colleagueWithAddress(c: Customer): Customer | undefined {
  return c.workplace?.members.find((m) => m !== c && m.email !== '' && m.email !== c.email);
}

function rules(namesakes: ReadonlySet<Customer>, agencyFor: () => Agency): Readonly<Record<CustomerKind, CustomerRule>> {
  const ru = (c: Customer) => c.person.lang === 'ru';
  return {
    'customer-plain': nameCase('full'),
    'customer-name-variant': nameCase('variant', 'full'),
    'customer-married-name': nameCase('married', 'full', (c) => c.person.gender === 'f' && c.person.birthYear < 1998),
    'customer-nickname': nameCase('nickname', 'full', (c) => c.person.given.forms.length > 1 || (ru(c) && c.person.given.western.length > 0)),
    'customer-translit': nameCase('translit', 'full', ru),
    'customer-typo': nameCase('typo', 'full'),
    'customer-decorated': nameCase('decorated'),
    'customer-short-name': nameCase('short'),
    'customer-first-name': nameCase('first'),
    'customer-handle-only': nameCase('handleOnly'),
    'customer-pseudonym': nameCase('pseudonym'),
    'customer-no-name': nameCase('noName'),
    'customer-namesake': nameCase('full', 'full', (c) => namesakes.has(c)),
    'customer-recorded-handle': recordedCase(false),
    'customer-renamed-handle': recordedCase(true),
    'customer-email-in-bio': bioCase(BIO_PLATFORMS, (c) => c.email !== '', (_r, c) => ({ email: c.email })),
    'customer-shared-email': bioCase(CREATOR_PLATFORMS, () => true, () => ({ email: agencyFor().email, creator: true })),
    'customer-colleague-email': bioCase(BIO_PLATFORMS, (c) => colleagueWithAddress(c) !== undefined, (rng, c) => ({
      email: colleagueWithAddress(c)?.email ?? '',
      ...(rng.chance(0.5) && c.company ? { company: c.company } : {}),
    })),
    'customer-website': bioCase(SITE_PLATFORMS, (c) => c.website !== undefined && c.form.website, (_r, c) => ({ site: c.website?.domain ?? '' })),
    'customer-family': {
      eligible: (c) => (c.household?.members.length ?? 0) >= 2,
      choose: (rng, c) => {
        const platform = pickPlatform(rng, PLATFORM_MIX, c.online);
        if (!platform) return null;
        const social = isSocial(platform);
        const presentation = social ? new Weighted<Presentation>([['full', 55], ['family', 25], ['first', 20]]).pick(rng) : rng.chance(0.75) ? 'full' : 'first';
        const extras: Extras = { city: rng.chance(0.5) ? 'show' : 'hide' };
        if (c.website?.owner === 'family' && social && rng.chance(0.6)) extras.site = c.website.domain;
        return { platform, presentation, extras };
      },
    },
    'customer-colleague': {
      eligible: (c) => (c.workplace?.members.length ?? 0) >= 2,
      choose: (rng, c) => {
        const platform = pickPlatform(rng, WORK_PLATFORMS, c.online);
        if (!platform) return null;
        const presentation = new Weighted<Presentation>([['full', 70], ['short', 15], ['first', 15]]).pick(rng);
        const extras: Extras = isSocial(platform) && c.company ? { company: c.company } : {};
        if (isSocial(platform) && c.website?.owner === 'company' && rng.chance(0.4)) extras.site = c.website.domain;
        return { platform, presentation, extras };
      },
    },
  };
}

export interface Agencies {
  list: Agency[];
  next: () => Agency;
}

/** Enough agencies that each shared address is shown by about five profiles. */
export function makeAgencies(world: World, profiles: number): Agencies {
  const rng = world.rng.fork('agencies');
  const list = Array.from({ length: Math.max(1, Math.ceil(profiles / 5)) }, () => makeAgency(rng, world.domains, LANGUAGES.pick(rng), rng.pick(['NL', 'NL', 'GB', 'BE', 'DE'])));
  let i = 0;
  return { list, next: () => list[i++ % list.length] as Agency };
}

function marry(rng: Rng, c: Customer): void {
  if (c.partnerSurname) return;
  const p = c.person;
  const table = p.lang === 'nl' ? dutchSurnames() : p.lang === 'en' ? englishSurnames() : russianSurnames();
  const s = table.pick(rng);
  c.partnerSurname = p.lang === 'ru' ? { prefix: '', core: genderedSurname(s.core, 'f') } : s;
}

/** The CRM misspelled the name: the slip is stored in the customer's written form. */
function misspellInCrm(rng: Rng, c: Customer, field: 'first' | 'last'): void {
  const name = crmName(c.person, c.form);
  const chosen = name[field] ? field : field === 'first' ? 'last' : 'first';
  if (name[chosen]) c.form.typo = { field: chosen, text: typo(rng, name[chosen]) };
}

export interface CustomerPlan {
  specs: ProfileSpec[];
  /** Cases that found no customer they could be true of and were dealt as customer-plain instead. */
  fallbacks: number;
}

export function planCustomerProfiles(world: World, customers: Customer[], count: number, agencies: Agencies): CustomerPlan {
  const rng = world.rng.fork('plan-customers');
  const kinds = quota(rng, count, CUSTOMER_KINDS);
  const table = rules(namesakeSet(customers), agencies.next);
  const order = rng.shuffle(customers.map((_, i) => i));
  const cursors = new Map<CustomerKind, number>();
  const online: Customer[] = [];
  const specs: ProfileSpec[] = [];
  let fallbacks = 0;

  const fresh = (kind: CustomerKind): Customer | null => {
    const rule = table[kind];
    let i = cursors.get(kind) ?? 0;
    for (; i < order.length; i++) {
      const c = customers[order[i] as number] as Customer;
      if (c.online === 0 && rule.eligible(c)) {
        cursors.set(kind, i + 1);
        return c;
      }
    }
    cursors.set(kind, i);
    return null;
  };

  for (const wanted of kinds) {
    let kind: CustomerKind = wanted;
    let customer: Customer | null = null;
    let choice: Choice | null = null;
    if (online.length > 0 && rng.chance(REUSE_CUSTOMER)) {
      for (let attempt = 0; attempt < 3 && !choice; attempt++) {
        const c = rng.pick(online);
        if (platformCount(c) < MAX_PLATFORMS && table[kind].eligible(c)) {
          choice = table[kind].choose(rng, c);
          customer = choice ? c : null;
        }
      }
    }
    while (!choice) {
      customer = fresh(kind);
      if (customer) choice = table[kind].choose(rng, customer);
      else if (kind !== 'customer-plain') {
        fallbacks += 1;
        kind = 'customer-plain';
      } else throw new Error(`every customer already has a profile on every platform: ${count} customer profiles need more customers`);
    }
    const c = customer as Customer;
    if (c.online === 0) online.push(c);
    c.online |= bit(choice.platform);
    if (kind === 'customer-married-name') marry(rng, c);
    const voice = crmVoice(c.person, c.form);
    specs.push({ who: c, customer: c, kind, platform: choice.platform, presentation: choice.presentation, voice, extras: choice.extras });
  }
  // Typos on the CRM's side are written into the record once every case is dealt.
  const typoRng = rng.fork('crm-typos');
  for (const s of specs) {
    if (s.kind !== 'customer-typo' || !s.customer || s.customer.form.typo || !typoRng.chance(0.4)) continue;
    misspellInCrm(typoRng, s.customer, typoRng.chance(0.4) ? 'first' : 'last');
    // The slip is the CRM's: the profile shows the name as it is.
    s.presentation = 'full';
  }
  return { specs, fallbacks };
}

/** Some agencies are customers themselves: the shared address is a CRM e-mail too. */
export function agenciesInCrm(world: World, customers: readonly Customer[], agencies: Agencies): void {
  const rng = world.rng.fork('agencies-in-crm');
  const free = customers.filter((c) => c.online === 0 && !c.household && !c.workplace);
  for (const agency of agencies.list) {
    if (free.length === 0 || !rng.chance(0.3)) continue;
    const at = rng.int(free.length);
    const c = free[at] as Customer;
    free[at] = free[free.length - 1] as Customer;
    free.pop();
    c.email = agency.email;
    c.company = { name: agency.name, domain: agency.domain, city: c.person.city };
  }
}

function stranger(rng: Rng, person: Person): Individual {
  return individual(person, personalEmail(rng, person));
}

const RELATIVE_SHOWS = new Weighted<Presentation>([['full', 60], ['first', 20], ['family', 20]]);

export function planStrangers(world: World, customers: readonly Customer[], count: number, agencies: Agencies): ProfileSpec[] {
  const rng = world.rng.fork('plan-strangers');
  const kinds = quota(rng, count, STRANGER_KINDS);
  const stale = rng.shuffle(customers.flatMap((c) => c.recorded.filter((r) => r.stale && isSocial(r.platform))));
  const employed = customers.filter((c) => c.company !== undefined);
  const specs: ProfileSpec[] = [];
  const anyCustomer = () => (customers.length > 0 ? rng.pick(customers) : null);

  for (const wanted of kinds) {
    let kind: Kind = wanted;
    const spec = ((): ProfileSpec => {
      if (kind === 'namesake-stranger') {
        const c = anyCustomer();
        if (c) {
          const mode = rng.next();
          const others = citiesOf(c.person.city.country).filter((x) => x.id !== c.person.city.id);
          const city = mode < 0.5 || others.length === 0 ? c.person.city : rng.pick(others);
          const person = makePerson(rng, c.person.lang, { given: c.person.given, surname: c.person.surname, gender: c.person.gender, city });
          person.call = c.person.call;
          const platform = pickPlatform(rng, Object.fromEntries(PLACE_PLATFORMS.map((p) => [p, PLATFORM_MIX[p] * (SHOWS[p].full ?? 0)]))) ?? 'x';
          return { who: stranger(rng, person), customer: null, kind, platform, presentation: 'full', voice: crmVoice(person, c.form), extras: { city: mode < 0.8 ? 'show' : 'hide' } };
        }
      }
      if (kind === 'stale-handle-stranger') {
        const r = stale.pop();
        if (r) {
          const person = makePerson(rng, LANGUAGES.pick(rng));
          const platform = r.platform as ProfilePlatform;
          return { who: stranger(rng, person), customer: null, kind, platform, presentation: showsOn(rng, platform, ['full', 'first', 'pseudonym', 'decorated', 'short']), voice: ownVoice(rng, person), extras: { handle: r.handle } };
        }
      }
      if (kind === 'family-stranger') {
        const c = anyCustomer();
        if (c) {
          const p = c.person;
          const sameName = rng.chance(0.8);
          const gender = rng.chance(0.5) ? 'f' : 'm';
          const surname = sameName ? (p.lang === 'ru' ? { prefix: '', core: inGender(p.surname.core, gender) } : p.surname) : undefined;
          const person = makePerson(rng, p.lang, { gender, city: p.city, ...(surname ? { surname } : {}) });
          const who = stranger(rng, person);
          if (c.website?.owner === 'family') who.website = c.website;
          const platform = pickPlatform(rng, PLATFORM_MIX) as ProfilePlatform;
          const presentation = isSocial(platform) ? RELATIVE_SHOWS.pick(rng) : 'full';
          const extras: Extras = { city: rng.chance(0.5) ? 'show' : 'hide' };
          if (who.website && isSocial(platform) && rng.chance(0.5)) extras.site = who.website.domain;
          return { who, customer: null, kind, platform, presentation, voice: ownVoice(rng, person), extras };
        }
      }
      if (kind === 'colleague-stranger' && employed.length > 0) {
        const c = rng.pick(employed);
        const company = c.company as Company;
        const person = makePerson(rng, rng.chance(0.75) ? c.person.lang : LANGUAGES.pick(rng), rng.chance(0.7) ? { city: company.city } : {});
        const who = stranger(rng, person);
        who.company = company;
        const platform = pickPlatform(rng, WORK_PLATFORMS) as ProfilePlatform;
        const extras: Extras = {};
        if (isSocial(platform)) {
          if (rng.chance(0.7)) extras.company = company;
          if (rng.chance(0.4)) extras.site = company.domain;
          if (rng.chance(0.25)) extras.email = workEmail(rng, person, company);
        }
        const presentation = new Weighted<Presentation>([['full', 70], ['short', 15], ['first', 15]]).pick(rng);
        return { who, customer: null, kind, platform, presentation, voice: ownVoice(rng, person), extras };
      }
      if (kind === 'shared-email-stranger') {
        const person = makePerson(rng, LANGUAGES.pick(rng));
        const platform = pickPlatform(rng, CREATOR_PLATFORMS) as ProfilePlatform;
        return { who: stranger(rng, person), customer: null, kind, platform, presentation: showsOn(rng, platform), voice: ownVoice(rng, person), extras: { email: agencies.next().email, creator: true } };
      }
      // An ordinary stranger, or a case with nobody it could be true of.
      kind = 'stranger';
      const person = makePerson(rng, LANGUAGES.pick(rng));
      const platform = pickPlatform(rng, PLATFORM_MIX) as ProfilePlatform;
      return { who: stranger(rng, person), customer: null, kind, platform, presentation: showsOn(rng, platform), voice: ownVoice(rng, person), extras: {} };
    })();
    specs.push(spec);
  }
  return specs;
}
