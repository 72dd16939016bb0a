/**
 * The matcher's development benchmark.
 *
 * Accuracy
 * - febrl3 deduplication with the generic engine (Splink reports F1 0.993).
 * - historical_50k (Splink's example data) adapted to linking: one record of
 *   four clusters in five becomes a customer, the rest of those clusters are
 *   captured people to link to it, the fifth cluster's records are people
 *   who are not customers.
 * - the persona benchmark: the sample shop's CRM and captured profiles from
 *   lib/sample/personas.ts (customers with realistic noise, strangers,
 *   namesakes), after unsupervised training (and, on the test seed, with the
 *   default parameters), on the test seed and two others and at 10,000
 *   customers (quick: the test seed only). Figures over all customer profiles
 *   and over the findable ones (PERSONA_DEFINITIONS, printed with them), the
 *   share of strangers and of deliberate namesakes linked and sent to review,
 *   and recall by what the profiles show.
 * Speed
 * - Node: index and match 20,000 profiles against 10k and 100k customers.
 * - Chromium IndexedDB: index build time, memory and per-profile latency at
 *   10k, 100k and 1M customers (quick: 10k).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { CDPSession } from '@playwright/test';
import type { IndexReport } from '../lib/db/match-index';
import { bestLinks, blockedLinkPairs, blockedPairs, blockingQuality, pairKey, quality, scorePairs, trainDedupe, trainLink } from '../lib/match/engine/linkage';
import { FEBRL_COMPARISONS, febrlBlockingKeys, parseFebrl } from '../lib/match/febrl';
import { HISTORICAL_COMPARISONS, historicalBlockingKeys, parseHistorical, type HistoricalRecord } from '../lib/match/historical';
import { profileFeatures } from '../lib/match/features';
import { profileQuery } from '../lib/match/keys';
import { matchProfiles, type MatchResult } from '../lib/match/match';
import { defaultMatcherParams, type MatcherParams } from '../lib/match/params';
import { MatchThresholds } from '../lib/match/settings';
import { MemoryCandidateStore } from '../lib/match/store';
import { trainMatcher } from '../lib/match/train';
import type { Customer } from '../lib/model';
import { generateCustomers, SAMPLE_DEFAULTS, type SampleCustomer } from '../lib/sample/crm';
import { FINDABLE_SHOWS, generatePersonas, type SamplePersona } from '../lib/sample/personas';
import { bundleForBrowser, CHROMIUM_PATH, percentile, round, withChromiumPage } from './browser';

const root = fileURLToPath(new URL('..', import.meta.url));
const data = (name: string) => readFileSync(join(root, 'bench', 'data', 'linkage', name), 'utf8');
const log = (text: string) => process.stderr.write(`  match: ${text}\n`);
const seconds = (since: number) => round((performance.now() - since) / 1000, 2);

// ---------------------------------------------------------------- febrl3

function febrl3() {
  const started = performance.now();
  const records = parseFebrl(data('febrl3.csv'));
  const index = new Map(records.map((r, i) => [r.id, i]));
  const truth = new Set<number>();
  for (const line of data('febrl3_true_pairs.csv').trim().split(/\r?\n/).slice(1)) {
    const [a, b] = line.split(',').map((s) => s.trim());
    truth.add(pairKey(index.get(a!)!, index.get(b!)!));
  }
  const pairs = blockedPairs(records, febrlBlockingKeys);
  const blocking = blockingQuality(pairs, truth, records.length);
  const trained = trainDedupe(records, FEBRL_COMPARISONS, pairs);
  const probability = scorePairs(records, FEBRL_COMPARISONS, trained.params, pairs);
  let tp = 0;
  let predicted = 0;
  pairs.forEach((key, i) => {
    if (probability[i]! < 0.5) return;
    predicted++;
    if (truth.has(key)) tp++;
  });
  const q = quality(tp, predicted, truth.size);
  return {
    records: records.length,
    truePairs: truth.size,
    blocking: { candidatePairs: blocking.candidatePairs, pairsCompleteness: round(blocking.pairsCompleteness, 4), reductionRatio: round(blocking.reductionRatio, 5) },
    atProbability05: { precision: round(q.precision, 4), recall: round(q.recall, 4), f1: round(q.f1, 4), falsePositives: q.falsePositives, falseNegatives: q.falseNegatives },
    em: { iterations: trained.em.iterations, converged: trained.em.converged },
    splinkReportedF1: 0.993,
    seconds: seconds(started),
  };
}

// ---------------------------------------------------------------- historical_50k as customers vs profiles

function historical(quick: boolean) {
  const started = performance.now();
  let records = parseHistorical(data('historical_50k.csv'));
  if (quick) records = records.slice(0, 10_000);
  const clusters = new Map<string, HistoricalRecord[]>();
  for (const r of records) (clusters.get(r.cluster) ?? clusters.set(r.cluster, []).get(r.cluster)!).push(r);
  const customers: HistoricalRecord[] = [];
  const profiles: HistoricalRecord[] = [];
  const truth: (string | null)[] = [];
  [...clusters.values()].forEach((members, i) => {
    if (i % 5 === 4) {
      for (const m of members) {
        profiles.push(m);
        truth.push(null);
      }
      return;
    }
    customers.push(members[0]!);
    for (const m of members.slice(1)) {
      profiles.push(m);
      truth.push(members[0]!.id);
    }
  });
  const pairs = blockedLinkPairs(profiles, customers, historicalBlockingKeys);
  const linkable = truth.filter((t) => t !== null).length;
  const found = new Set(pairs.filter(([i, j]) => truth[i] === customers[j]!.id).map(([i]) => i)).size;
  const trained = trainLink(profiles, customers, HISTORICAL_COMPARISONS, pairs);
  const best = bestLinks(profiles, customers, HISTORICAL_COMPARISONS, trained.params, pairs);
  let tp = 0;
  let predicted = 0;
  let strangersLinked = 0;
  best.forEach((b, i) => {
    if (!b || b.probability < 0.5) return;
    predicted++;
    if (customers[b.right]!.id === truth[i]) tp++;
    if (truth[i] === null) strangersLinked++;
  });
  const q = quality(tp, predicted, linkable);
  const strangers = truth.length - linkable;
  return {
    customers: customers.length,
    profiles: profiles.length,
    notCustomers: strangers,
    blocking: { candidatePairs: pairs.length, pairsCompleteness: round(found / linkable, 4), reductionRatio: round(1 - pairs.length / (profiles.length * customers.length), 5) },
    atProbability05: { precision: round(q.precision, 4), recall: round(q.recall, 4), f1: round(q.f1, 4), notCustomersLinked: round(strangersLinked / Math.max(1, strangers), 4) },
    em: { iterations: trained.em.iterations, converged: trained.em.converged },
    seconds: seconds(started),
  };
}

// ---------------------------------------------------------------- personas

/** What the persona figures mean, printed with them. */
export const PERSONA_DEFINITIONS = {
  findable:
    'a customer profile that shows something the CRM holds for that customer (a known handle, the email address or its local part, the website), ' +
    'or their surname in any spelling (display name or handle) with a given name or initial no other customer of that surname has (or a city that tells them apart), ' +
    'or their given name, surname initial and city or region together when no other customer has those three; ' +
    'not findable: a given name alone (with or without a place), a given name and surname initial without a place, initials, "Amazon Customer", ' +
    'a name two customers share with nothing to tell them apart (lib/sample/personas.ts, PersonaShows)',
  auto: 'linked without a person',
  autoOrReview: 'linked, or suggested for review with the right customer',
  precisionOverFindable: 'over the findable customer profiles and every non-customer (the other customer profiles are left out of both counts)',
  pairsCompleteness: 'share of customer profiles whose customer is among the candidates blocking returns',
} as const;

