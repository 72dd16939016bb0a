/**
 * Matching one captured person: candidates from the store, every candidate
 * scored field by field, then the decision rules.
 *
 * Decision rules, strongest first:
 * 1. A person's earlier confirmation stands.
 * 2. Customers the person rejected for this profile are never proposed again.
 * 3. A handle the CRM knows for the customer on the same platform, or the
 *    customer's exact email address in the bio, links automatically (review
 *    when it points at several customers).
 * 4. Otherwise the best candidate whose surname or an identifier agrees (a
 *    first name, with or without a place, fits too many people) decides by
 *    its match probability: auto-link at or above the auto threshold if it is
 *    corroborated beyond the name (a handle, an email address, a website or
 *    the same city; not the same region) and clearly ahead of the runner-up;
 *    suggest for review at or above the review threshold; else no match,
 *    whose evidence then says why and shows the closest customer's.
 *
 * The probability is meant to be calibrated (a 0.3 is right three times in
 * ten), which is what lets the thresholds mean something:
 * - the prior of a pair is share-of-customers / number of customers, so the
 *   same evidence counts for less in a bigger CRM;
 * - agreement on a value is weighed by how often a *non-match shows* that
 *   value: the value's frequency among the customers (Good-Turing smoothed,
 *   frequency.ts) times the chance that a profile shows a value exactly (the
 *   level's m), since namesakes write their names with the same nicknames,
 *   slips and omissions as customers do. A full name agreeing is then worth
 *   log2(customers / customers with that name), whatever m is;
 * - names are weighed per surname and per given name within the surname,
 *   identifiers by how many customers share them, cities by their size.
 */
import type { Evidence, Match, MatchDecision, MatchLine } from '../model';
import { Scorer, weightToProbability, MISSING } from './engine/model';
import { EMAIL, FIELD_INDEX, GIVEN, IDENTIFIER, NAME_FIELDS, PERSONA_COMPARISONS, PLACE, SURNAME, WEBSITE } from './comparisons';
import { profileFeatures, type CustomerRecord, type ProfileFeatures, type ProfileInput } from './features';
import { profileQuery } from './keys';
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
  | 'known-handle'
  | 'email-in-bio'
  | 'score'
  | 'name-only'
  | 'close-candidates'
  | 'several-known'
  | 'below-threshold'
  | 'given-name-only'
  | 'no-candidates';

export interface MatchResult {
  customerId: string | null;
  score: number;
  decision: MatchDecision;
  reason: DecisionReason;
  /** FORMATS.md evidence: field, level, weight (the prior included, so weights add up to the score's log-odds). */
  evidence: Evidence[];
  details: EvidenceDetail[];
  /** Candidates compared. */
  candidates: number;
  /** The best-scoring candidate, also when the decision is none (for diagnostics and "closest customer"). */
  best?: { customerId: string; score: number };
  runnerUp?: { customerId: string; score: number };
}

/** What a person decided about this profile before (the stored Match). */
export type PreviousDecision = Pick<Match, 'status' | 'customerId' | 'rejectedCustomerIds'>;

interface Scored {
  record: CustomerRecord;
  levels: Int8Array;
  weights: Float64Array;
  total: number;
}

/**
 * Evidence beyond the name that lets a name-based match link automatically: a field adding at least
 * this many bits (a handle, an email address, a website, the same city). The same region (about one
 * or two bits) is not enough: deliberate namesakes often live one city over.
 */
const CORROBORATION_BITS = 2;

