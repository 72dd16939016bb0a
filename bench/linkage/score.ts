/**
 * How well the matcher's decisions and probabilities hold on one linkage set,
 * over ALL its profiles (a subset, such as profiles that show some evidence,
 * is reported beside the headline, never instead of it).
 *
 * - auto precision: of the automatic links, the share that are right;
 * - non-customers linked: of the profiles of people who are not customers, the share linked automatically;
 * - recall: of the customers' profiles, the share linked automatically (auto) or linked or suggested
 *   with the right customer (auto + review);
 * - auto F1: of the automatic links against all customers' profiles;
 * - calibration: every profile's best candidate with its probability, and whether that candidate is
 *   the right one; a reliability table (probability bucket -> share right) and the expected
 *   calibration error (the bucket-size-weighted mean gap between probability and share right).
 */
import type { MatchResult } from '../../lib/match/match';

/** What the figures mean, printed with them. */
export const LINKAGE_DEFINITIONS = {
  autoPrecision: 'of the automatic links, the share that link the right customer',
  nonCustomersLinked: 'of the profiles of people who are not customers, the share linked automatically (target < 0.005)',
  recallAuto: "of the customers' profiles, the share linked automatically to the right customer",
  recallAutoOrReview: "of the customers' profiles, the share linked or suggested with the right customer",
  autoF1: "automatic links against all customers' profiles",
  withEvidence: "beside the headline, never instead of it: the customers' profiles that show something pointing to their customer, as the set's maker judged it",
  calibration:
    "every profile's proposed customer (or, for a profile left alone, its closest candidate) with the probability shown for it, bucketed; shareRight is how often it is the right one; ece is the pair-weighted mean gap",
  afterReview: 'a person decides the least certain suggestions (one in five a spot check of an automatic link), the matcher learns from the decisions and matches again; calibration over the profiles nobody decided',
} as const;

export interface Outcome {
  profileId: string;
  truth: string | null;
  result: MatchResult;
}

export interface ReliabilityRow {
  from: number;
  to: number;
  pairs: number;
  meanProbability: number;
  shareRight: number;
}

const round = (n: number, digits = 4) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Buckets finer where decisions are taken (near 1). */
export const BUCKETS = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 1.0000001];

/** The candidate a result puts forward (the proposed customer, or the closest one of a none) and its probability. */
function proposal(r: MatchResult): { customerId: string; probability: number } | undefined {
  if (r.customerId !== null) return { customerId: r.customerId, probability: r.score };
  return r.best ? { customerId: r.best.customerId, probability: r.best.score } : undefined;
}

export function reliability(outcomes: readonly Outcome[]): { table: ReliabilityRow[]; ece: number; pairs: number } {
  const rows = BUCKETS.slice(0, -1).map((from, i) => ({ from, to: Math.min(1, BUCKETS[i + 1]!), pairs: 0, sumP: 0, right: 0 }));
  let pairs = 0;
  for (const o of outcomes) {
    const p = proposal(o.result);
    if (!p) continue;
    const row = rows.find((r, i) => p.probability >= r.from && p.probability < BUCKETS[i + 1]!)!;
    row.pairs++;
    row.sumP += p.probability;
    if (p.customerId === o.truth) row.right++;
    pairs++;
  }
  let ece = 0;
  const table = rows
    .filter((r) => r.pairs > 0)
    .map((r) => {
      const mean = r.sumP / r.pairs;
      const share = r.right / r.pairs;
      ece += (r.pairs / Math.max(1, pairs)) * Math.abs(mean - share);
      return { from: r.from, to: r.to, pairs: r.pairs, meanProbability: round(mean, 3), shareRight: round(share, 3) };
    });
  return { table, ece: round(ece), pairs };
}

export function scoreOutcomes(outcomes: readonly Outcome[], noEvidence: ReadonlySet<string> = new Set()) {
  const customerProfiles = outcomes.filter((o) => o.truth !== null);
  const strangers = outcomes.filter((o) => o.truth === null);
  const auto = outcomes.filter((o) => o.result.decision === 'auto');
  const autoRight = auto.filter((o) => o.result.customerId === o.truth).length;
  const rightAuto = (o: Outcome) => o.result.decision === 'auto' && o.result.customerId === o.truth;
  const rightAny = (o: Outcome) => o.result.decision !== 'none' && o.result.customerId === o.truth;
  const share = (list: readonly Outcome[], keep: (o: Outcome) => boolean) => (list.length === 0 ? null : round(list.filter(keep).length / list.length));
  const precision = auto.length === 0 ? 1 : autoRight / auto.length;
  const recallAuto = customerProfiles.length === 0 ? 1 : autoRight / customerProfiles.length;
  const withEvidence = customerProfiles.filter((o) => !noEvidence.has(o.profileId));
  const review = outcomes.filter((o) => o.result.decision === 'review');
  return {
    profiles: outcomes.length,
    customerProfiles: customerProfiles.length,
    nonCustomers: strangers.length,
    autoPrecision: round(precision),
    nonCustomersLinked: share(strangers, (o) => o.result.decision === 'auto'),
    recallAuto: round(recallAuto),
    recallAutoOrReview: share(customerProfiles, rightAny),
    autoF1: round(precision + recallAuto === 0 ? 0 : (2 * precision * recallAuto) / (precision + recallAuto)),
    reviewQueue: review.length,
    reviewRight: share(review, (o) => o.result.customerId === o.truth),
    // Beside the headline: the customers' profiles that show something pointing to their customer.
    withEvidence: {
      profiles: withEvidence.length,
      shareOfCustomerProfilesWithout: share(customerProfiles, (o) => noEvidence.has(o.profileId)),
      recallAuto: share(withEvidence, rightAuto),
      recallAutoOrReview: share(withEvidence, rightAny),
    },
    calibration: reliability(outcomes),
  };
}
