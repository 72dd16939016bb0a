/**
 * Russian names in Latin letters, the ways they really come out: the passport
 * systems of 1997-2010 and since 2013 (ICAO Doc 9303), BGN/PCGN as registries and
 * atlases write it, the informal English spelling people pick for themselves
 * (Yulia, Dmitry, Alexey), the ASCII "c for ц" habit of Russian web forms
 * (Kuznecova, Mihail) and the German spelling of Russian-Germans (Kusnezowa).
 * Each system is written out here from its published table, not derived from
 * any other transliterator.
 */

export const LATIN_SYSTEMS = ['icao', 'mvd', 'bgn', 'informal', 'simple', 'german'] as const;
export type LatinSystem = (typeof LATIN_SYSTEMS)[number];

/**
 * One person's way of writing: the system plus the choices the informal
 * spelling leaves open (Fyodor or Fedor, Yelena or Elena, Natalia or Natalya,
 * Sergei or Sergey). A person keeps their choices everywhere they write.
 */
export interface LatinStyle {
  system: LatinSystem;
  /** ё as "yo" (Fyodor, Artyom) rather than "e". */
  yo: boolean;
  /** е at the start of a word or after a vowel as "ye" (Yelena, Alekseyev). */
  ye: boolean;
  /** ь or и before a vowel as "i" (Natalia, Yulia) rather than "y" (Natalya, Yuliya). */
  ia: boolean;
  /** й closing ей/ай as "i" (Sergei, Nikolai) rather than "y" (Sergey, Nikolay). */
  ei: boolean;
}

const VOWELS = 'аеёиоуыэюя';
const HUSHING = 'жшчщ';

/** One letter in a set ('' is in every string, so test it apart). */
function isIn(set: string, c: string): boolean {
  return c !== '' && set.includes(c);
}

const BASE: Readonly<Record<string, string>> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm',
  н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch',
  ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
};

const OVERRIDES: Readonly<Record<LatinSystem, Readonly<Record<string, string>>>> = {
  icao: { й: 'i', ю: 'iu', я: 'ia', ъ: 'ie' },
  mvd: {},
  bgn: { ё: 'ë', ь: '’', ъ: '”' },
  informal: {},
  simple: { й: 'j', х: 'h', ц: 'c', щ: 'sch', ю: 'ju', я: 'ja' },
  german: { в: 'w', ж: 'sch', з: 's', й: 'j', х: 'ch', ц: 'z', ч: 'tsch', ш: 'sch', щ: 'schtsch', ю: 'ju', я: 'ja', ё: 'jo' },
};

interface Context {
  prev: string;
  next: string;
  atEnd: boolean;
  /** At the start of the word, after a vowel or after ь/ъ: where е is pronounced "ye". */
  iotated: boolean;
}

function letter(c: string, x: Context, s: LatinStyle): string {
  const sys = s.system;
  switch (c) {
    case 'е':
      // After ь the informal spelling has already written the y (Vasilyev).
      if (x.iotated && !(sys === 'informal' && x.prev === 'ь')) {
        if (sys === 'bgn') return 'ye';
        if (sys === 'german') return 'je';
        if (sys === 'informal' && s.ye) return 'ye';
      }
      return 'e';
    case 'ё':
      if (sys === 'bgn') return x.iotated ? 'yë' : 'ë';
      if (sys === 'german') return isIn(HUSHING, x.prev) ? 'o' : 'jo';
      if (sys === 'informal' && s.yo) return isIn(HUSHING, x.prev) || x.prev === 'ь' ? 'o' : 'yo';
      return 'e';
    case 'й':
      if (x.atEnd && x.prev === 'и') {
        if (sys === 'informal') return 'y';
        if (sys === 'german') return '';
      }
      if (x.atEnd && x.prev === 'ы' && (sys === 'informal' || sys === 'german')) return '';
      if (x.atEnd && (x.prev === 'е' || x.prev === 'а' || x.prev === 'о' || x.prev === 'у')) {
        if (sys === 'german' || (sys === 'informal' && s.ei && x.prev !== 'о')) return 'i';
      }
      return OVERRIDES[sys][c] ?? 'y';
    case 'ь':
      if (isIn(VOWELS, x.next)) {
        if (sys === 'informal') return s.ia && x.next !== 'и' ? 'i' : 'y';
        if (sys !== 'bgn') return '';
      }
      return OVERRIDES[sys][c] ?? '';
    case 'я':
    case 'ю':
      if (x.prev === 'ь' && sys === 'informal') return c === 'я' ? 'a' : 'u';
      if (x.prev === 'и' && c === 'я' && sys === 'informal' && s.ia) return 'a';
      return OVERRIDES[sys][c] ?? (BASE[c] as string);
    case 'с':
      if (sys === 'german' && isIn(VOWELS, x.prev) && isIn(VOWELS, x.next)) return 'ss';
      return 's';
    default:
      return OVERRIDES[sys][c] ?? BASE[c] ?? c;
  }
}

