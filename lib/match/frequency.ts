/**
 * How common a name is, from the customer base, with Good-Turing smoothing.
 *
 * A term-frequency adjustment takes u for "both have surname X" to be X's
 * frequency. Counting X among N customers and dividing by N overstates it for
 * the many names seen once: most of them are rarer than 1 in N, which is why
 * they were seen only once. Good-Turing (Good 1953) corrects a count c to
 * c* = (c + 1) n(c+1) / n(c), where n(c) is the number of names seen c times;
 * with a realistic long tail of names a name seen once counts as a fraction
 * of one. Counts of counts are kept per key family (surnames, full names,
 * identifiers) and come from the candidate store.
 */

/** Key families whose counts of counts are kept. */
export const FREQUENCY_FAMILIES = ['s', 'n', 'h'] as const;
export type FrequencyFamily = (typeof FREQUENCY_FAMILIES)[number];

/** n(c) for c = 1 .. MAX_COUNT, per family (index 0 is n(1)). */
export type CountsOfCounts = Record<FrequencyFamily, number[]>;

export const MAX_COUNT = 8;
/** Below this many names in n(c) or n(c+1) the ratio is noise: keep the raw count. */
const MIN_SUPPORT = 5;

export function emptyCountsOfCounts(): CountsOfCounts {
  return { s: new Array<number>(MAX_COUNT).fill(0), n: new Array<number>(MAX_COUNT).fill(0), h: new Array<number>(MAX_COUNT).fill(0) };
}

/** Record that one key of a family is held by `count` customers (or, with by = -1, no longer). */
export function addCount(table: CountsOfCounts, family: string, count: number, by = 1): void {
  const row = (table as Record<string, number[] | undefined>)[family];
  if (row && count >= 1 && count <= MAX_COUNT) row[count - 1] = Math.max(0, row[count - 1]! + by);
}

/** The Good-Turing count of a key seen `count` times; never above the raw count. */
export function smoothedCount(table: CountsOfCounts | undefined, family: FrequencyFamily, count: number): number {
  if (!table || count < 1 || count >= MAX_COUNT) return count;
  const nc = table[family][count - 1]!;
  const next = table[family][count]!;
  if (nc < MIN_SUPPORT || next < MIN_SUPPORT) return count;
  return Math.min(count, ((count + 1) * next) / nc);
}

/** What the scorer needs to weigh agreement on common values less: counts of counts, customers per city and per given name. */
export interface TermFrequencies {
  countsOfCounts: CountsOfCounts;
  /** Customers per city id (Place.city); a city not listed has one. */
  cities: Record<string, number>;
  /** Customers per given name (its first root, keys.ts givenNameKey); a name not listed has one. */
  givenNames: Record<string, number>;
}

/** Distinct values kept per tally; beyond this many a value counts as rare (one customer). */
export const MAX_TALLY = 50_000;

export function emptyFrequencies(): TermFrequencies {
  return { countsOfCounts: emptyCountsOfCounts(), cities: {}, givenNames: {} };
}

/** Add (or with by = -1, remove) one customer with this value (a city, a given name). */
export function addTally(tally: Record<string, number>, value: string | undefined, by = 1): void {
  if (!value) return;
  const n = (tally[value] ?? 0) + by;
  if (n <= 0) delete tally[value];
  else if (tally[value] !== undefined || Object.keys(tally).length < MAX_TALLY) tally[value] = n;
}
