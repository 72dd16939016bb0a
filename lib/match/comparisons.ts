/**
 * The comparisons of a captured profile with a customer, each with its levels
 * and default m and u (used until u is estimated from the customer base and m
 * learned by EM from the user's own captures).
 *
 * Names carry the evidence of a display name once: a handle only stands in
 * for a name part the display name lacks ("JANNEKE 🌷" with @janneke.vdberg),
 * so a name-built handle does not count the name twice. The identifier
 * comparison asks what a name cannot: is this handle one the CRM knows, or
 * the customer's email address?
 */
import { MISSING, type Comparison, type LevelSpec } from './engine/model';
import { editDistance, jaroWinkler } from './engine/strings';
import type { CustomerRecord, ProfileFeatures } from './features';
import { initialsBefore, isDistinctive, runsContain } from './handles';
import { memo, pairMemo } from './memo';
import { givenRoots, gluedSurnames, initialLetter, isGivenName, prefixesCompatible, sharedRoot, unglue, type PersonName } from './names';
import type { Place } from './location';
import { skeleton } from './skeleton';
import { identifierKey } from './web';

/** The values behind a level, for evidence in words ("Hans = Johannes"). */
export interface LevelDetail {
  level: number;
  profile?: string;
  customer?: string;
  /** The blocking key of the agreeing value, for its term frequency (identifiers: "h:jdevries84"). */
  key?: string;
}

export interface PersonaComparison extends Comparison<ProfileFeatures, CustomerRecord> {
  /** The level and the values that reached it. */
  explain(profile: ProfileFeatures, customer: CustomerRecord): LevelDetail;
}

function comparison(field: string, levels: LevelSpec[], explain: (p: ProfileFeatures, c: CustomerRecord) => LevelDetail, termFrequencyLevel?: number): PersonaComparison {
  const c: PersonaComparison = { field, levels, explain, compare: (p, r) => explain(p, r).level };
  if (termFrequencyLevel !== undefined) c.termFrequencyLevel = termFrequencyLevel;
  return c;
}

const NONE: LevelDetail = { level: MISSING };

function better(a: LevelDetail, b: LevelDetail): LevelDetail {
  if (a.level === MISSING) return b;
  if (b.level === MISSING) return a;
  return b.level < a.level ? b : a;
}

// ---------------------------------------------------------------- given name

export const GIVEN = {
  exact: 0,
  transliteration: 1,
  nickname: 2,
  jw92: 3,
  inHandle: 4,
  initial: 5,
  jw80: 6,
  disagree: 7,
} as const;

/** Names at least this long with one slip (a letter dropped, doubled, swapped or struck beside) are the same name written differently. */
const ONE_SLIP_LENGTH = 6;

function oneSlip(a: string, b: string): boolean {
  return Math.min(a.length, b.length) >= ONE_SLIP_LENGTH && editDistance(a, b, 1) === 1;
}

/** An initial against a name: its letter, or the letter of a formal name it stands for (T. for Trudy is G. for Geertruida too). */
function initialAgrees(initial: string, name: string): boolean {
  const letter = initialLetter(initial);
  return initialLetter(name) === letter || givenRoots(name).some((root) => initialLetter(root) === letter);
}

/**
 * Jaro-Winkler of two name words, as written or as skeletons, whichever is closer: the skeleton joins
 * spellings (Kusnezowa, Kuznetsova), but its rewrites can widen a typo (lyen -> len against lyden -> liden).
 */
function similarity(a: string, b: string, sa: string, sb: string): number {
  const onSkeletons = jaroWinkler(sa, sb);
  return onSkeletons >= 0.92 ? onSkeletons : Math.max(onSkeletons, jaroWinkler(a, b));
}

/** The level of two given-name words; a pure function of the two, so each pair is worked out once (memo.ts). */
const compareGivenWords = pairMemo((a: string, b: string): number => {
  if (a.length === 1 || b.length === 1) {
    const [initial, name] = a.length === 1 ? [a, b] : [b, a];
    return name.length === 1 ? (initialLetter(a) === initialLetter(b) ? GIVEN.initial : GIVEN.disagree) : initialAgrees(initial, name) ? GIVEN.initial : GIVEN.disagree;
  }
  if (a === b) return GIVEN.exact;
  const sa = skeleton(a);
  const sb = skeleton(b);
  if (sa === sb || oneSlip(sa, sb)) return GIVEN.transliteration;
  if (sharedRoot(a, b)) return GIVEN.nickname;
  const jw = similarity(a, b, sa, sb);
  return jw >= 0.92 ? GIVEN.jw92 : jw >= 0.8 ? GIVEN.jw80 : GIVEN.disagree;
});

