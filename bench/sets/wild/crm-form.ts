/**
 * How a CRM writes a person down, with the habits of real customer exports:
 * Dutch tussenvoegsels in every position a checkout form allows ("van der
 * Berg", "Van der Berg", "Berg, van der", in the first-name field, or lost
 * because a separate tussenvoegsel column was not exported); initials only
 * ("J.H."); names typed in lower case; Russian names in Cyrillic, in the
 * customer's own Latin spelling, in the passport's, or in capitals copied from
 * a bank card; the surname typed into the first-name field; a town with a
 * postcode in front or a typo.
 */
import { type Rng, weighted } from './rng';
import { type Person, givenForm, latinStyle } from './person';
import { type LatinStyle, asciiFold, hasCyrillic, toLatin } from './translit';
import { country } from './places';
import { typo } from './typos';

export interface CrmForm {
  given: 'call' | 'formal' | 'initials' | 'none';
  /** Russian: the Western name (Julia for Юлия) instead of the transliterated one. */
  western: boolean;
  script: 'cyrillic' | 'latin' | 'card';
  /** Russian: the Latin spelling the CRM has. */
  style: LatinStyle;
  /** Cyrillic typed without ё (Федоров), as most Russian keyboards make people do. */
  yoAsE: boolean;
  prefix: 'lower' | 'capital' | 'sort' | 'sortBare' | 'inFirst' | 'dropped' | 'abbreviated';
  /** The abbreviation used when prefix is 'abbreviated' (vd, v.d., v/d). */
  abbreviation: string;
  case: 'as' | 'lower' | 'upper' | 'title';
  /** Surname in the first-name field and the other way round. */
  swapped: boolean;
  patronymic: boolean;
  foldDiacritics: boolean;
  apostrophe: 'as' | 'curly' | 'none' | 'space';
  /** A woman's Russian surname written in the masculine form (Kuznetsov for Kuznetsova). */
  masculine: boolean;
  city: 'local' | 'typo' | 'lower' | 'postcode' | 'none' | 'alt';
  country: 'code' | 'lowerCode' | 'en' | 'local' | 'none';
  /** Whether the CRM holds the website it knows of. */
  website: boolean;
  /** A slip typed into one field, decided when a profile case asks for it. */
  typo?: { field: 'first' | 'last'; text: string };
}

const NL_GIVEN = weighted({ call: 84, formal: 7, initials: 7, none: 2 });
const EN_GIVEN = weighted({ call: 76, formal: 20, initials: 3, none: 1 });
const RU_GIVEN = weighted({ formal: 85, call: 12, initials: 2, none: 1 });
const PREFIX = weighted({ lower: 58, capital: 12, sort: 5, sortBare: 3, inFirst: 6, dropped: 9, abbreviated: 7 });
const CASE = weighted({ as: 88, lower: 6, upper: 2, title: 4 });
const RU_SCRIPT = weighted({ cyrillic: 35, latin: 57, card: 3, western: 5 });
const APOSTROPHE = weighted({ as: 80, curly: 8, none: 7, space: 5 });
const CITY = weighted({ local: 84, typo: 2, lower: 4, postcode: 2, none: 6, alt: 2 });
const COUNTRY = weighted({ code: 82, lowerCode: 3, en: 5, local: 4, none: 6 });

export function crmForm(rng: Rng, p: Person): CrmForm {
  const ru = p.lang === 'ru';
  const script = ru ? RU_SCRIPT.pick(rng) : 'latin';
  // Latin in a CRM is the customer's own spelling, or the passport's when they copied it from there.
  const style = !ru || rng.chance(0.7) ? p.latin : latinStyle(rng, rng.chance(0.6) ? 'icao' : 'mvd');
  const prefixed = p.surname.prefix !== '';
  return {
    given: (p.lang === 'nl' ? NL_GIVEN : p.lang === 'en' ? EN_GIVEN : RU_GIVEN).pick(rng),
    western: script === 'western',
    script: script === 'western' ? 'latin' : script,
    style: script === 'card' ? latinStyle(rng, 'icao') : style,
    yoAsE: ru && rng.chance(0.8),
    prefix: prefixed ? PREFIX.pick(rng) : 'lower',
    abbreviation: prefixed ? abbreviatePrefix(rng, p.surname.prefix) : '',
    case: CASE.pick(rng),
    swapped: ru && rng.chance(0.04),
    patronymic: ru && script === 'cyrillic' && rng.chance(0.1),
    foldDiacritics: rng.chance(0.5),
    apostrophe: p.lang === 'en' ? APOSTROPHE.pick(rng) : 'as',
    masculine: ru && p.gender === 'f' && rng.chance(0.03),
    city: CITY.pick(rng),
    country: COUNTRY.pick(rng),
    website: rng.chance(0.75),
  };
}

/** Abbreviations Dutch people write for a tussenvoegsel: vd, v.d., v/d. */
export function abbreviatePrefix(rng: Rng, prefix: string): string {
  if (/^van de[nr]?$/.test(prefix)) return rng.pick(['vd', 'v.d.', 'v/d', 'v.d']);
  if (prefix === 'van') return 'v.';
  if (prefix === "van 't") return "v. 't";
  return prefix;
}

function capitalise(text: string): string {
  return text ? (text[0] as string).toUpperCase() + text.slice(1) : text;
}