interface Quality {
  precision: number;
  recall: number;
  f1: number;
  links: number;
}

/** Precision, recall and F1 of the decisions `accept` takes, over the profiles `include` keeps. */
function qualityOf(personas: readonly SamplePersona[], results: readonly MatchResult[], include: (p: SamplePersona) => boolean, accept: (r: MatchResult) => boolean): Quality {
  let tp = 0;
  let predicted = 0;
  let positives = 0;
  personas.forEach((p, i) => {
    if (!include(p)) return;
    if (p.truth !== null) positives++;
    const r = results[i]!;
    if (!accept(r)) return;
    predicted++;
    if (r.customerId === p.truth) tp++;
  });
  const q = quality(tp, predicted, positives);
  return { precision: round(q.precision, 4), recall: round(q.recall, 4), f1: round(q.f1, 4), links: predicted };
}

function evaluate(personas: readonly SamplePersona[], results: readonly MatchResult[], store: MemoryCandidateStore, customers: number) {
  const auto = (r: MatchResult) => r.decision === 'auto';
  const any = (r: MatchResult) => r.decision !== 'none';
  const inBlock: boolean[] = [];
  let candidates = 0;
  for (const p of personas) {
    const set = store.candidatesNow(profileQuery(profileFeatures(p.profile)));
    candidates += set.records.length;
    inBlock.push(p.truth !== null && set.records.some((r) => r.id === p.truth));
  }
  const share = (keep: (p: SamplePersona) => boolean, accept: (r: MatchResult, i: number) => boolean) => {
    let n = 0;
    let hit = 0;
    personas.forEach((p, i) => {
      if (!keep(p)) return;
      n++;
      if (accept(results[i]!, i)) hit++;
    });
    return round(hit / Math.max(1, n), 4);
  };
  const right = (r: MatchResult, i: number) => any(r) && r.customerId === personas[i]!.truth;
  const isCustomer = (p: SamplePersona) => p.truth !== null;
  const findableOrNot = (p: SamplePersona) => p.truth === null || p.findable;
  const byShows: Record<string, unknown> = {};
  for (const shows of [...new Set(personas.filter(isCustomer).map((p) => p.shows))].sort()) {
    const keep = (p: SamplePersona) => isCustomer(p) && p.shows === shows;
    byShows[shows] = {
      profiles: personas.filter(keep).length,
      findable: FINDABLE_SHOWS.has(shows),
      recallAuto: share(keep, (r, i) => auto(r) && r.customerId === personas[i]!.truth),
      recallAutoOrReview: share(keep, right),
      pairsCompleteness: share(keep, (_, i) => inBlock[i]!),
    };
  }
  const nonCustomers = (kind?: string) => (p: SamplePersona) => p.truth === null && (!kind || p.kind === kind);
  const decisions = (keep: (p: SamplePersona) => boolean) => ({ linkedAuto: share(keep, auto), inReview: share(keep, (r) => r.decision === 'review') });
  return {
    allCustomerProfiles: {
      auto: qualityOf(personas, results, () => true, auto),
      autoOrReview: qualityOf(personas, results, () => true, any),
      pairsCompleteness: share(isCustomer, (_, i) => inBlock[i]!),
    },
    findableCustomerProfiles: {
      auto: qualityOf(personas, results, findableOrNot, auto),
      autoOrReview: qualityOf(personas, results, findableOrNot, any),
      pairsCompleteness: share((p) => isCustomer(p) && p.findable, (_, i) => inBlock[i]!),
    },
    notCustomers: { ...decisions(nonCustomers()), strangers: decisions(nonCustomers('stranger')), namesakes: decisions(nonCustomers('namesake')) },
    byWhatTheProfileShows: byShows,
    blocking: { meanCandidates: round(candidates / personas.length, 2), reductionRatio: round(1 - candidates / personas.length / customers, 5) },
  };
}

