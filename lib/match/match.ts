/**
 * Matching one captured person: candidates from the store, every candidate
 * scored field by field, the probability of each, then the decision.
 *
 * The probability is the contract (a 0.3 is right three times in ten), so the
 * thresholds mean what they say and a screen can say "99 in 100 like this are
 * right". It is built in three steps:
 * 1. A match weight per candidate (Fellegi-Sunter: the sum of log2(m/u) over
 *    the fields), where agreement on a value is weighed by how often someone
 *    else shows that value: its frequency among the customers (Good-Turing
 *    smoothed, frequency.ts) times the level's m, and for a full name times how
 *    much more often than that strangers turn out to share a customer's name
 *    (`nameCollision`, learned from the user's own data, train.ts).
 * 2. The candidates compete: the profile is one of them or nobody in the CRM
 *    (a share of captured people are not customers), so
 *      P(candidate j) = (share / N) LR_j / (sum over candidates of (share / N) LR_i + 1 - share).
 *    Two customers called Jan de Vries split the probability between them;
 *    there is no separate margin rule.
 * 3. The user's review decisions are labels for learning m and u (train.ts): a
 *    monotone map fitted on them instead made probabilities of the links nobody
 *    decided worse on every development set (decisions are the least certain
 *    pairs, not a sample), so there is none.
 *
 * Decision rules, strongest first:
 * 1. A person's earlier confirmation stands; customers they rejected for this
 *    profile are never proposed again.
 * 2. An identifier of the customer's (a handle the CRM knows, their email
 *    address, their website) on a profile whose name contradicts theirs goes to
 *    review, saying so: identifiers are evidence, not proof (stale handles,
 *    shared addresses).
 * 3. Only a candidate whose surname or an identifier agrees is proposed ("Anna"
 *    from Utrecht fits every Anna in Utrecht); then auto-link at or above the
 *    auto threshold when something beyond the name agrees (an identifier, the
 *    city), review at or above the review threshold, else no match, whose
 *    evidence says why and shows the closest customer's.
 */
import type { Evidence, Match, MatchDecision, MatchLine } from '../model';
import { Scorer, MISSING, log2Odds } from './engine/model';
import { comparePair, comparePlaces, EMAIL, explainPair, FIELD_INDEX, GIVEN, IDENTIFIER, identifierConflicts, PERSONA_COMPARISONS, PLACE, SURNAME, WEBSITE } from './comparisons';
import { markSharedEmails, profileFeatures, type CustomerRecord, type ProfileFeatures, type ProfileInput } from './features';
import { slotFactors, slotKey } from './joint';
import { givenNameKey, profileQuery, type BlockingQuery } from './keys';
import { smoothedCount, type TermFrequencies } from './frequency';
import { givenRoots } from './names';
import { pairPrior, type MatcherParams } from './params';
import type { MatchThresholds } from './settings';
import { skeleton } from './skeleton';
import type { CandidateSet, CandidateStore } from './store';

/** Evidence with the values that reached the level, for words ("Hans = Johannes"). */
export interface EvidenceDetail extends Evidence {
  profileValue?: string;
  customerValue?: string;
}

export type DecisionReason =
  | 'confirmed'
  /** Linked: likely enough, and an identifier (a known handle, the email address) agrees. */
  | 'known-handle'
  | 'email-in-bio'
  /** Linked: likely enough on the evidence as a whole. */
  | 'score'
  /** In review: likely, but not likely enough to link without a person. */
  | 'not-certain'
  /** In review: likely, but only the name agrees (namesakes are common); a second sign links. */
  | 'name-only'
  | 'initial-only'
  /** In review: surname and city agree, but one side gives no first name. */
  | 'first-name-unknown'
  /** In review: of the identifiers only the website agrees (colleagues share a company's), and the first name does not confirm it. */
  | 'website-only'
  | 'identifier-elsewhere'
  /** In review: another customer is a real possibility too. */
  | 'close-candidates'
  /** In review: several customers have this handle or address. */
  | 'several-known'
  /** In review: an identifier of the customer's on a profile with another name. */
  | 'identifier-name-conflict'
  /** In review: another profile on the same platform fits this customer better (batch.ts). */
  | 'competing-profile'
  | 'below-threshold'
  | 'given-name-only'
  | 'no-candidates';

/** A candidate and the probability that the profile is them. */
export interface Alternative {
  customerId: string;
  probability: number;
}

