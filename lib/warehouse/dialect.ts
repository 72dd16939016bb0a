/**
 * The small layer where DuckDB and PostgreSQL differ. Every generated query
 * calls the string similarity functions by one name, and each dialect defines
 * them at setup so that they compute exactly what lib/match/engine/strings.ts
 * computes (levels must equal the in-memory levels):
 *
 * - ew_jaro_winkler(a, b): Jaro-Winkler with a 0.1 prefix scale over at most
 *   four characters, boosted at every Jaro value (unlike DuckDB's built-in
 *   jaro_winkler_similarity, which boosts only above 0.7).
 * - bandSql(values): the Jaro-Winkler band, 0 at 0.92 or more, 1 at 0.8 or
 *   more, else 2 (the thresholds of the levels), of each row of a table of
 *   distinct value pairs: compareSql asks it once per pair of values, however
 *   many record pairs share them (names repeat). DuckDB only: PostgreSQL's
 *   client bands the pairs with the in-memory function (bands.ts).
 * - ew_osa_within(a, b, k): whether the optimal string alignment distance
 *   (adjacent transpositions count one edit) is at most k; unlike DuckDB's
 *   damerau_levenshtein, which is the unrestricted distance ("ca" / "abc" is
 *   3 here, 2 there).
 *
 * DuckDB has no procedural language, so its functions are macros that fold
 * the same loops with list_reduce. PostgreSQL gets PL/pgSQL.
 * Both work on characters; the in-memory code on UTF-16 code units: the two
 * agree on text without characters outside the Basic Multilingual Plane.
 */
export interface Dialect {
  readonly name: 'duckdb' | 'postgres';
  /** Statements that define ew_jaro_winkler and ew_osa; run once per connection (DuckDB) or database (PostgreSQL). */
  readonly setup: readonly string[];
  /**
   * A query giving (va, vb, band) for every row (va, vb) of `values`: the Jaro-Winkler band, 0 at 0.92 or
   * more, 1 at 0.8 or more, else 2. `values` holds distinct pairs of unequal, non-empty values. Absent
   * where the engine has no fast way: the client bands the pairs (bands.ts).
   */
  readonly bandSql?: (values: string) => string;
  /**
   * Statements around the one that joins every record pair to the band tables (compareSql): PostgreSQL
   * sorted 4.5 million pairs on disk twice for merge joins at its work_mem; with room for hash
   * tables of the band tables it joins by hash.
   */
  readonly largeJoin: { readonly before: readonly string[]; readonly after: readonly string[] };
  /**
   * Statements that give the planner a table's statistics after it was created or filled. PostgreSQL
   * has none for a table made by CREATE TABLE ... AS until autovacuum comes by: it then guessed 850
   * rows for every band table and joined 197,000 record pairs to them by sorting on text four times.
   */
  statistics(table: string): readonly string[];
  /**
   * The type of a loaded text column (tables made from them inherit it). Equality is the same under
   * every collation the pipeline meets; ordering is not what it needs, but what PostgreSQL's merge
   * joins pay for: under the database's linguistic collation each sort of the record pairs by name
   * took seconds at 200,000 pairs.
   */
  readonly textType: string;
}

/** Common prefix of a and b, at most four characters, as SQL (substr past the end gives '' on both sides, hence the lengths). */
function prefixSql(a: string, b: string): string {
  const agree = (k: number) => `(length(${a}) >= ${k} AND length(${b}) >= ${k} AND substr(${a}, ${k}, 1) = substr(${b}, ${k}, 1))`;
  return `(CASE WHEN NOT ${agree(1)} THEN 0 WHEN NOT ${agree(2)} THEN 1 WHEN NOT ${agree(3)} THEN 2 WHEN NOT ${agree(4)} THEN 3 ELSE 4 END)`;
}