function applyCase(text: string, mode: CrmForm['case']): string {
  switch (mode) {
    case 'lower':
      return text.toLowerCase();
    case 'upper':
      return text.toUpperCase();
    case 'title':
      // A system that "fixes" case: Mcdonald, O'brien, Van Der Berg.
      return text.toLowerCase().replace(/(^|[\s-])(\p{L})/gu, (_m, sep: string, c: string) => sep + c.toUpperCase());
    case 'as':
      return text;
  }
}

/** The given name as the CRM's first-name field would have it, in the CRM's script. */
export function crmGiven(p: Person, form: CrmForm): string {
  if (form.given === 'none') return '';
  const formal = givenForm(p, 0);
  if (form.given === 'initials') {
    const initial = p.lang === 'ru' && form.script === 'cyrillic' ? formal[0] : (toLatinIfNeeded(p, formal, form)[0] ?? '');
    const second = p.lang === 'nl' && p.middle ? `${p.middle}.` : '';
    return `${initial}.${second}`;
  }
  if (p.lang === 'ru' && form.western && p.given.western.length > 0) return p.given.western[0] as string;
  const text = givenForm(p, form.given === 'formal' ? 0 : p.call);
  return toLatinIfNeeded(p, text, form);
}

function toLatinIfNeeded(p: Person, cyrillic: string, form: CrmForm, given = true): string {
  if (p.lang !== 'ru') return cyrillic;
  if (form.script === 'cyrillic') return form.yoAsE ? cyrillic.replace(/ё/g, 'е').replace(/Ё/g, 'Е') : cyrillic;
  return toLatin(cyrillic, form.style, { given });
}

/** The surname in the CRM's script (for Russian women perhaps in the masculine form). */
export function crmSurname(p: Person, form: CrmForm): string {
  if (p.lang !== 'ru') return p.surname.core;
  let text = toLatinIfNeeded(p, p.surname.core, form, false);
  if (form.masculine && form.script !== 'cyrillic') text = text.replace(/(ov|ev|in|yn|ow|ew)a$/i, '$1');
  return text;
}

/** first_name and last_name as the export has them. */
export function crmName(p: Person, form: CrmForm): { first: string; last: string } {
  let first = crmGiven(p, form);
  let last = crmSurname(p, form);
  const prefix = p.surname.prefix;
  if (prefix) {
    switch (form.prefix) {
      case 'lower':
        last = `${prefix} ${last}`;
        break;
      case 'capital':
        last = `${capitalise(prefix)} ${last}`;
        break;
      case 'sort':
        last = `${last}, ${prefix}`;
        break;
      case 'sortBare':
        last = `${last} ${prefix}`;
        break;
      case 'inFirst':
        first = first ? `${first} ${prefix}` : prefix;
        break;
      case 'dropped':
        break;
      case 'abbreviated':
        last = `${form.abbreviation} ${last}`;
        break;
    }
  }
  if (p.lang === 'ru' && form.patronymic && first) first = `${first} ${p.middle}`;
  if (/['’]/.test(last)) {
    last = { as: last, curly: last.replace("'", '’'), none: last.replace(/['’]/, ''), space: last.replace(/['’]/, ' ') }[form.apostrophe];
  }
  // Systems that cannot store é or ë drop the accent; Cyrillic they keep whole (й is not an и with a mark).
  if (form.foldDiacritics && !hasCyrillic(first + last)) {
    first = asciiFold(first);
    last = asciiFold(last);
  }
  if (form.script === 'card') {
    first = first.toUpperCase();
    last = last.toUpperCase();
  } else {
    first = applyCase(first, form.case);
    last = applyCase(last, form.case);
  }
  const out = form.swapped ? { first: last, last: first } : { first, last };
  if (form.typo) out[form.typo.field] = form.typo.text;
  return out;
}

/** The town as the CRM has it: the local name, or in Cyrillic for a customer who wrote Cyrillic. */
export function crmCity(rng: Rng, p: Person, form: CrmForm): string {
  const c = p.city;
  const latinLocal = /[\u0370-\u03ff\u0400-\u04ff\u0590-\u05ff]/.test(c.local) ? (rng.chance(0.6) ? c.en : toLatin(c.ru, form.style)) : c.local;
  const name = p.lang === 'ru' && form.script === 'cyrillic' ? c.ru : latinLocal;
  switch (form.city) {
    case 'local':
      return name;
    case 'typo':
      return typo(rng, name);
    case 'lower':
      return name.toLowerCase();
    case 'postcode':
      return c.country === 'NL' ? `${rng.between(1011, 9999)} ${String.fromCharCode(65 + rng.int(26), 65 + rng.int(26))} ${name}` : `${rng.between(10000, 99999)} ${name}`;
    case 'none':
      return '';
    case 'alt':
      return c.alt.find((a) => /^[\p{Lu}'’]/u.test(a) && !/^\d/.test(a)) ?? name;
  }
}

export function crmCountry(p: Person, form: CrmForm): string {
  const c = country(p.city.country);
  switch (form.country) {
    case 'code':
      return c.code;
    case 'lowerCode':
      return c.code.toLowerCase();
    case 'en':
      return c.en;
    case 'local':
      return p.lang === 'ru' && form.script === 'cyrillic' ? c.ru : c.local;
    case 'none':
      return '';
  }
}
