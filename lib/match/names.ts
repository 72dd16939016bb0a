/**
 * Person names: given names, Dutch surname prefixes and nicknames.
 *
 * A name is parsed into given names, a prefix code and a surname core, so
 * "Janneke van den Berg", "Berg, Janneke van den", "Janneke vd Berg",
 * "J. v.d. Berg" and "V/d Berg" all carry the core "berg" and the prefix
 * code "vd". Given names are compared through nickname groups keyed by the
 * skeleton, so Hans ~ Johannes, Kees ~ Cornelis and Саша ~ Sascha ~ Aleksandr.
 */
import { COMMON_GIVEN_NAMES } from './data/given-names';
import { DIMINUTIVES } from './data/diminutives';
import { NICKNAMES } from './data/nicknames';
import { SURNAME_PREFIXES } from './data/prefixes';
import { skeleton } from './skeleton';
import { fold } from '../text/fold';

export interface PersonName {
  /** Given names, folded; an initial is a single letter. */
  given: string[];
  /** The prefix as the initials of its words ('van den' -> 'vd', "'t" -> 't'); '' when none. */
  prefix: string;
  /** The surname without its prefix, folded; words of a double surname joined by a space. */
  surname: string;
}

// ---------------------------------------------------------------- nicknames

interface NameIndex {
  /** skeleton of a name -> skeletons of the formal names it is a form of (itself included). */
  roots: Map<string, string[]>;
  /** skeletons of every given name we know. */
  known: Set<string>;
  /** every given name we know as written (Latin, lower case), for cutting glued words exactly. */
  written: Set<string>;
}

let nameIndex: NameIndex | null = null;

function buildIndex(): NameIndex {
  const roots = new Map<string, string[]>();
  const known = new Set<string>();
  const written = new Set<string>();
  const add = (name: string, root: string) => {
    const list = roots.get(name);
    if (!list) roots.set(name, [name, root].filter((v, i, a) => a.indexOf(v) === i));
    else if (!list.includes(root)) list.push(root);
  };
  for (const table of [DIMINUTIVES, NICKNAMES]) {
    for (const line of table.split('\n')) {
      for (const w of line.trim().split(/\s+/)) if (w) written.add(w);
      const words = line.trim().split(/\s+/).filter(Boolean).map(skeleton);
      const [formal, ...nicks] = words;
      if (!formal) continue;
      known.add(formal);
      add(formal, formal);
      for (const nick of nicks) {
        known.add(nick);
        add(nick, formal);
      }
    }
  }
  for (const word of COMMON_GIVEN_NAMES.split(/\s+/)) {
    if (!word) continue;
    known.add(skeleton(word));
    written.add(word);
  }
  return { roots, known, written };
}

function index(): NameIndex {
  return (nameIndex ??= buildIndex());
}

/** The formal names a given name is a form of, as skeletons, itself first (Hans -> hans, johannes). */
export function givenRoots(name: string): readonly string[] {
  const s = skeleton(name);
  return index().roots.get(s) ?? [s];
}

/** The formal name two given names share when one is a nickname of the other (or both of a third), else null. */
export function sharedRoot(a: string, b: string): string | null {
  const ra = givenRoots(a);
  const rb = givenRoots(b);
  for (const r of ra) if (rb.includes(r)) return r;
  return null;
}

/** Whether a word is a given name we know (from the nickname tables or the common Dutch names), in any spelling. */
export function isGivenName(word: string): boolean {
  return word.length >= 2 && index().known.has(skeleton(word));
}

/** The Latin letter a Cyrillic initial is written with (Ж. Zhanna, Ю. Yulia, Х. Khristina, Ч. Chaikovskii). */
const CYRILLIC_INITIAL: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'z', з: 'z', и: 'i', й: 'i', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o',
  п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'h', ц: 't', ч: 'c', ш: 's', щ: 's', э: 'e', ю: 'i', я: 'i', і: 'i', є: 'e',
};

