/**
 * Text folding, for matching and for search: what two spellings of the same name have in
 * common once case, diacritics, fancy Unicode letters, emoji and decorations
 * are set aside. Cyrillic stays Cyrillic here; lib/match/skeleton.ts brings both
 * alphabets together for matching.
 */

/** Latin letters whose base letter is not reached by stripping combining marks. */
const LATIN_SPECIAL: Record<string, string> = {
  ß: 'ss',
  ẞ: 'ss',
  ø: 'o',
  æ: 'ae',
  œ: 'oe',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
  ŋ: 'n',
  ħ: 'h',
};

const NON_ASCII_LATIN = /[\u00C0-\u024F\u1E00-\u1EFF]/g;
const COMBINING = /\p{M}+/gu;

/**
 * Lower case, NFKC (so 𝓙𝓪𝓷 and Ｊａｎ become jan), Latin diacritics removed
 * (José -> jose, Müller -> muller), ё -> е. Everything else is kept.
 */
export function fold(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(NON_ASCII_LATIN, (c) => LATIN_SPECIAL[c] ?? c.normalize('NFD').replace(COMBINING, ''));
}

/** Letters (any script) and digits; the rest becomes a space. Apostrophes inside words go ('t -> t). */
export function lettersAndDigits(folded: string): string {
  return folded
    .replace(/['’`´]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Only letters of any script, joined: "J.K. van-der Berg" -> "jkvanderberg" (after fold). */
export function lettersOnly(folded: string): string {
  return folded.replace(/[^\p{L}]+/gu, '');
}

const EMOJI = /[\p{Extended_Pictographic}\p{Regional_Indicator}\u{FE0E}\u{FE0F}\u{200D}\u{20E3}\u{1F3FB}-\u{1F3FF}]/gu;
/** Symbols people put around names: stars, hearts, arrows, box drawing, dingbats. */
const SYMBOLS = /[\p{So}\p{Sk}\p{Sm}\p{Co}]/gu;
/** Separators that start a tagline after the name: "Janneke | bakes", "Anna • Utrecht", "Tom - vlogger". */
const TAGLINE = /\s[|•·~—–]\s|\s-\s|\s\/\/\s|[|•·]/;
/** Pronouns and honorifics people add to a display name. */
const PRONOUNS = /\(?\b(?:she|he|they|zij|hij|hen|ze)\s*\/\s*(?:her|him|them|haar|hem|hun|zij|hen)\b\)?/giu;
const TITLES = new Set([
  'dr', 'drs', 'ir', 'ing', 'mr', 'mrs', 'ms', 'miss', 'prof', 'mevr', 'mevrouw', 'dhr', 'heer', 'sir', 'dame', 'bsc', 'msc', 'phd', 'md', 'jr', 'sr',
  'official', 'officiel', 'real', 'the',
]);

/** Is a character a Latin-script or Cyrillic letter? (Names we handle are written in one of the two.) */
function hasLetters(text: string): boolean {
  return /\p{L}/u.test(text);
}

/**
 * A display name without its decorations: emoji and symbols, a tagline after
 * a separator, pronouns, bracketed remarks, honorifics.
 * "✨Janneke vd Berg✨ | bakes 🍰" -> "Janneke vd Berg"; "JANNEKE 🌷" -> "JANNEKE";
 * "Dr. Anna Smirnova (she/her)" -> "Anna Smirnova".
 */
export function stripDecorations(displayName: string): string {
  // A tagline after a separator: keep the first part that has letters.
  const parts = displayName.normalize('NFKC').replace(PRONOUNS, ' ').split(TAGLINE).filter(hasLetters);
  let text = (parts[0] ?? '').replace(EMOJI, ' ').replace(SYMBOLS, ' ');
  text = text.replace(/\([^)]*\)|\[[^\]]*\]/g, ' ');
  const words = text
    .split(/\s+/)
    .filter((w) => w !== '')
    .filter((w, i, all) => !(TITLES.has(w.toLowerCase().replace(/\.$/, '')) && all.length > 1));
  return words.join(' ').replace(/\s+,/g, ',').trim();
}

/** A 53-bit string hash (cyrb53): fast, well mixed, the same on every platform. */
export function hash53(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/**
 * A key that depends only on `text`, for a record a receiver must recognise
 * when it is sent again (a CRM note, a CRM task): two seeds of hash53 give
 * about 106 bits, so distinct texts do not share a key in practice.
 */
export function stableKey(prefix: string, text: string): string {
  return `${prefix}-${hash53(text, 1).toString(36)}${hash53(text, 2).toString(36)}`;
}
