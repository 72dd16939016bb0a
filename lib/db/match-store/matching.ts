/** Matching and training against the stored index, and the matcher's stored parameters. */
import type { EarshotDatabase } from '../database';
import { isLinked } from '../../model';
import type { ProfileInput } from '../../match/features';
import { decideBatch, PersonaScorer, type BatchLookup, type MatchResult, type PreviousDecision } from '../../match/match';
import { MIN_CLAIM, slotKey } from '../../match/joint';
import { defaultMatcherParams, MatcherParams, readMatcherParams } from '../../match/params';
import { MatchThresholds } from '../../match/settings';
import { trainMatcher, type DecidedPair, type TrainReport } from '../../match/train';
import { MATCH_PARAMS_META_KEY } from './format';
import { metaKey, readMetaIfValid, writeMeta } from '../meta';
import { IdbCandidateStore } from './store';

// ---------------------------------------------------------------- parameters, matching, training

const MATCH_PARAMS = metaKey(MATCH_PARAMS_META_KEY, MatcherParams);

/** The trained parameters, or the defaults when none were trained or they no longer fit (readMatcherParams says why). */
export async function loadMatcherParams(db: EarshotDatabase): Promise<MatcherParams> {
  const stored = await readMetaIfValid(db, MATCH_PARAMS);
  return stored ? readMatcherParams(stored).params : defaultMatcherParams();
}

export async function saveMatcherParams(db: EarshotDatabase, params: MatcherParams): Promise<void> {
  await writeMeta(db, MATCH_PARAMS, params, Date.now());
}

export interface DbMatchOptions {
  thresholds?: MatchThresholds;
  /** What profiles outside the batch already hold of each (platform, customer) slot (joint.ts). */
  held?: ReadonlyMap<string, number>;
  /** Parameters to use instead of the stored ones. */
  params?: MatcherParams;
  store?: IdbCandidateStore;
}

/**
 * Match captured profiles against the indexed customers: one read-only
 * transaction for the candidates and the profiles' earlier decisions, then the
 * same scoring and decision rules as the command line.
 */
export async function matchProfiles(db: EarshotDatabase, profiles: readonly (ProfileInput & { id: string })[], options: DbMatchOptions = {}): Promise<MatchResult[]> {
  const store = options.store ?? new IdbCandidateStore(db);
  const params = options.params ?? (await loadMatcherParams(db));
  const thresholds = options.thresholds ?? MatchThresholds.parse({});
  const scorer = new PersonaScorer(params, await store.size(), await store.frequencies());
  const lookup: BatchLookup = async (queries, indexes) => {
    const { sets, decisions } = await store.lookup(
      queries,
      indexes.map((i) => profiles[i]!.id),
    );
    return { sets, previous: decisions as (PreviousDecision | undefined)[] };
  };
  const results = await decideBatch(profiles, lookup, scorer, thresholds, options.held ? { held: options.held } : {});
  if (options.held) return results;
  // One profile per platform: customers these profiles could be may already be linked to another
  // profile of the same platform, outside this batch. If so, decide again with what those hold.
  const held = await heldSlots(db, profiles, results);
  return held.size === 0 ? results : decideBatch(profiles, lookup, scorer, thresholds, { held });
}

/** What profiles outside the batch hold of the (platform, customer) slots the batch's profiles could take. */
async function heldSlots(db: EarshotDatabase, profiles: readonly (ProfileInput & { id: string })[], results: readonly MatchResult[]): Promise<Map<string, number>> {
  const inBatch = new Set(profiles.map((p) => p.id));
  const wanted = new Set<string>();
  results.forEach((r, i) => {
    for (const a of r.alternatives ?? []) if (a.probability >= MIN_CLAIM) wanted.add(slotKey(profiles[i]!.platform, a.customerId));
  });
  const customerIds = [...new Set([...wanted].map((slot) => slot.slice(slot.indexOf('\u0000') + 1)))];
  const held = new Map<string, number>();
  if (customerIds.length === 0) return held;
  const links = await db.matches.where('customerId').anyOf(customerIds).toArray();
  for (const m of links) {
    if (inBatch.has(m.profileId) || !isLinked(m)) continue;
    const platform = m.profileId.slice(0, m.profileId.indexOf(':'));
    const slot = slotKey(platform, m.customerId!);
    if (!wanted.has(slot)) continue;
    held.set(slot, Math.max(held.get(slot) ?? 0, m.status === 'confirmed' ? 1 : m.score));
  }
  return held;
}

/** Match one profile (the common case in the service worker: a person seen on a page). */
export async function matchProfile(db: EarshotDatabase, profile: ProfileInput & { id: string }, options: DbMatchOptions = {}): Promise<MatchResult> {
  return (await matchProfiles(db, [profile], options))[0]!;
}

export interface RunEmOptions {
  /** At most this many of the most recently seen profiles are used. */
  maxProfiles?: number;
  store?: IdbCandidateStore;
}

/**
 * Learn the matcher's parameters from the user's customers and captured
 * profiles (u from random pairs and namesakes, m by EM, the share of
 * customers) and store them in meta, where matchProfiles finds them.
 */
export async function runEm(db: EarshotDatabase, options: RunEmOptions = {}): Promise<TrainReport> {
  const { maxProfiles = 5000 } = options;
  const store = options.store ?? new IdbCandidateStore(db);
  const profiles = await db.profiles.orderBy('lastSeenAt').reverse().limit(maxProfiles).toArray();
  const report = await trainMatcher(store, profiles, await loadMatcherParams(db), { decided: await decidedPairs(db) });
  await saveMatcherParams(db, report.params);
  return report;
}

/**
 * Every link a person decided: a confirmation is a right pair, each customer they rejected for a
 * profile a wrong one. They teach the matcher (train.ts) how links like them turn out.
 */
export async function decidedPairs(db: EarshotDatabase): Promise<DecidedPair[]> {
  const decided = await db.matches.filter((m) => m.status === 'confirmed' || m.rejectedCustomerIds.length > 0).toArray();
  const profiles = await db.profiles.bulkGet(decided.map((m) => m.profileId));
  return decided.flatMap((m, i) => {
    const profile = profiles[i];
    if (!profile) return [];
    return [
      ...(m.status === 'confirmed' && m.customerId ? [{ profile, customerId: m.customerId, right: true }] : []),
      ...m.rejectedCustomerIds.map((customerId) => ({ profile, customerId, right: false })),
    ];
  });
}
