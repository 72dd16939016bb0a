/**
 * The persona matcher's weights as SQL, for the ported comparisons whose
 * in-memory weight is the level's own (log2(m/u), a city's slip never above the city): the website,
 * and the place while no term frequency applies (PersonaScorer.score weighs a
 * shared city by how many customers live there, and a namesake's place by
 * namesakePlaceU, both only with frequencies or a whole name agreeing, which
 * the SQL does not have yet). The weights are read from the scorer the
 * in-memory matcher builds from its parameters, not copied.
 *
 * Not yet: the email (its exact level's u scales with the CRM's size by
 * match.ts's STALE_LEVELS, which that file does not export), term frequencies,
 * the names, the competition between candidates, calibration and decisions.
 */
import { FIELD_INDEX, PERSONA_COMPARISONS } from '../match/comparisons';
import type { PersonaScorer } from '../match/match';
import { levelWeightSql } from './pipeline';
import { personaLevelColumn } from './persona-levels';

/** Fields whose weight is the plain per-level one (given no city frequencies and no whole name). */
export const PLAIN_WEIGHT_FIELDS: readonly number[] = [FIELD_INDEX.website, FIELD_INDEX.place];

/** The column of a field's weight ("website_weight"). */
export const personaWeightColumn = (field: number) => `${PERSONA_COMPARISONS[field]!.field}_weight`;

/** The weight of one plain field at its level column, as SQL. */
export function personaWeightSql(scorer: PersonaScorer, field: number): string {
  if (!PLAIN_WEIGHT_FIELDS.includes(field)) throw new Error(`the ${PERSONA_COMPARISONS[field]!.field} comparison's weight is not ported to SQL`);
  return levelWeightSql(
    personaLevelColumn(field),
    PERSONA_COMPARISONS[field]!.levels.map((_, level) => scorer.levelWeight(field, level)),
  );
}