export const DUCKDB: Dialect = {
  name: 'duckdb',
  setup: [
    // Jaro as the in-memory code computes it: each character of a takes the first free equal character of
    // b within the window. (The built-in jaro_similarity matches differently and disagrees on some pairs.)
    // list_transform([x], v -> ...)[1] binds x once where a macro would repeat it.
    `CREATE OR REPLACE MACRO ew_first_free(b, mb, ch, i, win) AS (
      list_filter(range(greatest(1, i - win), least(length(b), i + win) + 1), j -> NOT mb[j] AND substr(b, j, 1) = ch)[1])`,
    `CREATE OR REPLACE MACRO ew_jaro_step(acc, a, b, i, win) AS (
      list_transform([ew_first_free(b, acc.mb, substr(a, i, 1), i, win)], j -> CASE WHEN j IS NULL THEN {'mb': acc.mb, 'ac': acc.ac, 'i': i}
        ELSE {'mb': list_transform(range(1, length(b) + 1), k -> acc.mb[k] OR k = j), 'ac': acc.ac || substr(a, i, 1), 'i': i} END)[1])`,
    // The matched characters of a in order (ac), and which of b's are matched (mb).
    `CREATE OR REPLACE MACRO ew_jaro_matches(a, b) AS (
      list_reduce(
        list_transform(range(1, length(a) + 1), i -> {'mb': []::BOOLEAN[], 'ac': '', 'i': i}),
        (acc, x) -> ew_jaro_step(acc, a, b, x.i, greatest(0, greatest(length(a), length(b)) // 2 - 1)),
        {'mb': list_transform(range(1, length(b) + 1), k -> false), 'ac': '', 'i': 0}))`,
    `CREATE OR REPLACE MACRO ew_jaro_of(a, b, ac, bc) AS (
      CASE WHEN length(ac) = 0 THEN CAST(0 AS DOUBLE) ELSE
      (CAST(length(ac) AS DOUBLE) / length(a) + CAST(length(ac) AS DOUBLE) / length(b)
       + (length(ac) - CAST(length(list_filter(range(1, length(ac) + 1), k -> substr(ac, k, 1) <> substr(bc, k, 1))) AS DOUBLE) / 2) / length(ac)) / 3 END)`,
    `CREATE OR REPLACE MACRO ew_jaro(a, b) AS (
      list_transform([ew_jaro_matches(a, b)], s -> ew_jaro_of(a, b, s.ac,
        array_to_string(list_transform(list_filter(range(1, length(b) + 1), k -> s.mb[k]), k -> substr(b, k, 1)), '')))[1])`,
    `CREATE OR REPLACE MACRO ew_jaro_winkler(a, b) AS (
      CASE WHEN a = b THEN (CASE WHEN length(a) = 0 THEN CAST(0 AS DOUBLE) ELSE CAST(1 AS DOUBLE) END)
           WHEN length(a) = 0 OR length(b) = 0 THEN CAST(0 AS DOUBLE)
           ELSE list_transform([ew_jaro(a, b)], j -> j + CAST(${prefixSql('a', 'b')} AS DOUBLE) * CAST(0.1 AS DOUBLE) * (CAST(1 AS DOUBLE) - j))[1] END)`,
    `CREATE OR REPLACE MACRO ew_jaro_winkler_exact_band(a, b) AS (
      list_transform([ew_jaro_winkler(a, b)], s -> CASE WHEN s >= 0.92 THEN 0 WHEN s >= 0.8 THEN 1 ELSE 2 END)[1])`,
    // Row i of the programme from rows i-1 (p) and i-2 (pp); list_reduce needs its start value of the
    // element type, hence the structs and one-element lists.
    `CREATE OR REPLACE MACRO ew_osa(a, b) AS (
      list_reduce(
        list_transform(range(1, length(a) + 1), i -> {'pp': []::BIGINT[], 'p': []::BIGINT[], 'i': i}),
        (acc, x) -> {
          'pp': acc.p,
          'p': list_reduce(
            list_transform(range(1, length(b) + 1), j -> [j]),
            (row, y) -> list_append(row, least(
              acc.p[y[1] + 1] + 1,
              row[y[1]] + 1,
              acc.p[y[1]] + (substr(a, x.i, 1) <> substr(b, y[1], 1))::BIGINT,
              CASE WHEN x.i > 1 AND y[1] > 1 AND substr(a, x.i, 1) = substr(b, y[1] - 1, 1) AND substr(a, x.i - 1, 1) = substr(b, y[1], 1)
                   THEN acc.pp[y[1] - 1] + 1 ELSE 1000000 END)),
            [x.i]),
          'i': x.i
        },
        {'pp': []::BIGINT[], 'p': range(0, length(b) + 1), 'i': 0}
      ).p[length(b) + 1])`,
    // The same for the edit distance: Levenshtein is never below it and the unrestricted Damerau distance
    // never above, so the programme runs only where they straddle k.
    `CREATE OR REPLACE MACRO ew_osa_within(a, b, k) AS (
      CASE WHEN levenshtein(a, b) <= k THEN true WHEN damerau_levenshtein(a, b) > k THEN false ELSE ew_osa(a, b) <= k END)`,
  ],
  // The built-in jaro_similarity finds the same matches but halves the transpositions rounding down, so it
  // is the exact Jaro or above it by 1/(6m) (m matches; a lower bound of m follows from the value). Only a
  // pair whose band those two bounds leave open runs the exact macro. Plain columns, not a macro: DuckDB
  // evaluated a CASE's list_transform branches on every row, and CASE band WHEN 0 ... WHEN 1 twice.
  bandSql: (values) => `WITH v AS (
      SELECT va, vb, jaro_similarity(va, vb) AS rf, CAST(${prefixSql('va', 'vb')} AS DOUBLE) AS p FROM ${values}
    ), w AS (
      SELECT va, vb, rf, p, greatest(CAST(0 AS DOUBLE), rf - 1 / (6 * greatest(1, floor((3 * rf - 1) / (CAST(1 AS DOUBLE) / length(va) + CAST(1 AS DOUBLE) / length(vb)) - 1e-9)))) AS low FROM v
    ), s AS (
      SELECT va, vb, rf + p * 0.1 * (1 - rf) AS hi, low + p * 0.1 * (1 - low) AS lo FROM w
    ), bounded AS (
      SELECT va, vb, CASE WHEN hi < 0.8 - 1e-9 THEN 2 WHEN lo >= 0.92 + 1e-9 THEN 0 WHEN lo >= 0.8 + 1e-9 AND hi < 0.92 - 1e-9 THEN 1 END AS band FROM s
    )
    SELECT va, vb, band FROM bounded WHERE band IS NOT NULL
    UNION ALL SELECT va, vb, ew_jaro_winkler_exact_band(va, vb) AS band FROM bounded WHERE band IS NULL`,
  // DuckDB keeps a table's statistics as it writes it.
  statistics: () => [],
  // DuckDB's memory is its memory_limit, for every statement alike.
  largeJoin: { before: [], after: [] },
  // DuckDB compares text by its bytes unless told otherwise.
  textType: 'VARCHAR',
};

