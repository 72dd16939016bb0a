/**
 * What a profile says about a person besides the name: a place (in the form
 * the person writes it, or a joke, or only a country), a bio with interests,
 * sometimes an e-mail address, an employer or a website. Most profiles show
 * no place at all: only X and YouTube have a location field people fill in
 * (about half on X), Trustpilot prints the reviewer's country code, and on
 * Instagram and TikTok a place only appears when someone writes it in the bio.
 */
import { type Rng, weighted } from './rng';
import { type Person } from './person';
import { type City, citiesOf, country } from './places';
import { typo } from './typos';
import { type Company } from './companies';

export interface ShownPlace {
  text: string;
  /** The city it names, when it names one. */
  city?: City;
}

const CITY_FORM = {
  nl: weighted({ nl: 80, en: 10, alt: 8, typo: 2 }),
  en: weighted({ en: 85, alt: 10, typo: 5 }),
  ru: weighted({ ru: 40, en: 30, local: 20, alt: 6, typo: 4 }),
} as const;

/** A city the way this person writes it: Den Haag, The Hague, 070, Гаага, Den Haga. */
export function cityText(rng: Rng, p: Person, city: City): string {
  const form = CITY_FORM[p.lang].pick(rng);
  switch (form) {
    case 'nl':
      return city.nl;
    case 'en':
      return city.en;
    case 'ru':
      return city.ru;
    case 'local':
      return /[\u0370-\u03ff\u0590-\u05ff]/.test(city.local) ? city.en : city.local;
    case 'alt':
      return city.alt.length > 0 ? rng.pick(city.alt) : city.local;
    case 'typo':
      return typo(rng, p.lang === 'ru' ? city.en : city.local);
  }
}

function countryText(rng: Rng, p: Person): string {
  const c = country(p.city.country);
  if (p.lang === 'nl') return rng.pick([c.nl, c.nl, c.code, c.en, ...(c.code === 'NL' ? ['Holland'] : [])]);
  if (p.lang === 'ru') return rng.pick([c.ru, c.ru, c.en, c.local]);
  return rng.pick([c.en, c.en, ...c.enAlt]);
}

const LOCATION = weighted({ city: 35, cityCountry: 20, region: 8, country: 12, code: 5, flag: 5, fake: 10, moved: 5 });
const FAKE = ['Earth', 'somewhere', 'Hogwarts', 'in bed', 'localhost', '🌍', 'где-то', 'overal en nergens', 'the internet', 'Mars', 'Narnia', 'at home'];

const otherCities = new Map<string, readonly City[]>();

/** A free-text location field as people fill it in. */
export function locationText(rng: Rng, p: Person, force?: 'city'): ShownPlace {
  const city = p.city;
  const c = country(city.country);
  switch (force ?? LOCATION.pick(rng)) {
    case 'city':
      return { text: cityText(rng, p, city), city };
    case 'cityCountry': {
      const tail = city.country === 'US' ? city.region : rng.pick([c.code, p.lang === 'nl' ? c.nl : p.lang === 'ru' ? c.ru : c.en, c.en, c.flag]);
      return { text: `${cityText(rng, p, city)}, ${tail}`, city };
    }
    case 'region':
      return { text: city.region || countryText(rng, p) };
    case 'country':
      return { text: countryText(rng, p) };
    case 'code':
      return { text: c.code };
    case 'flag':
      return { text: c.flag };
    case 'fake':
      return { text: rng.pick(FAKE) };
    case 'moved': {
      let others = otherCities.get(city.id);
      if (!others) {
        others = citiesOf(city.country).filter((o) => o.id !== city.id);
        otherCities.set(city.id, others);
      }
      if (others.length === 0) return { text: cityText(rng, p, city), city };
      const elsewhere = rng.pick(others);
      return { text: cityText(rng, p, elsewhere), city: elsewhere };
    }
    default:
      return { text: c.code };
  }
}

const INTERESTS = {
  nl: ['koken', 'bakken', 'reizen', 'lezen', 'hardlopen', 'yoga', 'tuinieren', 'fotografie', 'gamen', 'mode', 'interieur', 'fietsen', 'wijn'],
  en: ['cooking', 'baking', 'travel', 'books', 'running', 'yoga', 'gardening', 'photography', 'gaming', 'fashion', 'interiors', 'cycling', 'wine'],
  ru: ['выпечку', 'путешествия', 'книги', 'бег', 'йогу', 'сад', 'фотографию', 'кофе', 'вино', 'кино', 'рукоделие'],
} as const;

type BioLang = keyof typeof INTERESTS;