function givenOfReading(name: PersonName, theirs: readonly string[]): LevelDetail {
  let best: LevelDetail = NONE;
  for (const mine of name.given) for (const their of theirs) best = better(best, { level: compareGivenWords(mine, their), profile: mine, customer: their });
  return best;
}

/** A given name the display name lacks, gives only as an initial or misspells may stand in a handle. */
function givenWithHandle(p: ProfileFeatures, c: CustomerRecord, best: LevelDetail): LevelDetail {
  const theirs = c.name.given;
  if ((best.level === MISSING || best.level >= GIVEN.jw92) && p.handleRuns.length > 0) {
    for (const their of theirs) {
      if (their.length > 2 && runsContain(p.handleRuns, their, [c.name.surname.replace(/\s+/g, ''), ...theirs.filter((t) => t !== their)])) {
        return { level: GIVEN.inHandle, profile: p.handleRuns.join('.'), customer: their };
      }
    }
    // A short form of their given name as a run of its own ("aldmore.jake" for Jacob, "katya.popova" for Ekaterina).
    for (const run of p.handleRuns) {
      if (run.length < 3 || !isGivenName(run)) continue;
      const their = theirs.find((t) => t.length > 2 && sharedRoot(run, t));
      if (their) return { level: GIVEN.inHandle, profile: p.handleRuns.join('.'), customer: their };
    }
    // Only initials before the surname ("e_grishaver" for Elisabeth Grishaver): the customer's initial, if it agrees.
    if (best.level === MISSING) {
      for (const form of surnameForms(c.name.surname)) {
        const initials = form.length >= 3 ? initialsBefore(p.handleRuns, form) : null;
        const their = initials ? theirs.find((t) => initialAgrees(initials, t)) : undefined;
        if (their) return { level: GIVEN.initial, profile: p.handleRuns.join('.'), customer: their };
      }
    }
  }
  // A given name only seen in a handle that does not match is no evidence against.
  return best;
}

const explainGiven = (p: ProfileFeatures, c: CustomerRecord): LevelDetail => compareNames(p, c).given;

// ---------------------------------------------------------------- surname

export const SURNAME = {
  exact: 0,
  transliteration: 1,
  jw92: 2,
  inHandle: 3,
  initial: 4,
  jw80: 5,
  disagree: 6,
} as const;

/** The forms a surname core may be compared in: as written and without a glued prefix (vandenberg -> berg); worked out once per surname. */
const surnameForms: (surname: string) => readonly string[] = memo((surname) => {
  const flat = surname.replace(/\s+/g, '');
  const forms = [flat];
  const unglued = unglue(flat);
  if (unglued) forms.push(unglued.surname);
  // Double surnames: each part (Smith Jones, van den Berg-Jansen).
  if (surname.includes(' ')) forms.push(...surname.split(' ').filter((w) => w.length > 2));
  return forms;
});

/** The level of two surnames; a pure function of the two, so each pair is worked out once (memo.ts). */
const compareSurnames = pairMemo((a: string, b: string): number => {
  // The same surname: its first forms (as written, without spaces) are equal.
  if (a === b) return SURNAME.exact;
  let best: number = SURNAME.disagree;
  for (const x of surnameForms(a)) {
    for (const y of surnameForms(b)) {
      let level: number;
      if (x === y) level = SURNAME.exact;
      else {
        const sx = skeleton(x);
        const sy = skeleton(y);
        // Another spelling (Kuznetsova, Kuznecova) or one slip in a long surname (Timmermns).
        if (sx === sy || oneSlip(sx, sy)) level = SURNAME.transliteration;
        else {
          const jw = similarity(x, y, sx, sy);
          level = jw >= 0.92 ? SURNAME.jw92 : jw >= 0.8 ? SURNAME.jw80 : SURNAME.disagree;
        }
      }
      if (level < best) best = level;
      if (best === SURNAME.exact) return best;
    }
  }
  return best;
});