export interface PersonaRunOptions {
  seed: number;
  customerProfiles: number;
  strangers: number;
  namesakes: number;
  /** Also report the untrained default parameters. */
  defaults?: boolean;
}

export async function personaRun(crm: readonly SampleCustomer[], options: PersonaRunOptions) {
  const customers = crm.map((c) => c.customer);
  const personas = generatePersonas(crm, options);
  const store = MemoryCandidateStore.fromCustomers(customers);
  const thresholds = MatchThresholds.parse({});
  const profiles = personas.map((p) => p.profile);
  const run = async (params: MatcherParams) => evaluate(personas, await matchProfiles(store, profiles, { params, thresholds }), store, customers.length);
  const started = performance.now();
  const trained = await trainMatcher(store, profiles);
  const trainSeconds = seconds(started);
  const customerPersonas = personas.filter((p) => p.truth !== null);
  const out: Record<string, unknown> = {
    seed: options.seed,
    customers: customers.length,
    profiles: personas.length,
    customerProfiles: customerPersonas.length,
    findableCustomerProfiles: customerPersonas.filter((p) => p.findable).length,
    strangers: options.strangers,
    namesakes: options.namesakes,
    trained: { ...(await run(trained.params)), customerShareLearned: round(trained.customerShare, 3), emIterations: trained.emIterations, trainSeconds },
  };
  if (options.defaults) out.defaultParameters = await run(defaultMatcherParams());
  return out;
}

