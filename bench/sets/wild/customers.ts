/**
 * The shop's customer base: people on their own, households (partners and adult
 * children at one address, sometimes one family e-mail address or website),
 * colleagues of one company, and namesakes (the same common name in the same
 * town, as any large Dutch customer base has several Jan de Jongs in
 * Amsterdam). About one customer in 25 left their handle somewhere the CRM
 * recorded it (a loyalty form, an influencer programme); a quarter of those
 * handles were renamed since.
 */
import { type Platform } from '../../../lib/model/platform';
import { type Rng, Weighted, weighted } from './rng';
import { commonName, LANGUAGES, makePerson, type Person } from './person';
import { type Lang } from './names';
import { inGender } from './names-ru';
import { familyDomain, freeMailDomain, personalDomain, personalEmail, phone } from './contact';
import { type Company, makeCompany, workEmail } from './companies';
import { handleBase, type Social, SOCIAL } from './handles';
import { type CrmForm, crmForm } from './crm-form';
import { type Individual, type RecordedHandle, type World } from './world';
import { slug } from './person';

export interface Household {
  members: Customer[];
}

export interface Workplace {
  company: Company;
  members: Customer[];
}

export interface Customer extends Individual {
  id: string;
  phone: string;
  household?: Household;
  workplace?: Workplace;
  recorded: RecordedHandle[];
  /** How the CRM wrote this customer down. */
  form: CrmForm;
  /** Platforms this customer has a captured profile on, as bits of PROFILE_PLATFORMS: at most one profile each. */
  online: number;
}

/** Shares of the customer base, per new entry (a household or workplace adds several customers). */
export const RATES = {
  household: 0.055,
  workplace: 0.012,
  namesakes: 0.006,
  /** A customer buying for their own small business. */
  business: 0.04,
  personalSite: 0.03,
  noEmail: 0.04,
  phone: 0.72,
  recordedHandles: 0.04,
  staleHandle: 0.25,
  familyEmail: 0.15,
  familySite: 0.08,
} as const;

const RECORDED_PLATFORMS = new Weighted<Platform>([
  ['instagram', 55],
  ['tiktok', 14],
  ['youtube', 10],
  ['x', 10],
  ['bluesky', 5],
  ['linkedin', 6],
]);
const RECORDED_FORM = weighted({ bare: 70, at: 18, url: 7, cased: 5 });

function newCustomer(rng: Rng, person: Person): Customer {
  return {
    id: '',
    person,
    email: rng.chance(RATES.noEmail) ? '' : personalEmail(rng, person),
    phone: rng.chance(RATES.phone) ? phone(rng, person) : '',
    recorded: [],
    form: crmForm(rng, person),
    online: 0,
  };
}

function single(rng: Rng, world: World, lang: Lang): Customer {
  const c = newCustomer(rng, makePerson(rng, lang));
  if (rng.chance(RATES.business)) {
    c.company = makeCompany(rng, world.domains, c.person);
    if (rng.chance(0.5)) c.email = workEmail(rng, c.person, c.company);
    if (rng.chance(0.6)) c.website = { domain: c.company.domain, owner: 'company' };
  } else if (rng.chance(RATES.personalSite)) {
    c.website = { domain: personalDomain(rng, world.domains, c.person), owner: 'personal' };
  }
  return c;
}

/** Members besides the first: a couple, a couple with an adult child, with two. */
const HOUSEHOLD_EXTRA = new Weighted([[1, 70], [2, 22], [3, 8]] as const);
const RECORDED_COUNT = new Weighted([[1, 75], [2, 20], [3, 5]] as const);

/** How partners in each language community write their surname: shared, or each their own. */
const SHARES_SURNAME: Readonly<Record<Lang, number>> = { nl: 0.4, en: 0.7, ru: 0.75 };

function household(rng: Rng, world: World, lang: Lang, room: number): Customer[] {
  const size = Math.min(room, 1 + HOUSEHOLD_EXTRA.pick(rng));
  const anchor = makePerson(rng, lang);
  const people: Person[] = [anchor];
  for (let i = 1; i < size; i++) {
    const partner = i === 1;
    const gender = partner ? (rng.chance(0.92) ? (anchor.gender === 'f' ? 'm' : 'f') : anchor.gender) : rng.chance(0.5) ? 'f' : 'm';
    const memberLang = partner && !rng.chance(0.85) ? LANGUAGES.pick(rng) : lang;
    const shares = !partner || (memberLang === lang && rng.chance(SHARES_SURNAME[lang]));
    const surname = shares ? (lang === 'ru' ? { prefix: '', core: inGender(anchor.surname.core, gender) } : anchor.surname) : undefined;
    const member = makePerson(rng, memberLang, { gender, city: anchor.city, ...(surname ? { surname } : {}) });
    if (!partner) member.birthYear = Math.min(2006, anchor.birthYear + rng.between(22, 34));
    people.push(member);
  }
  const members = people.map((p) => newCustomer(rng, p));
  const home: Household = { members };
  for (const m of members) m.household = home;
  const [first, second] = members;
  if (first && second && first.person.surname.core !== second.person.surname.core) {
    first.partnerSurname = second.person.surname;
    second.partnerSurname = first.person.surname;
  }
  if (second && rng.chance(RATES.familyEmail)) {
    const local = rng.pick([`fam.${slug(anchor.surname.core)}`, `${slug(anchor.surname.core)}family`, `${slug(anchor.surname.core)}.gezin`, `thuis.${slug(anchor.surname.core)}`]);
    const email = `${local}@${freeMailDomain(rng, anchor)}`;
    first!.email = email;
    second.email = email;
  }
  if (rng.chance(RATES.familySite)) {
    const domain = familyDomain(rng, world.domains, anchor);
    for (const m of members) m.website = { domain, owner: 'family' };
  }
  if (second && second.phone && rng.chance(0.15)) first!.phone = second.phone;
  return members;
}