export interface MatchResult {
  customerId: string | null;
  score: number;
  decision: MatchDecision;
  reason: DecisionReason;
  /** FORMATS.md evidence: field, level, weight; the weights add up to the score's log-odds (see evidenceOf). */
  evidence: Evidence[];
  details: EvidenceDetail[];
  /** Candidates compared. */
  candidates: number;
  /** The best-scoring candidate, also when the decision is none (for diagnostics and "closest customer"). */
  best?: { customerId: string; score: number };
  runnerUp?: { customerId: string; score: number };
  /**
   * The candidates that may be proposed, most likely first, with the model's probability before
   * calibration: what joint resolution over a batch works from (batch.ts). Not written to files.
   */
  alternatives?: Alternative[];
}

/** What a person decided about this profile before (the stored Match). */
export type PreviousDecision = Pick<Match, 'status' | 'customerId' | 'rejectedCustomerIds'>;

interface Scored {
  record: CustomerRecord;
  levels: Int8Array;
  weights: Float64Array;
  /** The pairwise match weight, prior included. */
  total: number;
  /** The probability that the profile is this customer, against the other candidates and nobody. */
  probability: number;
  /** Whether the name-collision factor weighs on this pair: doubling it would take more than half a bit off (train.ts). */
  nameCollides: boolean;
}

/** Term-frequency smoothing: a given name's frequency among a surname's bearers starts from this many pseudo-bearers at the name's own frequency. */
const GIVEN_TF_STRENGTH = 4;

/**
 * Levels of unique identifiers (a handle on its own platform, an email address, and their conflicting
 * forms) whose u is given for a CRM of REFERENCE_CUSTOMERS and scales with 1 / N.
 */
const STALE_LEVELS = new Map<number, readonly number[]>([
  [FIELD_INDEX.handle, [IDENTIFIER.knownHandle, IDENTIFIER.nameConflict]],
  [FIELD_INDEX.email, [EMAIL.exact, EMAIL.nameConflict]],
]);
export const REFERENCE_CUSTOMERS = 10_000;

/** Alternatives kept per profile for joint resolution. */
const ALTERNATIVES = 5;

/** Scores profile-customer pairs for one store size: the prior and the weights, with term frequencies for names. */
export class PersonaScorer {
  readonly scorer: Scorer;

  constructor(
    readonly params: MatcherParams,
    readonly customers: number,
    /** How common values are among the customers; raw counts and no city frequencies without it. */
    readonly frequencies?: TermFrequencies,
  ) {
    this.scorer = new Scorer({ ...params.model, prior: pairPrior(params, customers) });
  }

  /** log2 of the odds that a profile is some customer rather than nobody's: the share of customers among captured people. */
  get nobodyWeight(): number {
    return Math.log2(1 - this.params.customerShare);
  }

  /** log2 of the prior that a profile is one given customer (share / N). */
  get oneCustomerWeight(): number {
    return Math.log2(this.params.customerShare / Math.max(1, this.customers));
  }

  /**
   * How often a person who is not this customer has their surname, and their given name among the
   * bearers of that surname: the customers' own frequencies, Good-Turing smoothed, at nameCollision 1.
   */
  nameFrequencies(record: CustomerRecord, counts: ReadonlyMap<string, number>): { surname?: number; givenWithinSurname?: number; fullCount?: number } {
    const surnameKey = `s:${skeleton(record.name.surname.replace(/\s+/g, ''))}`;
    const rawSurnameCount = counts.get(surnameKey);
    if (!rawSurnameCount) return {};
    const surnameCount = smoothedCount(this.frequencies?.countsOfCounts, 's', rawSurnameCount);
    const out: { surname?: number; givenWithinSurname?: number; fullCount?: number } = { surname: surnameCount / this.customers };
    const given = record.name.given[0];
    const full = given ? counts.get(`n:${givenRoots(given)[0]}|${surnameKey.slice(2)}`) : undefined;
    if (full) {
      // P(given name | surname), smoothed toward the given name's own frequency among the customers. The
      // candidate's own name is counted in: for a surname nobody else bears that is cautious (a fifth),
      // which is what namesakes call for; nameCollision does the rest.
      const givenKey = givenNameKey(record.name);
      const ownFrequency = ((givenKey ? this.frequencies?.givenNames[givenKey] : undefined) ?? 1) / Math.max(1, this.customers);
      const fullCount = smoothedCount(this.frequencies?.countsOfCounts, 'n', full);
      out.givenWithinSurname = (fullCount + GIVEN_TF_STRENGTH * ownFrequency) / (surnameCount + GIVEN_TF_STRENGTH);
      out.fullCount = full;
    }
    return out;
  }

