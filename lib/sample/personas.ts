/**
 * Sample captured people: the social and review profiles a marketer of the
 * sample shop meets. Some belong to customers of the sample CRM (crm.ts) and
 * show them the way people show themselves online: nicknames, abbreviated or
 * dropped surname prefixes, their name in Cyrillic or in another
 * transliteration, handles built from their name or email address or about
 * something else entirely, a city, a region, a country or nothing, emoji and
 * taglines, typos. Many are not customers, among them namesakes of customers
 * (the same name, another city, another handle). Each comes with the truth.
 * Deterministic: the same customers and seed give the same personas.
 *
 * The noise here is written independently of the matcher's name tables, so
 * the persona benchmark does not test the matcher against itself.
 */
import type { CapturedProfile, Platform, ProfileLine } from '../model';
import { profileId } from '../model';
import { transliterate, type TranslitSchema } from '../text/translit';
import { asciiFold, emailFor, generatePerson, handleFor, type SampleCustomer, type SamplePerson } from './crm';
import { PLACES } from './names';
import { Random } from './random';

export type PersonaKind = 'customer' | 'stranger' | 'namesake';

export interface SamplePersona {
  /** A captured person in the domain shape (profiles.jsonl line: id + CapturedProfile fields). */
  profile: ProfileLine & CapturedProfile;
  /** The customer this is, or null for a non-customer. */
  truth: string | null;
  kind: PersonaKind;
  /** What the generator did, for diagnosing the matcher ("nickname", "prefix-abbreviated", ...). */
  noise: string[];
  /** What the profile shows that could single the person out (see PersonaShows). */
  shows: PersonaShows;
  /**
   * Whether a matcher could find this customer from the profile alone (FINDABLE_SHOWS):
   * something the CRM holds for them, their surname, or their given name, surname
   * initial and city together. A reviewer called "Janneke" or "Anna V." with no
   * place, or "Amazon Customer", is a real customer nobody can find; the benchmark
   * reports recall over all customer profiles and over the findable ones.
   */
  findable: boolean;
}

/**
 * The strongest thing a profile shows about its person, strongest first:
 * - identifier: a handle, email address or website the CRM holds for the customer
 *   (for a non-customer: one of their own);
 * - surname: the surname in any spelling (with typos, transliterated, prefix
 *   abbreviated), in the display name or in a handle, with a given name or initial
 *   that no other customer of that surname has (or a city that tells them apart);
 * - given-initial-place: given name, surname initial and a city or region the CRM
 *   has for them ("Anna V., Utrecht");
 * - shared-name: a name (and place) that fits another customer just as well: two
 *   customers called Deborah King, a "J. Tol" when the CRM has a Jan and a Jasper Tol;
 * - given-place: given name and such a city or region, no surname ("Anna · Utrecht");
 * - given-initial: given name and surname initial, no place ("Anna V.");
 * - given: a given name alone ("JANNEKE 🌷"), perhaps in a handle ("janneke.bakt");
 * - nothing: "Amazon Customer", initials ("AV"), a handle about something else.
 */
export type PersonaShows = 'identifier' | 'surname' | 'given-initial-place' | 'shared-name' | 'given-place' | 'given-initial' | 'given' | 'nothing';

/** What a matcher can work with; the rest fits many people as well as the customer. */
export const FINDABLE_SHOWS: ReadonlySet<PersonaShows> = new Set(['identifier', 'surname', 'given-initial-place']);

export interface PersonaOptions {
  seed?: number;
  /** Customers who get a captured profile (some get two, on different platforms). */
  customerProfiles?: number;
  /** Non-customers with names of their own (drawn from the same population, so some share a customer's name). */
  strangers?: number;
  /** Non-customers who deliberately share a customer's full name but live elsewhere. */
  namesakes?: number;
}

export const PERSONA_DEFAULTS = { seed: 4242, customerProfiles: 300, strangers: 500, namesakes: 200 } as const;

// ---------------------------------------------------------------- how people shorten names