const LINES: Readonly<Record<BioLang, readonly string[]>> = {
  nl: ['Liefhebber van {i}', '{I} & {j}', '{P} van {n}', 'Thuiskok 🍳', 'Hier voor de {i}', 'Volg mij voor {i}-tips', '{I} | {j} | koffie', 'Gek op {i}'],
  en: ['{I} lover', 'Dog {p} 🐶', 'Views my own', 'Just here for the {i}', '{I} | {j}', '{P} of {n}', 'Living my best life ✨', 'Amateur {i} enthusiast', 'Coffee first ☕'],
  ru: ['Люблю {i}', '{P} двоих детей', 'Пишу про {i}', 'Живу в моменте ✨', 'Фотограф-любитель', 'Люблю {i} и {j}'],
};
/** Mother or father, as each language writes it in a bio. */
const PARENT: Readonly<Record<BioLang, Readonly<Record<'f' | 'm', string>>>> = {
  nl: { f: 'Mama', m: 'Papa' },
  en: { f: 'Mum', m: 'Dad' },
  ru: { f: 'Мама', m: 'Папа' },
};
const PLACE_LINES: Readonly<Record<BioLang, readonly string[]>> = {
  nl: ['📍 {c}', '{c} based', 'Uit {c}', '📍{c}'],
  en: ['📍 {c}', 'Based in {c}', '{c} 🏡', '📍{c}'],
  ru: ['📍 {c}', '{c} ✈️', '📍{c}'],
};
const EMAIL_LINES: Readonly<Record<BioLang, readonly string[]>> = {
  nl: ['Zakelijk: {e}', '📩 {e}', 'Samenwerken? {e}', 'Mail: {e}'],
  en: ['Business: {e}', '📩 {e}', 'Collabs: {e}', 'Contact: {e}', 'For business enquiries: {e}'],
  ru: ['Сотрудничество: {e}', '📩 {e}', 'По вопросам рекламы: {e}'],
};
const COMPANY_LINES: Readonly<Record<BioLang, readonly string[]>> = {
  nl: ['{r} bij {o}', 'Eigenaar {o}', 'Werkt bij {o}'],
  en: ['{r} at {o}', '{r} @ {o}', 'Founder of {o}'],
  ru: ['{r} в {o}', 'Работаю в {o}'],
};
const ROLES: Readonly<Record<BioLang, readonly string[]>> = {
  nl: ['Marketing', 'Verkoop', 'Office manager', 'Ontwerper', 'Projectleider'],
  en: ['Marketing', 'Sales', 'Design', 'Ops', 'Account manager'],
  ru: ['Маркетолог', 'Дизайнер', 'Менеджер'],
};
const SITE_LINES: Readonly<Record<BioLang, readonly string[]>> = {
  nl: ['🌐 {w}', 'Blog: {w}', 'Meer op {w}'],
  en: ['🌐 {w}', 'Blog: {w}', 'More at {w}'],
  ru: ['🌐 {w}', 'Сайт: {w}'],
};

/** The pronouns some English speakers put first in a bio or after their name. */
export function pronouns(rng: Rng, p: Person): string {
  return rng.chance(0.1) ? 'they/them' : p.gender === 'f' ? 'she/her' : 'he/him';
}

export interface BioRequest {
  place?: string;
  email?: string;
  company?: Company;
  site?: string;
}

function fill(rng: Rng, template: string, lang: BioLang, values: Readonly<Record<string, string>>): string {
  const i = rng.pick(INTERESTS[lang]);
  const j = rng.pick(INTERESTS[lang]);
  return template.replace(/\{(\w)\}/g, (_m, k: string) => {
    if (k === 'i') return i;
    if (k === 'I') return i[0]?.toUpperCase() + i.slice(1);
    if (k === 'j') return j;
    if (k === 'n') return String(rng.between(2, 4));
    if (k === 'P' || k === 'p') return k === 'P' ? (values.P ?? '') : (values.P ?? '').toLowerCase();
    return values[k] ?? '';
  });
}

/** A bio in the person's language (or English, which many write in): interests, then what the request adds. */
export function bio(rng: Rng, p: Person, request: BioRequest): string {
  const lang: BioLang = p.lang !== 'en' && rng.chance(0.4) ? 'en' : p.lang;
  const parts: string[] = [];
  if (rng.chance(0.85) || Object.keys(request).length === 0) parts.push(fill(rng, rng.pick(LINES[lang]), lang, { P: PARENT[lang][p.gender] }));
  if (request.company) parts.push(fill(rng, rng.pick(COMPANY_LINES[lang]), lang, { r: rng.pick(ROLES[lang]), o: request.company.name }));
  if (request.place) parts.push(fill(rng, rng.pick(PLACE_LINES[lang]), lang, { c: request.place }));
  if (request.site) parts.push(fill(rng, rng.pick(SITE_LINES[lang]), lang, { w: request.site }));
  if (request.email) parts.push(fill(rng, rng.pick(EMAIL_LINES[lang]), lang, { e: request.email }));
  if (p.lang === 'en' && rng.chance(0.12)) parts.unshift(pronouns(rng, p));
  return parts.join(rng.pick([' | ', '\n', ' • ', '. ']));
}
