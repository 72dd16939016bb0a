/**
 * Learning the matcher's parameters from the user's own data, without labels.
 *
 * 1. u from random pairs of customers (each seen once as a profile would show
 *    them), as Splink estimates u.
 * 2. u of the identifier comparison from namesake pairs: two different
 *    customers with the same full name. An identifier equal to a customer's
 *    email local part or handle almost only happens when the names agree, so
 *    its u must be measured among pairs whose names agree, or a namesake's
 *    name-built handle would pass for proof.
 * 3. m by expectation-maximisation over the candidate pairs of the captured
 *    profiles, in two sessions as Splink trains with several blocking rules:
 *    all candidate pairs (found by name, so names held fixed) teach the other
 *    fields; pairs that agree on an identifier, an email address or a website
 *    teach the names.
 * 4. The share of captured people who are customers, by EM over the mixture
 *    "one of the candidates, or nobody in the CRM".
 */
import { estimateU as uFromPatterns, expectationMaximisation, PatternCounter } from './engine/em';
import { clampProbability, compareAll, MISSING, type ModelParams } from './engine/model';
import { EMAIL, FIELD_INDEX, GIVEN, IDENTIFIER, PERSONA_COMPARISONS, SURNAME, WEBSITE } from './comparisons';
import { customerAsProfile, profileFeatures, type CustomerRecord, type ProfileFeatures, type ProfileInput } from './features';
import { profileQuery } from './keys';
import { PersonaScorer } from './match';
import { defaultMatcherParams, type MatcherParams } from './params';
import type { CandidateStore } from './store';

export interface TrainOptions {
  /** Customers sampled for random pairs. */
  sampleSize?: number;
  /** Random pairs for u. */
  randomPairs?: number;
  seed?: number;
  /** At most this many profiles are used for EM. */
  maxProfiles?: number;
  /** Store lookups per batch. */
  batchSize?: number;
}

export interface TrainReport {
  params: MatcherParams;
  randomPairs: number;
  namesakePairs: number;
  candidatePairs: number;
  identifiedPairs: number;
  emIterations: number;
  converged: boolean;
  customerShare: number;
}