/**
 * The initial a given name starts with, comparable across alphabets and
 * spellings: Julia, J., Юлия and Yulia all start with i (j and y become i),
 * Cornelis, Catharina, Katharina and C. with k. It is read from the
 * first letter as written, not from the skeleton, whose word-initial rules
 * would take Jens and Jeroen for Elena's e.
 */
export function initialLetter(word: string): string {
  const ch = fold(word.trim()).charAt(0);
  const first = CYRILLIC_INITIAL[ch] ?? ch;
  if (first === 'j' || first === 'y') return 'i';
  if (first === 'c' || first === 'q') return 'k';
  if (first === 'w') return 'v';
  return first;
}

/** Whether a word is a given name we know exactly as written (for cutting glued words: "iak" is no name). */
export function isGivenNameAsWritten(word: string): boolean {
  return word.length >= 2 && index().written.has(word);
}

// ---------------------------------------------------------------- prefixes

const PREFIX_SEQUENCES: readonly string[][] = [...SURNAME_PREFIXES, "d'", "l'"].map((p) => p.split(' '));
const PREFIX_WORDS = new Set(SURNAME_PREFIXES.flatMap((p) => p.split(' ')));

/** Prefix abbreviations people type: vd, v.d., v/d, V.D., vdr, v/h, i/t, v. */
const PREFIX_ABBREVIATIONS: readonly (readonly [RegExp, string])[] = [
  [/^v\s*[./]?\s*d\s*[.r]?\.?$/i, 'vd'],
  [/^v\s*[./]\s*[ht]\.?$/i, 'vt'],
  [/^i\s*[./]\s*t\.?$/i, 'it'],
  [/^v\.$/i, 'v'],
];

/** Glued prefixes at the start of one word (handles, "Vandenberg"): longest first. */
const GLUED_PREFIXES: readonly (readonly [string, string])[] = [
  ['vanden', 'vd'], ['vander', 'vd'], ['vande', 'vd'], ['vanhet', 'vt'], ['vant', 'vt'], ['vd', 'vd'], ['van', 'v'],
  ['ten', 't'], ['ter', 't'], ['den', 'd'], ['de', 'd'],
];

