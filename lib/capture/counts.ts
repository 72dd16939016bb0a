/**
 * Counts as people read them, in the languages Earshot's users browse in:
 * "1.2M", "12K", "1,2 mln.", "12,3 тыс.", "1.234 volgers", "1 234" (with a
 * narrow no-break space), "4,69 millones de suscriptores", "6,8 K vídeos".
 * Every parser returns a plain non-negative integer, or undefined when the
 * text holds no count: a wrong number is worse than none.
 */

/** Digits grouped by spaces or apostrophes ("1 234", "12’345"), or digits with dots and commas. */
const NUMBER =
  /\d{1,3}(?:[\u0020\u00A0\u202F\u2009\u2007'’]\d{3})+(?!\d)(?:[.,]\d+)?|\d+(?:[.,]\d+)*/u;

/** Multipliers after a number, longest spellings first so "millones" is not read as "mil". */
const MULTIPLIERS: readonly (readonly [RegExp, number])[] = [
  [/^(?:billions?|milliards?|mrd|mld|md|млрд|bn|b)\.?(?![\p{L}])/iu, 1e9],
  [
    /^(?:millions?|millones|millón|millon|miljoen|milioni|milione|milhões|milhão|mln|mio|mill|млн|mn|mi|m)\.?(?![\p{L}])/iu,
    1e6,
  ],
  [/^(?:thousand|tausend|тыс|тис|tys|mil|k)\.?(?![\p{L}])/iu, 1e3],
  [/^[億亿억]/u, 1e8],
  [/^[万萬만]/u, 1e4],
];

const GROUPING_SPACE = /[\u0020\u00A0\u202F\u2009\u2007'’]/g;

/**
 * The first count in a text, or undefined. "1.2M followers" -> 1200000,
 * "1.234 volgers" -> 1234, "12,3 тыс." -> 12300, "4,69 M de suscriptores" -> 4690000.
 */
export function parseCount(value: string | undefined | null): number | undefined {
  if (!value) return undefined;
  const match = NUMBER.exec(value);
  if (!match) return undefined;
  return countAt(value, match[0], match.index);
}

function countAt(value: string, token: string, index: number): number | undefined {
  const [multiplier] = multiplierAt(value.slice(index + token.length));
  const number = readNumber(token, multiplier !== 1);
  if (number === undefined) return undefined;
  const result = number * multiplier;
  if (multiplier === 1 && !Number.isInteger(result)) return undefined;
  const rounded = Math.round(result);
  return Number.isSafeInteger(rounded) && rounded >= 0 ? rounded : undefined;
}

/** The multiplier right after a number (spaces allowed) and how many characters it takes; [1, 0] when none. */
function multiplierAt(rest: string): [number, number] {
  const spaces = /^[\s\u00A0\u202F]*/u.exec(rest)?.[0].length ?? 0;
  const word = rest.slice(spaces);
  for (const [pattern, factor] of MULTIPLIERS) {
    const m = pattern.exec(word);
    if (m) return [factor, spaces + m[0].length];
  }
  return [1, 0];
}

/**
 * A number token with its separators resolved. Two kinds of separator: the
 * last one is the decimal mark. One kind used more than once: grouping. One
 * separator followed by exactly three digits: grouping ("1.234", "1,234"),
 * unless a multiplier follows ("1.234K" is a decimal); otherwise decimal.
 */
function readNumber(token: string, hasMultiplier: boolean): number | undefined {
  let t = token.replace(GROUPING_SPACE, '');
  const dots = t.split('.').length - 1;
  const commas = t.split(',').length - 1;
  if (dots > 0 && commas > 0) {
    const decimal = t.lastIndexOf('.') > t.lastIndexOf(',') ? '.' : ',';
    const grouping = decimal === '.' ? ',' : '.';
    t = t.split(grouping).join('').replace(decimal, '.');
  } else if (dots + commas > 1) {
    t = t.replace(/[.,]/g, '');
  } else if (dots + commas === 1) {
    const [, after = ''] = t.split(/[.,]/);
    t = after.length === 3 && !hasMultiplier ? t.replace(/[.,]/, '') : t.replace(',', '.');
  }
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

/** What a labelled count counts. */
export type CountKind = 'followers' | 'following' | 'posts' | 'likes' | 'reviews';

/** Labels after a count, per kind, in the users' languages; "following" is tried before "followers". */
const LABELS: readonly (readonly [CountKind, RegExp])[] = [
  ['following', /^(?:following|follows|volgend|gefolgt|abonnements|suivi\(?e?\)?s|siguiendo|seguidos|seguindo|подписок|подписки)(?![\p{L}])/iu],
  [
    'followers',
    /^(?:followers?|subscribers?|volgers|abonnees|abonnenten|abonnés|abonné\(?e?\)?s|seguidores|suscriptores|inscritos|iscritti|follower|подписчик\p{L}*|фолловер\p{L}*)(?![\p{L}])/iu,
  ],
  [
    'posts',
    /^(?:posts?|tweets?|videos?|vídeos|vidéos|video's|berichten|beiträge|publications?|publicaciones|publicações|pubblicazioni|публикаци\p{L}*|пост\p{L}*|видео)(?![\p{L}])/iu,
  ],
  ['likes', /^(?:likes?|vind-ik-leuks|me gusta|j[’']aime|mentions j[’']aime|gefällt mir|curtidas|нравится|отметок)(?![\p{L}])/iu],
  [
    'reviews',
    /^(?:reviews?|recensies?|beoordelingen|rezensionen|bewertungen|avis|reseñas|opiniones|recensioni|avaliações|отзыв\p{L}*)(?![\p{L}])/iu,
  ],
];

const NUMBERS = new RegExp(NUMBER.source, 'gu');

/**
 * Counts followed by their label in one text: "2,362 Followers, 136 Following,
 * 224 Posts" -> { followers: 2362, following: 136, posts: 224 }. The first
 * count of each kind wins.
 */
export function parseLabelledCounts(value: string | undefined | null): Partial<Record<CountKind, number>> {
  const result: Partial<Record<CountKind, number>> = {};
  if (!value) return result;
  for (const match of value.matchAll(NUMBERS)) {
    const index = match.index;
    const count = countAt(value, match[0], index);
    if (count === undefined) continue;
    // Past the multiplier ("1.1M followers") and a Spanish / French "de" / "d'" to the label.
    let after = value.slice(index + match[0].length);
    after = after.slice(multiplierAt(after)[1]).replace(/^[\s\u00A0\u202F]*(?:de[\s\u00A0]+|d['’])?/iu, '');
    for (const [kind, pattern] of LABELS) {
      if (result[kind] === undefined && pattern.test(after)) {
        result[kind] = count;
        break;
      }
    }
  }
  return result;
}

/** Words for "one" in "One person found this helpful" and its translations. */
const ONE =
  /(?<![\p{L}])(?:one|a single|eine?|einer|e[eé]n|één|une?|una|uno|um|uma|ett|jeden|jedna|одн\p{L}*|один)(?![\p{L}])/iu;

/**
 * Helpful votes from a sentence such as "3 people found this helpful", "One
 * person found this helpful", "Eén persoon vond dit nuttig", "Eine Person fand
 * diese Informationen hilfreich", "Une personne a trouvé cela utile".
 */
export function parseHelpfulVotes(value: string | undefined | null): number | undefined {
  if (!value) return undefined;
  const count = parseCount(value);
  if (count !== undefined) return count;
  return ONE.test(value) ? 1 : undefined;
}
