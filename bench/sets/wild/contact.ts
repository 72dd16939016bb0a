/**
 * How people can be reached, as a CRM and a profile show it: e-mail addresses
 * built the way people pick them at the providers of their country, phone
 * numbers in the formats people type them, and web domains of their own, their
 * family's or their company's. Provider shares are rough national market
 * shares (Gmail first almost everywhere; mail.ru and Yandex in Russia, ukr.net
 * in Ukraine, web.de and GMX in Germany, the old Dutch ISP addresses
 * ziggo.nl, kpnmail.nl, planet.nl that older Dutch customers keep).
 */
import { type Rng, type Weighted, weighted } from './rng';
import { type Person, latinGiven, latinSurname, slug } from './person';
import { country } from './places';

const PROVIDERS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  NL: { 'gmail.com': 35, 'hotmail.com': 17, 'outlook.com': 9, 'live.nl': 6, 'ziggo.nl': 6, 'kpnmail.nl': 4, 'planet.nl': 3, 'home.nl': 3, 'xs4all.nl': 2, 'hetnet.nl': 2, 'icloud.com': 6, 'yahoo.com': 2, 'hotmail.nl': 3 },
  BE: { 'gmail.com': 40, 'hotmail.com': 15, 'telenet.be': 15, 'skynet.be': 8, 'outlook.com': 8, 'icloud.com': 6, 'live.be': 5 },
  GB: { 'gmail.com': 38, 'hotmail.co.uk': 12, 'yahoo.co.uk': 7, 'outlook.com': 8, 'btinternet.com': 6, 'icloud.com': 8, 'hotmail.com': 5, 'live.co.uk': 4, 'sky.com': 3, 'aol.com': 2, 'googlemail.com': 4 },
  IE: { 'gmail.com': 45, 'hotmail.com': 15, 'eircom.net': 8, 'yahoo.ie': 6, 'outlook.com': 10, 'icloud.com': 8, 'live.ie': 5 },
  US: { 'gmail.com': 50, 'yahoo.com': 14, 'hotmail.com': 8, 'outlook.com': 8, 'icloud.com': 12, 'aol.com': 5, 'comcast.net': 3 },
  DE: { 'gmail.com': 25, 'web.de': 22, 'gmx.de': 20, 't-online.de': 10, 'outlook.de': 5, 'icloud.com': 5, 'yahoo.de': 4, 'hotmail.de': 4 },
  RU: { 'mail.ru': 30, 'yandex.ru': 28, 'gmail.com': 25, 'bk.ru': 5, 'list.ru': 4, 'inbox.ru': 3, 'rambler.ru': 3, 'ya.ru': 2 },
  UA: { 'gmail.com': 45, 'ukr.net': 30, 'i.ua': 5, 'meta.ua': 3, 'icloud.com': 5, 'mail.ru': 5 },
  BY: { 'gmail.com': 30, 'mail.ru': 25, 'tut.by': 20, 'yandex.by': 10, 'yandex.ru': 10 },
  KZ: { 'mail.ru': 40, 'gmail.com': 35, 'yandex.kz': 10, 'inbox.ru': 5 },
  LV: { 'gmail.com': 45, 'inbox.lv': 20, 'mail.ru': 15, 'hotmail.com': 5, 'yahoo.com': 5 },
  EE: { 'gmail.com': 50, 'mail.ee': 12, 'mail.ru': 15, 'hot.ee': 8, 'hotmail.com': 5 },
  IL: { 'gmail.com': 60, 'walla.co.il': 10, 'hotmail.com': 10, 'mail.ru': 10, 'yahoo.com': 5 },
  other: { 'gmail.com': 60, 'hotmail.com': 10, 'outlook.com': 10, 'yahoo.com': 10, 'icloud.com': 10 },
};
const RUSSIAN_ABROAD = weighted({ 'gmail.com': 45, 'mail.ru': 30, 'yandex.ru': 20, 'bk.ru': 5 });

const providerTables = new Map<string, Weighted<string>>();
function providers(code: string): Weighted<string> {
  const key = PROVIDERS[code] ? code : code === 'CA' || code === 'AU' ? 'US' : 'other';
  let table = providerTables.get(key);
  if (!table) {
    table = weighted(PROVIDERS[key] as Record<string, number>);
    providerTables.set(key, table);
  }
  return table;
}