/** The test seed, and two more that nothing was tuned on. */
export const PERSONA_SEEDS = [2024, 7, 31337] as const;

export async function personaBenchmark(quick: boolean) {
  const sample = generateCustomers({ customers: SAMPLE_DEFAULTS.customers, seed: SAMPLE_DEFAULTS.seed });
  const sizes = { customerProfiles: 1000, strangers: 1600, namesakes: 400 };
  const out: Record<string, unknown> = {
    definitions: PERSONA_DEFINITIONS,
    thresholds: MatchThresholds.parse({}),
    sampleShop3000: await personaRun(sample, { seed: PERSONA_SEEDS[0], ...sizes, defaults: true }),
  };
  if (!quick) {
    for (const seed of PERSONA_SEEDS.slice(1)) out[`sampleShop3000Seed${seed}`] = await personaRun(sample, { seed, ...sizes });
    out.crm10000 = await personaRun(generateCustomers({ customers: 10_000, seed: 99 }), { seed: PERSONA_SEEDS[0], customerProfiles: 3000, strangers: 5000, namesakes: 2000 });
  }
  return out;
}

// ---------------------------------------------------------------- speed in Node

function customersInChunks(count: number): Customer[] {
  const out: Customer[] = [];
  for (let i = 0; i * 10_000 < count; i++) {
    const size = Math.min(10_000, count - i * 10_000);
    out.push(...generateCustomers({ customers: size, seed: 1000 + i, idPrefix: `C${String(i).padStart(3, '0')}-` }).map((c) => c.customer));
  }
  return out;
}

async function nodeSpeed(quick: boolean) {
  const firstChunk = generateCustomers({ customers: 10_000, seed: 1000, idPrefix: 'C000-' });
  const personas = generatePersonas(firstChunk, { seed: 77, customerProfiles: 8000, strangers: 9000, namesakes: 3000 });
  const profiles = personas.map((p) => p.profile);
  const out: Record<string, unknown> = { profiles: profiles.length };
  for (const n of quick ? [10_000] : [10_000, 100_000]) {
    const customers = customersInChunks(n);
    let started = performance.now();
    const store = MemoryCandidateStore.fromCustomers(customers);
    const indexSeconds = seconds(started);
    started = performance.now();
    const results = await matchProfiles(store, profiles, { params: defaultMatcherParams(), thresholds: MatchThresholds.parse({}) });
    const matchSeconds = seconds(started);
    out[String(n)] = {
      indexSeconds,
      matchSeconds,
      microsecondsPerProfile: Math.round((matchSeconds * 1e6) / profiles.length),
      decisions: results.reduce<Record<string, number>>((acc, r) => ((acc[r.decision] = (acc[r.decision] ?? 0) + 1), acc), {}),
    };
  }
  return out;
}

// ---------------------------------------------------------------- speed in Chromium IndexedDB

interface PageBench {
  seed(count: number): Promise<{ ms: number; stored: number }>;
  build(): Promise<IndexReport>;
  latencies(count: number): Promise<{ ms: number[]; decisions: Record<string, number> }>;
  breakdown(count: number): Promise<Record<string, number>>;
  storageBytes(): Promise<number | null>;
  drop(): Promise<void>;
}

/**
 * The page's JavaScript memory while `work` runs, sampled: the heap in use
 * plus the buffers of typed arrays (posting lists, the bucket pass), which
 * live outside it. The heap in use includes garbage not yet collected, so it
 * shows the collector's mood as much as the code's; with `live`, each sample
 * collects garbage first and shows what the work actually holds (that slows
 * the work: time it in another run).
 */