  /** Score one pair; `compared` are its levels when already known (comparing is most of the cost). */
  score(features: ProfileFeatures, record: CustomerRecord, counts: ReadonlyMap<string, number>, compared?: Int8Array): Omit<Scored, 'probability'> {
    const K = PERSONA_COMPARISONS.length;
    const levels = compared ?? comparePair(features, record);
    const weights = new Float64Array(K);
    let total = this.scorer.priorWeight;
    let nameCollides = false;
    const fields = this.params.model.fields;
    const surnameLevel = levels[FIELD_INDEX.surname];
    const sameSurname = surnameLevel === SURNAME.exact || surnameLevel === SURNAME.transliteration || surnameLevel === SURNAME.inHandle;
    const names = sameSurname ? this.nameFrequencies(record, counts) : {};
    // The profile shows the customer's whole name: given name and surname agree.
    const wholeName = names.givenWithinSurname !== undefined && (levels[FIELD_INDEX.given] === GIVEN.exact || levels[FIELD_INDEX.given] === GIVEN.transliteration);
    for (let k = 0; k < K; k++) {
      let tf: number | undefined;
      // A term frequency is how often a non-match *shows* this value: the value's frequency among the
      // customers times the chance a profile shows a value exactly (m of the level), since namesakes
      // write their names with the same slips, nicknames and omissions as customers do.
      // The same surname in another alphabet or spelling, or in the handle, is as common as the surname itself.
      if (k === FIELD_INDEX.surname && names.surname !== undefined) {
        // Strangers share a customer's whole name `nameCollision` times as often as the customers' own names
        // suggest: the whole name's frequency (surname times given name within it) is scaled here, once.
        tf = Math.min(1, names.surname * (wholeName ? this.params.nameCollision : 1)) * fields[k]!.m[levels[k]!]!;
        if (wholeName) {
          const doubled = Math.min(1, names.surname * 2 * this.params.nameCollision) * fields[k]!.m[levels[k]!]!;
          nameCollides = this.scorer.weight(k, levels[k]!, tf) - this.scorer.weight(k, levels[k]!, doubled) > 0.5;
        }
      } else if (k === FIELD_INDEX.given && wholeName) {
        tf = Math.min(1, names.givenWithinSurname!) * fields[k]!.m[levels[k]!]!;
      }
      if (k === FIELD_INDEX.place && levels[k] !== MISSING) tf = this.placeFrequency(levels[k]!, wholeName, record);
      if (k === FIELD_INDEX.handle && (levels[k] === IDENTIFIER.knownHandleElsewhere || levels[k] === IDENTIFIER.emailLocalPart)) {
        // A distinctive identifier that several customers share is weaker evidence ("anna.bakes").
        const key = PERSONA_COMPARISONS[k]!.explain(features, record).key;
        const count = key ? counts.get(key) : undefined;
        if (count) tf = Math.max(fields[k]!.u[levels[k]!]!, (smoothedCount(this.frequencies?.countsOfCounts, 'h', count) / this.customers) * fields[k]!.m[levels[k]!]!);
      }
      // An identifier the CRM records for one customer is one account or address: someone else shows it only
      // when it changed hands (a released handle, a shared address), which happens to some share of all the
      // recorded identifiers, not per customer: u = that share / N, so its weight holds at any CRM size.
      const stale = STALE_LEVELS.get(k);
      if (stale?.includes(levels[k]!)) tf = (this.params.model.fields[k]!.u[levels[k]!]! * REFERENCE_CUSTOMERS) / Math.max(1, this.customers);
      let w = this.scorer.weight(k, levels[k]!, tf);
      // A city written with a slip ("Amstrdam") is that city: it never says more than the city spelled right
      // would (a slip is rarer than the city among namesakes and random pairs alike, which made it weigh more).
      if (k === FIELD_INDEX.place && levels[k] === PLACE.nearCity) w = Math.min(w, this.scorer.weight(k, PLACE.city, this.placeFrequency(PLACE.city, wholeName, record)));
      weights[k] = w;
      total += w;
    }
    return { record, levels, weights, total, nameCollides };
  }