/** Short forms people go by, per formal name as the sample CRM writes it. */
const SHORT_FORMS: Record<string, readonly string[]> = {
  // Dutch
  Johannes: ['Hans', 'Jan', 'Joop', 'Johan'], Cornelis: ['Kees', 'Cor'], Hendrik: ['Henk', 'Rik'], Willem: ['Wim', 'Pim'],
  Pieter: ['Piet'], Jacob: ['Jaap', 'Koos'], Gerrit: ['Gert'], Theodorus: ['Theo'], Adrianus: ['Arie', 'Ad'], Franciscus: ['Frans'],
  Dirk: ['Dick'], Maarten: ['Martijn'], Sebastiaan: ['Bas'], Johanna: ['Hanneke', 'Joke', 'Jo'], Hendrika: ['Riek'],
  Cornelia: ['Corrie', 'Nel'], Margaretha: ['Greet', 'Margriet'], Elisabeth: ['Liesbeth', 'Els', 'Lisa'], Catharina: ['Tineke', 'Karin'],
  Geertruida: ['Truus'], Maria: ['Marieke', 'Mies'], Annemarie: ['Annemiek'], Willemijn: ['Willemien'],
  // English
  Elizabeth: ['Liz', 'Beth', 'Lizzie'], Katherine: ['Kate', 'Kathy', 'Katie'], Margaret: ['Maggie', 'Peggy', 'Meg'], Jennifer: ['Jen', 'Jenny'],
  Rebecca: ['Becky'], Samantha: ['Sam'], Victoria: ['Vicky', 'Tori'], Alexandra: ['Alex', 'Lexi'], Patricia: ['Pat', 'Trish'], Deborah: ['Debbie', 'Deb'],
  Susan: ['Sue', 'Suzy'], Abigail: ['Abby'], Jessica: ['Jess'], Charlotte: ['Lottie', 'Charlie'], William: ['Bill', 'Will', 'Billy'],
  Robert: ['Bob', 'Rob', 'Bobby'], Richard: ['Rick', 'Rich', 'Dick'], Thomas: ['Tom', 'Tommy'], Michael: ['Mike', 'Mick'],
  Christopher: ['Chris', 'Kit'], James: ['Jim', 'Jamie'], Joseph: ['Joe'], Daniel: ['Dan', 'Danny'], Matthew: ['Matt'], Andrew: ['Andy', 'Drew'],
  Benjamin: ['Ben'], Edward: ['Ed', 'Ted', 'Eddie'], Jonathan: ['Jon'], Nicholas: ['Nick'], Timothy: ['Tim'], Anthony: ['Tony'],
  Samuel: ['Sam'], Alexander: ['Alex', 'Xander'],
  // Russian, in Cyrillic as the person writes them
  Александр: ['Саша', 'Саня'], Дмитрий: ['Дима'], Сергей: ['Серёжа'], Андрей: ['Андрюша'], Алексей: ['Лёша'], Иван: ['Ваня'],
  Михаил: ['Миша'], Николай: ['Коля'], Владимир: ['Вова', 'Володя'], Евгений: ['Женя'], Юрий: ['Юра'], Максим: ['Макс'],
  Павел: ['Паша'], Артём: ['Тёма'], Константин: ['Костя'], Георгий: ['Жора', 'Гоша'], Фёдор: ['Федя'], Илья: ['Илюша'],
  Виктор: ['Витя'], Григорий: ['Гриша'], Анна: ['Аня'], Екатерина: ['Катя'], Мария: ['Маша'], Ольга: ['Оля'], Елена: ['Лена'],
  Татьяна: ['Таня'], Наталья: ['Наташа'], Ирина: ['Ира'], Светлана: ['Света'], Юлия: ['Юля'], Анастасия: ['Настя'], Дарья: ['Даша'],
  Ксения: ['Ксюша'], Евгения: ['Женя'], Людмила: ['Люда'], Валентина: ['Валя'], Полина: ['Поля'], Виктория: ['Вика'], Софья: ['Соня'],
};

