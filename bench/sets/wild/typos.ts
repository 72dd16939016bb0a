/**
 * The slips people make typing a name or a town: a neighbouring key (on a
 * QWERTY or ЙЦУКЕН keyboard), a dropped, doubled or swapped letter, or a
 * spelling by ear (Meijer/Meyer, Kristina/Christina). Rates from spelling-error
 * studies: about 80% of misspellings are one such single edit (Damerau 1964).
 */
import { type Rng, weighted } from './rng';

const KEYBOARDS = [
  ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'],
  ['йцукенгшщзхъ', 'фывапролджэ', 'ячсмитьбю'],
] as const;

const NEIGHBOURS = new Map<string, string>();
for (const rows of KEYBOARDS) {
  rows.forEach((row, r) => {
    for (let i = 0; i < row.length; i++) {
      const near = [row[i - 1], row[i + 1], rows[r - 1]?.[i], rows[r - 1]?.[i + 1], rows[r + 1]?.[i], rows[r + 1]?.[i - 1]];
      NEIGHBOURS.set(row[i] as string, near.filter((c): c is string => c !== undefined).join(''));
    }
  });
}

/** Spellings by ear, each way round. */
const SOUND_ALIKE: readonly (readonly [string, string])[] = [
  ['ij', 'y'],
  ['ei', 'ij'],
  ['ou', 'au'],
  ['dt', 't'],
  ['ck', 'k'],
  ['ph', 'f'],
  ['ch', 'k'],
  ['ks', 'x'],
  ['ss', 's'],
  ['ll', 'l'],
  ['nn', 'n'],
  ['tt', 't'],
  ['ie', 'i'],
  ['oo', 'o'],
  ['ee', 'e'],
  ['c', 'k'],
  ['z', 's'],
  ['ё', 'е'],
  ['ы', 'и'],
  ['нн', 'н'],
  ['лл', 'л'],
];

const EDITS = weighted({ neighbour: 30, drop: 25, swap: 20, double: 13, sound: 12 });

function sameCase(model: string, c: string): string {
  return model === model.toUpperCase() && model !== model.toLowerCase() ? c.toUpperCase() : c;
}

/** The positions of letters that may be edited: a slip rarely hits the first letter. */
function letterPositions(text: string): number[] {
  const out: number[] = [];
  for (let i = 1; i < text.length; i++) if (/\p{L}/u.test(text[i] as string)) out.push(i);
  return out;
}

/** One slip in the text; the text unchanged only when it has no letter to slip on. */
export function typo(rng: Rng, text: string): string {
  const positions = letterPositions(text);
  if (positions.length === 0) return text;
  for (let attempt = 0; attempt < 6; attempt++) {
    const out = edit(rng, text, positions);
    if (out !== text) return out;
  }
  const i = positions[positions.length - 1] as number;
  return text.slice(0, i) + text.slice(i + 1);
}

function edit(rng: Rng, text: string, positions: readonly number[]): string {
  const i = rng.pick(positions);
  const c = text[i] as string;
  switch (EDITS.pick(rng)) {
    case 'neighbour': {
      const near = NEIGHBOURS.get(c.toLowerCase());
      return near ? text.slice(0, i) + sameCase(c, rng.pick([...near])) + text.slice(i + 1) : text;
    }
    case 'drop':
      return text.slice(0, i) + text.slice(i + 1);
    case 'swap': {
      const next = text[i + 1];
      return next && /\p{L}/u.test(next) && next !== c ? text.slice(0, i) + next + c + text.slice(i + 2) : text;
    }
    case 'double':
      return text.slice(0, i) + c + text.slice(i);
    case 'sound': {
      const lower = text.toLowerCase();
      const options = SOUND_ALIKE.flatMap(([a, b]) => [
        [a, b],
        [b, a],
      ]).filter(([from]) => lower.indexOf(from as string, 1) > 0);
      if (options.length === 0) return text;
      const [from, to] = rng.pick(options) as [string, string];
      const at = lower.indexOf(from, 1);
      return text.slice(0, at) + sameCase(text[at] as string, to) + text.slice(at + from.length);
    }
  }
}