  /** A field's weight at a level where no term frequency applies, as score() gives it (the SQL engines weigh with this). */
  levelWeight(field: number, level: number): number {
    const w = this.scorer.weight(field, level);
    return field === FIELD_INDEX.place && level === PLACE.nearCity ? Math.min(w, this.scorer.weight(field, PLACE.city)) : w;
  }

  /** How often someone else's place shows this level against the customer's, where the level's own u does not say it. */
  private placeFrequency(level: number, wholeName: boolean, record: CustomerRecord): number | undefined {
    // Someone else with this whole name: their place agrees as often as namesakes' places do in this CRM.
    if (wholeName && this.params.namesakePlaceU) return this.params.namesakePlaceU[level];
    // Living in Amsterdam says less than living in Zeist.
    if (level === PLACE.city && this.frequencies && record.place.city) {
      return ((this.frequencies.cities[record.place.city] ?? 1) / this.customers) * this.params.model.fields[FIELD_INDEX.place]!.m[PLACE.city]!;
    }
    return undefined;
  }

  /**
   * The probability of each candidate against the others and nobody:
   * (share / N) LR_j / (sum of (share / N) LR_i + 1 - share), in log space.
   */
  compete(scored: readonly Omit<Scored, 'probability'>[], slotFactor?: (customerId: string) => number): Scored[] {
    const nobody = this.nobodyWeight;
    // A customer other profiles of this platform hold too counts for less (joint.ts).
    const logs = scored.map((s) => this.oneCustomerWeight + (s.total - this.scorer.priorWeight) + Math.log2(Math.max(1e-300, slotFactor?.(s.record.id) ?? 1)));
    const top = Math.max(nobody, ...logs);
    const denominator = 2 ** (nobody - top) + logs.reduce((sum, l) => sum + 2 ** (l - top), 0);
    return scored.map((s, i) => ({ ...s, probability: 2 ** (logs[i]! - top) / denominator }));
  }
}

/** The sum of the levels that were compared: lower is a closer match. */
function closeness(s: Scored): number {
  let sum = 0;
  for (const level of s.levels) if (level !== MISSING) sum += level;
  return sum;
}

function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** A probability as the log-odds the evidence adds up to, bounded so that 0 and 1 stay finite. */
function logOdds(p: number): number {
  return log2Odds(Math.min(1 - 1e-12, Math.max(1e-12, p)));
}

/**
 * The evidence of a candidate: each field's weight, the prior, and the line that makes the weights add
 * up to the probability shown: the other candidates (and nobody) it competed with (left out when 0).
 */
function evidenceOf(features: ProfileFeatures, best: Scored, priorWeight: number, customers: number): EvidenceDetail[] {
  const out: EvidenceDetail[] = [];
  const details = explainPair(features, best.record, best.levels);
  PERSONA_COMPARISONS.forEach((c, k) => {
    const level = best.levels[k]!;
    if (level === MISSING) return;
    const detail = details[k]!;
    const e: EvidenceDetail = { field: c.field, comparison: c.levels[level]!.id, weight: round(best.weights[k]!) };
    if (detail.profile !== undefined) e.profileValue = detail.profile;
    if (detail.customer !== undefined) e.customerValue = detail.customer;
    out.push(e);
  });
  out.sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight));
  out.push({ field: 'prior', comparison: 'base-rate', weight: round(priorWeight), customerValue: String(customers) });
  const competition = logOdds(best.probability) - best.total;
  if (Math.abs(competition) >= 0.005) out.push({ field: 'prior', comparison: 'other-candidates', weight: round(competition) });
  return out;
}

function plain(details: readonly EvidenceDetail[]): Evidence[] {
  return details.map(({ field, comparison, weight }) => ({ field, comparison, weight }));
}

/** The evidence line that says why nobody was proposed, or why a person is asked (weight 0: the weights still add up). */
export function decisionEvidence(reason: DecisionReason): Evidence {
  return { field: 'decision', comparison: reason, weight: 0 };
}

/** Reasons recorded with the evidence: why nobody, or why a person must decide. */
const RECORDED_REASONS: ReadonlySet<DecisionReason> = new Set([
  'not-certain',
  'name-only',
  'initial-only',
  'first-name-unknown',
  'website-only',
  'identifier-elsewhere',
  'close-candidates',
  'several-known',
  'identifier-name-conflict',
  'competing-profile',
  'below-threshold',
  'given-name-only',
  'no-candidates',
]);