const PLATFORM_WEIGHTS: readonly (readonly [Platform, number])[] = [
  ['instagram', 30], ['tiktok', 12], ['youtube', 8], ['x', 6], ['bluesky', 3], ['amazon', 15], ['trustpilot', 14], ['google', 12],
];
const SOCIAL: ReadonlySet<Platform> = new Set(['instagram', 'tiktok', 'youtube', 'x', 'bluesky']);

const EMOJI = ['✨', '🌷', '🍰', '🧁', '🌸', '💕', '☀️', '🌿', '🎂', '🥐', '🇳🇱', '💫', '🙌', '❤️', '🍓'];
const TAGLINES = ['bakes', 'thuisbakker', 'home baker', 'mama van 2', 'food lover', 'cake addict', 'свои торты', 'foodie', 'reviews', 'koffie & taart'];
const HOBBY_WORDS = ['baking', 'cake', 'taart', 'sweet', 'sugar', 'lovely', 'happy', 'little', 'kitchen', 'bakery', 'foodie', 'queen', 'daily', 'home', 'tort', 'sladkoe', 'cookie', 'brownie'];

// ---------------------------------------------------------------- text noise

const KEYBOARD_NEIGHBOURS: Record<string, string> = { a: 's', e: 'r', i: 'o', o: 'p', n: 'm', r: 't', s: 'a', t: 'r', l: 'k', k: 'l', m: 'n', u: 'y', d: 'f', v: 'b', b: 'v' };

/** One typing slip: two letters swapped, one dropped, one doubled or a neighbouring key. */
function typo(word: string, rng: Random): string {
  if (word.length < 4) return word;
  const i = rng.int(1, word.length - 2);
  switch (rng.int(0, 3)) {
    case 0:
      return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
    case 1:
      return word.slice(0, i) + word.slice(i + 1);
    case 2:
      return word.slice(0, i) + word[i] + word.slice(i);
    default: {
      const c = word[i]!.toLowerCase();
      return word.slice(0, i) + (KEYBOARD_NEIGHBOURS[c] ?? c) + word.slice(i + 1);
    }
  }
}

