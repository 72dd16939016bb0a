/**
 * A canonical Latin skeleton of a name word, so that spellings of the same
 * name in either alphabet and under any transliteration standard compare equal:
 * Екатерина, Ekaterina, Yekaterina, Jekaterina -> ekaterina; Юлия, Iuliia,
 * Yuliya, Julia -> iulia; Müller, Mueller, Muller -> muler; Dijkstra, Dykstra
 * -> dikstra. It is deliberately lossy (it is only ever compared with another
 * skeleton) and it is a comparison level of its own, weaker than exact. Words
 * in other scripts (محمد, 王伟, Ελένη) keep their letters as written.
 *
 * A phonetic code, coarser still, serves blocking: it tolerates the spelling
 * slips the skeleton keeps apart (Jansen / Janssen / Jansens share one).
 */
import { memo } from './memo';
import { fold } from '../text/fold';

/** Cyrillic to a plain Latin: one letter, one choice; the Latin rules below absorb the other standards. */
const CYRILLIC: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ж: 'zh', з: 'z', и: 'i', й: 'i', к: 'k', л: 'l', м: 'm',
  н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'h', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'sh',
  ъ: '', ы: 'i', ь: '', э: 'e', ю: 'iu', я: 'ia',
  // Ukrainian and Belarusian letters people also type in names.
  і: 'i', ї: 'i', є: 'e', ґ: 'g', ў: 'u',
};

/** Letters of the scholarly standards (GOST 7.79, scientific) that folding would lose. */
const SCHOLARLY: Record<string, string> = { ž: 'zh', č: 'ch', š: 'sh', ŝ: 'shch', â: 'ia', û: 'iu', è: 'e' };

function cyrillicToLatin(word: string): string {
  let out = '';
  for (const ch of word) out += CYRILLIC[ch] ?? ch;
  return out;
}

/** Rewrites applied in order to a folded Latin word. */
const RULES: readonly (readonly [RegExp, string])[] = [
  [/[^a-z]/g, ''],
  // A glide between vowels before e, before the umlaut rules see "oe" (Dostoyevskiy, Dostoevskii; Sergeyeva, Sergeeva).
  [/([aeiou])[iyj](?=e)/g, '$1'],
  // German umlauts written out (Mueller, Goebel, Kaese) and Flemish ae.
  [/ue/g, 'u'],
  [/oe/g, 'o'],
  [/ae/g, 'a'],
  // Russian ч and щ under German, French, Telegram and other schemas.
  [/tsch|tch/g, 'ch'],
  [/shch|shh|sch/g, 'sh'],
  [/sc(?=[ieu])/g, 'sh'],
  // ж as zh / j (Zhukov, Jukov).
  [/zh/g, 'j'],
  // х as kh / h / ch (Mikhail, Mihail, Michail).
  [/kh/g, 'h'],
  [/([aeiou])ch([aeiou])/g, '$1h$2'],
  [/ph/g, 'f'],
  [/th/g, 't'],
  [/ck/g, 'k'],
  [/x/g, 'ks'],
  [/q/g, 'k'],
  // ц written ts / tz / c (Zaitseva, Zaitzeva, Zaiceva; Kuznetsov, Kuznecov) before a vowel, then as c.
  [/tz/g, 'ts'],
  [/ts(?=[aeiouy])/g, 'c'],
  [/c(?=[eiy])/g, 's'],
  [/c(?!h)/g, 'k'],
  [/w/g, 'v'],
  // Dutch ij is y (Rooij, Rooy); y and j as vowels or glides are i (Yulia, Julia, Natalja).
  [/ij/g, 'i'],
  // й written j after a vowel (GOST, scientific: Sergej, Čajkovskij).
  [/([aeiou])j/g, '$1i'],
  [/y/g, 'i'],
  [/j(?=[aeiou])/g, 'i'],
  // A glide between vowels before e (Sergeyeva, Sergeeva; Andreyev, Andreev).
  [/([aeiou])i(?=e)/g, '$1'],
  [/ou/g, 'u'],
  // Word-initial е written ye / je (Yelena, Jelena, Elena).
  [/^ie/, 'e'],
  // ё written yo / io / e (Artyom, Artiom, Artem) and ье written ye / ie / e (Solovyeva, Soloveva).
  [/([bdfghklmnprstvz])io/g, '$1e'],
  [/([bdfghklmnprstvz])ie/g, '$1e'],
  // Aleksandr / Alexander.
  [/ndr$/, 'nder'],
  // Doubled letters (Janssen, Maarten, Anna, Alla).
  [/(.)\1+/g, '$1'],
];

/** Letters of scripts the rules know (Latin and Cyrillic); a word with letters of any other script is kept as written. */
const OTHER_SCRIPT = /(?![\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Common}\p{Script=Inherited}])\p{L}/u;

/** The skeleton of one word (already folded or not). */
export const skeleton: (word: string) => string = memo((word) => {
  const lowered = word.normalize('NFKC').toLowerCase();
  // Arabic, Chinese, Greek, Hebrew...: no transliteration here, so the word blocks and compares as written.
  if (OTHER_SCRIPT.test(lowered)) return lowered.replace(/[^\p{L}\p{M}\p{N}]/gu, '');
  let s = fold(lowered.replace(/[žčšŝâûè]/g, (c) => SCHOLARLY[c] ?? c));
  if (/[\u0400-\u04FF]/.test(s)) s = cyrillicToLatin(s);
  for (const [pattern, replacement] of RULES) s = s.replace(pattern, replacement);
  return s;
}, 50_000);

/** Consonant classes of the phonetic code: letters that people swap keep one code. */
const PHONETIC_CLASS: Record<string, string> = {
  b: 'p', p: 'p', d: 't', t: 't', g: 'k', k: 'k', h: '', v: 'f', f: 'f', s: 's', z: 's', l: 'l', r: 'r', m: 'n', n: 'n',
};

/**
 * A short phonetic code of a word's skeleton: its first letter, then its
 * consonants by class (b/p, d/t, g/k, v/f/w, s/z, m/n), vowels and h dropped,
 * repeats merged, at most six characters. Vries and Fries share one, as do
 * Jansen and Janssen, Ivanov and Ivanova, Smirnova and Smirnowa.
 */
export const phonetic: (word: string) => string = memo(phoneticOf);

function phoneticOf(word: string): string {
  const s = skeleton(word);
  if (s === '') return '';
  let code = PHONETIC_CLASS[s[0]!] || s[0]!;
  let last = code;
  for (let i = 1; i < s.length && code.length < 6; i++) {
    const c = PHONETIC_CLASS[s[i]!];
    if (c === undefined) {
      // A vowel (or i/j/c already rewritten) separates repeats: Anna-na stays one n, Nanna two.
      last = '';
      continue;
    }
    if (c === '' || c === last) continue;
    code += c;
    last = c;
  }
  return code;
}