/** Domains anyone can have an address at: an address there says nothing about a company or family. */
export const FREE_MAIL: ReadonlySet<string> = new Set([...Object.values(PROVIDERS).flatMap((t) => Object.keys(t)), ...RUSSIAN_ABROAD.items]);

export function freeMailDomain(rng: Rng, p: Person): string {
  const home = ['RU', 'UA', 'BY', 'KZ'].includes(p.city.country);
  if (p.lang === 'ru' && !home && rng.chance(0.35)) return RUSSIAN_ABROAD.pick(rng);
  return providers(p.city.country).pick(rng);
}

export const WORDS = {
  nl: 'zon tulp koffie kaas fiets molen wolk regen vlinder ster maan tuin boek kat hond zee duin bloem appel kers lente zomer herfst winter vogel'.split(' '),
  en: 'sunny coffee pixel panda dreamer wander book garden cake vintage happy blue little wild river maple honey cookie willow fox bear star moon'.split(' '),
  ru: 'koshka solnce lisa zaya kotik medved zvezda luna veter more les sneg yagoda vishnya malina'.split(' '),
} as const;

/** The year or two-digit year, or a few digits: what people add to a taken name. */
export function digits(rng: Rng, p: Person): string {
  const r = rng.next();
  if (r < 0.35) return String(p.birthYear);
  if (r < 0.65) return String(p.birthYear % 100).padStart(2, '0');
  return String(rng.between(1, r < 0.85 ? 99 : 9999));
}

/** How people build the part before the @, and how often. */
const LOCAL_PARTS = weighted({ 'first.last': 24, firstlast: 14, first_last: 4, 'f.last': 7, flast: 6, 'first.last+digits': 12, 'first+digits': 10, 'last.first': 5, words: 12, 'firstl+digits': 6 });

function localPart(rng: Rng, p: Person, how: typeof LOCAL_PARTS extends Weighted<infer K> ? K : never, f: string, l: string, core: string): string {
  switch (how) {
    case 'first.last':
      return `${f}.${l}`;
    case 'firstlast':
      return `${f}${l}`;
    case 'first_last':
      return `${f}_${l}`;
    case 'f.last':
      return `${f[0] ?? ''}.${l}`;
    case 'flast':
      return `${f[0] ?? ''}${core}`;
    case 'first.last+digits':
      return `${f}.${l}${digits(rng, p)}`;
    case 'first+digits':
      return `${f}${digits(rng, p)}`;
    case 'last.first':
      return `${l}.${f}`;
    case 'words':
      return `${rng.pick(WORDS[p.lang])}${rng.pick(WORDS[p.lang])}${digits(rng, p)}`;
    case 'firstl+digits':
      return `${f}${core[0] ?? ''}${digits(rng, p)}`;
  }
}

/** The e-mail address a person gives a shop: name-based mostly, a nickname or words for some. */
export function personalEmail(rng: Rng, p: Person): string {
  const f = slug(latinGiven(p, rng.chance(0.8) ? p.call : 0));
  const l = slug(latinSurname(p)) || 'x';
  const core = slug(p.surname.core) || l;
  const local = localPart(rng, p, LOCAL_PARTS.pick(rng), f, l, core);
  return `${local.replace(/^[._]+|[._]+$/g, '') || f || 'mail'}@${freeMailDomain(rng, p)}`;
}

/** Phone formats people type, per country: # is any digit, N a digit from 2 to 9 (an area code's first). */
const PHONE_FORMATS: Readonly<Record<string, readonly string[]>> = {
  NL: ['06-########', '06 ########', '06########', '06########', '+31 6 ########', '+316########', '0031 6 ########', '+31 (0)6 ########', '06 ## ### ###'],
  GB: ['07### ######', '+44 7### ######', '+447#########', '07#########'],
  US: ['(N##) ###-####', '+1 N##-###-####', 'N##-###-####', 'N##.###.####'],
  CA: ['(N##) ###-####', '+1 N##-###-####', 'N##-###-####'],
  RU: ['+7 (9##) ###-##-##', '8 9## ### ## ##', '+79#########', '8(9##)###-##-##'],
  KZ: ['+7 (7##) ###-##-##', '8 7## ### ## ##', '+77#########'],
  DE: ['+49 15# ########', '015# ########', '0176 ########'],
  UA: ['+380 ## ### ## ##', '0## ### ## ##', '+380#########'],
};