function result(partial: Omit<MatchResult, 'evidence'>): MatchResult {
  const evidence = plain(partial.details);
  return { ...partial, evidence: RECORDED_REASONS.has(partial.reason) ? [decisionEvidence(partial.reason), ...evidence] : evidence };
}

/** A candidate another customer rivals: the runner-up holds at least this share of the best one's probability. */
const RIVAL_SHARE = 0.1;

/** Decide one profile from its candidates. Pure: the same inputs give the same decision. */
export function decide(
  features: ProfileFeatures,
  set: CandidateSet,
  scorer: PersonaScorer,
  thresholds: MatchThresholds,
  previous?: PreviousDecision,
  /** How much of each candidate is left for this profile once other profiles of its platform claim them (joint.ts). */
  slotFactor?: (customerId: string) => number,
  /** The candidates' levels when learning already compared them. */
  compared?: ComparedSet,
): MatchResult {
  if (previous?.status === 'confirmed' && previous.customerId) {
    return result({
      customerId: previous.customerId,
      score: 1,
      decision: 'auto',
      reason: 'confirmed',
      details: [{ field: 'decision', comparison: 'confirmed-by-user', weight: 0 }],
      candidates: 0,
    });
  }
  const rejected = new Set(previous?.rejectedCustomerIds ?? []);
  if (previous?.status === 'rejected' && previous.customerId) rejected.add(previous.customerId);
  const scored = scorer.compete(
    set.records.flatMap((r, k) => (rejected.has(r.id) ? [] : [scorer.score(features, r, set.counts, levelsAt(compared, k, r.id))])),
    slotFactor,
  );
  if (scored.length === 0) return result({ customerId: null, score: 0, decision: 'none', reason: 'no-candidates', details: [], candidates: 0 });
  // Most likely first; equal weights (Jansen and Janssen are one surname to the term frequencies): the closer spelling first.
  scored.sort((a, b) => b.probability - a.probability || b.total - a.total || closeness(a) - closeness(b) || (a.record.id < b.record.id ? -1 : 1));
  // Whether another profile of this platform claims one of the leading candidates.
  const contested = slotFactor !== undefined && scored.slice(0, 2).some((s) => (slotFactor(s.record.id) ?? 1) < 1);

  // A first name, with or without a place, fits too many people to suggest anyone: only candidates
  // whose surname or an identifier agrees are proposed (the best of them), others only explain a none.
  const eligible = scored.filter(suggestible);
  const best = eligible[0] ?? scored[0]!;
  const second = eligible.find((s) => s !== best);
  const probability = best.probability;
  const details = evidenceOf(features, best, scorer.scorer.priorWeight, scorer.customers);
  const top = { customerId: best.record.id, score: round(probability, 4) };
  const runner = scored.find((s) => s !== best);
  const context = {
    candidates: scored.length,
    best: top,
    ...(runner ? { runnerUp: { customerId: runner.record.id, score: round(runner.probability, 4) } } : {}),
    alternatives: eligible.slice(0, ALTERNATIVES).map((s) => ({ customerId: s.record.id, probability: s.probability })),
  };
  const propose = (decision: MatchDecision, reason: DecisionReason) => result({ customerId: best.record.id, score: top.score, decision, reason, details, ...context });
  const proposeOther = (other: Scored, reason: DecisionReason) => {
    const shown = other.probability;
    return result({
      customerId: other.record.id,
      score: round(shown, 4),
      decision: 'review',
      reason,
      details: evidenceOf(features, other, scorer.scorer.priorWeight, scorer.customers),
      ...context,
    });
  };
  const nobody = (reason: DecisionReason) => result({ customerId: null, score: top.score, decision: 'none', reason, details, ...context });

  const identifiedBy = (s: Scored) => s.levels[FIELD_INDEX.handle] === IDENTIFIER.knownHandle || s.levels[FIELD_INDEX.email] === EMAIL.exact;
  // An identifier of a customer's on a profile with another person's name: a person looks, unless
  // another customer links outright (rule 2 in the header).
  const conflicted = eligible.find((s) => identifierConflicts(s.levels).length > 0);
  if (conflicted && !(conflicted !== best && probability >= thresholds.auto && corroborated(best))) {
    return proposeOther(conflicted, 'identifier-name-conflict');
  }
  if (eligible.length === 0) return nobody(probability < thresholds.review ? 'below-threshold' : 'given-name-only');
  // One handle or address that the CRM has for several customers (a family's, a shop's): a person chooses.
  if (identifiedBy(best) && eligible.filter(identifiedBy).length > 1) return propose('review', 'several-known');
  // Two customers who fit about alike (two Jan de Vries in Utrecht): a person chooses, whatever the threshold.
  const rivalled = second !== undefined && second.probability >= RIVAL_SHARE * best.probability;
  if (probability >= thresholds.auto) {
    if (thresholds.requireCorroboration && !corroborated(best)) return propose('review', 'name-only');
    if (thresholds.requireCorroboration && initialOnly(best)) return propose('review', 'initial-only');
    if (thresholds.requireCorroboration && firstNameUnknown(best)) return propose('review', 'first-name-unknown');
    if (thresholds.requireCorroboration && websiteOnly(best)) return propose('review', 'website-only');
    if (identifierAgrees(best) && livesElsewhere(best, features)) return propose('review', 'identifier-elsewhere');
    if (rivalled) return propose('review', 'close-candidates');
    const reason: DecisionReason = best.levels[FIELD_INDEX.handle] === IDENTIFIER.knownHandle ? 'known-handle' : best.levels[FIELD_INDEX.email] === EMAIL.exact ? 'email-in-bio' : 'score';
    return propose('auto', reason);
  }
  if (probability < thresholds.review) return nobody(contested ? 'competing-profile' : 'below-threshold');
  if (contested) return propose('review', 'competing-profile');
  if (rivalled) return propose('review', 'close-candidates');
  return propose('review', 'not-certain');
}