async function heapPeak<T>(cdp: CDPSession, work: () => Promise<T>, { live = false } = {}): Promise<{ result: T; beforeMiB: number; peakMiB: number; afterMiB: number }> {
  const used = async () => {
    if (live) await cdp.send('HeapProfiler.collectGarbage');
    const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; backingStorageSize?: number };
    return usage.usedSize + (usage.backingStorageSize ?? 0);
  };
  const before = await used();
  let peak = before;
  let sampling = false;
  const timer = setInterval(() => {
    if (sampling) return;
    sampling = true;
    used().then(
      (u) => ((peak = Math.max(peak, u)), (sampling = false)),
      () => (sampling = false),
    );
  }, live ? 1000 : 200);
  try {
    const result = await work();
    return { result, beforeMiB: round(before / 2 ** 20, 1), peakMiB: round(peak / 2 ** 20, 1), afterMiB: round((await used()) / 2 ** 20, 1) };
  } finally {
    clearInterval(timer);
  }
}

export async function chromium(quick: boolean, sizes?: readonly number[]) {
  if (!existsSync(CHROMIUM_PATH)) return { error: `no Chromium at ${CHROMIUM_PATH} (apt-get install chromium)` };
  const script = await bundleForBrowser(join(root, 'bench', 'match.page.ts'));
  const out: Record<string, unknown> = {};
  await withChromiumPage(script, async (page) => {
    const cdp = await page.context().newCDPSession(page);
    type Global = { earshotMatchBench: PageBench };
    const bench = {
      seed: (n: number) => page.evaluate((c) => (globalThis as unknown as Global).earshotMatchBench.seed(c), n),
      build: () => page.evaluate(() => (globalThis as unknown as Global).earshotMatchBench.build()),
      latencies: (n: number) => page.evaluate((c) => (globalThis as unknown as Global).earshotMatchBench.latencies(c), n),
      breakdown: (n: number) => page.evaluate((c) => (globalThis as unknown as Global).earshotMatchBench.breakdown(c), n),
      storageBytes: () => page.evaluate(() => (globalThis as unknown as Global).earshotMatchBench.storageBytes()),
      drop: () => page.evaluate(() => (globalThis as unknown as Global).earshotMatchBench.drop()),
    };
    for (const n of sizes ?? (quick ? [10_000] : [10_000, 100_000, 1_000_000])) {
      log(`chromium: ${n.toLocaleString('en')} customers`);
      const seeded = await bench.seed(n);
      const build = await heapPeak(cdp, bench.build);
      const lat = await bench.latencies(quick ? 500 : 2000);
      const sorted = [...lat.ms].sort((a, b) => a - b);
      const parts = await bench.breakdown(300);
      // A rebuild (a new generation beside the old, as after a large import) with garbage collected at each sample.
      const rebuild = await heapPeak(cdp, bench.build, { live: true });
      const storage = await bench.storageBytes();
      out[String(n)] = {
        seedCustomersSeconds: round(seeded.ms / 1000, 1),
        index: {
          seconds: round(build.result.milliseconds / 1000, 1),
          buckets: build.result.buckets,
          pages: build.result.pages,
          entries: build.result.entries,
          bucketPasses: build.result.bucketPasses,
          phasesSeconds: build.result.phases && Object.fromEntries(Object.entries(build.result.phases).map(([k, v]) => [k.replace(/Ms$/, ''), round(v / 1000, 1)])),
          heapMiB: { before: build.beforeMiB, peak: build.peakMiB, after: build.afterMiB, livePeakDuringRebuild: rebuild.peakMiB },
        },
        matchOneProfileMs: { p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), p99: round(percentile(sorted, 99)), max: round(sorted[sorted.length - 1]!), profiles: sorted.length },
        medianMs: { keys: parts.keys, indexedDbLookup: parts.lookup, scoreAndDecide: parts.score },
        medianKeysRead: parts.bucketKeys,
        medianCandidates: parts.candidates,
        decisions: lat.decisions,
        storageMiB: storage === null ? null : round(storage / 2 ** 20, 1),
      };
      await bench.drop();
    }
  });
  return out;
}

export async function run({ quick }: { quick: boolean }): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  log('febrl3');
  out.febrl3 = febrl3();
  log('historical_50k');
  out.historical50k = historical(quick);
  log('personas');
  out.personas = await personaBenchmark(quick);
  log('node speed');
  out.nodeSpeed = await nodeSpeed(quick);
  log('chromium');
  try {
    out.chromiumIndexedDb = await chromium(quick);
  } catch (error) {
    out.chromiumIndexedDb = { error: error instanceof Error ? error.message : String(error) };
  }
  return out;
}