/** The code of a prefix: the initial of each of its words ('van den' -> 'vd', 'van het' -> 'vt'). */
export function prefixCode(words: readonly string[]): string {
  return words.map((w) => (w === 'het' || w === "'t" || w === 't' ? 't' : w.replace(/^'/, '').charAt(0))).join('');
}

/** How a prefix may be glued to its surname in one word, by code ("vd" -> vandenberg, vanderberg, vandeberg). */
const GLUED_FORMS: Record<string, readonly string[]> = {
  v: ['van'], vd: ['vanden', 'vander', 'vande'], vt: ['vant', 'vanhet'], d: ['de', 'den', 'der'], t: ['ten', 'ter', 'te'], dl: ['dela'], it: ['int'],
};

/** The surname with its prefix glued on, as people write it in handles and some CRMs (van Es -> vanes). */
export function gluedSurnames(prefix: string, surname: string): string[] {
  const core = surname.replace(/\s+/g, '');
  return (GLUED_FORMS[prefix] ?? []).map((g) => g + core);
}

/** Two prefix codes are compatible when they are equal, one is missing, or one abbreviates the other (v / vd). */
export function prefixesCompatible(a: string, b: string): boolean {
  return a === '' || b === '' || a.startsWith(b) || b.startsWith(a);
}

/** Could this be the start of a surname? Not a doubled letter (de|kker) and a vowel soon (ter|pstra is no cut). */
function plausibleStart(rest: string): boolean {
  return rest.length >= 4 && rest[0] !== rest[1] && /[aeiouy]/.test(rest.slice(0, 3));
}

/**
 * Split a glued word into a prefix and a surname where that reads as one:
 * "vandenberg" -> vd + berg, "devries" -> d + vries; not "dekker" or "terpstra".
 */
export function unglue(word: string): { prefix: string; surname: string } | null {
  for (const [glued, code] of GLUED_PREFIXES) {
    if (word.startsWith(glued) && plausibleStart(word.slice(glued.length))) return { prefix: code, surname: word.slice(glued.length) };
  }
  return null;
}

// ---------------------------------------------------------------- parsing

interface Token {
  /** As typed, folded (for abbreviations such as v.d. and V/d). */
  raw: string;
  /** Letters (and inner apostrophes and hyphens) only. */
  word: string;
}

function tokens(text: string): Token[] {
  const out: Token[] = [];
  const pieces = fold(text)
    .replace(/[’`´‘]/g, "'")
    .split(/\s+/)
    // Initials written together ("j.k.") are initials, unless they are a prefix (v.d.).
    .flatMap((piece) => (/^(?:\p{L}\.){2,}$/u.test(piece) && !abbreviation(piece) ? piece.split(/(?<=\.)/) : [piece]));
  for (const piece of pieces) {
    if (!piece) continue;
    // d'Ancona, l'Ecluse: the particle is a prefix of its own.
    const elided = /^([dl])'(\p{L}{2,}.*)$/u.exec(piece);
    if (elided) {
      out.push({ raw: `${elided[1]}'`, word: `${elided[1]}'` });
      out.push({ raw: elided[2]!, word: clean(elided[2]!) });
      continue;
    }
    const word = clean(piece);
    if (word || abbreviation(piece)) out.push({ raw: piece, word });
  }
  return out;
}

function clean(piece: string): string {
  return piece
    .replace(/^'(?!t$)/, '')
    .replace(/[^\p{L}'-]+/gu, '')
    .replace(/^-+|-+$/g, '');
}

function abbreviation(raw: string): string | null {
  for (const [pattern, code] of PREFIX_ABBREVIATIONS) if (pattern.test(raw)) return code;
  return null;
}

/** The prefix that starts at tokens[i], if any: its code and how many tokens it spans. */
function prefixAt(list: readonly Token[], i: number): { code: string; length: number } | null {
  const abbr = abbreviation(list[i]!.raw);
  // A lone "v." after initials is more likely an initial; accept it as a prefix only before a long word.
  if (abbr && !(abbr === 'v' && (list[i + 1]?.word.length ?? 0) < 3)) return { code: abbr, length: 1 };
  for (const sequence of PREFIX_SEQUENCES) {
    if (i + sequence.length > list.length) continue;
    if (sequence.every((w, k) => list[i + k]!.word === w)) return { code: prefixCode(sequence), length: sequence.length };
  }
  return null;
}

const PATRONYMIC = /(?:ovich|evich|ovna|evna|ichna|ович|евич|овна|евна|ична|инична)$/;
const RUSSIAN_SURNAME = /(?:ov|ova|ev|eva|in|ina|sky|skaya|skii|ski|ская|ский|ов|ова|ев|ева|ин|ина)$/;

function givenWords(list: readonly Token[]): string[] {
  // Ol'ga (BGN's soft sign) is olga; 't and d' are no given names.
  return list
    .filter((t) => !/^(?:'t|[dl]')$/.test(t.word))
    .flatMap((t) => t.word.replace(/'/g, '').split('-'))
    .filter((w) => w !== '');
}

function surnameOf(list: readonly Token[]): string {
  return list
    .map((t) => t.word.replace(/'/g, ''))
    .join(' ')
    .replace(/-/g, ' ')
    .trim();
}

/** Parse "prefix core" or "core, prefix" or "core prefix" (how CRMs sort Dutch names). */
function parseSurnameTokens(list: Token[]): { prefix: string; surname: string } {
  if (list.length === 0) return { prefix: '', surname: '' };
  const lead = prefixAt(list, 0);
  if (lead && lead.length < list.length) return { prefix: lead.code, surname: surnameOf(list.slice(lead.length)) };
  // Trailing prefix: "Berg van den" as a CRM sorts it.
  for (let i = 1; i < list.length; i++) {
    const tail = prefixAt(list, i);
    if (tail && i + tail.length === list.length) return { prefix: tail.code, surname: surnameOf(list.slice(0, i)) };
  }
  if (list.length === 1) {
    const glued = /^v[./]?d[./]?(\p{L}{3,})$/u.exec(list[0]!.raw.replace(/\s/g, ''));
    if (glued) return { prefix: 'vd', surname: clean(glued[1]!) };
  }
  return { prefix: '', surname: surnameOf(list) };
}

/** Letters of the scripts whose names are short runs of syllables or characters: Han, Hangul, kana. */
const EAST_ASIAN = /[\p{Script=Han}\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const LETTER = /\p{L}/gu;

/** Whether every letter of a name is East Asian (王伟, 김민준, 山田 太郎): there are no initials or given-name tables to read it by. */
export function isEastAsianName(text: string): boolean {
  const letters = text.match(LETTER) ?? [];
  return letters.length > 0 && letters.every((l) => EAST_ASIAN.test(l));
}

/**
 * An East Asian name is read whole, family name first as it is written there (王伟 = 王 + 伟): a
 * one-character given name or family name is a name, not an initial, and where the family name ends is not
 * certain without a table. So the whole name is the surname, which blocks and compares exactly; a name
 * written in two parts may be in either order (伟 王 written the Western way round), so both readings.
 */
function eastAsianReadings(text: string): PersonName[] {
  const words = tokens(text)
    .map((t) => t.word)
    .filter(Boolean);
  if (words.length === 0) return [];
  const readings = [words.join('')];
  if (words.length === 2) readings.push(words[1]! + words[0]!);
  return readings.map((surname) => ({ given: [], prefix: '', surname }));
}

/**
 * Parse a display name as people write it. Returns the likely reading first
 * and, when the order is ambiguous ("Иванова Анна"), the other one too.
 */
export function parseName(text: string): PersonName[] {
  if (isEastAsianName(text)) return eastAsianReadings(text);
  const comma = text.indexOf(',');
  if (comma > 0) {
    // "Berg, van den" / "Berg, Janneke van den" / "Vries, J. de" / "Ivanova, Anna"
    const left = tokens(text.slice(0, comma));
    const right = tokens(text.slice(comma + 1));
    if (left.length > 0) {
      let prefix = '';
      let givenEnd = right.length;
      for (let i = 0; i < right.length; i++) {
        const p = prefixAt(right, i);
        if (p && i + p.length === right.length) {
          prefix = p.code;
          givenEnd = i;
          break;
        }
      }
      // "Catharina Ven, van de": the given name before the sorted surname.
      if (givenEnd === 0 && prefix && left.length >= 2 && !prefixAt(left, 0)) {
        return [{ given: givenWords(left.slice(0, -1)), prefix, surname: surnameOf(left.slice(-1)) }];
      }
      const core = parseSurnameTokens(left);
      return [{ given: givenWords(right.slice(0, givenEnd)), prefix: prefix || core.prefix, surname: core.surname }];
    }
  }
  let list = tokens(text);
  if (list.length === 0) return [];
  // Patronymics (Anna Sergeevna Ivanova) say nothing the CRM keeps.
  if (list.length >= 3) list = list.filter((t, i) => i === 0 || !PATRONYMIC.test(t.word));
  for (let i = 0; i < list.length - 1; i++) {
    // A prefix starts the surname; before it stand the given names (none is fine: "van den Berg").
    const p = prefixAt(list, i);
    if (p && i + p.length < list.length) {
      return [{ given: givenWords(list.slice(0, i)), prefix: p.code, surname: surnameOf(list.slice(i + p.length)) }];
    }
  }
  if (list.length === 1) {
    const only = list[0]!;
    const glued = parseSurnameTokens(list);
    if (glued.prefix) return [{ given: [], prefix: glued.prefix, surname: glued.surname }];
    // One word is a first name ("Janneke") or a surname ("Stephenson", as some sites and forms show
    // people): both readings, the given name first when it is one.
    const given: PersonName = { given: givenWords([only]), prefix: '', surname: '' };
    if (only.word.length <= 2) return [given];
    const surname: PersonName = { given: [], prefix: '', surname: surnameOf([only]) };
    return isGivenName(only.word) ? [given, surname] : [surname, given];
  }
  const last = list[list.length - 1]!;
  const first = list[0]!;
  const straight: PersonName = { given: givenWords(list.slice(0, -1)), prefix: '', surname: surnameOf([last]) };
  if (list.length === 3) return [straight, ...strayspaceReadings(list)];
  if (list.length !== 2 || last.word.length <= 1) return [straight];
  // Two words may be either way round ("Иванова Анна", "Smith Olivia"): both readings, the likelier first.
  const swapped: PersonName = { given: givenWords([last]), prefix: '', surname: surnameOf([first]) };
  const swappedLikelier = (isGivenName(last.word) && !isGivenName(first.word)) || (RUSSIAN_SURNAME.test(first.word) && !RUSSIAN_SURNAME.test(last.word));
  return swappedLikelier ? [swapped, straight] : [straight, swapped];
}

/** A stray space leaves a piece too short to be a name of its own ("Crossm An", "Wh Ite"). */
const STRAY_PIECE = 3;

/**
 * Two words as the one word they were before a space was typed inside it ("Wh" + "Ite"), or null when
 * neither is a short piece (two names) or one is an initial ("M.").
 */
function glued(a: Token, b: Token): Token | null {
  if (/\.$/.test(a.raw) || /\.$/.test(b.raw) || !a.word || !b.word) return null;
  if (Math.min(a.word.length, b.word.length) > STRAY_PIECE) return null;
  return { raw: a.raw + b.raw, word: a.word + b.word };
}

/**
 * Three words read as two, with a space typed inside one of them (a thumb on a phone's space bar:
 * "Joel Wh Ite", "Bri Dget Vincent", "Nguy En Eliza", surname first): after the plain reading, which
 * stays the likelier one. A glued word that is nobody's name finds no customer, so the extra readings
 * cost a few lookups, not wrong candidates.
 */
function strayspaceReadings([a, b, c]: readonly Token[]): PersonName[] {
  const out: PersonName[] = [];
  const surnameGlued = glued(b!, c!);
  if (surnameGlued) out.push({ given: givenWords([a!]), prefix: '', surname: surnameOf([surnameGlued]) });
  const frontGlued = glued(a!, b!);
  if (frontGlued) {
    out.push({ given: givenWords([frontGlued]), prefix: '', surname: surnameOf([c!]) });
    out.push({ given: givenWords([c!]), prefix: '', surname: surnameOf([frontGlued]) });
  }
  return out;
}

/**
 * A CRM's name fields: first name, last name (with its prefix in front, after
 * a comma or at the end) and an optional separate prefix column (tussenvoegsel).
 */
export function parseCustomerName(firstName = '', lastName = '', prefixField = ''): PersonName {
  // Family name first, the whole name as one: the reading a profile's East Asian name gets (parseName).
  if (isEastAsianName(`${firstName}${lastName}`)) return { given: [], prefix: '', surname: tokens(`${lastName} ${firstName}`).map((t) => t.word).join('') };
  const first = tokens(firstName);
  const last = tokens(lastName);
  if (last.length === 0 && first.length >= 2) return parseName(firstName)[0] ?? { given: [], prefix: '', surname: '' };
  let parsed = parseSurnameTokens(last);
  if (lastName.includes(',')) {
    const [core = '', rest = ''] = lastName.split(',', 2);
    const restTokens = tokens(rest);
    const p = restTokens.length > 0 ? prefixAt(restTokens, 0) : null;
    if (p) parsed = { prefix: p.code, surname: parseSurnameTokens(tokens(core)).surname };
  }
  const separate = tokens(prefixField);
  const prefix = separate.length > 0 ? (prefixAt(separate, 0)?.code ?? prefixCode(separate.map((t) => t.word))) : parsed.prefix;
  return { given: givenWords(first), prefix, surname: parsed.surname };
}

const GLUED_PREFIX_WORDS = new Set(GLUED_PREFIXES.map(([glued]) => glued));

/** Whether a word is a surname prefix, glued or not, or its abbreviation (for handle splitting). */
export function isPrefixWord(word: string): boolean {
  return PREFIX_WORDS.has(word) || GLUED_PREFIX_WORDS.has(word) || abbreviation(word) !== null;
}