/**
 * Evidence beyond the name that lets a likely match link without a person: an identifier of the
 * customer's (a handle the CRM knows here or elsewhere, the email address or its local part, the
 * website) or the same city, also spelled with a typo. Not the same region: deliberate namesakes
 * often live one city over. Two Jan de Vries are never linked on their names alone.
 */
function corroborated(s: Scored): boolean {
  const place = s.levels[FIELD_INDEX.place]!;
  return identifierAgrees(s) || place === PLACE.city || place === PLACE.nearCity;
}

/**
 * The profile says it lives in another city or country than the CRM has. Beside an identifier of the
 * customer's, that is how a handle released and taken by someone else looks (or a customer who moved):
 * a person decides rather than the identifier alone.
 */
function livesElsewhere(s: Scored, features: ProfileFeatures): boolean {
  const stated = s.levels[FIELD_INDEX.place]!;
  // Without a location field, the place a bio states ("Almere based") may say so.
  const place = stated === MISSING ? comparePlaces(features.bioPlace, s.record.place) : stated;
  return place === PLACE.otherPlace || place === PLACE.otherCountry;
}

/** An identifier of the customer's agrees: a handle the CRM knows here or elsewhere, the email address or its local part, the website. */
function identifierAgrees(s: Scored): boolean {
  const level = (field: number) => s.levels[field]!;
  return (
    [IDENTIFIER.knownHandle, IDENTIFIER.knownHandleElsewhere, IDENTIFIER.emailLocalPart].includes(level(FIELD_INDEX.handle) as 0) ||
    level(FIELD_INDEX.email) === EMAIL.exact ||
    level(FIELD_INDEX.website) === WEBSITE.sameDomain
  );
}

/**
 * A surname and a city that agree, with only the customer's initial beside them ("Anne Diesfeldt" in
 * Drachten, "A.L. Diesfeldt" in Drachten): a relative shares surname and city, and a relative's first name
 * often starts the same, which the model, counting surname and city apart, does not see. A person
 * decides, unless an identifier of the customer's agrees too.
 */
function initialOnly(s: Scored): boolean {
  return s.levels[FIELD_INDEX.given] === GIVEN.initial && !identifierAgrees(s);
}

/**
 * Surname and city agree, but the profile or the CRM gives no first name ("Oudenbroek" in Amersfoort, or
 * Harm Oudenbroek against a customer the CRM knows only as Oudenbroek): a relative in the same city looks
 * the same. A person decides, unless an identifier of the customer's agrees too.
 */
function firstNameUnknown(s: Scored): boolean {
  return s.levels[FIELD_INDEX.given] === MISSING && !identifierAgrees(s);
}

/**
 * Of the customer's identifiers only their website agrees, and the first name does not plainly confirm
 * it: colleagues and family share a company's or a family's website. A person decides.
 */