/** Whether a one-letter surname ("Anna V.") is the initial of the customer's surname or of its prefix (van der Berg: B or V). */
function surnameInitialAgrees(initial: string, c: CustomerRecord): boolean {
  const letter = initialLetter(initial);
  return initialLetter(c.name.surname) === letter || (c.name.prefix !== '' && initialLetter(c.name.prefix) === letter);
}

function surnameOfReading(name: PersonName, c: CustomerRecord): LevelDetail {
  const theirs = c.name.surname;
  if (!name.surname || !theirs) return NONE;
  if (name.surname.length === 1) return { level: surnameInitialAgrees(name.surname, c) ? SURNAME.initial : SURNAME.disagree, profile: `${name.surname.toUpperCase()}.`, customer: theirs };
  // "Vanes" against van Es, "Vandenberg" against van den Berg.
  const glued = !name.prefix && gluedSurnames(c.name.prefix, theirs).includes(name.surname.replace(/\s+/g, ''));
  const level = glued ? SURNAME.exact : compareSurnames(name.surname, theirs);
  // Same core, clashing prefixes (de Vries / van Vries) is a near miss, not the same name.
  const adjusted = level === SURNAME.exact && !prefixesCompatible(name.prefix, c.name.prefix) ? SURNAME.jw92 : level;
  return { level: adjusted, profile: name.surname, customer: theirs };
}

/** A surname the display name lacks, abbreviates or misspells ("Rijlaarsadm" with @evelienrijlaarsdam) may stand in a handle. */
function surnameWithHandle(p: ProfileFeatures, c: CustomerRecord, best: LevelDetail): LevelDetail {
  if ((best.level === MISSING || best.level >= SURNAME.jw92) && p.handleRuns.length > 0) {
    for (const form of surnameForms(c.name.surname)) {
      if (form.length >= 3 && runsContain(p.handleRuns, form, c.name.given)) return { level: SURNAME.inHandle, profile: p.handleRuns.join('.'), customer: c.name.surname };
    }
  }
  return best;
}

/**
 * Given name and surname, from the reading of the display name that fits the customer best (judged on
 * surname then given name), each completed from the handle where the display name lacks it. Both use
 * that one reading, so "Samantha James" can never agree with "James James" on both; and the two are
 * compared together, once per pair.
 */
function compareNames(p: ProfileFeatures, c: CustomerRecord): { given: LevelDetail; surname: LevelDetail } {
  let given = NONE;
  let surname = NONE;
  let bestRank = Infinity;
  for (const name of p.names) {
    const s = surnameOfReading(name, c);
    const g = givenOfReading(name, c.name.given);
    if (p.names.length === 1) [given, surname] = [g, s];
    else {
      const rank = (s.level === MISSING ? 3.5 : s.level) * 10 + (g.level === MISSING ? 5.5 : g.level);
      if (rank < bestRank) [given, surname, bestRank] = [g, s, rank];
    }
  }
  return {
    given: c.name.given.length === 0 ? NONE : givenWithHandle(p, c, given),
    surname: c.name.surname ? surnameWithHandle(p, c, surname) : NONE,
  };
}

const explainSurname = (p: ProfileFeatures, c: CustomerRecord): LevelDetail => compareNames(p, c).surname;

// ---------------------------------------------------------------- identifiers

export const IDENTIFIER = {
  knownHandle: 0,
  knownHandleElsewhere: 1,
  emailLocalPart: 2,
  nameBuilt: 3,
  /** One of the three above, while the profile's name contradicts the customer's (comparePair). */
  nameConflict: 4,
  disagree: 5,
} as const;

/** The given names the display name shows (every reading), for telling a name-built identifier. */
function shownGivenNames(p: ProfileFeatures): string[] {
  return p.names.flatMap((n) => n.given.filter((g) => g.length > 1));
}

/**
 * Identifiers agree in three strengths: a handle the CRM knows on this very
 * platform (one account: decisive); a distinctive identifier the CRM knows
 * (a handle elsewhere or the email's local part, with the surname and digits
 * or words beyond the name: "jdevries84"); and an identifier made of the name
 * or a given name and a number or word ("annavink", "jan.devries", "petra65"),
 * which a namesake builds the same way and so says little more than the name.
 */