function workplace(rng: Rng, world: World, lang: Lang, room: number): Customer[] {
  let size = 2;
  while (size < 6 && rng.chance(0.45)) size++;
  size = Math.min(size, room);
  const founder = makePerson(rng, lang);
  const company = makeCompany(rng, world.domains, founder);
  const place: Workplace = { company, members: [] };
  for (let i = 0; i < size; i++) {
    const person = i === 0 ? founder : makePerson(rng, rng.chance(0.75) ? lang : LANGUAGES.pick(rng), rng.chance(0.75) ? { city: company.city } : {});
    const c = newCustomer(rng, person);
    c.company = company;
    c.workplace = place;
    if (rng.chance(0.65)) c.email = workEmail(rng, person, company);
    if (rng.chance(0.5)) c.website = { domain: company.domain, owner: 'company' };
    place.members.push(c);
  }
  return place.members;
}

function namesakes(rng: Rng, lang: Lang, room: number): Customer[] {
  const size = Math.min(room, rng.chance(0.8) ? 2 : 3);
  const gender = rng.chance(0.55) ? 'f' : 'm';
  const { given, surname } = commonName(rng, lang, gender);
  const first = makePerson(rng, lang, { given, surname });
  return Array.from({ length: size }, (_, i) => newCustomer(rng, i === 0 ? first : makePerson(rng, lang, { given, surname, city: first.city })));
}

function recordedText(rng: Rng, platform: Platform, handle: string): string {
  const bare = handle.replace(/^@/, '');
  switch (RECORDED_FORM.pick(rng)) {
    case 'bare':
      return platform === 'youtube' ? handle : bare;
    case 'at':
      return `@${bare}`;
    case 'cased':
      return bare.toUpperCase() === bare ? bare : (bare[0] as string).toUpperCase() + bare.slice(1);
    case 'url':
      return {
        instagram: `https://www.instagram.com/${bare}/`,
        tiktok: `https://www.tiktok.com/@${bare}`,
        x: `https://twitter.com/${bare}`,
        youtube: `https://www.youtube.com/@${bare}`,
        bluesky: `https://bsky.app/profile/${bare}`,
        linkedin: `https://www.linkedin.com/in/${bare}`,
      }[platform as string] ?? bare;
  }
}

function isSocial(platform: Platform): platform is Social {
  return (SOCIAL as readonly string[]).includes(platform);
}

/** The handle a customer has now on a platform, claimed the first time it is asked for. */
export function currentHandle(rng: Rng, world: World, who: Individual, platform: Social): string {
  const known = who.accounts?.get(platform);
  if (known) return known.handle;
  // Most people reuse one handle idea across platforms; some start afresh.
  if (!who.handleBase || rng.chance(0.3)) who.handleBase = handleBase(rng, who.person);
  const handle = world.handles.claim(rng, who.person, platform, who.handleBase);
  who.accounts ??= new Map();
  who.accounts.set(platform, { handle, clue: who.handleBase.clue });
  return handle;
}

function recordHandles(rng: Rng, world: World, c: Customer): void {
  const count = RECORDED_COUNT.pick(rng);
  const platforms = new Set<Platform>();
  while (platforms.size < count) platforms.add(RECORDED_PLATFORMS.pick(rng));
  for (const platform of platforms) {
    if (!isSocial(platform)) {
      const handle = `${slug(c.person.given.forms[0] as string) || 'user'}-${slug(c.person.surname.core) || 'x'}-${rng.int(0xffffff).toString(16)}`;
      c.recorded.push({ platform, handle, text: recordedText(rng, platform, handle), stale: false });
      continue;
    }
    const stale = rng.chance(RATES.staleHandle);
    // A stale handle was the customer's years ago: it is reserved so that only a
    // deliberate stranger (stale-handle-stranger) ever holds it now.
    const handle = stale ? world.handles.claim(rng, c.person, platform, handleBase(rng, c.person)) : currentHandle(rng, world, c, platform);
    c.recorded.push({ platform, handle, text: recordedText(rng, platform, handle), stale });
  }
}

export function buildCustomers(world: World, n: number): Customer[] {
  const rng = world.rng.fork('customers');
  const out: Customer[] = [];
  while (out.length < n) {
    const lang = LANGUAGES.pick(rng);
    const room = n - out.length;
    const r = rng.next();
    if (r < RATES.household) out.push(...household(rng, world, lang, room));
    else if (r < RATES.household + RATES.workplace && room >= 2) out.push(...workplace(rng, world, lang, room));
    else if (r < RATES.household + RATES.workplace + RATES.namesakes && room >= 2) out.push(...namesakes(rng, lang, room));
    else out.push(single(rng, world, lang));
  }
  for (const c of out) if (rng.chance(RATES.recordedHandles)) recordHandles(rng, world, c);
  // A CRM lists people in the order they signed up, not grouped by family or firm.
  rng.shuffle(out);
  let id = 10000 + rng.int(90000);
  for (const c of out) {
    id += rng.chance(0.08) ? rng.between(2, 6) : 1;
    c.id = String(id);
  }
  return out;
}