function websiteOnly(s: Scored): boolean {
  const level = (field: number) => s.levels[field]!;
  if (level(FIELD_INDEX.website) !== WEBSITE.sameDomain) return false;
  const personal = [IDENTIFIER.knownHandle, IDENTIFIER.knownHandleElsewhere, IDENTIFIER.emailLocalPart].includes(level(FIELD_INDEX.handle) as 0) || level(FIELD_INDEX.email) === EMAIL.exact;
  const given = level(FIELD_INDEX.given);
  return !personal && !(given === GIVEN.exact || given === GIVEN.transliteration || given === GIVEN.nickname);
}

/**
 * Whether a candidate may be proposed at all: an identifier of theirs agrees (a handle they use
 * elsewhere, their email address or its local part, their website), or their surname does: as
 * written or nearly (with no given name against it: "V. Bagavac", "Calmer, Majolein"), only in
 * a handle or as an initial together with their given name ("Anna V.", "ROMAN" with @romantarasov),
 * or with a slip together with a given name that (nearly) agrees ("Bradley Ikefa").
 * "Anna" from Utrecht fits every Anna in Utrecht about as well as the right one, and a surname
 * alone in a handle may be a word ("happy_baker").
 */
function suggestible(s: Scored): boolean {
  const at = (field: number, strongest: number, weakest: number) => {
    const level = s.levels[field]!;
    return level !== MISSING && level >= strongest && level <= weakest;
  };
  const identified =
    at(FIELD_INDEX.handle, IDENTIFIER.knownHandle, IDENTIFIER.emailLocalPart) ||
    at(FIELD_INDEX.email, EMAIL.exact, EMAIL.shared) ||
    at(FIELD_INDEX.website, WEBSITE.sameDomain, WEBSITE.sameDomain) ||
    identifierConflicts(s.levels).length > 0;
  const givenAgrees = at(FIELD_INDEX.given, GIVEN.exact, GIVEN.initial);
  const givenClose = at(FIELD_INDEX.given, GIVEN.exact, GIVEN.jw92);
  const givenNotAgainst = s.levels[FIELD_INDEX.given] !== GIVEN.disagree;
  return (
    identified ||
    (at(FIELD_INDEX.surname, SURNAME.exact, SURNAME.jw92) && givenNotAgainst) ||
    (at(FIELD_INDEX.surname, SURNAME.inHandle, SURNAME.initial) && givenAgrees) ||
    // A surname with a slip in it (Ikefa for Ikeda) beside a given name that agrees.
    (at(FIELD_INDEX.surname, SURNAME.jw80, SURNAME.jw80) && givenClose)
  );
}

export interface MatchOptions {
  params: MatcherParams;
  thresholds: MatchThresholds;
  /** Earlier decisions of a person, by profile id. */
  previous?: (profileId: string) => PreviousDecision | undefined;
  /**
   * What profiles outside the batch already hold of each (platform, customer) slot (joint.ts
   * slotKey): 1 for a confirmed link, its probability for an automatic one.
   */
  held?: ReadonlyMap<string, number>;
  /** Profiles looked up per store call. */
  batchSize?: number;
  /** Levels of pairs learning already compared, so matching does not compare them again. */
  compared?: ComparedPairs;
}

/** A profile's candidates as learning compared them: their ids and levels, one candidate after another. */
export interface ComparedSet {
  ids: readonly string[];
  levels: Int8Array;
}

/** Pairs already compared, by the profile object compared (trainMatcher keeps them; another object is compared afresh). */
export type ComparedPairs = Pick<WeakMap<ProfileInput, ComparedSet>, 'get'>;

/** The k-th candidate's levels when the set was compared in the same order, else nothing (compare again). */
function levelsAt(compared: ComparedSet | undefined, k: number, customerId: string): Int8Array | undefined {
  if (compared?.ids[k] !== customerId) return undefined;
  const K = PERSONA_COMPARISONS.length;
  return compared.levels.subarray(k * K, (k + 1) * K);
}

/**
 * How a batch reads what it needs for some of its profiles (by index): their candidate sets for the
 * queries, and what people decided about them before. The extension reads both in one transaction.
 */
export type BatchLookup = (queries: readonly BlockingQuery[], indexes: readonly number[]) => Promise<{ sets: CandidateSet[]; previous: (PreviousDecision | undefined)[] }>;