function explainIdentifier(p: ProfileFeatures, c: CustomerRecord): LevelDetail {
  if (p.identifiers.length === 0) return NONE;
  const local = c.email ? c.email.local.replace(/\+.*$/, '') : '';
  const localKey = local.replace(/[^\p{L}\p{N}]+/gu, '');
  if (c.handles.length === 0 && !localKey) return NONE;
  let best: LevelDetail = { level: IDENTIFIER.disagree };
  for (const id of p.identifiers) {
    for (const known of c.handles) {
      const colon = known.indexOf(':');
      const platform = known.slice(0, colon);
      const handle = known.slice(colon + 1);
      // On its own platform a handle is one account, told apart by its dots and underscores too.
      if (platform === id.platform && handle === id.handle) {
        best = better(best, { level: IDENTIFIER.knownHandle, profile: id.raw, customer: platform, key: `h:${id.key}` });
      } else if (identifierKey(handle) === id.key && platform !== id.platform) {
        const level = isDistinctive(id.handle, c.name.given, c.name.surname) ? IDENTIFIER.knownHandleElsewhere : IDENTIFIER.nameBuilt;
        best = better(best, { level, profile: id.raw, customer: platform, key: `h:${id.key}` });
      }
    }
    if (localKey && id.key === localKey) {
      // Built from the profile's own name as much as from the customer's ("evewalters" for E. Walters,
      // shown by an Eve Walters): a namesake writes it the same way.
      const level = isDistinctive(local, [...c.name.given, ...shownGivenNames(p)], c.name.surname) ? IDENTIFIER.emailLocalPart : IDENTIFIER.nameBuilt;
      best = better(best, { level, profile: id.raw, customer: local, key: `h:${id.key}` });
    }
  }
  return best;
}

// ---------------------------------------------------------------- email, website, place

export const EMAIL = {
  exact: 0,
  /** The customer's address, shown by several profiles with other names (a shop's or an agency's). */
  shared: 1,
  /** The customer's address in the bio of a profile whose name contradicts the customer's. */
  nameConflict: 2,
  disagree: 3,
} as const;

/**
 * An address in the bio against the customer's. Only the whole address
 * counts here: its local part is an identifier like a handle and is compared
 * there, once.
 */
function explainEmail(p: ProfileFeatures, c: CustomerRecord): LevelDetail {
  if (p.emails.length === 0 || !c.email) return NONE;
  const theirs = `${c.email.local}@${c.email.domain}`;
  for (const e of p.emails) {
    const address = `${e.local}@${e.domain}`;
    if (address === theirs) return { level: p.sharedEmails?.includes(address) ? EMAIL.shared : EMAIL.exact, profile: address, customer: theirs };
  }
  return { level: EMAIL.disagree, profile: `${p.emails[0]!.local}@${p.emails[0]!.domain}`, customer: theirs };
}

export const WEBSITE = {
  sameDomain: 0,
  /** The customer's domain on a profile whose name contradicts the customer's (a colleague, a family member). */
  nameConflict: 1,
  disagree: 2,
} as const;

function explainWebsite(p: ProfileFeatures, c: CustomerRecord): LevelDetail {
  if (p.domains.length === 0 || c.domains.length === 0) return NONE;
  const shared = p.domains.find((d) => c.domains.includes(d));
  return shared ? { level: WEBSITE.sameDomain, profile: shared, customer: shared } : { level: WEBSITE.disagree, profile: p.domains[0]!, customer: c.domains[0]! };
}

export const PLACE = { city: 0, nearCity: 1, region: 2, country: 3, otherPlace: 4, otherCountry: 5 } as const;

/** The spelling of a city id without its country ("NL:utrecht", "?:lutwyche" -> "utrecht", "lutwyche"), without spaces. */
export function cityName(id: string): string {
  return id.slice(id.indexOf(':') + 1).replace(/\s+/g, '');
}

/** Two cities spelled nearly alike ("Lutwylche" / "Lutwyche", "Gar Butt" / "Garbutt", "Amsterdm" / Amsterdam). */
function nearlySameCity(a: string, b: string): boolean {
  const x = cityName(a);
  const y = cityName(b);
  return x.length >= 4 && y.length >= 4 && (x === y || jaroWinkler(x, y) >= 0.9);
}

