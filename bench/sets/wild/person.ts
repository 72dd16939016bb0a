/**
 * A person as they are, before any system writes them down: their name in
 * their own script, the form of their given name they go by, where they live,
 * when they were born, and how they spell themselves in Latin letters if their
 * name is Cyrillic. CRM rows and online profiles are both renderings of this.
 */
import { type Rng, Weighted, weighted } from './rng';
import { type GivenName, type Gender, type Lang, type Surname } from './names';
import { DUTCH_GIVEN, dutchSurnames } from './names-nl';
import { ENGLISH_GIVEN, englishSurnames } from './names-en';
import { RUSSIAN_GIVEN, genderedSurname, patronymic, russianSurnames } from './names-ru';
import { type City, homeTable } from './places';
import { asciiFold, type LatinStyle, toLatin } from './translit';

export interface Person {
  lang: Lang;
  gender: Gender;
  given: GivenName;
  /** Index into given.forms of the form this person goes by. */
  call: number;
  /** Surname; for Russian speakers already in the bearer's gender. */
  surname: Surname;
  /** Dutch: initial of a second given name; English: a middle name or ''; Russian: the patronymic. */
  middle: string;
  birthYear: number;
  city: City;
  /** How this person writes their own name in Latin letters (Russian speakers; unused otherwise). */
  latin: LatinStyle;
}

/** Speakers among the shop's customers and the people around them, in per cent. */
export const LANGUAGES = weighted<Lang>({ nl: 55, en: 25, ru: 20 });

const GIVEN: Readonly<Record<Lang, { f: Weighted<GivenName>; m: Weighted<GivenName>; all: readonly GivenName[] }>> = {
  nl: split(DUTCH_GIVEN),
  en: split(ENGLISH_GIVEN),
  ru: split(RUSSIAN_GIVEN),
};

function split(list: readonly GivenName[]) {
  const table = (g: Gender) => new Weighted(list.filter((n) => n.gender === g).map((n) => [n, n.weight] as const));
  return { f: table('f'), m: table('m'), all: list };
}

function surnames(lang: Lang): Weighted<Surname> {
  return lang === 'nl' ? dutchSurnames() : lang === 'en' ? englishSurnames() : russianSurnames();
}

/** The Latin systems Russian speakers use for themselves; Russian-Germans mostly write the German way. */
const OWN_LATIN = weighted({ informal: 58, icao: 12, mvd: 10, simple: 10, german: 6, bgn: 4 });
const OWN_LATIN_IN_GERMANY = weighted({ german: 45, informal: 35, icao: 10, mvd: 5, simple: 5 });

export function latinStyle(rng: Rng, system: LatinStyle['system']): LatinStyle {
  return { system, yo: rng.chance(0.4), ye: rng.chance(0.3), ia: rng.chance(0.55), ei: rng.chance(0.45) };
}

const NO_LATIN: LatinStyle = { system: 'informal', yo: false, ye: false, ia: false, ei: false };

/** Adults who shop online: born 1944-2006, most between 1965 and 1995. */
function birthYear(rng: Rng): number {
  const year = Math.round(1980 + rng.normal() * 13);
  return Math.min(2006, Math.max(1944, year));
}

export interface PersonOptions {
  gender?: Gender;
  surname?: Surname;
  city?: City;
  given?: GivenName;
}

export function makePerson(rng: Rng, lang: Lang, options: PersonOptions = {}): Person {
  const gender = options.gender ?? options.given?.gender ?? (rng.chance(0.55) ? 'f' : 'm');
  const tables = GIVEN[lang];
  const given = options.given ?? tables[gender].pick(rng);
  const call = given.forms.length === 1 || rng.chance(given.pFormal) ? 0 : 1 + Math.min(rng.int(given.forms.length - 1), rng.int(given.forms.length - 1));
  const base = options.surname ?? surnames(lang).pick(rng);
  const surname = lang === 'ru' && !options.surname ? { prefix: '', core: genderedSurname(base.core, gender) } : base;
  const city = options.city ?? homeTable(lang).pick(rng);
  let middle = '';
  if (lang === 'nl') middle = rng.chance(0.7) ? (tables[gender].pick(rng).forms[0] as string)[0] as string : '';
  else if (lang === 'en') middle = rng.chance(0.45) ? (tables[gender].pick(rng).forms[0] as string) : '';
  else middle = patronymic(tables.m.pick(rng).forms[0] as string, gender);
  // Only Cyrillic names need a Latin spelling of their own.
  const latin = lang === 'ru' ? latinStyle(rng, (city.country === 'DE' ? OWN_LATIN_IN_GERMANY : OWN_LATIN).pick(rng)) : NO_LATIN;
  return { lang, gender, given, call, surname, middle, birthYear: birthYear(rng), city, latin };
}

/** A common name of the language, for namesakes: the most frequent given names and surnames. */
export function commonName(rng: Rng, lang: Lang, gender: Gender): { given: GivenName; surname: Surname } {
  const given = GIVEN[lang][gender];
  const top = [...given.items].sort((a, b) => b.weight - a.weight).slice(0, 12);
  const names = surnames(lang);
  const topSurnames = names.items.slice(0, 30);
  const surname = rng.pick(topSurnames);
  return { given: rng.pick(top), surname: lang === 'ru' ? { prefix: '', core: genderedSurname(surname.core, gender) } : surname };
}

export function givenNamesOf(lang: Lang): readonly GivenName[] {
  return GIVEN[lang].all;
}

/** The person's given name in one of its forms, in their own script. */
export function givenForm(p: Person, index: number): string {
  return p.given.forms[index] ?? (p.given.forms[0] as string);
}

/** The same in Latin letters as this person (or a given style) writes it. */
export function latinGiven(p: Person, index: number, style: LatinStyle = p.latin): string {
  const form = givenForm(p, index);
  return p.lang === 'ru' ? toLatin(form, style, { given: true }) : form;
}

export function latinSurname(p: Person, style: LatinStyle = p.latin): string {
  const text = p.surname.prefix ? `${p.surname.prefix} ${p.surname.core}` : p.surname.core;
  return p.lang === 'ru' ? toLatin(text, style) : text;
}

const slugs = new Map<string, string>();

/** Lower-case ASCII letters only: what goes into handles and e-mail addresses. */
export function slug(text: string): string {
  let out = slugs.get(text);
  if (out === undefined) {
    out = asciiFold(text)
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '');
    // Names repeat endlessly across a million people: fold each spelling once.
    if (slugs.size < 500_000) slugs.set(text, out);
  }
  return out;
}

/** The keys that say "same person, same name" whatever the spelling: used to count namesakes. */
export interface NameKeys {
  given: string;
  givenInitial: string;
  surname: string;
  surnameInitial: string;
}

const keyCache = new WeakMap<Person, NameKeys>();

export function nameKeys(p: Person): NameKeys {
  const cached = keyCache.get(p);
  if (cached) return cached;
  const keys = computeNameKeys(p);
  keyCache.set(p, keys);
  return keys;
}

function computeNameKeys(p: Person): NameKeys {
  const group = p.lang === 'ru' ? 'ru' : 'lat';
  const formal = p.given.forms[0] as string;
  const given = group === 'ru' ? formal : slug(formal);
  const surname = group === 'ru' ? p.surname.core : slug(`${p.surname.prefix}${p.surname.core}`);
  const core = group === 'ru' ? p.surname.core : slug(p.surname.core);
  return {
    given: `${group}:${given}`,
    givenInitial: `${group}:${given[0] ?? ''}`,
    surname: `${group}:${surname}`,
    surnameInitial: `${group}:${core[0] ?? ''}`,
  };
}

