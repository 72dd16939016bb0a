/**
 * The persona matcher's comparison levels as SQL, for the comparisons that are
 * plain equality and string tests: the email address in a bio, the website
 * domain and the place (lib/match/comparisons.ts explainEmail, explainWebsite,
 * comparePlaces). Each gives the level the in-memory comparison gives
 * (`PERSONA_COMPARISONS[k].compare`), with the level numbers read from the
 * matcher's own constants (EMAIL, WEBSITE, PLACE, MISSING).
 *
 * Not here (docs/warehouse.md): given name and surname (readings of a display
 * name, skeletons, nicknames, names inside handles), the identifier comparison
 * (whether a handle is distinctive), and comparePair's joint rules on top of
 * the single comparisons (an agreeing address hides the website, a name that
 * contradicts an identifier turns it into a conflict level).
 *
 * Per-record values are computed in TypeScript, as people.ts does for the
 * Febrl model; a profile's several addresses and domains are rows of their own.
 */
import { cityName, EMAIL, FIELD_INDEX, PERSONA_COMPARISONS, PLACE, WEBSITE } from '../match/comparisons';
import type { CustomerRecord, ProfileFeatures } from '../match/features';
import type { Place } from '../match/location';
import { MISSING } from '../match/engine/model';
import type { Cell, ColumnSpec, SqlEngine } from './engine';
import { createTableAs, doubleSql, IDX } from './pipeline';

const PLACE_COLUMNS: readonly ColumnSpec[] = [
  { name: 'city', type: 'VARCHAR' },
  { name: 'region', type: 'VARCHAR' },
  { name: 'country', type: 'VARCHAR' },
  { name: 'city_name', type: 'VARCHAR' },
];
const COUNT_COLUMNS: readonly ColumnSpec[] = [
  { name: 'email_count', type: 'INTEGER' },
  { name: 'domain_count', type: 'INTEGER' },
];
const DOMAIN_COLUMNS: readonly ColumnSpec[] = [IDX, { name: 'domain', type: 'VARCHAR' }];

/** A place as columns, '' for what it does not say. */
function placeCells(place: Place): Cell[] {
  return [place.city ?? '', place.region ?? '', place.country ?? '', place.city ? cityName(place.city) : ''];
}

const address = (e: { local: string; domain: string }) => `${e.local}@${e.domain}`;

/**
 * What the name and identifier comparisons read of a record, as one text (its signature): two
 * records with the same signature compare alike with anyone, so each distinct pair of signatures is
 * compared once (persona-pairs.ts), by one representative record of each.
 */
export const profileNameSignature = (p: ProfileFeatures) => JSON.stringify([p.names, p.handleRuns, p.personName]);
export const customerNameSignature = (c: CustomerRecord) => JSON.stringify(c.name);
export const profileIdentifierSignature = (p: ProfileFeatures) => JSON.stringify([p.identifiers, p.names]);
export const customerIdentifierSignature = (c: CustomerRecord) => JSON.stringify([c.handles, c.email?.local ?? null, c.name]);

/** One record per distinct signature, for computing the levels of pairs of signatures in the client. */
export interface PersonaRepresentatives {
  profileNames: Map<string, ProfileFeatures>;
  customerNames: Map<string, CustomerRecord>;
  profileIdentifiers: Map<string, ProfileFeatures>;
  customerIdentifiers: Map<string, CustomerRecord>;
}

function representatives<R>(records: readonly R[], signature: (r: R) => string): Map<string, R> {
  const out = new Map<string, R>();
  for (const r of records) {
    const key = signature(r);
    if (!out.has(key)) out.set(key, r);
  }
  return out;
}

const SIGNATURE_COLUMNS: readonly ColumnSpec[] = [
  { name: 'name_sig', type: 'VARCHAR' },
  { name: 'id_sig', type: 'VARCHAR' },
];

/**
 * The tables `${prefix}_profiles` / `_customers` (idx = position in the list) and their address and domain
 * rows; returns one record per distinct name and identifier signature.
 */
export async function loadPersonaTables(engine: SqlEngine, prefix: string, profiles: readonly ProfileFeatures[], customers: readonly CustomerRecord[]): Promise<PersonaRepresentatives> {
  await engine.load(
    `${prefix}_profiles`,
    [IDX, ...COUNT_COLUMNS, ...PLACE_COLUMNS, ...SIGNATURE_COLUMNS, { name: 'person_name', type: 'INTEGER' }],
    profiles.map((p, i) => [i, p.emails.length, p.domains.length, ...placeCells(p.place), profileNameSignature(p), profileIdentifierSignature(p), p.personName ? 1 : 0]),
  );
  await engine.load(
    `${prefix}_profile_emails`,
    [IDX, { name: 'address', type: 'VARCHAR' }, { name: 'shared', type: 'INTEGER' }],
    profiles.flatMap((p, i) => p.emails.map((e) => [i, address(e), p.sharedEmails?.includes(address(e)) ? 1 : 0])),
  );
  await engine.load(
    `${prefix}_profile_domains`,
    DOMAIN_COLUMNS,
    profiles.flatMap((p, i) => p.domains.map((d) => [i, d])),
  );
  await engine.load(
    `${prefix}_customers`,
    [IDX, { name: 'email', type: 'VARCHAR' }, { name: 'email_domain', type: 'VARCHAR' }, ...COUNT_COLUMNS.slice(1), ...PLACE_COLUMNS, ...SIGNATURE_COLUMNS],
    customers.map((c, i) => [i, c.email ? address(c.email) : '', c.email?.domain ?? '', c.domains.length, ...placeCells(c.place), customerNameSignature(c), customerIdentifierSignature(c)]),
  );
  await engine.load(
    `${prefix}_customer_domains`,
    DOMAIN_COLUMNS,
    customers.flatMap((c, i) => c.domains.map((d) => [i, d])),
  );
  return {
    profileNames: representatives(profiles, profileNameSignature),
    customerNames: representatives(customers, customerNameSignature),
    profileIdentifiers: representatives(profiles, profileIdentifierSignature),
    customerIdentifiers: representatives(customers, customerIdentifierSignature),
  };
}