/** Term-frequency smoothing: a given name's frequency among a surname's bearers starts from one pseudo-customer at the average. */
const GIVEN_TF_STRENGTH = 1;

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

  score(features: ProfileFeatures, record: CustomerRecord, counts: ReadonlyMap<string, number>): Scored {
    const K = PERSONA_COMPARISONS.length;
    const levels = new Int8Array(K);
    const weights = new Float64Array(K);
    let total = this.scorer.priorWeight;
    for (let k = 0; k < K; k++) {
      const level = PERSONA_COMPARISONS[k]!.compare(features, record);
      levels[k] = level;
    }
    const surnameKey = `s:${skeleton(record.name.surname.replace(/\s+/g, ''))}`;
    const rawSurnameCount = counts.get(surnameKey);
    const surnameCount = rawSurnameCount && smoothedCount(this.frequencies?.countsOfCounts, 's', rawSurnameCount);
    const fields = this.params.model.fields;
    const surnameLevel = levels[FIELD_INDEX.surname];
    const sameSurname = surnameLevel === SURNAME.exact || surnameLevel === SURNAME.transliteration || surnameLevel === SURNAME.inHandle;
    for (let k = 0; k < K; k++) {
      let tf: number | undefined;
      // A term frequency is how often a non-match *shows* this value: the value's frequency among the
      // customers times the chance a profile shows a value exactly (m of the level), since namesakes
      // write their names with the same slips, nicknames and omissions as customers do.
      // The same surname in another alphabet or spelling, or in the handle, is as common as the surname itself.
      if (k === FIELD_INDEX.surname && sameSurname && surnameCount) {
        tf = (surnameCount / this.customers) * fields[k]!.m[levels[k]!]!;
      } else if (k === FIELD_INDEX.given && (levels[k] === GIVEN.exact || levels[k] === GIVEN.transliteration) && sameSurname && surnameCount) {
        // P(given name | surname) = full-name frequency / surname frequency, both smoothed.
        const given = record.name.given[0];
        const full = given ? counts.get(`n:${givenRoots(given)[0]}|${surnameKey.slice(2)}`) : undefined;
        if (full) {
          const average = fields[k]!.u[GIVEN.exact]!;
          const fullCount = smoothedCount(this.frequencies?.countsOfCounts, 'n', full);
          tf = ((fullCount + GIVEN_TF_STRENGTH * average) / (surnameCount + GIVEN_TF_STRENGTH)) * fields[k]!.m[levels[k]!]!;
        }
      }
      if (k === FIELD_INDEX.place && levels[k] === PLACE.city && this.frequencies && record.place.city) {
        // Living in Amsterdam says less than living in Zeist.
        tf = ((this.frequencies.cities[record.place.city] ?? 1) / this.customers) * fields[k]!.m[PLACE.city]!;
      }
      if (k === FIELD_INDEX.handle && (levels[k] === IDENTIFIER.knownHandleElsewhere || levels[k] === IDENTIFIER.emailLocalPart)) {
        // A distinctive identifier that several customers share is weaker evidence ("anna.bakes").
        const key = PERSONA_COMPARISONS[k]!.explain(features, record).key;
        const count = key ? counts.get(key) : undefined;
        if (count) tf = Math.max(fields[k]!.u[levels[k]!]!, (smoothedCount(this.frequencies?.countsOfCounts, 'h', count) / this.customers) * fields[k]!.m[levels[k]!]!);
      }
      const w = this.scorer.weight(k, levels[k]!, tf);
      weights[k] = w;
      total += w;
    }
    return { record, levels, weights, total };
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

function evidenceOf(features: ProfileFeatures, best: Scored, priorWeight: number, customers: number): EvidenceDetail[] {
  const out: EvidenceDetail[] = [];
  PERSONA_COMPARISONS.forEach((c, k) => {
    const level = best.levels[k]!;
    if (level === MISSING) return;
    const detail = c.explain(features, best.record);
    const e: EvidenceDetail = { field: c.field, comparison: c.levels[level]!.id, weight: round(best.weights[k]!) };
    if (detail.profile !== undefined) e.profileValue = detail.profile;
    if (detail.customer !== undefined) e.customerValue = detail.customer;
    out.push(e);
  });
  out.sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight));
  out.push({ field: 'prior', comparison: 'base-rate', weight: round(priorWeight), customerValue: String(customers) });
  return out;
}

function plain(details: readonly EvidenceDetail[]): Evidence[] {
  return details.map(({ field, comparison, weight }) => ({ field, comparison, weight }));
}

function result(partial: Omit<MatchResult, 'evidence'>): MatchResult {
  return { ...partial, evidence: plain(partial.details) };
}

/** Decide one profile from its candidates. Pure: the same inputs give the same decision. */
export function decide(
  features: ProfileFeatures,
  set: CandidateSet,
  scorer: PersonaScorer,
  thresholds: MatchThresholds,
  previous?: PreviousDecision,
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
  const scored = set.records.filter((r) => !rejected.has(r.id)).map((r) => scorer.score(features, r, set.counts));
  if (scored.length === 0) return { ...result({ customerId: null, score: 0, decision: 'none', reason: 'no-candidates', details: [], candidates: 0 }), evidence: [decisionEvidence('no-candidates')] };
  // Equal weights (Jansen and Janssen are one surname to the term frequencies): the closer spelling first.
  scored.sort((a, b) => b.total - a.total || closeness(a) - closeness(b) || (a.record.id < b.record.id ? -1 : 1));

  const byRule = (level: (s: Scored) => boolean) => scored.filter(level);
  const known = byRule((s) => s.levels[FIELD_INDEX.handle] === IDENTIFIER.knownHandle);
  const email = byRule((s) => s.levels[FIELD_INDEX.email] === EMAIL.exact);
  const ruled = [...new Set([...known, ...email])];
  const priorWeight = scorer.scorer.priorWeight;
  const runnerUpOf = (best: Scored) => {
    const other = scored.find((s) => s !== best);
    return other ? { customerId: other.record.id, score: round(weightToProbability(other.total), 4) } : undefined;
  };
  const withRunnerUp = (r: Omit<MatchResult, 'evidence'>, best: Scored): MatchResult => {
    const runnerUp = runnerUpOf(best);
    const top = { customerId: best.record.id, score: round(weightToProbability(best.total), 4) };
    return result(runnerUp ? { ...r, best: top, runnerUp } : { ...r, best: top });
  };

  if (ruled.length > 0) {
    const best = ruled[0]!;
    const reason: DecisionReason = ruled.length > 1 ? 'several-known' : known.includes(best) ? 'known-handle' : 'email-in-bio';
    return withRunnerUp(
      {
        customerId: best.record.id,
        score: round(weightToProbability(best.total), 4),
        decision: ruled.length > 1 ? 'review' : 'auto',
        reason,
        details: evidenceOf(features, best, priorWeight, scorer.customers),
        candidates: scored.length,
      },
      best,
    );
  }

  // A first name, with or without a place, fits too many people to suggest anyone: only candidates
  // whose surname or an identifier agrees are proposed (the best of them), others only explain a none.
  const eligible = scored.filter(suggestible);
  const best = eligible[0] ?? scored[0]!;
  const second = scored.find((s) => s !== best);
  const probability = weightToProbability(best.total);
  const details = evidenceOf(features, best, priorWeight, scorer.customers);
  // The same region is no corroboration, however much it weighs in a small CRM.
  const corroborated = Array.from(best.weights).some((w, k) => !NAME_FIELDS.has(k) && w >= CORROBORATION_BITS && (k !== FIELD_INDEX.place || best.levels[k] === PLACE.city));
  const close = second !== undefined && best.total - second.total < thresholds.marginBits;
  let decision: MatchDecision = 'none';
  let reason: DecisionReason = 'below-threshold';
  if (probability < thresholds.review) [decision, reason] = ['none', 'below-threshold'];
  else if (eligible.length === 0) [decision, reason] = ['none', 'given-name-only'];
  else if (probability >= thresholds.auto) {
    if (thresholds.requireCorroboration && !corroborated) [decision, reason] = ['review', 'name-only'];
    else if (close) [decision, reason] = ['review', 'close-candidates'];
    else [decision, reason] = ['auto', 'score'];
  } else {
    [decision, reason] = ['review', 'score'];
  }
  if (decision === 'none') {
    // Nobody is proposed, but the closest customer's evidence says why (FORMATS.md: customerId stays null).
    const none = withRunnerUp({ customerId: null, score: round(probability, 4), decision, reason, details, candidates: scored.length }, best);
    return { ...none, evidence: [decisionEvidence(reason), ...none.evidence] };
  }
  return withRunnerUp({ customerId: best.record.id, score: round(probability, 4), decision, reason, details, candidates: scored.length }, best);
}

