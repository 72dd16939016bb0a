/**
 * The name a profile shows, in each of the ways people present themselves:
 * their name as their records have it, another spelling of it, a nickname, a
 * first name only, decorations, a pseudonym, a platform's stand-in ("Amazon
 * Customer"), or nothing but a handle. Each rendering also says which parts of
 * the name it shows, so that the truth can say whether it points anywhere.
 */
import { type Rng, weighted } from './rng';
import { type Person, givenForm, nameKeys } from './person';
import { type LatinStyle, LATIN_SYSTEMS, toLatin } from './translit';
import { type Surname } from './names';
import { type CrmForm, abbreviatePrefix } from './crm-form';
import { country } from './places';
import { typo } from './typos';
import { latinStyle } from './person';
import { type HandleClue } from './handles';
import { pronouns } from './about';

export const PRESENTATIONS = ['full', 'variant', 'married', 'nickname', 'translit', 'typo', 'decorated', 'short', 'first', 'handleOnly', 'pseudonym', 'noName', 'family'] as const;
export type Presentation = (typeof PRESENTATIONS)[number];

/** The parts of a name a profile shows, as keys that are the same however the name is spelled. */
export interface NameClue {
  given?: string;
  givenInitial?: string;
  surname?: string;
  surnameInitial?: string;
}

/** How a person writes their name in public: the script, the Latin spelling, which form of the given name. */
export interface Voice {
  native: boolean;
  style: LatinStyle;
  givenIndex: number;
  western: boolean;
}

/** A customer's voice matches how their CRM record writes them. */
export function crmVoice(p: Person, form: CrmForm): Voice {
  return {
    native: p.lang !== 'ru' || form.script === 'cyrillic',
    style: form.style,
    givenIndex: form.given === 'formal' ? 0 : p.call,
    western: form.western && p.given.western.length > 0,
  };
}

/** Anyone else's: Russian speakers write Cyrillic or their own Latin spelling. */
export function ownVoice(rng: Rng, p: Person): Voice {
  return {
    native: p.lang !== 'ru' || rng.chance(0.4),
    style: p.latin,
    givenIndex: p.lang === 'ru' && rng.chance(0.55) ? 0 : p.call,
    western: p.lang === 'ru' && p.given.western.length > 0 && rng.chance(0.12),
  };
}

function givenIn(p: Person, v: Voice, index = v.givenIndex): string {
  if (v.western) return p.given.western[0] as string;
  const form = givenForm(p, index);
  return p.lang === 'ru' && !v.native ? toLatin(form, v.style, { given: true }) : form;
}

function surnameIn(p: Person, v: Voice, surname: Surname = p.surname): string {
  const text = surname.prefix ? `${surname.prefix} ${surname.core}` : surname.core;
  return p.lang === 'ru' && !v.native ? toLatin(text, v.style) : text;
}

function capitalise(text: string): string {
  return text ? (text[0] as string).toUpperCase() + text.slice(1) : text;
}

export interface Shown {
  displayName?: string;
  clue?: NameClue;
}

const full = (p: Person): NameClue => ({ given: nameKeys(p).given, surname: nameKeys(p).surname });

/** What a handle built from the name shows of it (annadevries: all of it; anna87: the given name). */
export function handleNameClue(p: Person, clue: HandleClue): NameClue | undefined {
  const k = nameKeys(p);
  switch (clue) {
    case 'full':
      return { given: k.given, surname: k.surname };
    case 'first':
      return { given: k.given };
    case 'initial+surname':
      return { givenInitial: k.givenInitial, surname: k.surname };
    case 'first+initial':
      return { given: k.given, surnameInitial: k.surnameInitial };
    case 'surname':
      return { surname: k.surname };
    case 'none':
      return undefined;
  }
}