/** A persona comparison's level as SQL over a profile aliased `p` and a customer aliased `c`. */
interface PersonaSqlLevel {
  field: number;
  level(prefix: string, p: string, c: string): string;
}

const said = (x: string) => `${x} <> ''`;

/** explainEmail: the whole address, shared by profiles of other names, or another one. */
const EMAIL_LEVEL: PersonaSqlLevel = {
  field: FIELD_INDEX.email,
  level: (prefix, p, c) => {
    const shows = (extra: string) => `EXISTS (SELECT 1 FROM ${prefix}_profile_emails e WHERE e.idx = ${p}.idx AND e.address = ${c}.email${extra})`;
    return `CASE WHEN ${p}.email_count = 0 OR ${c}.email = '' THEN ${MISSING} WHEN ${shows(' AND e.shared = 1')} THEN ${EMAIL.shared} WHEN ${shows('')} THEN ${EMAIL.exact} ELSE ${EMAIL.disagree} END`;
  },
};

/** explainWebsite: a domain both show, or none. */
const WEBSITE_LEVEL: PersonaSqlLevel = {
  field: FIELD_INDEX.website,
  level: (prefix, p, c) =>
    `CASE WHEN ${p}.domain_count = 0 OR ${c}.domain_count = 0 THEN ${MISSING} WHEN EXISTS (SELECT 1 FROM ${prefix}_profile_domains pd JOIN ${prefix}_customer_domains cd ON cd.domain = pd.domain WHERE pd.idx = ${p}.idx AND cd.idx = ${c}.idx) THEN ${WEBSITE.sameDomain} ELSE ${WEBSITE.disagree} END`,
};

/** The Jaro-Winkler similarity at or above which two city spellings are one city with a typo (comparisons.ts nearlySameCity). */
const NEAR_CITY = 0.9;

/** comparePlaces, branch for branch. */
const PLACE_LEVEL: PersonaSqlLevel = {
  field: FIELD_INDEX.place,
  level: (_prefix, p, c) => {
    const [a, b] = [(x: string) => `${p}.${x}`, (x: string) => `${c}.${x}`];
    const bothCities = `${said(a('city'))} AND ${said(b('city'))}`;
    const bothCountries = `${said(a('country'))} AND ${said(b('country'))}`;
    const nearly = `length(${a('city_name')}) >= 4 AND length(${b('city_name')}) >= 4 AND (${a('city_name')} = ${b('city_name')} OR ew_jaro_winkler(${a('city_name')}, ${b('city_name')}) >= ${doubleSql(NEAR_CITY)})`;
    const local = (x: (column: string) => string) => `(${said(x('city'))} OR ${said(x('region'))})`;
    return `CASE WHEN ${bothCities} AND ${a('city')} = ${b('city')} THEN ${PLACE.city}
      WHEN ${bothCities} AND NOT (${bothCountries} AND ${a('country')} <> ${b('country')}) AND ${nearly} THEN ${PLACE.nearCity}
      WHEN ${said(a('region'))} AND ${said(b('region'))} AND ${a('region')} = ${b('region')} THEN ${PLACE.region}
      WHEN ${bothCountries} THEN (CASE WHEN ${a('country')} <> ${b('country')} THEN ${PLACE.otherCountry} WHEN ${local(a)} AND ${local(b)} THEN ${PLACE.otherPlace} ELSE ${PLACE.country} END)
      WHEN ${bothCities} THEN ${PLACE.otherPlace}
      ELSE ${MISSING} END`;
  },
};

/** The comparisons ported, in the model's field order. */
export const PERSONA_SQL_LEVELS: readonly PersonaSqlLevel[] = [EMAIL_LEVEL, WEBSITE_LEVEL, PLACE_LEVEL];

/** The column of a field's level: the comparison's own name ("email", "place"). */
export const personaLevelColumn = (field: number) => `${PERSONA_COMPARISONS[field]!.field}_level`;

/**
 * `${out}(l, r, email_level, website_level, place_level)`: for each pair (l a profile's idx, r a customer's)
 * of `pairs`, the level of every ported comparison.
 */
export async function comparePersonaSql(engine: SqlEngine, prefix: string, pairs: string, out: string): Promise<void> {
  const levels = PERSONA_SQL_LEVELS.map((s) => `CAST(${s.level(prefix, 'p', 'c')} AS INTEGER) AS ${personaLevelColumn(s.field)}`).join(', ');
  await createTableAs(engine, out, `SELECT x.l, x.r, ${levels} FROM ${pairs} x JOIN ${prefix}_profiles p ON p.idx = x.l JOIN ${prefix}_customers c ON c.idx = x.r`);
}