/**
 * Whether a candidate may be proposed at all: an identifier of theirs agrees (a handle they use
 * elsewhere, their email address or its local part, their website), or their surname does: as
 * written or nearly (with no given name against it: "V. Bagavac", "Calmer, Majolein"), or only in
 * a handle or as an initial together with their given name ("Anna V.", "ROMAN" with @romantarasov).
 * "Anna" from Utrecht fits every Anna in Utrecht about as well as the right one, and a surname
 * alone in a handle may be a word ("happy_baker").
 */
function suggestible(s: Scored): boolean {
  const at = (field: number, strongest: number, weakest: number) => {
    const level = s.levels[field]!;
    return level !== MISSING && level >= strongest && level <= weakest;
  };
  const identified =
    at(FIELD_INDEX.handle, IDENTIFIER.knownHandle, IDENTIFIER.emailLocalPart) || at(FIELD_INDEX.email, EMAIL.exact, EMAIL.exact) || at(FIELD_INDEX.website, WEBSITE.sameDomain, WEBSITE.sameDomain);
  const givenAgrees = at(FIELD_INDEX.given, GIVEN.exact, GIVEN.initial);
  const givenNotAgainst = s.levels[FIELD_INDEX.given] !== GIVEN.disagree;
  return identified || (at(FIELD_INDEX.surname, SURNAME.exact, SURNAME.jw92) && givenNotAgainst) || (at(FIELD_INDEX.surname, SURNAME.inHandle, SURNAME.initial) && givenAgrees);
}

/** The evidence line that says why nobody was proposed (weight 0: the weights still add up to the score). */
function decisionEvidence(reason: DecisionReason): Evidence {
  return { field: 'decision', comparison: reason, weight: 0 };
}

export interface MatchOptions {
  params: MatcherParams;
  thresholds: MatchThresholds;
  /** Earlier decisions of a person, by profile id. */
  previous?: (profileId: string) => PreviousDecision | undefined;
  /** Profiles looked up per store call. */
  batchSize?: number;
}

/** Match profiles against a store. The same code serves the CLI (memory store) and the extension (IndexedDB store). */
export async function matchProfiles(store: CandidateStore, profiles: readonly (ProfileInput & { id: string })[], options: MatchOptions): Promise<MatchResult[]> {
  const { batchSize = 200 } = options;
  const scorer = new PersonaScorer(options.params, await store.size(), await store.frequencies());
  const out: MatchResult[] = [];
  for (let start = 0; start < profiles.length; start += batchSize) {
    const batch = profiles.slice(start, start + batchSize);
    const features = batch.map(profileFeatures);
    const previous = batch.map((p) => options.previous?.(p.id));
    // A confirmed profile needs no lookup.
    const queries = features.map((f, i) => (previous[i]?.status === 'confirmed' ? { candidateKeys: [], countKeys: [] } : profileQuery(f)));
    const sets = await store.candidates(queries);
    features.forEach((f, i) => out.push(decide(f, sets[i]!, scorer, options.thresholds, previous[i])));
  }
  return out;
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
