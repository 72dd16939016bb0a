/**
 * Comparison levels as SQL: the kinds of comparison the in-memory engine
 * builds (lib/match/febrl.ts), each a CASE expression over two records'
 * columns that gives the same level (MISSING = -1 when a side is empty).
 * `l` and `r` are the table aliases of the pair's two records.
 */
import { MISSING } from '../match/engine/model';

export interface SqlComparison {
  field: string;
  /**
   * The column whose Jaro-Winkler band the level reads, if any: compareSql computes the band once per
   * distinct pair of its values (dialect.ts bandSql) and passes it to `level` as `band`.
   */
  similarityColumn?: string;
  /** The level of the pair whose records are aliased `l` and `r`, as an SQL expression; `band` is the SQL of the pair's band. */
  level(l: string, r: string, band: string): string;
}

const missing = (x: string, y: string) => `${x} = '' OR ${y} = ''`;

/** Exact, Jaro-Winkler >= 0.92, >= 0.8, then `disagree` (an SQL expression for the last level(s)). */
function jaroWinklerLevels(x: string, y: string, band: string, disagree: string): string {
  return `CASE WHEN ${missing(x, y)} THEN ${MISSING} WHEN ${x} = ${y} THEN 0 WHEN ${band} = 0 THEN 1 WHEN ${band} = 1 THEN 2 ELSE ${disagree} END`;
}

/** Exact, Jaro-Winkler >= 0.92, >= 0.8, disagree. */
export function stringLevels(field: string, column: string): SqlComparison {
  return { field, similarityColumn: column, level: (l, r, band) => jaroWinklerLevels(`${l}.${column}`, `${r}.${column}`, band, '3') };
}

/** As stringLevels, with a level before disagreement for a name and its partner swapped (given name and surname). */
export function nameLevels(field: string, column: string, partner: string): SqlComparison {
  return {
    field,
    similarityColumn: column,
    level: (l, r, band) => {
      const swapped = `${l}.${column} = ${r}.${partner} AND ${r}.${column} = ${l}.${partner}`;
      return jaroWinklerLevels(`${l}.${column}`, `${r}.${column}`, band, `(CASE WHEN ${swapped} THEN 3 ELSE 4 END)`);
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