/** A small deterministic generator for sampling pairs (xorshift32). */
function sampler(seed: number): () => number {
  let state = seed >>> 0 || 0x9e3779b9;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

/** Fields whose u comes from elsewhere than random pairs: identifiers (namesakes) and bio emails (customers have none to show). */
const NOT_FROM_RANDOM_PAIRS = new Set<number>([FIELD_INDEX.handle, FIELD_INDEX.email]);

/** Below this many captured profiles, u comes from customers seen as profiles instead. */
const MIN_PROFILES_FOR_U = 200;

/**
 * u from random pairs of a captured profile and a customer (almost all
 * different people, and with the mix of what profiles show: full names,
 * first names, initials), or of two customers while there are few captures;
 * and the identifier's u from namesake pairs.
 */
export async function estimateU(
  store: CandidateStore,
  start: ModelParams,
  profiles: readonly ProfileFeatures[],
  options: TrainOptions = {},
): Promise<{ model: ModelParams; randomPairs: number; namesakePairs: number }> {
  const { sampleSize = 2000, randomPairs = 100_000, seed = 7, batchSize = 200 } = options;
  const sample = await store.sample(sampleSize, seed);
  if (sample.length < 2) return { model: start, randomPairs: 0, namesakePairs: 0 };
  const random = sampler(seed);
  const counter = new PatternCounter();
  const vector = new Int8Array(PERSONA_COMPARISONS.length);
  const asProfile = profiles.length >= MIN_PROFILES_FOR_U ? profiles : sample.map((r, i) => customerAsProfile(r, i % 3 === 2 ? 'given-and-handle' : 'full'));
  for (let s = 0; s < randomPairs; s++) {
    const i = Math.floor(random() * asProfile.length);
    const j = Math.floor(random() * sample.length);
    if (asProfile === profiles ? false : sample[i]!.id === sample[j]!.id) continue;
    compareAll(PERSONA_COMPARISONS, asProfile[i]!, sample[j]!, vector);
    for (const k of NOT_FROM_RANDOM_PAIRS) vector[k] = MISSING;
    counter.add(vector);
  }
  let model = uFromPatterns(start, counter.result(), 50);

  // Namesakes: other customers with the same full name, found through the store like any candidate.
  const namesakes = new PatternCounter();
  const full = sample.map((r) => customerAsProfile(r, 'full'));
  for (let b = 0; b < full.length; b += batchSize) {
    const batch = full.slice(b, b + batchSize);
    const sets = await store.candidates(batch.map(profileQuery));
    sets.forEach((set, i) => {
      const me = sample[b + i]!;
      for (const other of set.records) {
        if (other.id === me.id) continue;
        compareAll(PERSONA_COMPARISONS, batch[i]!, other, vector);
        if (vector[FIELD_INDEX.given] !== GIVEN.exact || vector[FIELD_INDEX.surname] !== SURNAME.exact) continue;
        for (let k = 0; k < vector.length; k++) if (k !== FIELD_INDEX.handle) vector[k] = MISSING;
        namesakes.add(vector);
      }
    });
  }
  const namesakeCounts = namesakes.result();
  if (namesakeCounts.total > 0) {
    const conditional = uFromPatterns(model, namesakeCounts, 20);
    model = { ...model, fields: model.fields.map((f, k) => (k === FIELD_INDEX.handle ? conditional.fields[k]! : f)) };
  }
  return { model, randomPairs: counter.result().total, namesakePairs: namesakeCounts.total };
}

interface PairData {
  features: ProfileFeatures;
  candidates: CustomerRecord[];
  counts: ReadonlyMap<string, number>;
}

/** Fit the matcher to the user's customers and captured profiles. */
export async function trainMatcher(store: CandidateStore, profiles: readonly ProfileInput[], start: MatcherParams = defaultMatcherParams(), options: TrainOptions = {}): Promise<TrainReport> {
  const { maxProfiles = 20_000, batchSize = 200 } = options;
  const used = profiles.slice(0, maxProfiles).map(profileFeatures);
  const u = await estimateU(store, start.model, used, options);
  let model = u.model;

  const data: PairData[] = [];
  for (let b = 0; b < used.length; b += batchSize) {
    const features = used.slice(b, b + batchSize);
    const sets = await store.candidates(features.map(profileQuery));
    sets.forEach((set, i) => data.push({ features: features[i]!, candidates: set.records, counts: set.counts }));
  }

  // Session 1: pairs whose full names agree (Splink's "block on first name and surname"): same
  // person or namesake, told apart by everything but the name, whose m stays as it is.
  const all = new PatternCounter();
  const sameName = new PatternCounter();
  const identified = new PatternCounter();
  const vector = new Int8Array(PERSONA_COMPARISONS.length);
  for (const d of data) {
    for (const c of d.candidates) {
      compareAll(PERSONA_COMPARISONS, d.features, c, vector);
      all.add(vector);
      if (vector[FIELD_INDEX.given]! >= 0 && vector[FIELD_INDEX.given]! <= GIVEN.nickname && vector[FIELD_INDEX.surname]! >= 0 && vector[FIELD_INDEX.surname]! <= SURNAME.transliteration) sameName.add(vector);
      const strong =
        (vector[FIELD_INDEX.handle]! >= 0 && vector[FIELD_INDEX.handle]! <= IDENTIFIER.emailLocalPart) ||
        vector[FIELD_INDEX.email] === EMAIL.exact ||
        vector[FIELD_INDEX.website] === WEBSITE.sameDomain;
      if (strong) identified.add(vector);
    }
  }
  const names = new Set(['given', 'surname']);
  const session1 = expectationMaximisation(model, sameName.result(), { fixedFields: names, priorStrength: 20 });
  model = session1.params;
  let iterations = session1.iterations;
  let converged = session1.converged;
  // Session 2: pairs an identifier, email or website ties together teach how names show up for the same person.
  const identifiedCounts = identified.result();
  if (identifiedCounts.total >= 30) {
    // Pairs tied by an identifier are mostly social profiles, whose names look unlike review sites' ("Anna V.",
    // "J. de Vries" are rare there): they move the defaults only as far as as many pairs again would.
    const session2 = expectationMaximisation(model, identifiedCounts, { fixedFields: new Set(['handle', 'email', 'website']), priorStrength: Math.max(20, identifiedCounts.total) });
    model = session2.params;
    iterations += session2.iterations;
    converged &&= session2.converged;
  }

  // The share of captured people who are customers: EM over "candidate j, or nobody". Only profiles
  // that show a surname or an identifier count: for "Amazon Customer" or a first name alone every
  // customer is about as likely as any other, which the candidates (found by those very keys) miss.
  const total = await store.size();
  const frequencies = await store.frequencies();
  let share = start.customerShare;
  const scorer = new PersonaScorer({ ...start, model }, total, frequencies);
  const informative = data.filter((d) => d.features.names.some((n) => n.surname) || d.features.identifiers.length + d.features.emails.length + d.features.domains.length > 0);
  const ratios = informative.map((d) => d.candidates.map((c) => 2 ** (scorer.score(d.features, c, d.counts).total - scorer.scorer.priorWeight)));
  for (let iteration = 0; iteration < 50 && ratios.length > 0; iteration++) {
    let expected = 0;
    for (const lr of ratios) {
      const sum = lr.reduce((s, v) => s + v, 0);
      const customer = (share / total) * sum;
      expected += customer / (customer + (1 - share));
    }
    const next = clampProbability(Math.min(0.95, Math.max(0.01, expected / ratios.length)));
    const done = Math.abs(next - share) < 1e-4;
    share = next;
    if (done) break;
  }

  const params: MatcherParams = {
    version: 1,
    customerShare: share,
    model: { ...model, training: { ...model.training, trainedAt: Date.now() } },
  };
  return {
    params,
    randomPairs: u.randomPairs,
    namesakePairs: u.namesakePairs,
    candidatePairs: all.result().total,
    identifiedPairs: identifiedCounts.total,
    emIterations: iterations,
    converged,
    customerShare: share,
  };
}
