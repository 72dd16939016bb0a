/**
 * The persona matcher's whole level vector as SQL, as comparePair gives it (lib/match/comparisons.ts):
 * every field's level, then the joint rules that count each fact once.
 *
 * - Email, website and place: SQL CASEs (persona-levels.ts).
 * - Given name and surname (readings of a display name, skeletons, nickname roots, names inside
 *   handles) and the identifier (whether a handle is distinctive): computed in the client by the
 *   matcher's own comparisons once per distinct pair of signatures (what the comparison reads of
 *   each side: persona-levels.ts) and joined in (distinct-pairs.ts). Names repeat, so there are far
 *   fewer such pairs than record pairs. Whether the shown names contradict each other
 *   (namesConflict) is a function of the two name levels and is computed there too.
 * - The joint rules (an agreeing address hides the website and its own local part; an agreeing
 *   identifier leaves the names to the display name; an identifier beside a contradicting name is
 *   the identifier's conflict level): SQL over those columns, level numbers read from the matcher.
 */
import { EMAIL, FIELD_INDEX, GIVEN, IDENTIFIER, namesConflict, PERSONA_COMPARISONS, shownOnly, SURNAME, WEBSITE, withoutAddress } from '../match/comparisons';
import { MISSING } from '../match/engine/model';
import type { SqlEngine } from './engine';
import { computeDistinctPairs } from './distinct-pairs';
import { comparePersonaSql, personaLevelColumn, type PersonaRepresentatives } from './persona-levels';
import { createTableAs } from './pipeline';

function representative<R>(map: ReadonlyMap<string, R>, signature: string, what: string): R {
  const r = map.get(signature);
  if (!r) throw new Error(`no ${what} with the signature ${signature} was loaded`);
  return r;
}

/**
 * `out(va, vb, ...columns)`: `compute` of every distinct pair of a profile's and a customer's signature in
 * `column` (name_sig, id_sig) that the pairs show, each pair computed once.
 */
async function signaturePairs(
  engine: SqlEngine,
  { prefix, pairs, column, out }: { prefix: string; pairs: string; column: string; out: string },
  columns: readonly string[],
  compute: (va: string, vb: string) => number[],
): Promise<void> {
  await createTableAs(engine, `${out}_values`, `SELECT DISTINCT p.${column} AS va, c.${column} AS vb FROM ${pairs} x JOIN ${prefix}_profiles p ON p.idx = x.l JOIN ${prefix}_customers c ON c.idx = x.r`);
  await computeDistinctPairs(
    engine,
    `${out}_values`,
    out,
    columns.map((name) => ({ name, type: 'INTEGER' as const })),
    compute,
  );
  await engine.exec(`DROP TABLE ${out}_values`);
}

/** Levels of every distinct (profile, customer) name signature pair: as compared, and of the display name alone. */
function nameLevels(engine: SqlEngine, prefix: string, pairs: string, out: string, reps: PersonaRepresentatives): Promise<void> {
  const [given, surname] = [PERSONA_COMPARISONS[FIELD_INDEX.given]!, PERSONA_COMPARISONS[FIELD_INDEX.surname]!];
  return signaturePairs(engine, { prefix, pairs, column: 'name_sig', out }, ['given', 'surname', 'shown_given', 'shown_surname', 'shown_conflict'], (va, vb) => {
    const p = representative(reps.profileNames, va, 'profile name');
    const c = representative(reps.customerNames, vb, 'customer name');
    const shown = shownOnly(p);
    const shownLevels: [number, number] = [given.compare(shown, c), surname.compare(shown, c)];
    return [given.compare(p, c), surname.compare(p, c), ...shownLevels, namesConflict(shownLevels) ? 1 : 0];
  });
}

/** The identifier level of every distinct (profile, customer) identifier signature pair, and without the customer's address. */
function identifierLevels(engine: SqlEngine, prefix: string, pairs: string, out: string, reps: PersonaRepresentatives): Promise<void> {
  const handle = PERSONA_COMPARISONS[FIELD_INDEX.handle]!;
  return signaturePairs(engine, { prefix, pairs, column: 'id_sig', out }, ['handle', 'handle_without_address'], (va, vb) => {
    const p = representative(reps.profileIdentifiers, va, 'profile identifier');
    const c = representative(reps.customerIdentifiers, vb, 'customer identifier');
    return [handle.compare(p, c), handle.compare(withoutAddress(p, c), c)];
  });
}

const list = (levels: readonly number[]) => levels.join(', ');
/** A name level that disagrees plainly or only nearly (comparisons.ts shownDisagrees). */
const shownDisagrees = (column: string, levels: { disagree: number; jw80: number }) => `${column} IN (${levels.disagree}, ${levels.jw80})`;

