/**
 * Comparison levels as SQL: the kinds of comparison the in-memory engine
 * builds (lib/match/febrl.ts), each a CASE expression over two records'
 * columns that gives the same level (MISSING = -1 when a side is empty).
 * `l` and `r` are the table aliases of the pair's two records.
 */
import { MISSING } from '../match/engine/model';

export interface SqlComparison {
  field: string;
  /** The level of the pair whose records are aliased `l` and `r`, as an SQL expression. */
  level(l: string, r: string): string;
}

const missing = (x: string, y: string) => `${x} = '' OR ${y} = ''`;

/**
 * Exact, Jaro-Winkler >= 0.92, >= 0.8, then `disagree` (an SQL expression for the last level(s)):
 * the similarity band is computed once per pair.
 */
function jaroWinklerLevels(x: string, y: string, disagree: string): string {
  return `CASE WHEN ${missing(x, y)} THEN ${MISSING} WHEN ${x} = ${y} THEN 0 ELSE (CASE ew_jaro_winkler_band(${x}, ${y}) WHEN 0 THEN 1 WHEN 1 THEN 2 ELSE ${disagree} END) END`;
}

/** Exact, Jaro-Winkler >= 0.92, >= 0.8, disagree. */
export function stringLevels(field: string, column: string): SqlComparison {
  return { field, level: (l, r) => jaroWinklerLevels(`${l}.${column}`, `${r}.${column}`, '3') };
}

/** As stringLevels, with a level before disagreement for a name and its partner swapped (given name and surname). */
export function nameLevels(field: string, column: string, partner: string): SqlComparison {
  return {
    field,
    level: (l, r) => {
      const swapped = `${l}.${column} = ${r}.${partner} AND ${r}.${column} = ${l}.${partner}`;
      return jaroWinklerLevels(`${l}.${column}`, `${r}.${column}`, `(CASE WHEN ${swapped} THEN 3 ELSE 4 END)`);
    },
  };
}

/** Exact, within `maxEdits` edits (optimal string alignment), disagree. */
export function editLevels(field: string, column: string, maxEdits: number): SqlComparison {
  return {
    field,
    level: (l, r) => {
      const [x, y] = [`${l}.${column}`, `${r}.${column}`];
      // A length difference beyond maxEdits cannot be within it: skips the programme for most pairs.
      return `CASE WHEN ${missing(x, y)} THEN ${MISSING} WHEN ${x} = ${y} THEN 0 WHEN abs(length(${x}) - length(${y})) <= ${maxEdits} AND ew_osa_within(${x}, ${y}, ${maxEdits}) THEN 1 ELSE 2 END`;
    },
  };
}

export function exactLevels(field: string, column: string): SqlComparison {
  return {
    field,
    level: (l, r) => {
      const [x, y] = [`${l}.${column}`, `${r}.${column}`];
      return `CASE WHEN ${missing(x, y)} THEN ${MISSING} WHEN ${x} = ${y} THEN 0 ELSE 1 END`;
    },
  };
}