function transliterateWord(lower: string, s: LatinStyle, given: boolean): string {
  let out = '';
  for (let i = 0; i < lower.length; i++) {
    const c = lower[i] as string;
    const prev = lower[i - 1] ?? '';
    const next = lower[i + 1] ?? '';
    // Alexey, Maxim, Xenia: people spell their own given name with an x.
    if (c === 'к' && next === 'с' && given && (s.system === 'informal' || s.system === 'german')) {
      out += 'x';
      i += 1;
      continue;
    }
    // Dmitry, Yury: the informal spelling folds the ending -ий into -y (written by the й).
    if (c === 'и' && next === 'й' && i === lower.length - 2 && s.system === 'informal') continue;
    out += letter(c, { prev, next, atEnd: i === lower.length - 1, iotated: prev === '' || isIn(VOWELS, prev) || prev === 'ь' || prev === 'ъ' }, s);
  }
  // -ский: Kovalsky, Kowalski. The German spelling drops the final y.
  if (s.system === 'german') out = out.replace(/skij$/, 'ski').replace(/zkij$/, 'zki');
  return out;
}

function caseLike(source: string, latin: string): string {
  if (latin === '') return latin;
  const letters = source.replace(/[^\p{L}]/gu, '');
  if (letters.length > 1 && letters === letters.toUpperCase()) return latin.toUpperCase();
  const first = source[0] ?? '';
  return first !== first.toLowerCase() ? (latin[0] as string).toUpperCase() + latin.slice(1) : latin;
}

const written = new Map<string, string>();

/** A name (one or more words, hyphens kept) in Cyrillic, written in Latin letters by one person's style. */
export function toLatin(cyrillic: string, style: LatinStyle, options: { given?: boolean } = {}): string {
  // The same few thousand names are written the same few ways a million times over: remember them.
  // Only the informal spelling has choices; the other systems write a name one way.
  const choices = style.system === 'informal' ? `${+style.yo}${+style.ye}${+style.ia}${+style.ei}` : '';
  const key = `${style.system}${choices}${+(options.given ?? false)}${cyrillic}`;
  const known = written.get(key);
  if (known !== undefined) return known;
  const out = transliterate(cyrillic, style, options.given ?? false);
  if (written.size < 400_000) written.set(key, out);
  return out;
}

function transliterate(cyrillic: string, style: LatinStyle, given: boolean): string {
  return cyrillic
    .split(/([\s-]+)/)
    .map((part) => (/^[\s-]*$/.test(part) ? part : caseLike(part, transliterateWord(part.toLowerCase(), style, given))))
    .join('');
}

/** A plain ASCII rendering, as used inside e-mail addresses and handles. */
export function asciiFold(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return text.replace(/'/g, '');
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’'”ʹʺ]/g, '')
    .replace(/ß/g, 'ss')
    .replace(/[øØ]/g, 'o')
    .replace(/[łŁ]/g, 'l')
    .replace(/[ıİ]/g, 'i');
}

export function hasCyrillic(text: string): boolean {
  return /[\u0400-\u04ff]/.test(text);
}
