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
import { clampProbability, MISSING, type ModelParams } from './engine/model';
import { comparePair, EMAIL, FIELD_INDEX, GIVEN, IDENTIFIER, PERSONA_COMPARISONS, SURNAME, WEBSITE } from './comparisons';
import { customerAsProfile, markSharedEmails, profileFeatures, type CustomerRecord, type ProfileFeatures, type ProfileInput } from './features';
import { profileQuery } from './keys';
import { PersonaScorer, REFERENCE_CUSTOMERS, type ComparedPairs, type ComparedSet } from './match';
import { defaultMatcherParams, type MatcherParams } from './params';
import type { CandidateStore } from './store';

/** A link a person decided: this profile is (right) or is not this customer. */
export interface DecidedPair {
  profile: ProfileInput;
  customerId: string;
  right: boolean;
}

export interface TrainOptions {
  /** Links people confirmed or rejected: they teach m, the name-collision factor and the calibration map. */
  decided?: readonly DecidedPair[];
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
  nameCollision: number;
  /** Decided pairs used (those whose customer is still in the store). */
  decidedPairs: number;
  /** The levels learning compared, by profile, for matching the same profiles without comparing again. */
  compared: ComparedPairs;
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
): Promise<{ model: ModelParams; randomPairs: number; namesakePairs: number; nameSample: NameSample[]; namesakePlaceU?: number[] }> {
  const { sampleSize = 2000, randomPairs = 100_000, seed = 7, batchSize = 200 } = options;
  const sample = await store.sample(sampleSize, seed);
  if (sample.length < 2) return { model: start, randomPairs: 0, namesakePairs: 0, nameSample: [] };
  const random = sampler(seed);
  const counter = new PatternCounter();
  const vector = new Int8Array(PERSONA_COMPARISONS.length);
  const asProfile = profiles.length >= MIN_PROFILES_FOR_U ? profiles : sample.map((r, i) => customerAsProfile(r, i % 3 === 2 ? 'given-and-handle' : 'full'));
  for (let s = 0; s < randomPairs; s++) {
    const i = Math.floor(random() * asProfile.length);
    const j = Math.floor(random() * sample.length);
    if (asProfile === profiles ? false : sample[i]!.id === sample[j]!.id) continue;
    comparePair(asProfile[i]!, sample[j]!, vector);
    for (const k of NOT_FROM_RANDOM_PAIRS) vector[k] = MISSING;
    counter.add(vector);
  }
  let model = uFromPatterns(start, counter.result(), 50);

  // Namesakes: other customers with the same full name, found through the store like any candidate.
  const namesakes = new PatternCounter();
  const nameSample: NameSample[] = [];
  const full = sample.map((r) => customerAsProfile(r, 'full'));
  for (let b = 0; b < full.length; b += batchSize) {
    const batch = full.slice(b, b + batchSize);
    const sets = await store.candidates(batch.map(profileQuery));
    sets.forEach((set, i) => {
      const me = sample[b + i]!;
      if (me.name.given.length > 0 && me.name.surname) nameSample.push({ record: me, counts: set.counts });
      for (const other of set.records) {
        if (other.id === me.id) continue;
        comparePair(batch[i]!, other, vector);
        if (vector[FIELD_INDEX.given] !== GIVEN.exact || vector[FIELD_INDEX.surname] !== SURNAME.exact) continue;
        for (let k = 0; k < vector.length; k++) if (k !== FIELD_INDEX.handle && k !== FIELD_INDEX.place) vector[k] = MISSING;
        namesakes.add(vector);
      }
    });
  }
  const namesakeCounts = namesakes.result();
  let namesakePlaceU: number[] | undefined;
  if (namesakeCounts.total > 0) {
    const conditional = uFromPatterns(model, namesakeCounts, 20);
    model = { ...model, fields: model.fields.map((f, k) => (k === FIELD_INDEX.handle ? conditional.fields[k]! : f)) };
    // Where namesakes live: in this CRM, two customers with one name may share a town (a family, a
    // common name in a big city) far more often than two random customers do.
    namesakePlaceU = conditional.fields[FIELD_INDEX.place]!.u;
  }
  return { model, randomPairs: counter.result().total, namesakePairs: namesakeCounts.total, nameSample, ...(namesakePlaceU ? { namesakePlaceU } : {}) };
}

/** A sampled customer and the counts of their name's keys. */
export interface NameSample {
  record: CustomerRecord;
  counts: ReadonlyMap<string, number>;
}