/** A phone number as the person typed it at checkout. */
export function phone(rng: Rng, p: Person): string {
  const code = p.city.country;
  const format = PHONE_FORMATS[code] ? rng.pick(PHONE_FORMATS[code]) : `+${country(code).dial} ### ### ###`;
  let out = '';
  for (const c of format) out += c === '#' ? String(rng.int(10)) : c === 'N' ? String(2 + rng.int(8)) : c;
  return out;
}

const TLD: Readonly<Record<string, string>> = {
  NL: 'nl', BE: 'be', GB: 'co.uk', IE: 'ie', US: 'com', CA: 'ca', AU: 'com.au', DE: 'de', RU: 'ru', UA: 'com.ua', BY: 'by', KZ: 'kz', LV: 'lv', EE: 'ee', LT: 'lt', IL: 'co.il', CY: 'com', FI: 'fi', ES: 'es', FR: 'fr',
};

export function tld(code: string): string {
  return TLD[code] ?? 'com';
}

/** Domains are unique: the second Anna de Vries gets anna-devries.nl or annadevries.com. */
export class DomainRegistry {
  private readonly taken = new Set<string>();

  claim(rng: Rng, label: string, suffix: string): string {
    const clean = label.replace(/^-+|-+$/g, '').replace(/-{2,}/g, '-') || 'site';
    const candidates = [`${clean}.${suffix}`, `${clean}.com`, `${clean}.eu`, `${clean}-${suffix.split('.')[0]}.${suffix}`];
    for (const c of candidates) {
      if (!this.taken.has(c)) {
        this.taken.add(c);
        return c;
      }
    }
    for (;;) {
      const c = `${clean}${rng.between(2, 999)}.${suffix}`;
      if (!this.taken.has(c)) {
        this.taken.add(c);
        return c;
      }
    }
  }
}

/** A person's own site: their name, their trade, or a blog at a free host. */
export function personalDomain(rng: Rng, registry: DomainRegistry, p: Person): string {
  const f = slug(latinGiven(p, p.call));
  const l = slug(latinSurname(p));
  const r = rng.next();
  if (r < 0.12) return `${f}${l}.${rng.pick(['wordpress.com', 'blogspot.com', 'substack.com'])}`;
  const trade = p.lang === 'nl' ? ['fotografie', 'design', 'coaching', 'bakt', 'schrijft'] : p.lang === 'ru' ? ['photo', 'art', 'design', 'coach'] : ['photography', 'design', 'coaching', 'writes', 'bakes'];
  const label = r < 0.55 ? `${f}${l}` : r < 0.75 ? `${f}-${l}` : r < 0.9 ? `${f}${l}${rng.pick(trade)}` : `${l}${rng.pick(trade)}`;
  return registry.claim(rng, label, tld(p.city.country));
}

/** A household's site: familiedevries.nl, thesmiths.co.uk, semya-ivanovy.ru. */
export function familyDomain(rng: Rng, registry: DomainRegistry, p: Person): string {
  const l = slug(p.surname.core);
  const label =
    p.lang === 'nl' ? rng.pick([`familie${slug(`${p.surname.prefix}${p.surname.core}`)}`, `fam-${l}`, `de${l}s`]) : p.lang === 'en' ? rng.pick([`the${l}s`, `${l}family`, `${l}-family`]) : rng.pick([`semya-${l}`, `${l}-family`]);
  return registry.claim(rng, label, tld(p.city.country));
}

/** A URL or bare domain written the several ways people write their site. */
export function siteText(rng: Rng, domain: string): string {
  return rng.pick([domain, domain, `www.${domain}`, `https://${domain}`, `https://www.${domain}/`, `http://www.${domain}`, `${domain}/`]);
}