function variant(rng: Rng, p: Person, v: Voice): Shown {
  const g = givenIn(p, v);
  const s = surnameIn(p, v);
  const keys = nameKeys(p);
  const initials: Shown = { displayName: `${g[0] ?? ''}.${p.lang === 'nl' && p.middle && rng.chance(0.5) ? `${p.middle}.` : ''} ${s}`, clue: { givenInitial: keys.givenInitial, surname: keys.surname } };
  const options: (() => Shown)[] = [() => initials, () => ({ displayName: `${s}, ${g}`, clue: full(p) })];
  if (p.surname.prefix) {
    const pre = p.surname.prefix;
    const core = p.surname.core;
    options.push(
      () => ({ displayName: `${g} ${abbreviatePrefix(rng, pre)} ${core}`, clue: full(p) }),
      () => ({ displayName: `${g} ${pre.split(' ').map(capitalise).join(' ')} ${core}`, clue: full(p) }),
      () => ({ displayName: `${g} ${pre.split(' ').map(capitalise).join('')}${rng.chance(0.5) ? core.toLowerCase() : core}`, clue: full(p) }),
      () => ({ displayName: `${g} ${core}`, clue: full(p) }),
    );
  }
  if (p.lang === 'en' && p.middle) {
    options.push(() => ({ displayName: `${g} ${rng.chance(0.5) ? `${p.middle[0]}.` : p.middle} ${s}`, clue: full(p) }));
  }
  if (/^(O'|Mc|Mac)/.test(s)) {
    options.push(() => ({ displayName: `${g} ${s.replace("'", rng.pick(['', ' ', '’'])).replace(/^Mc(\p{Lu})/u, (_m, c: string) => `Mc${rng.chance(0.5) ? c.toLowerCase() : ` ${c}`}`)}`, clue: full(p) }));
  }
  if (p.lang === 'ru') {
    const pat = v.native ? p.middle : toLatin(p.middle, v.style);
    options.push(
      () => ({ displayName: `${s} ${g}`, clue: full(p) }),
      () => ({ displayName: rng.chance(0.5) ? `${g} ${pat} ${s}` : `${s} ${g} ${pat}`, clue: full(p) }),
    );
    if (/ё/.test(`${g}${s}`)) options.push(() => ({ displayName: `${g} ${s}`.replace(/ё/g, 'е'), clue: full(p) }));
  }
  return rng.pick(options)();
}

function married(rng: Rng, p: Person, v: Voice, partner: Surname): Shown {
  const g = givenIn(p, v);
  const own = surnameIn(p, v);
  const theirs = surnameIn(p, v, partner);
  const r = rng.next();
  if (r < 0.4) return { displayName: `${g} ${theirs}-${own}`, clue: full(p) };
  if (r < 0.7) return { displayName: `${g} ${own}-${theirs}`, clue: full(p) };
  const partnerKey = nameKeys({ ...p, surname: partner }).surname;
  return { displayName: `${g} ${theirs}`, clue: { given: nameKeys(p).given, surname: partnerKey } };
}

function nickname(rng: Rng, p: Person, v: Voice): Shown {
  const others = p.given.forms.map((_, i) => i).filter((i) => i !== v.givenIndex);
  const s = surnameIn(p, v);
  if (p.lang === 'ru' && p.given.western.length > 0 && (others.length === 0 || rng.chance(0.25)) && !v.western) {
    return { displayName: `${rng.pick(p.given.western)} ${p.lang === 'ru' && v.native ? toLatin(p.surname.core, p.latin) : s}`, clue: full(p) };
  }
  if (others.length === 0) return { displayName: `${givenIn(p, { ...v, western: false })} ${s}`, clue: full(p) };
  const index = rng.pick(others);
  // A diminutive is informal: Russian speakers write it in the script they chat in.
  const voice = p.lang === 'ru' && rng.chance(0.3) ? { ...v, native: !v.native, western: false } : { ...v, western: false };
  return { displayName: `${givenIn(p, voice, index)} ${surnameIn(p, voice)}`, clue: full(p) };
}

function translit(rng: Rng, p: Person, v: Voice): Shown {
  const plain = `${givenIn(p, v)} ${surnameIn(p, v)}`;
  for (let attempt = 0; attempt < 8; attempt++) {
    const native = v.native ? false : rng.chance(0.45);
    const style = native ? v.style : attempt === 0 && v.native ? p.latin : latinStyle(rng, rng.pick(LATIN_SYSTEMS));
    const voice: Voice = { ...v, native, style, western: false };
    const text = `${givenIn(p, voice)} ${surnameIn(p, voice)}`;
    if (text !== plain) return { displayName: text, clue: full(p) };
  }
  return { displayName: `${givenIn(p, { ...v, native: true, western: false })} ${surnameIn(p, { ...v, native: true })}`, clue: full(p) };
}

const EMOJI = ['✨', '🌸', '🌿', '☀️', '💫', '🌻', '🍰', '📚', '🎨', '☕', '❤️', '🌷', '🐶', '🎮', '🧶', '🌊'];
const LABELS = {
  nl: ['bakken', 'koken', 'fotografie', 'reizen', 'tuin', 'boeken', 'hardlopen', 'interieur'],
  en: ['baking', 'cooking', 'photography', 'travel', 'garden', 'books', 'running', 'interiors'],
  ru: ['выпечка', 'фото', 'путешествия', 'книги', 'йога', 'рукоделие'],
} as const;
/** Titles people put before their name: Dutch academic ones, English forms of address. */
function titles(p: Person): readonly string[] {
  if (p.lang === 'nl') return ['drs.', 'ir.', 'mr.', 'ing.', 'dr.'];
  if (p.lang === 'en') return p.gender === 'f' ? ['Dr', 'Dr.', 'Mrs', 'Ms'] : ['Dr', 'Dr.', 'Mr'];
  return [];
}

/** Mathematical bold or bold-script letters: the "fancy font" of bio generators. */
function fancy(text: string, script: boolean): string {
  const upper = script ? 0x1d4d0 : 0x1d400;
  const lower = script ? 0x1d4ea : 0x1d41a;
  return [...text].map((c) => (/[A-Z]/.test(c) ? String.fromCodePoint(upper + c.charCodeAt(0) - 65) : /[a-z]/.test(c) ? String.fromCodePoint(lower + c.charCodeAt(0) - 97) : c)).join('');
}

const DECORATION = weighted({ emoji: 30, tag: 25, upper: 8, lower: 14, fancy: 8, title: 7, flag: 8 });

function decorated(rng: Rng, p: Person, v: Voice): Shown {
  const firstOnly = rng.chance(0.25);
  const base = firstOnly ? givenIn(p, v) : `${givenIn(p, v)} ${surnameIn(p, v)}`;
  const clue = firstOnly ? { given: nameKeys(p).given } : full(p);
  const e = rng.pick(EMOJI);
  let kind = DECORATION.pick(rng);
  if (kind === 'title' && (titles(p).length === 0 || firstOnly)) kind = 'emoji';
  if (kind === 'fancy' && !/^[A-Za-z ]+$/.test(base)) kind = 'emoji';
  const text = {
    emoji: () => rng.pick([`${e}${base}${e}`, `${e} ${base}`, `${base} ${e}`, `${base} ${e}${rng.pick(EMOJI)}`]),
    tag: () => `${base} ${rng.pick(['|', '•', '-', '·', '✦'])} ${p.lang === 'en' && rng.chance(0.3) ? pronouns(rng, p) : rng.pick(LABELS[p.lang])}`,
    upper: () => base.toUpperCase(),
    lower: () => base.toLowerCase(),
    fancy: () => fancy(base, rng.chance(0.5)),
    title: () => `${rng.pick(titles(p))} ${base}`,
    flag: () => `${base} ${country(p.city.country).flag}`,
  }[kind]();
  return { displayName: text, clue };
}

function short(rng: Rng, p: Person, v: Voice): Shown {
  const g = givenIn(p, v);
  const core = p.lang === 'ru' && !v.native ? toLatin(p.surname.core, v.style) : p.surname.core;
  const pre = p.surname.prefix;
  const initial = core[0] ?? '';
  const text = pre && rng.chance(0.4) ? `${g} ${rng.chance(0.5) ? abbreviatePrefix(rng, pre) : pre} ${initial}.` : rng.chance(0.85) ? `${g} ${initial}.` : `${g} ${initial}`;
  const keys = nameKeys(p);
  return { displayName: text, clue: { given: keys.given, surnameInitial: keys.surnameInitial } };
}

function familyName(rng: Rng, p: Person, v: Voice): Shown {
  const s = surnameIn(p, v);
  const core = p.surname.core;
  let text: string;
  if (p.lang === 'nl') text = rng.pick([`Fam. ${s}`, `Familie ${s}`, `Gezin ${s}`, `Fam ${capitalise(s)}`]);
  else if (p.lang === 'en') text = rng.pick([`The ${core}s`, `${core} Family`, `Team ${core}`]);
  else if (v.native) {
    const plural = core.replace(/(ов|ев|ёв|ин|ын)а?$/, '$1ы').replace(/(ск|цк)(ий|ая)$/, '$1ие');
    text = rng.pick([`Семья ${plural}`, plural]);
  } else text = `${capitalise(toLatin(p.surname.core.replace(/(ов|ев|ёв|ин|ын)а$/, '$1'), v.style))} family`;
  return { displayName: text, clue: { surname: nameKeys(p).surname } };
}

const PSEUDONYMS = {
  nl: ['Mama van 3', 'Tuinliefhebber', 'Boekenwurm', 'Bakfietsmoeder', 'Zonnestraal', 'Koffieleut', 'Hobbykok', 'Fietsfanaat', 'Zeeuws Meisje', 'Brabantse Bakker', 'Huismus', 'Klusvader', 'Slimme Shopper', 'Een tevreden klant', 'Kaaskop', 'Duinwandelaar', 'Oranjefan', 'Moestuinier'],
  en: ['BakingQueen', 'Tech Dad', 'Bookworm', 'Happy Camper', 'Coffee Addict', 'Gamer4Life', 'Vegan Mama', 'Dog Mum', 'Garden Gnome', 'Night Owl', 'The Reviewer', 'Savvy Shopper', 'Kitchen Witch', 'Wanderlust', 'J', 'Busy Mum of 3', 'Honest Reviewer', 'Grumpy Old Man', 'Cat Lady', 'TeaLover'],
  ru: ['Котик', 'Солнышко', 'Лисичка', 'Книголюб', 'Мама двоих', 'Кошатница', 'Путешественница', 'Сладкоежка', 'Хозяюшка', 'Zaya', 'Koshka', 'Любитель кофе', 'Просто мама', 'Ёжик', 'Tanya Travel'],
} as const;

function pseudonym(rng: Rng, p: Person): Shown {
  const base = rng.pick(PSEUDONYMS[rng.chance(0.25) ? 'en' : p.lang]);
  const r = rng.next();
  return { displayName: r < 0.15 ? `${base.replace(/\s+/g, '')}${rng.between(1, 99)}` : r < 0.25 ? base.toLowerCase() : base };
}

function noName(rng: Rng, p: Person, platform: string): Shown {
  if (platform === 'google') return { displayName: 'A Google User' };
  const code = p.city.country;
  const standIn = code === 'NL' || code === 'BE' ? rng.pick(['Amazon-klant', 'Amazon Customer', 'Kindle-klant']) : code === 'DE' ? rng.pick(['Amazon Kunde', 'Kindle-Kunde']) : rng.pick(['Amazon Customer', 'Amazon Customer', 'Kindle Customer']);
  return { displayName: standIn };
}

export interface NameRequest {
  presentation: Presentation;
  voice: Voice;
  platform: string;
  /** The handle a handle-only profile shows as its name on platforms that require one. */
  handle?: string;
  partner?: Surname;
}

export function showName(rng: Rng, p: Person, r: NameRequest): Shown {
  const v = r.voice;
  switch (r.presentation) {
    case 'full':
      return { displayName: `${givenIn(p, v)} ${surnameIn(p, v)}`, clue: full(p) };
    case 'variant':
      return variant(rng, p, v);
    case 'married':
      return married(rng, p, v, r.partner ?? p.surname);
    case 'nickname':
      return nickname(rng, p, v);
    case 'translit':
      return translit(rng, p, v);
    case 'typo': {
      const g = givenIn(p, v);
      const s = surnameIn(p, v);
      return { displayName: rng.chance(0.4) ? `${typo(rng, g)} ${s}` : `${g} ${typo(rng, s)}`, clue: full(p) };
    }
    case 'decorated':
      return decorated(rng, p, v);
    case 'short':
      return short(rng, p, v);
    case 'first': {
      const g = givenIn(p, v);
      return { displayName: rng.chance(0.15) ? g.toLowerCase() : g, clue: { given: nameKeys(p).given } };
    }
    case 'family':
      return familyName(rng, p, v);
    case 'pseudonym':
      return pseudonym(rng, p);
    case 'noName':
      return noName(rng, p, r.platform);
    case 'handleOnly': {
      // Instagram and Bluesky let the name be empty; TikTok, X and YouTube fill it with the handle.
      if (r.platform === 'instagram' || r.platform === 'bluesky' || !r.handle) return {};
      return { displayName: r.handle.replace(/^@/, '') };
    }
  }
}