const FANCY_A = 0x1d4d0; // MATHEMATICAL BOLD SCRIPT CAPITAL A; small letters follow the 26 capitals
function fancy(text: string): string {
  return [...text]
    .map((ch) => {
      const code = ch.charCodeAt(0);
      if (code >= 65 && code <= 90) return String.fromCodePoint(FANCY_A + code - 65);
      if (code >= 97 && code <= 122) return String.fromCodePoint(FANCY_A + 26 + code - 97);
      return ch;
    })
    .join('');
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

const latin = (s: string) => asciiFold(transliterate(s, 'telegram')).toLowerCase().replace(/[^a-z]/g, '');

// ---------------------------------------------------------------- names as shown

interface ShownName {
  text: string;
  noise: string[];
}

/** The Dutch prefix as people write it: in full, abbreviated, capitalised, glued, or left out. */
function writePrefixed(prefix: string, core: string, rng: Random, noise: string[]): string {
  if (!prefix) return core;
  const words = prefix.split(' ');
  const initials = words.map((w) => w.charAt(0)).join('');
  const style = rng.weighted<string>([
    ['full', 50], ['vd', 8], ['v.d.', 6], ['V/d', 4], ['dropped', 10], ['capitalised', 10], ['glued', 5], ['reversed', 3], ['sorted', 4],
  ]);
  if (style === 'full') return `${prefix} ${core}`;
  noise.push(`prefix-${style}`);
  if (style === 'dropped') return core;
  if (style === 'capitalised') return `${words.map(capitalise).join(' ')} ${core}`;
  if (style === 'glued') return capitalise(words.join('')) + core.toLowerCase();
  if (style === 'reversed' || style === 'sorted') return `${core}, ${prefix}`;
  if (initials.length < 2) return `${prefix} ${core}`;
  if (style === 'vd') return `${initials} ${core}`;
  if (style === 'v.d.') return `${initials.split('').join('.')}. ${core}`;
  return `${initials[0]!.toUpperCase()}/${initials.slice(1)} ${core}`;
}

/** The name fields of a person in the alphabet and spelling a profile shows. */
function spelled(person: SamplePerson, rng: Random, noise: string[]): { given: string; family: string } {
  let given = person.givenName;
  let family = person.familyName;
  const forms = SHORT_FORMS[given];
  if (forms && rng.chance(person.background === 'russian' ? 0.25 : 0.18)) {
    given = rng.pick(forms);
    noise.push('nickname');
  }
  if (person.background === 'russian') {
    const script = rng.weighted<TranslitSchema | 'cyrillic'>([
      ['cyrillic', 40], ['icao', 15], ['bgn_pcgn', 15], ['wikipedia', 15], ['telegram', 10], ['gost_779', 5],
    ]);
    if (script !== 'cyrillic') {
      given = transliterate(given, script);
      family = transliterate(family, script);
    }
    noise.push(`script-${script}`);
  }
  return { given, family };
}

function showName(person: SamplePerson, platform: Platform, rng: Random): ShownName {
  const noise: string[] = [];
  const { given, family } = spelled(person, rng, noise);
  const surname = () => writePrefixed(person.prefix, family, rng, noise);
  const social = SOCIAL.has(platform);
  const style = social
    ? rng.weighted<string>([['full', 52], ['decorated', 16], ['given-only', 12], ['given-initial', 5], ['surname-first', 4], ['tagline', 6], ['fancy', 2], ['handle', 3]])
    : platform === 'amazon'
      ? rng.weighted<string>([['full', 45], ['given-only', 20], ['initial-surname', 15], ['given-initial', 10], ['anonymous', 10]])
      : platform === 'trustpilot'
        ? rng.weighted<string>([['full', 60], ['given-only', 22], ['given-initial', 10], ['initials', 8]])
        : rng.weighted<string>([['full', 82], ['given-initial', 18]]);
  let text: string;
  switch (style) {
    case 'full':
      text = `${given} ${surname()}`;
      break;
    case 'decorated':
      text = rng.chance(0.5) ? `${rng.pick(EMOJI)}${given} ${surname()}${rng.pick(EMOJI)}` : `${given} ${surname()} ${rng.pick(EMOJI)}`;
      break;
    case 'tagline':
      text = `${given} ${surname()} | ${rng.pick(TAGLINES)} ${rng.pick(EMOJI)}`;
      break;
    case 'fancy':
      text = fancy(`${given} ${surname()}`);
      break;
    case 'given-only':
      text = rng.chance(0.3) ? `${given.toUpperCase()} ${rng.pick(EMOJI)}` : given;
      break;
    case 'given-initial':
      text = `${given} ${family.charAt(0).toUpperCase()}.`;
      break;
    case 'initial-surname':
      text = `${given.charAt(0)}. ${surname()}`;
      break;
    case 'surname-first':
      text = person.background === 'dutch' ? `${family}, ${given} ${person.prefix}`.trim() : `${family} ${given}`;
      break;
    case 'initials':
      text = `${given.charAt(0)}${family.charAt(0)}`.toUpperCase();
      break;
    case 'anonymous':
      text = 'Amazon Customer';
      break;
    default:
      text = `${latin(given)}${latin(family)}${rng.int(1, 99)}`;
  }
  if (style !== 'full') noise.push(`name-${style}`);
  if (style !== 'anonymous' && style !== 'initials' && rng.chance(0.07)) {
    const parts = text.split(' ');
    const longest = parts.reduce((a, b) => (b.length > a.length ? b : a), '');
    text = text.replace(longest, typo(longest, rng));
    noise.push('typo');
  }
  const casing = rng.next();
  if (casing < 0.04) {
    text = text.toUpperCase();
    noise.push('upper-case');
  } else if (casing < 0.1 && social) {
    text = text.toLowerCase();
    noise.push('lower-case');
  }
  return { text, noise };
}

// ---------------------------------------------------------------- handles, places, bios

function hobbyHandle(person: SamplePerson, rng: Random): string {
  const a = rng.pick(HOBBY_WORDS);
  const b = rng.pick(HOBBY_WORDS.filter((w) => w !== a));
  return rng.weighted<string>([
    [`${a}${b}`, 3], [`${a}_${b}${rng.int(1, 999)}`, 2], [`${a}.${latin(person.city)}`, 2], [`the.${a}.${b}`, 1],
  ]);
}

interface Identity {
  email?: string;
  knownHandles: { platform: Platform; handle: string }[];
  website?: string;
  /** The city the CRM holds (customers only): a place shown is evidence only against it. */
  city?: string;
}

function chooseHandle(person: SamplePerson, identity: Identity, platform: Platform, rng: Random, noise: string[]): string {
  const known = identity.knownHandles.find((h) => h.platform === platform) ?? identity.knownHandles[0];
  if (known && rng.chance(known.platform === platform ? 0.75 : 0.35)) {
    noise.push(known.platform === platform ? 'handle-known' : 'handle-known-other-platform');
    return known.handle.replace(/^@/, '');
  }
  const local = identity.email?.split('@')[0];
  const choice = rng.weighted<string>([['name', 48], ['email', local ? 14 : 0], ['hobby', 30], ['name-digits', 8]]);
  noise.push(`handle-${choice}`);
  if (choice === 'email') return local!;
  if (choice === 'hobby') return hobbyHandle(person, rng);
  const base = handleFor(person, rng);
  return choice === 'name-digits' ? `${base}${rng.int(1, 99)}` : base;
}

/** Where a person says they are, if anywhere. */
function showPlace(person: SamplePerson, platform: Platform, rng: Random, noise: string[]): string | undefined {
  const shows = SOCIAL.has(platform) ? 0.45 : platform === 'trustpilot' ? 0.9 : 0;
  if (!rng.chance(shows)) return undefined;
  if (platform === 'trustpilot') return person.country;
  let city = person.city;
  let region = person.region;
  const country = person.country;
  if (person.background === 'russian' && rng.chance(0.25)) {
    noise.push('place-hometown');
    return rng.pick(['Москва', 'Moscow', 'Санкт-Петербург', 'SPb', 'Казань', 'Екатеринбург']);
  }
  if (rng.chance(0.06)) {
    noise.push('place-moved');
    const places = PLACES[country as keyof typeof PLACES] ?? PLACES.NL;
    [city, region] = rng.pick(places);
  }
  const countryName = rng.pick(country === 'NL' ? ['NL', 'Nederland', 'Netherlands', '🇳🇱'] : country === 'BE' ? ['België', 'Belgium', 'BE', '🇧🇪'] : country === 'DE' ? ['Deutschland', 'Germany', '🇩🇪'] : ['UK', 'England', '🇬🇧']);
  const style = rng.weighted<string>([['city', 40], ['city-country', 20], ['city-flag', 10], ['region', 12], ['country', 18]]);
  noise.push(`place-${style}`);
  if (style === 'city') return city;
  if (style === 'city-country') return `${city}, ${countryName}`;
  if (style === 'city-flag') return `${city} ${rng.pick(['🇳🇱', '📍', '🏡'])}`;
  if (style === 'region') return region;
  return countryName;
}

function bioFor(person: SamplePerson, identity: Identity, handle: string | undefined, rng: Random, noise: string[]): string | undefined {
  if (!rng.chance(0.6)) return undefined;
  const parts: string[] = [rng.pick(['Thuisbakker 🍰', 'Home baker', 'Mum of two', 'Food lover from ' + person.city, 'Люблю печь 🎂', 'Taart is liefde', 'Cake & coffee', 'Reviews of what I buy'])];
  if (identity.email && rng.chance(0.1)) {
    parts.push(`Contact: ${identity.email}`);
    noise.push('bio-email');
  } else if (rng.chance(0.03)) {
    parts.push(`Mail: ${latin(person.givenName)}.${rng.pick(HOBBY_WORDS)}@gmail.com`);
    noise.push('bio-other-email');
  }
  if (identity.website && rng.chance(0.3)) {
    parts.push(`🌐 ${identity.website.replace(/^https?:\/\//, '')}`);
    noise.push('bio-website');
  }
  if (handle && rng.chance(0.05)) {
    parts.push(`Also @${handle}_bakes`);
  }
  return parts.join(' | ');
}

// ---------------------------------------------------------------- profiles

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A review site's own id for a person (they show no handle). */
export function opaqueKey(platform: Platform, rng: Random): string {
  if (platform === 'amazon') return `amzn1.account.${Array.from({ length: 28 }, () => rng.pick([...BASE32])).join('')}`;
  if (platform === 'trustpilot') return Array.from({ length: 24 }, () => rng.int(0, 15).toString(16)).join('');
  return Array.from({ length: 21 }, () => rng.int(0, 9)).join('');
}

export function profileUrl(platform: Platform, key: string): string {
  switch (platform) {
    case 'instagram':
      return `https://www.instagram.com/${key}/`;
    case 'tiktok':
      return `https://www.tiktok.com/@${key}`;
    case 'youtube':
      return `https://www.youtube.com/@${key}`;
    case 'x':
      return `https://x.com/${key}`;
    case 'bluesky':
      return `https://bsky.app/profile/${key}`;
    case 'amazon':
      return `https://www.amazon.nl/gp/profile/${key}`;
    case 'trustpilot':
      return `https://nl.trustpilot.com/users/${key}`;
    default:
      return `https://www.google.com/maps/contrib/${key}`;
  }
}

/** Name styles that show the surname (see PersonaShows). */
const SURNAME_SHOWN = new Set(['full', 'decorated', 'tagline', 'fancy', 'surname-first', 'initial-surname', 'handle']);
/** What the CRM record can recognise besides the name. */
const IDENTIFIER_SHOWN = new Set(['handle-known', 'handle-known-other-platform', 'handle-email', 'bio-email', 'bio-website', 'website']);
/** Place styles that name the person's own city or region (not only the country, not a hometown or a move). */
const LOCAL_PLACE = new Set(['place-city', 'place-city-country', 'place-city-flag', 'place-region']);

/** How many customers share each name form a profile can show, to tell a name that singles a customer out from one several share. */
type NameCounts = ReadonlyMap<string, number>;

function nameForms(person: SamplePerson, city: string | undefined): string[] {
  const { givenName: g, familyName: f } = person;
  const forms = [`n|${g}|${f}`, `i|${g.charAt(0)}|${f}`];
  if (city) forms.push(`n|${g}|${f}|${city}`, `i|${g.charAt(0)}|${f}|${city}`, `g|${g}|${f.charAt(0)}|${city}`);
  return forms;
}

function countNames(customers: readonly SampleCustomer[]): NameCounts {
  const counts = new Map<string, number>();
  for (const { person, customer } of customers) for (const form of nameForms(person, customer.city)) counts.set(form, (counts.get(form) ?? 0) + 1);
  return counts;
}

/**
 * What a profile shows (PersonaShows). For a customer, `names` says how many customers share the
 * name shown: a name that fits another customer too, and no place that tells them apart, is
 * 'shared-name' (two customers called Deborah King; "J. Tol" when there are a Jan and a Jasper Tol).
 */
function whatItShows(person: SamplePerson, identity: Identity, noise: readonly string[], handle: string | undefined, names?: NameCounts): PersonaShows {
  if (noise.some((n) => IDENTIFIER_SHOWN.has(n))) return 'identifier';
  const style = noise.find((n) => n.startsWith('name-'))?.slice('name-'.length) ?? 'full';
  // A place counts only when the CRM has the city to compare it with.
  const city = identity.city;
  const local = city !== undefined && noise.some((n) => LOCAL_PLACE.has(n)) && !noise.includes('place-moved');
  const unique = (form: string) => !names || names.get(form) === 1 || (local && names.get(`${form}|${city}`) === 1);
  const { givenName: g, familyName: f } = person;
  const surname = latin(f);
  if (SURNAME_SHOWN.has(style) || (handle !== undefined && surname.length >= 3 && handle.toLowerCase().includes(surname))) {
    return unique(style === 'initial-surname' ? `i|${g.charAt(0)}|${f}` : `n|${g}|${f}`) ? 'surname' : 'shared-name';
  }
  if (style === 'given-initial') {
    if (!local) return 'given-initial';
    return !names || names.get(`g|${g}|${f.charAt(0)}|${city}`) === 1 ? 'given-initial-place' : 'shared-name';
  }
  if (style === 'given-only') return local ? 'given-place' : 'given';
  return 'nothing';
}

function makeProfile(
  person: SamplePerson,
  identity: Identity,
  rng: Random,
  used: Set<string>,
  alreadyOn: readonly Platform[] = [],
): { profile: SamplePersona['profile']; noise: string[]; handle: string | undefined } {
  // One account per platform and person: a second profile is somewhere else.
  const platform = rng.weighted(PLATFORM_WEIGHTS.filter(([p]) => !alreadyOn.includes(p)));
  const shown = showName(person, platform, rng);
  const noise = [`platform-${platform}`, ...shown.noise];
  let handle: string | undefined;
  let key: string;
  if (SOCIAL.has(platform)) {
    handle = chooseHandle(person, identity, platform, rng, noise).replace(/[^a-z0-9._]/gi, '').toLowerCase() || `user${rng.int(1000, 9999)}`;
    if (platform === 'x') handle = handle.replace(/\./g, '_').slice(0, 15);
    if (platform === 'bluesky') handle = `${handle.replace(/_/g, '-')}.bsky.social`;
    key = handle;
    // Handles are unique on a platform: a taken one gets digits, as platforms make people do
    // (unless it is this customer's own, which the CRM knows).
    const base = (k: string) => `${platform}:${k.replace(/\.bsky\.social$/, '')}`;
    const own = identity.knownHandles.some((h) => h.platform === platform && h.handle.replace(/^@/, '').toLowerCase() === key.replace(/\.bsky\.social$/, ''));
    while (!own && used.has(base(key))) key = `${handle.replace(/\.bsky\.social$/, '')}${rng.int(1, 999)}${platform === 'bluesky' ? '.bsky.social' : ''}`;
    handle = key;
  } else {
    key = opaqueKey(platform, rng);
  }
  used.add(`${platform}:${key.replace(/\.bsky\.social$/, '')}`);
  const profile: SamplePersona['profile'] = {
    id: profileId(platform, key),
    platform,
    key,
    displayName: shown.text,
    profileUrl: profileUrl(platform, key),
  };
  if (handle) profile.handle = handle;
  const location = showPlace(person, platform, rng, noise);
  if (location) profile.location = location;
  if (SOCIAL.has(platform)) {
    const bio = bioFor(person, identity, handle, rng, noise);
    if (bio) profile.bio = bio;
    if (identity.website && rng.chance(0.4)) {
      profile.website = identity.website;
      noise.push('website');
    } else if (handle && rng.chance(0.12)) {
      profile.website = `https://linktr.ee/${handle.replace(/\.bsky\.social$/, '')}`;
    }
    profile.followers = Math.round(Math.exp(5 + 1.8 * rng.normal()));
    profile.following = Math.round(Math.exp(5.5 + 0.8 * rng.normal()));
    profile.posts = Math.round(Math.exp(3.5 + 1.2 * rng.normal()));
  } else {
    profile.reviewCount = 1 + Math.round(Math.exp(1 + 1.1 * rng.normal()));
    if (platform === 'amazon') profile.helpfulVotes = Math.round(Math.exp(1.5 + 1.5 * rng.normal()));
  }
  return { profile, noise, handle };
}

/** An email address and website of a non-customer: both are unique, so one the CRM holds is not theirs. */
function strangerIdentity(person: SamplePerson, rng: Random, taken: Set<string>): Identity {
  let email = emailFor(person, rng);
  while (taken.has(email)) email = email.replace('@', `${rng.int(1, 99)}@`);
  taken.add(email);
  const identity: Identity = { email, knownHandles: [] };
  if (rng.chance(0.04)) {
    let site = `${latin(person.givenName)}${latin(person.familyName)}.nl`;
    while (taken.has(site)) site = `${rng.pick(HOBBY_WORDS)}${site}`;
    taken.add(site);
    identity.website = `https://${site}`;
  }
  return identity;
}

/** Another place than the customer's, for a namesake: usually another city in the same country. */
function elsewhere(person: SamplePerson, rng: Random): Pick<SamplePerson, 'city' | 'region' | 'country'> {
  const country = rng.chance(0.85) ? person.country : rng.pick(['NL', 'BE', 'DE', 'GB'].filter((c) => c !== person.country));
  const places = (PLACES[country as keyof typeof PLACES] ?? PLACES.NL).filter(([city]) => city !== person.city);
  const [city, region] = rng.pick(places);
  return { city, region, country };
}

/** Generate captured people from the sample CRM's customers. */
export function generatePersonas(customers: readonly SampleCustomer[], options: PersonaOptions = {}): SamplePersona[] {
  const { seed, customerProfiles, strangers, namesakes } = { ...PERSONA_DEFAULTS, ...options };
  if (customers.length === 0) throw new Error('generatePersonas needs the sample customers');
  const rng = new Random(seed);
  // A handle is one account on its platform: the handles the CRM knows are taken.
  const used = new Set<string>(customers.flatMap((c) => c.customer.handles.map((h) => `${h.platform}:${h.handle.replace(/^@/, '').toLowerCase()}`)));
  const takenEmails = new Set(
    customers.flatMap((c) => [c.customer.email, c.customer.website?.replace(/^https?:\/\/(www\.)?/, '').replace(/\/.*$/, '')]).filter((e): e is string => e !== undefined),
  );
  const out: SamplePersona[] = [];
  const names = countNames(customers);

  // Customers: a random selection, about one in six with a second profile elsewhere.
  const order = customers.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  let made = 0;
  for (const i of order) {
    if (made >= customerProfiles) break;
    const { customer, person } = customers[i]!;
    const identity: Identity = { knownHandles: customer.handles.map((h) => ({ platform: h.platform, handle: h.handle })) };
    if (customer.email) identity.email = customer.email;
    if (customer.website) identity.website = customer.website;
    if (customer.city) identity.city = customer.city;
    const copies = rng.chance(0.15) ? 2 : 1;
    const platforms: Platform[] = [];
    for (let c = 0; c < copies && made < customerProfiles; c++, made++) {
      const { profile, noise, handle } = makeProfile(person, identity, rng, used, platforms);
      platforms.push(profile.platform);
      const shows = whatItShows(person, identity, noise, handle, names);
      out.push({ profile, truth: customer.id, kind: 'customer', noise, shows, findable: FINDABLE_SHOWS.has(shows) });
    }
  }
  for (let s = 0; s < strangers; s++) {
    const person = generatePerson(rng);
    const identity = strangerIdentity(person, rng, takenEmails);
    const { profile, noise, handle } = makeProfile(person, identity, rng, used);
    out.push({ profile, truth: null, kind: 'stranger', noise, shows: whatItShows(person, identity, noise, handle), findable: false });
  }
  for (let s = 0; s < namesakes; s++) {
    const original = customers[Math.floor(rng.next() * customers.length)]!.person;
    const person: SamplePerson = { ...original, ...elsewhere(original, rng), birthYear: rng.int(1950, 2004) };
    const identity = strangerIdentity(person, rng, takenEmails);
    const { profile, noise, handle } = makeProfile(person, identity, rng, used);
    out.push({ profile, truth: null, kind: 'namesake', noise, shows: whatItShows(person, identity, noise, handle), findable: false });
  }
  // Interleave, as a marketer meets them.
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