export interface PairData {
  features: ProfileFeatures;
  candidates: CustomerRecord[];
  counts: ReadonlyMap<string, number>;
  /** Each candidate's comparison levels, one after another (comparing is most of learning's cost, and every step reads them). */
  levels: Int8Array;
}

/** Compare a profile with each of its candidates once. */
export function compareAll(features: ProfileFeatures, candidates: readonly CustomerRecord[]): Int8Array {
  const K = PERSONA_COMPARISONS.length;
  const levels = new Int8Array(candidates.length * K);
  candidates.forEach((c, k) => comparePair(features, c, levels.subarray(k * K, (k + 1) * K)));
  return levels;
}

/** The levels of a pair data's k-th candidate. */
export function levelsOf(d: PairData, k: number): Int8Array {
  const K = PERSONA_COMPARISONS.length;
  return d.levels.subarray(k * K, (k + 1) * K);
}

/** Fit the matcher to the user's customers and captured profiles. */
export async function trainMatcher(store: CandidateStore, profiles: readonly ProfileInput[], start: MatcherParams = defaultMatcherParams(), options: TrainOptions = {}): Promise<TrainReport> {
  const { maxProfiles = 20_000, batchSize = 200 } = options;
  const used = profiles.slice(0, maxProfiles).map(profileFeatures);
  // As matching sees them: an email address several profiles show is marked before comparing.
  markSharedEmails(used);
  const u = await estimateU(store, start.model, used, options);
  let model = u.model;

  const data: PairData[] = [];
  for (let b = 0; b < used.length; b += batchSize) {
    const features = used.slice(b, b + batchSize);
    const sets = await store.candidates(features.map(profileQuery));
    sets.forEach((set, i) => data.push({ features: features[i]!, candidates: set.records, counts: set.counts, levels: compareAll(features[i]!, set.records) }));
  }

  const decided = await decidedData(store, options.decided ?? [], batchSize);
  // People's decisions are labels for EM (m and u), and say how often pairs that share a whole name are right.
  const labelled = { patterns: decided.map((d) => d.vector), right: decided.map((d) => d.right) };

  // Session 1: pairs whose full names agree (Splink's "block on first name and surname"): same
  // person or namesake, told apart by everything but the name, whose m stays as it is.
  const all = new PatternCounter();
  const sameName = new PatternCounter();
  const identified = new PatternCounter();
  for (const d of data) {
    for (let k = 0; k < d.candidates.length; k++) {
      const vector = levelsOf(d, k);
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
  const session1 = expectationMaximisation(model, sameName.result(), { fixedFields: names, priorStrength: 20, labelled });
  model = session1.params;
  let iterations = session1.iterations;
  let converged = session1.converged;
  // Session 2: pairs an identifier, email or website ties together teach how names show up for the same person.
  const identifiedCounts = identified.result();
  if (identifiedCounts.total >= 30) {
    // Pairs tied by an identifier are mostly social profiles, whose names look unlike review sites' ("Anna V.",
    // "J. de Vries" are rare there): they move the defaults only as far as as many pairs again would.
    const session2 = expectationMaximisation(model, identifiedCounts, { fixedFields: new Set(['handle', 'email', 'website']), priorStrength: Math.max(20, identifiedCounts.total), labelled });
    model = session2.params;
    iterations += session2.iterations;
    converged &&= session2.converged;
  }

  // The share of captured people who are customers, and how often strangers share a customer's whole
  // name: the mixture "one of the candidates, or nobody in the CRM" (fitShareAndCollision).
  const total = await store.size();
  const frequencies = await store.frequencies();
  const base: MatcherParams = { ...start, model, ...(u.namesakePlaceU ? { namesakePlaceU: u.namesakePlaceU } : {}) };
  let fitted = fitShareAndCollision(data, base, total, frequencies, u.nameSample, decided);
  // How often an identifier the CRM records is someone else's now, from this CRM's own pairs; then the
  // share again, with identifiers weighed as they now are.
  const identifiers = learnIdentifierU(data, model, fitted.share, total);
  if (identifiers.changed) {
    model = identifiers.model;
    fitted = fitShareAndCollision(data, { ...base, model }, total, frequencies, u.nameSample, decided);
  }
  const params: MatcherParams = {
    version: 2,
    customerShare: fitted.share,
    nameCollision: fitted.nameCollision,
    ...(u.namesakePlaceU ? { namesakePlaceU: u.namesakePlaceU } : {}),
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
    customerShare: fitted.share,
    nameCollision: fitted.nameCollision,
    decidedPairs: decided.length,
    compared: comparedOf(profiles, data),
  };
}

/** The learnt pairs by the profile objects they came from (data[i] is profiles[i]'s). */
function comparedOf(profiles: readonly ProfileInput[], data: readonly PairData[]): ComparedPairs {
  const compared = new WeakMap<ProfileInput, ComparedSet>();
  data.forEach((d, i) => compared.set(profiles[i]!, { ids: d.candidates.map((c) => c.id), levels: d.levels }));
  return compared;
}

/** Fewer pairs than this at an identifier's level teach nothing about how often it changed hands. */
const MIN_IDENTIFIER_PAIRS = 30;

/**
 * u of the unique identifiers (a handle the CRM records on its own platform, the customer's email
 * address), learned per CRM. Among the pairs where one agrees, the share that are the same person
 * (lambda) shows in how their names and places agree: EM over those pairs with the names' and places'
 * m and u held, lambda free (a one-parameter mixture; a profile that shows no name says nothing and
 * only takes the share). Pairs whose name conflicts (the joint level) count as names that disagree.
 * Then u follows from lambda: the prior odds of such a pair, (s / N) / (1 - s) times m / u, are
 * lambda / (1 - lambda). u is stored for REFERENCE_CUSTOMERS and scaled with 1 / N by the scorer.
 */
export function learnIdentifierU(data: readonly PairData[], model: ModelParams, share: number, customers: number): { model: ModelParams; changed: boolean; lambdas: Record<string, number> } {
  const given = model.fields[FIELD_INDEX.given]!;
  const surname = model.fields[FIELD_INDEX.surname]!;
  const place = model.fields[FIELD_INDEX.place]!;
  const targets = [
    { field: FIELD_INDEX.handle, level: IDENTIFIER.knownHandle, conflict: IDENTIFIER.nameConflict, name: 'handle' },
    { field: FIELD_INDEX.email, level: EMAIL.exact, conflict: EMAIL.nameConflict, name: 'email' },
  ];
  const lambdas: Record<string, number> = {};
  let fields = model.fields;
  let changed = false;
  for (const t of targets) {
    // Per pair: the likelihood ratio of its names and place, same person against someone else.
    const ratios: number[] = [];
    for (const d of data) {
      for (let k = 0; k < d.candidates.length; k++) {
        const vector = levelsOf(d, k);
        const level = vector[t.field]!;
        if (level !== t.level && level !== t.conflict) continue;
        let ratio = 1;
        if (level === t.conflict) ratio *= (given.m[GIVEN.disagree]! / given.u[GIVEN.disagree]!) * (surname.m[SURNAME.disagree]! / surname.u[SURNAME.disagree]!);
        else {
          const g = vector[FIELD_INDEX.given]!;
          const s = vector[FIELD_INDEX.surname]!;
          if (g !== MISSING) ratio *= given.m[g]! / given.u[g]!;
          if (s !== MISSING) ratio *= surname.m[s]! / surname.u[s]!;
        }
        const p = vector[FIELD_INDEX.place]!;
        if (p !== MISSING) ratio *= place.m[p]! / place.u[p]!;
        ratios.push(ratio);
      }
    }
    if (ratios.length < MIN_IDENTIFIER_PAIRS) continue;
    let lambda = 0.9;
    for (let iteration = 0; iteration < 500; iteration++) {
      let sum = 0;
      for (const r of ratios) sum += (lambda * r) / (lambda * r + 1 - lambda);
      const next = Math.min(0.9999, Math.max(0.01, sum / ratios.length));
      const done = Math.abs(next - lambda) < 1e-7;
      lambda = next;
      if (done) break;
    }
    lambdas[t.name] = lambda;
    const field = fields[t.field]!;
    const priorOdds = share / customers / (1 - share);
    // u for this CRM, then for the reference size the scorer scales from.
    const u = (field.m[t.level]! * priorOdds * (1 - lambda)) / lambda;
    const reference = clampProbability((u * customers) / REFERENCE_CUSTOMERS);
    const ratio = reference / field.u[t.level]!;
    const next = { ...field, u: field.u.map((v, l) => (l === t.level || l === t.conflict ? clampProbability(v * ratio) : v)) };
    fields = fields.map((f, k) => (k === t.field ? next : f));
    changed = true;
  }
  return { model: { ...model, fields }, changed, lambdas };
}

/** A decided pair with what the matcher compares: the profile's candidates (the customer among them) and its comparison vector. */
interface DecidedData extends PairData {
  record: CustomerRecord;
  vector: Int8Array;
  right: boolean;
}

/** The decided pairs whose customer the store still has, looked up like any profile (the customer's own key added). */
async function decidedData(store: CandidateStore, decided: readonly DecidedPair[], batchSize: number): Promise<DecidedData[]> {
  const out: DecidedData[] = [];
  for (let b = 0; b < decided.length; b += batchSize) {
    const batch = decided.slice(b, b + batchSize);
    const features = batch.map((d) => profileFeatures(d.profile));
    const sets = await store.candidates(
      features.map((f, i) => {
        const query = profileQuery(f);
        return { ...query, candidateKeys: [...query.candidateKeys, `id:${batch[i]!.customerId}`] };
      }),
    );
    sets.forEach((set, i) => {
      const record = set.records.find((r) => r.id === batch[i]!.customerId);
      if (!record) return;
      const data: PairData = { features: features[i]!, candidates: set.records, counts: set.counts, levels: compareAll(features[i]!, set.records) };
      out.push({ ...data, record, vector: levelsOf(data, set.records.indexOf(record)), right: batch[i]!.right });
    });
  }
  return out;
}

/**
 * Per profile, the sum of its candidates' likelihood ratios (2^log, less `without`), split by whether
 * the name-collision factor divides them: the sum at kappa is plain + colliding / kappa, so the
 * searches over kappa below need no pass over the candidates.
 */
function splitSums<C extends { log: number; collides: boolean }>(lists: readonly (readonly C[])[], without: (c: C) => number = () => 0): { plain: Float64Array; colliding: Float64Array } {
  const plain = new Float64Array(lists.length);
  const colliding = new Float64Array(lists.length);
  lists.forEach((cs, i) => {
    for (const c of cs) {
      const lr = 2 ** (c.log - without(c));
      if (c.collides) colliding[i] = colliding[i]! + lr;
      else plain[i] = plain[i]! + lr;
    }
  });
  return { plain, colliding };
}

/** Fewer pairs that share a whole name and show a place than this teach nothing about name collisions. */
const MIN_NAME_AGREEMENTS = 30;
/**
 * How many decided pairs that share a whole name weigh as much as the rates in the data: people decide
 * the least certain pairs first, which say little about the many others, so a few decisions move the
 * name-collision factor a little and many decide it. (Letting 30 such decisions set it outright took a
 * development set's name-collision factor from 5 to 50 and its recall with review from 0.79 to 0.57.)
 */
const DECIDED_NAME_PAIRS_WEIGHT = 100;

/**
 * The least chance that a stranger shows the whole name of one of the customers, whatever the
 * customers' own names suggest: a CRM's names are a small sample of the people who write online, and
 * namesakes are everywhere (two Jan de Vries, an Anna Ivanova in another city). An assumption, stated:
 * it keeps a name alone from being near certain evidence.
 */
export const MIN_COLLISION = 0.05;

/**
 * The share of captured people who are customers (s) and the name-collision factor (kappa).
 *
 * s: EM over the mixture "one of the candidates, or nobody in the CRM", as before, with the scorer's
 * likelihood ratios. Only profiles that show a surname or an identifier count: for "Amazon Customer"
 * or a first name alone every customer is about as likely as any other, which the candidates (found
 * by those very keys) miss.
 *
 * kappa: how often a profile that shows a customer's whole name is someone else is not visible in the
 * names themselves, but it is in the places: among candidates whose whole name agrees and where both
 * sides name a place, the same person names the CRM's city with probability m and someone else with
 * probability u (both already estimated), so the share of those pairs that are the same person (lambda)
 * follows from how often the places agree (EM with m and u fixed: a one-parameter mixture). kappa is
 * then chosen so that the probability the scorer gives those pairs on everything but the place is lambda
 * on average. The two are fitted in turn, since each uses the other.
 */
export function fitShareAndCollision(
  data: readonly PairData[],
  params: MatcherParams,
  customers: number,
  frequencies: Awaited<ReturnType<CandidateStore['frequencies']>>,
  /** Sampled customers with the counts of their names: how often names collide if strangers are like customers. */
  nameSample: readonly NameSample[],
  /** Pairs people decided: where enough of them share a whole name, they say how often such pairs are right. */
  decided: readonly (PairData & { record: CustomerRecord; right: boolean })[] = [],
): { share: number; nameCollision: number; sameNameShare?: number } {
  const base = new PersonaScorer({ ...params, nameCollision: 1 }, customers, frequencies);
  const placeField = params.model.fields[FIELD_INDEX.place]!;
  const informative = data.filter((d) => d.features.names.some((n) => n.surname) || d.features.identifiers.length + d.features.emails.length + d.features.domains.length > 0);
  // Per profile and candidate: log2 of the likelihood ratio at kappa = 1, the place's part of it, and
  // whether the whole name agrees (kappa then divides the ratio).
  const profiles = informative.map((d) =>
    d.candidates.map((c, k) => {
      const one = base.score(d.features, c, d.counts, levelsOf(d, k));
      return { log: one.total - base.scorer.priorWeight, place: one.weights[FIELD_INDEX.place]!, placeLevel: one.levels[FIELD_INDEX.place]!, collides: one.nameCollides };
    }),
  );
  // The least kappa: strangers show some customer's whole name with probability kappa Q, where Q is that
  // chance if strangers were like the customers (the customers' distinct names' smoothed frequencies,
  // times the chance a profile shows a whole name exactly); never below MIN_COLLISION.
  const fields = params.model.fields;
  let perCustomer = 0;
  for (const { record, counts } of nameSample) {
    const f = base.nameFrequencies(record, counts);
    if (f.surname !== undefined && f.givenWithinSurname !== undefined && f.fullCount) perCustomer += (f.surname * f.givenWithinSurname) / f.fullCount;
  }
  const shown = fields[FIELD_INDEX.given]!.m[GIVEN.exact]! * fields[FIELD_INDEX.surname]!.m[SURNAME.exact]!;
  const q = Math.min(0.9, Math.max(1e-9, nameSample.length === 0 ? shown : (customers * perCustomer * shown) / nameSample.length));
  const least = Math.max(1, MIN_COLLISION / q);
  const lrOf = (c: { log: number; collides: boolean }, kappa: number, withoutPlace: number) => 2 ** (c.log - withoutPlace) / (c.collides ? kappa : 1);
  const withPlace = splitSums(profiles);

  const fitShare = (kappa: number, start: number) => {
    const { plain, colliding } = withPlace;
    const n = plain.length;
    let share = start;
    for (let iteration = 0; iteration < 100 && n > 0; iteration++) {
      let expected = 0;
      for (let i = 0; i < n; i++) {
        const customer = (share / customers) * (plain[i]! + colliding[i]! / kappa);
        expected += customer / (customer + (1 - share));
      }
      const next = clampProbability(Math.min(0.95, Math.max(0.01, expected / n)));
      const done = Math.abs(next - share) < 1e-5;
      share = next;
      if (done) break;
    }
    return share;
  };

  // Decided pairs that share a whole name say directly how often such a pair is right: kappa then
  // makes the scorer's mean probability for them (everything counted) what people found.
  const decidedSameName = decided.flatMap((d) => {
    const cs = d.candidates.map((c, k) => {
      const one = base.score(d.features, c, d.counts, levelsOf(d, k));
      return { id: c.id, log: one.total - base.scorer.priorWeight, collides: one.nameCollides };
    });
    const mine = cs.find((c) => c.id === d.record.id);
    return mine?.collides ? [{ cs, mine, right: d.right }] : [];
  });
  let fromDecisions: { kappa: number; pairs: number; rightShare: number } | undefined;
  if (decidedSameName.length > 0) {
    const rightShare = decidedSameName.filter((d) => d.right).length / decidedSameName.length;
    const sums = splitSums(decidedSameName.map((d) => d.cs));
    const meanProbability = (kappa: number, share: number) =>
      decidedSameName.reduce((sum, d, i) => {
        const all = sums.plain[i]! + sums.colliding[i]! / kappa;
        return sum + ((share / customers) * lrOf(d.mine, kappa, 0)) / ((share / customers) * all + (1 - share));
      }, 0) / decidedSameName.length;
    // Bisection on log2(kappa), the share refitted for each kappa tried (the two move together).
    let lo = -10;
    let hi = 30;
    for (let step = 0; step < 30; step++) {
      const mid = (lo + hi) / 2;
      if (meanProbability(2 ** mid, fitShare(2 ** mid, params.customerShare)) > rightShare) lo = mid;
      else hi = mid;
    }
    fromDecisions = { kappa: 2 ** ((lo + hi) / 2), pairs: decidedSameName.length, rightShare };
  }
  // The factor the data's rates give, moved toward what people decided in proportion to their number (log scale).
  const settle = (fromData: number, sameNameShare?: number) => {
    if (!fromDecisions) return { share: fitShare(fromData, params.customerShare), nameCollision: fromData, ...(sameNameShare === undefined ? {} : { sameNameShare }) };
    const w = fromDecisions.pairs / (fromDecisions.pairs + DECIDED_NAME_PAIRS_WEIGHT);
    const kappa = Math.max(least, 2 ** (w * Math.log2(fromDecisions.kappa) + (1 - w) * Math.log2(fromData)));
    return { share: fitShare(kappa, params.customerShare), nameCollision: kappa, sameNameShare: fromDecisions.rightShare };
  };

  // From the rates: the mixture's likelihood over (s, kappa). A profile that shows a customer's whole
  // name is that customer (likelihood (s / N) LR relative to a stranger who shares nobody's name) or a
  // stranger who shares it (kappa times as often as Q says: relative likelihood kappa); a profile that
  // shows no customer's name is, as a stranger, (1 - kappa Q) / (1 - Q) times as likely as at kappa 1.
  // Many profiles showing customers' whole names, more than the customers among them explain, make
  // kappa large. For each kappa on a grid up to kappa Q = 0.9, s by EM; the best pair wins.
  const colliding = profiles.map((cs) => cs.some((c) => c.collides));
  const byRates = (() => {
    if (colliding.filter(Boolean).length < MIN_NAME_AGREEMENTS) return least;
    let best = { kappa: least, logLikelihood: -Infinity };
    const lrs = profiles.map((_, i) => withPlace.plain[i]! + withPlace.colliding[i]!);
    for (let e = Math.log2(least); 2 ** e * q < 0.9; e += 0.25) {
      const kappa = 2 ** e;
      const others = (1 - kappa * q) / (1 - q);
      const sums = lrs.map((lr, i) => ({ lr, nobody: colliding[i] ? kappa : others }));
      let share = params.customerShare;
      for (let iteration = 0; iteration < 200; iteration++) {
        let expected = 0;
        for (const { lr, nobody } of sums) {
          const customer = (share / customers) * lr;
          expected += customer / (customer + (1 - share) * nobody);
        }
        const next = Math.min(0.95, Math.max(0.01, expected / sums.length));
        const done = Math.abs(next - share) < 1e-6;
        share = next;
        if (done) break;
      }
      const logLikelihood = sums.reduce((t, { lr, nobody }) => t + Math.log((share / customers) * lr + (1 - share) * nobody), 0);
      if (logLikelihood > best.logLikelihood) best = { kappa, logLikelihood };
    }
    return best.kappa;
  })();

  // lambda: the share of same-name pairs with places on both sides that are the same person.
  const sameName = profiles.flatMap((cs, i) => cs.filter((c) => c.collides && c.placeLevel !== MISSING).map((c) => ({ i, c })));
  if (sameName.length < MIN_NAME_AGREEMENTS) return settle(byRates);
  let lambda = 0.5;
  for (let iteration = 0; iteration < 200; iteration++) {
    let sum = 0;
    for (const { c } of sameName) {
      const m = placeField.m[c.placeLevel]!;
      const u = placeField.u[c.placeLevel]!;
      sum += (lambda * m) / (lambda * m + (1 - lambda) * u);
    }
    const next = Math.min(0.999, Math.max(0.001, sum / sameName.length));
    const done = Math.abs(next - lambda) < 1e-6;
    lambda = next;
    if (done) break;
  }

  // The mean probability of those pairs on everything but the place, for a kappa.
  const withoutPlace = splitSums(profiles, (c) => c.place);
  const meanWithoutPlace = (kappa: number, share: number) => {
    let sum = 0;
    for (const { i, c } of sameName) {
      const all = withoutPlace.plain[i]! + withoutPlace.colliding[i]! / kappa;
      const mine = (share / customers) * lrOf(c, kappa, c.place);
      sum += mine / ((share / customers) * all + (1 - share));
    }
    return sum / sameName.length;
  };
  // Bisection on log2(kappa) from the least kappa up (the mean probability falls as kappa grows), the
  // share refitted for each kappa tried.
  let lo = Math.log2(least);
  let hi = Math.max(lo, 30);
  for (let step = 0; step < 30; step++) {
    const mid = (lo + hi) / 2;
    if (meanWithoutPlace(2 ** mid, fitShare(2 ** mid, params.customerShare)) > lambda) lo = mid;
    else hi = mid;
  }
  // The two estimates see different things (the places of same-name pairs, the rates of whole-name
  // agreements); a name is worth what the more doubtful of them says.
  const kappa = Math.max(2 ** ((lo + hi) / 2), byRates);
  return settle(kappa, lambda);
}