function placeName(place: { city?: string; region?: string; country?: string }): string {
  return place.city?.replace(/^\?:|^[A-Z]{2}:/, '') ?? place.region ?? place.country ?? '';
}

/** How a profile's place compares with a customer's (a PLACE level), or MISSING when either says too little. */
export function comparePlaces(a: Place, b: Place): number {
  if (a.city && b.city && a.city === b.city) return PLACE.city;
  // A typo in a city's name (one side may then not be in the gazetteer): unless the countries differ.
  if (a.city && b.city && !(a.country && b.country && a.country !== b.country) && nearlySameCity(a.city, b.city)) return PLACE.nearCity;
  if (a.region && b.region && a.region === b.region) return PLACE.region;
  if (a.country && b.country) {
    if (a.country !== b.country) return PLACE.otherCountry;
    const bothLocal = (a.city !== undefined || a.region !== undefined) && (b.city !== undefined || b.region !== undefined);
    return bothLocal ? PLACE.otherPlace : PLACE.country;
  }
  // Two places the gazetteer does not know, spelled differently: a different place, country unknown.
  if (a.city && b.city) return PLACE.otherPlace;
  return MISSING;
}

function explainPlace(p: ProfileFeatures, c: CustomerRecord): LevelDetail {
  const level = comparePlaces(p.place, c.place);
  return level === MISSING ? NONE : { level, profile: placeName(p.place), customer: placeName(c.place) };
}

// ---------------------------------------------------------------- the model

/**
 * Default m and u. m: judgement of how often a person's own profile shows
 * each level; u: typical shares among random pairs of a Dutch shop's
 * customers. Both are replaced by estimates (train.ts).
 */
export const PERSONA_COMPARISONS: readonly PersonaComparison[] = [
  comparison(
    'given',
    [
      { id: 'exact', m: 0.72, u: 0.02 },
      { id: 'transliteration', m: 0.07, u: 0.002 },
      { id: 'nickname', m: 0.06, u: 0.004 },
      { id: 'jaro-winkler>=0.92', m: 0.02, u: 0.004 },
      { id: 'in-handle', m: 0.04, u: 0.01 },
      { id: 'initial', m: 0.04, u: 0.04 },
      { id: 'jaro-winkler>=0.8', m: 0.01, u: 0.04 },
      { id: 'disagree', m: 0.04, u: 0.88 },
    ],
    explainGiven,
    GIVEN.exact,
  ),
  comparison(
    'surname',
    [
      { id: 'exact', m: 0.71, u: 0.004 },
      { id: 'transliteration', m: 0.06, u: 0.0008 },
      { id: 'jaro-winkler>=0.92', m: 0.03, u: 0.002 },
      { id: 'in-handle', m: 0.07, u: 0.005 },
      // "Anna V." (review sites show names so): initials of different people meet about one time in fifteen.
      { id: 'initial', m: 0.07, u: 0.004 },
      { id: 'jaro-winkler>=0.8', m: 0.01, u: 0.02 },
      { id: 'disagree', m: 0.05, u: 0.9642 },
    ],
    explainSurname,
    SURNAME.exact,
  ),
  comparison(
    'handle',
    [
      // u for 10,000 customers (match.ts scales it with 1 / N): one stranger in 5,000 shows a handle the CRM
      // records for one of its customers, because handles are released and taken again.
      { id: 'known-handle', m: 0.15, u: 2e-8 },
      { id: 'known-handle-elsewhere', m: 0.04, u: 1e-5 },
      { id: 'email-local-part', m: 0.06, u: 1e-5 },
      // u among namesakes, not random pairs: the level only occurs when the names agree (see train.ts).
      { id: 'name-built', m: 0.15, u: 0.15 },
      // An identifier of the customer's on a profile with someone else's name: a handle the CRM once
      // recorded and a stranger took since, a shared account. Learned from the user's data (train.ts).
      { id: 'name-conflict', m: 0.0005, u: 2e-8 },
      { id: 'disagree', m: 0.5995, u: 0.84998 },
    ],
    explainIdentifier,
  ),
  comparison(
    'email',
    [
      // Per-CRM u as for a known handle (for 10,000 customers, scaled with 1 / N).
      { id: 'exact', m: 0.9, u: 1e-8 },
      { id: 'shared', m: 0.02, u: 1e-5 },
      // Addresses are shared more often than handles change hands (a shop's, a family's, an agency's).
      { id: 'name-conflict', m: 0.001, u: 1e-6 },
      { id: 'disagree', m: 0.079, u: 0.999989 },
    ],
    explainEmail,
  ),
  comparison(
    'website',
    [
      { id: 'same-domain', m: 0.85, u: 1e-4 },
      { id: 'name-conflict', m: 0.01, u: 1e-4 },
      { id: 'disagree', m: 0.14, u: 0.9998 },
    ],
    explainWebsite,
  ),
  comparison(
    'place',
    [
      { id: 'city', m: 0.5, u: 0.06 },
      { id: 'near-city', m: 0.05, u: 0.002 },
      { id: 'region', m: 0.08, u: 0.1 },
      { id: 'country', m: 0.3, u: 0.3 },
      // A customer shows another place than the CRM's when they moved or name a hometown: a few in a hundred.
      { id: 'other-place', m: 0.04, u: 0.44 },
      { id: 'other-country', m: 0.03, u: 0.1 },
    ],
    explainPlace,
  ),
];