/**
 * `${out}(l, r, given_level, surname_level, handle_level, email_level, website_level, place_level)`: for
 * each pair of `pairs` (l a profile's idx, r a customer's), the levels comparePair gives.
 */
export async function comparePersonaPairsSql(engine: SqlEngine, prefix: string, pairs: string, out: string, reps: PersonaRepresentatives): Promise<void> {
  await comparePersonaSql(engine, prefix, pairs, `${out}_plain`);
  await nameLevels(engine, prefix, pairs, `${out}_names`, reps);
  await identifierLevels(engine, prefix, pairs, `${out}_ids`, reps);
  const [emailCol, websiteCol, placeCol] = [personaLevelColumn(FIELD_INDEX.email), personaLevelColumn(FIELD_INDEX.website), personaLevelColumn(FIELD_INDEX.place)];
  const identifying = [IDENTIFIER.knownHandle, IDENTIFIER.knownHandleElsewhere, IDENTIFIER.emailLocalPart];
  const emailAgrees = `${emailCol} IN (${list([EMAIL.exact, EMAIL.shared, EMAIL.nameConflict])})`;
  // The customer shares a domain with the profile other than their address's: the website still says something.
  const otherDomain = `EXISTS (SELECT 1 FROM ${prefix}_customer_domains cd JOIN ${prefix}_profile_domains pd ON pd.domain = cd.domain WHERE cd.idx = x.r AND pd.idx = x.l AND cd.domain <> c.email_domain)`;
  const raw = `SELECT x.l, x.r, p.person_name, n.given, n.surname, n.shown_given, n.shown_surname, n.shown_conflict, e.${emailCol}, e.${placeCol},
      CASE WHEN ${emailAgrees} AND e.${websiteCol} = ${WEBSITE.sameDomain} AND NOT ${otherDomain} THEN ${MISSING} ELSE e.${websiteCol} END AS website,
      CASE WHEN ${emailAgrees} THEN i.handle_without_address ELSE i.handle END AS handle
    FROM ${pairs} x JOIN ${prefix}_profiles p ON p.idx = x.l JOIN ${prefix}_customers c ON c.idx = x.r
    JOIN ${out}_plain e ON e.l = x.l AND e.r = x.r
    JOIN ${out}_names n ON n.va = p.name_sig AND n.vb = c.name_sig
    JOIN ${out}_ids i ON i.va = p.id_sig AND i.vb = c.id_sig`;
  const identified = `(handle IN (${list([...identifying, IDENTIFIER.nameConflict])}) OR ${emailCol} IN (${list([EMAIL.exact, EMAIL.shared, EMAIL.nameConflict])}) OR website IN (${list([WEBSITE.sameDomain, WEBSITE.nameConflict])}))`;
  const flagged = `SELECT *, CASE WHEN ${identified} THEN 1 ELSE 0 END AS identified, CASE WHEN ${identified} AND person_name = 1 AND shown_conflict = 1 THEN 1 ELSE 0 END AS conflicted FROM (${raw}) r`;
  // Identified: the display name's own levels; a word that is no person's name says nothing against; a contradicting name leaves both out.
  const name = (all: string, shown: string, levels: { disagree: number; jw80: number }) =>
    `CASE WHEN identified = 0 THEN ${all} WHEN conflicted = 1 THEN ${MISSING} WHEN person_name = 0 AND ${shownDisagrees(shown, levels)} THEN ${MISSING} ELSE ${shown} END`;
  const conflictAt = (column: string, agreeing: readonly number[], conflict: number) => `CASE WHEN conflicted = 1 AND ${column} IN (${list(agreeing)}) THEN ${conflict} ELSE ${column} END`;
  const columns: [field: number, sql: string][] = [
    [FIELD_INDEX.given, name('given', 'shown_given', GIVEN)],
    [FIELD_INDEX.surname, name('surname', 'shown_surname', SURNAME)],
    [FIELD_INDEX.handle, conflictAt('handle', identifying, IDENTIFIER.nameConflict)],
    [FIELD_INDEX.email, conflictAt(emailCol, [EMAIL.exact, EMAIL.shared], EMAIL.nameConflict)],
    [FIELD_INDEX.website, conflictAt('website', [WEBSITE.sameDomain], WEBSITE.nameConflict)],
    [FIELD_INDEX.place, placeCol],
  ];
  const levels = columns.map(([field, sql]) => `CAST(${sql} AS INTEGER) AS ${personaLevelColumn(field)}`);
  await createTableAs(engine, out, `SELECT l, r, ${levels.join(', ')} FROM (${flagged}) f`);
  for (const table of ['plain', 'names', 'ids']) await engine.exec(`DROP TABLE ${out}_${table}`);
}