/**
 * Decide a batch of profiles, then decide again, jointly, those that compete for one customer on one
 * platform (joint.ts). Addresses several profiles of the batch show under other names are marked
 * shared first. The one batch path of the CLI, the benchmarks and the extension.
 */
export async function decideBatch(
  profiles: readonly (ProfileInput & { id: string })[],
  lookup: BatchLookup,
  scorer: PersonaScorer,
  thresholds: MatchThresholds,
  options: { held?: ReadonlyMap<string, number>; batchSize?: number; compared?: ComparedPairs } = {},
): Promise<MatchResult[]> {
  const { batchSize = 200, compared } = options;
  const features = profiles.map(profileFeatures);
  markSharedEmails(features);
  const out: MatchResult[] = new Array<MatchResult>(profiles.length);
  const previous: (PreviousDecision | undefined)[] = new Array<PreviousDecision | undefined>(profiles.length);

  const decideAll = async (indexes: readonly number[], slotFactor?: (i: number) => (customerId: string) => number) => {
    for (let start = 0; start < indexes.length; start += batchSize) {
      const batch = indexes.slice(start, start + batchSize);
      const found = await lookup(
        batch.map((i) => profileQuery(features[i]!)),
        batch,
      );
      batch.forEach((i, k) => {
        previous[i] = found.previous[k];
        out[i] = decide(features[i]!, found.sets[k]!, scorer, thresholds, previous[i], slotFactor?.(i), compared?.get(profiles[i]!));
      });
    }
  };
  await decideAll(profiles.map((_, i) => i));

  // Jointly: confirmed links hold their slot whole; the others share what is left.
  const held = new Map(options.held);
  profiles.forEach((p, i) => {
    if (out[i]!.reason === 'confirmed' && out[i]!.customerId) held.set(slotKey(p.platform, out[i]!.customerId!), 1);
  });
  const open = profiles.flatMap((p, i) => (out[i]!.reason === 'confirmed' ? [] : [{ i, profile: { profileId: p.id, platform: p.platform, alternatives: out[i]!.alternatives ?? [] } }]));
  const factors = slotFactors(
    open.map((o) => o.profile),
    held,
  );
  if (factors.size > 0) {
    const affected = open.filter((o) => o.profile.alternatives.some((a) => factors.has(slotKey(o.profile.platform, a.customerId)))).map((o) => o.i);
    await decideAll(affected, (i) => (customerId) => factors.get(slotKey(profiles[i]!.platform, customerId)) ?? 1);
  }
  return out;
}

/** Match profiles against a store (the CLI, the benchmarks, tests): decideBatch with the store's candidates. */
export async function matchProfiles(store: CandidateStore, profiles: readonly (ProfileInput & { id: string })[], options: MatchOptions): Promise<MatchResult[]> {
  const scorer = new PersonaScorer(options.params, await store.size(), await store.frequencies());
  const lookup: BatchLookup = async (queries, indexes) => {
    const previous = indexes.map((i) => options.previous?.(profiles[i]!.id));
    // A confirmed profile needs no lookup.
    const sets = await store.candidates(queries.map((q, k) => (previous[k]?.status === 'confirmed' ? { candidateKeys: [], countKeys: [] } : q)));
    return { sets, previous };
  };
  return decideBatch(profiles, lookup, scorer, options.thresholds, {
    ...(options.held ? { held: options.held } : {}),
    ...(options.batchSize ? { batchSize: options.batchSize } : {}),
    ...(options.compared ? { compared: options.compared } : {}),
  });
}

export function toMatchLine(profileId: string, r: MatchResult): MatchLine {
  return { profileId, customerId: r.customerId, score: r.score, decision: r.decision, evidence: r.evidence };
}

/**
 * The Match row to store for a result. A person's confirmation is never
 * overwritten by the matcher, and the customers they rejected stay rejected.
 */
export function toMatchRecord(profileId: string, result: MatchResult, previous?: Match, now = Date.now()): Match {
  if (previous?.status === 'confirmed') return previous;
  // A result computed before a person's rejection landed must not bring the rejected customer back.
  if (previous && result.customerId !== null && previous.rejectedCustomerIds.includes(result.customerId)) return previous;
  return {
    profileId,
    customerId: result.customerId,
    score: result.score,
    status: result.decision,
    evidence: result.evidence,
    decidedBy: 'matcher',
    decidedAt: now,
    rejectedCustomerIds: previous?.rejectedCustomerIds ?? [],
  };
}