export const FIELD_INDEX = { given: 0, surname: 1, handle: 2, email: 3, website: 4, place: 5 } as const;

/** Fields that are a name: agreement on them alone never auto-links (namesakes). */
export const NAME_FIELDS: ReadonlySet<number> = new Set([FIELD_INDEX.given, FIELD_INDEX.surname]);

/** Levels at which an identifier of the customer's (a handle, an email address, a website) agrees. */
const IDENTIFYING: readonly (readonly [field: number, levels: readonly number[], conflict: number])[] = [
  [FIELD_INDEX.handle, [IDENTIFIER.knownHandle, IDENTIFIER.knownHandleElsewhere, IDENTIFIER.emailLocalPart], IDENTIFIER.nameConflict],
  [FIELD_INDEX.email, [EMAIL.exact, EMAIL.shared], EMAIL.nameConflict],
  [FIELD_INDEX.website, [WEBSITE.sameDomain], WEBSITE.nameConflict],
];

/** Agreement of the display name itself: a name found only in a handle or an address is the identifier speaking, not the name. */
const shownGivenAgrees = (level: number) => level !== MISSING && level !== GIVEN.inHandle && level <= GIVEN.initial;
const shownSurnameAgrees = (level: number) => level !== MISSING && level !== SURNAME.inHandle && level <= SURNAME.initial;
const shownDisagrees = (level: number, disagree: number, similar: number) => level === disagree || level === similar;

/**
 * Whether the profile's name contradicts the customer's, as far as an identifier they share is concerned:
 * its display name was compared and either no part of it agrees (not even as an initial) while a part
 * disagrees ("Mark Jansen", "Mark" or "M. Jansen" against Anna de Vries), or its given name is plainly
 * another ("Lieke Perrotta" on the family website of Gijs Perrotta: a relative, a colleague). A name the
 * customer's handle or address spells out does not count as agreement here: it is the identifier whose
 * worth is in question.
 */
export function namesConflict([given, surname]: readonly [given: number, surname: number]): boolean {
  if (given === GIVEN.disagree) return true;
  return (
    !shownGivenAgrees(given) &&
    !shownSurnameAgrees(surname) &&
    (shownDisagrees(given, GIVEN.disagree, GIVEN.jw80) || shownDisagrees(surname, SURNAME.disagree, SURNAME.jw80))
  );
}

const agreesOn = (out: ArrayLike<number>, field: number, levels: readonly number[]) => levels.includes(out[field]!);

/** The profile as its display name alone shows it (no name read out of a handle or an address). */
export const shownOnly = (profile: ProfileFeatures): ProfileFeatures => (profile.handleRuns.length === 0 ? profile : { ...profile, handleRuns: [] });

/** The profile without the local part of the customer's address found in its bio: that is the address again. */
export function withoutAddress(profile: ProfileFeatures, customer: CustomerRecord): ProfileFeatures {
  if (!customer.email) return profile;
  const sameAddress = identifierKey(customer.email.local.replace(/\+.*$/, ''));
  const others = profile.identifiers.filter((i) => !(i.platform === 'any' && i.key === sameAddress));
  return others.length === profile.identifiers.length ? profile : { ...profile, identifiers: others };
}