export const POSTGRES: Dialect = {
  name: 'postgres',
  setup: [
    `CREATE OR REPLACE FUNCTION ew_jaro_winkler(a text, b text) RETURNS double precision
     LANGUAGE plpgsql IMMUTABLE STRICT AS $$
     DECLARE
       la int := length(a); lb int := length(b);
       -- Characters as arrays: substr walks the string from its start on every call.
       ca text[] := string_to_array(a, NULL); cb text[] := string_to_array(b, NULL);
       win int; matched_a boolean[]; matched_b boolean[];
       matches int := 0; transpositions int := 0; k int := 1; p int := 0;
       jaro double precision; c text;
     BEGIN
       IF a = b THEN RETURN CASE WHEN la = 0 THEN 0 ELSE 1 END; END IF;
       IF la = 0 OR lb = 0 THEN RETURN 0; END IF;
       win := greatest(0, greatest(la, lb) / 2 - 1);
       matched_a := array_fill(false, ARRAY[la]); matched_b := array_fill(false, ARRAY[lb]);
       FOR i IN 1..la LOOP
         c := ca[i];
         FOR j IN greatest(1, i - win)..least(lb, i + win) LOOP
           IF NOT matched_b[j] AND cb[j] = c THEN
             matched_a[i] := true; matched_b[j] := true; matches := matches + 1; EXIT;
           END IF;
         END LOOP;
       END LOOP;
       IF matches = 0 THEN RETURN 0; END IF;
       FOR i IN 1..la LOOP
         IF matched_a[i] THEN
           WHILE NOT matched_b[k] LOOP k := k + 1; END LOOP;
           IF ca[i] <> cb[k] THEN transpositions := transpositions + 1; END IF;
           k := k + 1;
         END IF;
       END LOOP;
       jaro := (matches::double precision / la + matches::double precision / lb + (matches - transpositions / 2.0::double precision) / matches) / 3;
       WHILE p < 4 AND p < la AND p < lb AND ca[p + 1] = cb[p + 1] LOOP p := p + 1; END LOOP;
       RETURN jaro + p * 0.1::double precision * (1 - jaro);
     END $$`,
    `CREATE OR REPLACE FUNCTION ew_osa(a text, b text) RETURNS int
     LANGUAGE plpgsql IMMUTABLE STRICT AS $$
     DECLARE
       la int := length(a); lb int := length(b);
       pp int[]; p int[]; cur int[]; v int; cost int;
     BEGIN
       IF a = b THEN RETURN 0; END IF;
       IF la = 0 THEN RETURN lb; END IF;
       IF lb = 0 THEN RETURN la; END IF;
       p := ARRAY(SELECT generate_series(0, lb));
       pp := array_fill(0, ARRAY[lb + 1]);
       FOR i IN 1..la LOOP
         cur := array_fill(0, ARRAY[lb + 1]);
         cur[1] := i;
         FOR j IN 1..lb LOOP
           cost := CASE WHEN substr(a, i, 1) = substr(b, j, 1) THEN 0 ELSE 1 END;
           v := least(p[j + 1] + 1, cur[j] + 1, p[j] + cost);
           IF i > 1 AND j > 1 AND substr(a, i, 1) = substr(b, j - 1, 1) AND substr(a, i - 1, 1) = substr(b, j, 1) THEN
             v := least(v, pp[j - 1] + 1);
           END IF;
           cur[j + 1] := v;
         END LOOP;
         pp := p; p := cur;
       END LOOP;
       RETURN p[lb + 1];
     END $$`,
    `CREATE OR REPLACE FUNCTION ew_osa_within(a text, b text, k int) RETURNS boolean
     LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT ew_osa(a, b) <= k $$`,
  ],
  // No bandSql: PL/pgSQL runs a loop per pair statement by statement; the client bands them (bands.ts).
  statistics: (table) => [`ANALYZE ${table}`],
  largeJoin: { before: [`SET work_mem = '1GB'`], after: ['RESET work_mem'] },
  // Byte order: the collation whose sorts are memcmp.
  textType: 'VARCHAR COLLATE "C"',
};
