/**
 * The matcher on every linkage set: the same steps as `earshot match` with its
 * defaults (learning the parameters from the set's own customers and profiles,
 * then matching), scored over all profiles (bench/linkage-score.ts). Then a
 * person reviewing the queue, simulated: the most useful suggestions first
 * (the ones nearest a coin toss), decided by the truth, 50, 200 and 1,000 of
 * them; the matcher learns from the decisions and matches again. The figures
 * show how precision, recall and calibration move with use.
 */
import { matchProfiles, type MatchResult, type PreviousDecision } from '../../lib/match/match';
import { MatchThresholds } from '../../lib/match/settings';
import { MemoryCandidateStore } from '../../lib/match/store';
import { trainMatcher, type DecidedPair } from '../../lib/match/train';
import { scoreOutcomes } from './score';
import type { LinkageSet } from '../sets/types';

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

export const REVIEW_STEPS = [50, 200, 1000] as const;

/** Share of a person's checks spent on automatic links (the least likely first), as the review queue mixes them in. */
export const SPOT_CHECK_SHARE = 0.2;

/**
 * Which links a person decides first: suggestions whose answer is least certain (p(1 - p) highest),
 * with one in five a spot check of an automatic link, the least likely first (lib/views/review.ts does
 * the same): without checks of automatic links, nobody would ever learn how often those are wrong.
 */
export function reviewOrder(results: readonly MatchResult[], decided: ReadonlySet<number>, count: number): number[] {
  const open = (decision: string) =>
    results
      .map((r, i) => ({ i, r }))
      .filter(({ i, r }) => r.decision === decision && r.reason !== 'confirmed' && r.customerId !== null && !decided.has(i));
  const suggestions = open('review')
    .sort((a, b) => b.r.score * (1 - b.r.score) - a.r.score * (1 - a.r.score) || a.i - b.i)
    .map(({ i }) => i);
  const automatic = open('auto')
    .sort((a, b) => a.r.score - b.r.score || a.i - b.i)
    .map(({ i }) => i);
  const checks = Math.min(automatic.length, Math.round(count * SPOT_CHECK_SHARE));
  const picked = [...automatic.slice(0, checks), ...suggestions.slice(0, count - checks)];
  // Fewer suggestions than asked for: more checks of automatic links instead.
  return picked.length < count ? [...picked, ...automatic.slice(checks, checks + count - picked.length)] : picked;
}

export async function runSet(set: LinkageSet, options: { reviewSteps?: readonly number[] } = {}) {
  const thresholds = MatchThresholds.parse({});
  const truthOf = (i: number) => set.truth.get(set.profiles[i]!.id) ?? null;
  const outcomes = (results: readonly MatchResult[], skip: ReadonlySet<number> = new Set()) =>
    set.profiles.flatMap((p, i) => (skip.has(i) ? [] : [{ profileId: p.id, truth: truthOf(i), result: results[i]! }]));

  let started = performance.now();
  const store = MemoryCandidateStore.fromCustomers(set.customers);
  const indexSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  const trained = await trainMatcher(store, set.profiles);
  const learnSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  let results = await matchProfiles(store, set.profiles, { params: trained.params, thresholds, compared: trained.compared });
  const matchSeconds = (performance.now() - started) / 1000;

  const out: Record<string, unknown> = {
    set: set.name,
    source: set.source,
    heldOut: set.heldOut,
    customers: set.customers.length,
    ...scoreOutcomes(outcomes(results), set.noEvidence),
    learned: { customerShare: round(trained.customerShare, 3), nameCollision: round(trained.nameCollision, 3) },
    seconds: { index: round(indexSeconds), learn: round(learnSeconds), match: round(matchSeconds), total: round(indexSeconds + learnSeconds + matchSeconds) },
  };

  // A person works through the review queue; the matcher learns from each batch of decisions.
  const decided = new Map<number, boolean>();
  const afterReview: Record<string, unknown> = {};
  for (const step of options.reviewSteps ?? REVIEW_STEPS) {
    const next = reviewOrder(results, new Set(decided.keys()), Math.max(0, step - decided.size));
    if (next.length === 0) break;
    for (const i of next) decided.set(i, results[i]!.customerId === truthOf(i));
    const pairs: DecidedPair[] = [];
    const previous = new Map<string, PreviousDecision>();
    for (const [i, right] of decided) {
      const customerId = results[i]!.customerId!;
      pairs.push({ profile: set.profiles[i]!, customerId, right });
      previous.set(
        set.profiles[i]!.id,
        right ? { status: 'confirmed', customerId, rejectedCustomerIds: [] } : { status: 'rejected', customerId, rejectedCustomerIds: [customerId] },
      );
    }
    const retrained = await trainMatcher(store, set.profiles, undefined, { decided: pairs });
    results = await matchProfiles(store, set.profiles, { params: retrained.params, thresholds, previous: (id) => previous.get(id) });
    const scored = scoreOutcomes(outcomes(results), set.noEvidence);
    // Calibration over the profiles nobody decided: a decided one is right by definition.
    const undecided = scoreOutcomes(outcomes(results, new Set(decided.keys())), set.noEvidence).calibration;
    afterReview[String(decided.size)] = {
      autoPrecision: scored.autoPrecision,
      nonCustomersLinked: scored.nonCustomersLinked,
      recallAuto: scored.recallAuto,
      recallAutoOrReview: scored.recallAutoOrReview,
      autoF1: scored.autoF1,
      reviewQueue: scored.reviewQueue,
      calibrationOfUndecided: undecided,
      learned: { nameCollision: round(retrained.nameCollision, 3) },
    };
  }
  out.afterReview = afterReview;
  return out;
}