const emailAgrees = (out: ArrayLike<number>) => out[FIELD_INDEX.email] === EMAIL.exact || out[FIELD_INDEX.email] === EMAIL.shared || out[FIELD_INDEX.email] === EMAIL.nameConflict;
const identified = (out: ArrayLike<number>) => IDENTIFYING.some(([field, levels, conflict]) => agreesOn(out, field, levels) || out[field] === conflict);

/**
 * Compare a profile with a customer on every field, counting each fact once:
 * - the customer's address in a bio is one fact: its domain is not a website agreeing, and its local
 *   part (an identifier too, features.ts) is not a handle agreeing;
 * - when an identifier agrees, the names are the display name's alone: a name spelled out by the
 *   handle or address that agrees is that identifier again (a re-taken "miekeveenendaal80" carries
 *   Mieke Veenendaal's name whoever holds it now);
 * - an identifier that agrees while the profile shows another person's name (not a brand: "Bakery
 *   Queen" contradicts nobody) is one joint outcome: the identifier's conflict level (whose m and u say
 *   how often a customer's own profile, and how often someone else's, looks like that), with the names
 *   left out so that their disagreement is not counted twice. Identifiers are evidence, not proof.
 */
export function comparePair(profile: ProfileFeatures, customer: CustomerRecord, out = new Int8Array(PERSONA_COMPARISONS.length)): Int8Array {
  // Both names come from one reading of the display name: compared together, once.
  const both = compareNames(profile, customer);
  out[FIELD_INDEX.given] = both.given.level;
  out[FIELD_INDEX.surname] = both.surname.level;
  for (let k = FIELD_INDEX.surname + 1; k < PERSONA_COMPARISONS.length; k++) out[k] = PERSONA_COMPARISONS[k]!.compare(profile, customer);
  if (emailAgrees(out)) {
    const domain = customer.email?.domain;
    if (out[FIELD_INDEX.website] === WEBSITE.sameDomain && !customer.domains.some((d) => d !== domain && profile.domains.includes(d))) out[FIELD_INDEX.website] = MISSING;
    const others = withoutAddress(profile, customer);
    if (others !== profile) out[FIELD_INDEX.handle] = explainIdentifier(others, customer).level;
  }
  if (!identified(out)) return out;
  const shownNames = compareNames(shownOnly(profile), customer);
  const names: [number, number] = [shownNames.given.level, shownNames.surname.level];
  out[FIELD_INDEX.given] = names[0];
  out[FIELD_INDEX.surname] = names[1];
  if (!profile.personName) {
    // "Bookworm", "TeaLover", "Zonnestraal" beside a handle the CRM knows: a word, not another person's
    // name, so it says nothing against the customer; what agrees in it still counts.
    if (shownDisagrees(names[0], GIVEN.disagree, GIVEN.jw80)) out[FIELD_INDEX.given] = MISSING;
    if (shownDisagrees(names[1], SURNAME.disagree, SURNAME.jw80)) out[FIELD_INDEX.surname] = MISSING;
    return out;
  }
  if (!namesConflict(names)) return out;
  for (const [field, levels, conflict] of IDENTIFYING) if (agreesOn(out, field, levels)) out[field] = conflict;
  out[FIELD_INDEX.given] = out[FIELD_INDEX.surname] = MISSING;
  return out;
}

/** The values behind each field's level, read the way comparePair reached `levels` (for evidence in words). */
export function explainPair(profile: ProfileFeatures, customer: CustomerRecord, levels: ArrayLike<number>): LevelDetail[] {
  const named = identified(levels) ? shownOnly(profile) : profile;
  return PERSONA_COMPARISONS.map((c, k) => {
    if (k === FIELD_INDEX.given || k === FIELD_INDEX.surname) return c.explain(named, customer);
    if (k === FIELD_INDEX.handle && emailAgrees(levels)) return c.explain(withoutAddress(profile, customer), customer);
    return c.explain(profile, customer);
  });
}

/** The identifier levels at which names conflict, by field (for the decision rule and its words). */
export function identifierConflicts(levels: ArrayLike<number>): number[] {
  return IDENTIFYING.filter(([field, , conflict]) => levels[field] === conflict).map(([field]) => field);
}
