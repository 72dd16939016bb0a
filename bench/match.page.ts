// Runs inside Chromium (bundled by bench/browser.ts): fills the extension's
// real Dexie database with sample customers, builds the matcher's index and
// times matching captured profiles one by one, as the service worker does.
import { EarshotDatabase } from '../lib/db/database';
import { IdbCandidateStore, indexCustomers, loadMatcherParams, matchProfile, type IndexReport } from '../lib/db/match-store';
import { profileFeatures } from '../lib/match/features';
import { profileQuery } from '../lib/match/keys';
import { decide, PersonaScorer } from '../lib/match/match';
import { MatchThresholds } from '../lib/match/settings';
import type { ProfileLine } from '../lib/model';
import { generateCustomers } from '../lib/sample/crm';
import { generatePersonas } from '../lib/sample/personas';

const CHUNK = 10_000;
let db: EarshotDatabase | null = null;
let name = '';

/** Write `count` sample customers in chunks of ten thousand (each chunk its own seed and id prefix). */
async function seed(count: number): Promise<{ ms: number; stored: number }> {
  name = `match-bench-${count}-${Date.now()}`;
  db = new EarshotDatabase(name);
  await db.open();
  const started = performance.now();
  for (let i = 0; i * CHUNK < count; i++) {
    const size = Math.min(CHUNK, count - i * CHUNK);
    const customers = generateCustomers({ customers: size, seed: 1000 + i, idPrefix: `C${String(i).padStart(3, '0')}-` }).map((c) => c.customer);
    await db.customers.bulkPut(customers);
  }
  return { ms: performance.now() - started, stored: await db.customers.count() };
}

async function build(): Promise<IndexReport> {
  if (!db) throw new Error('seed first');
  return indexCustomers(db);
}

/** Profiles of the first chunk's customers and of strangers, as the persona generator makes them. */
function profiles(count: number): ProfileLine[] {
  const crm = generateCustomers({ customers: CHUNK, seed: 1000, idPrefix: 'C000-' });
  return generatePersonas(crm, { seed: 77, customerProfiles: Math.round(count * 0.4), strangers: Math.round(count * 0.45), namesakes: Math.round(count * 0.15) }).map((p) => p.profile);
}

/** Match profiles one at a time (one transaction each); the latency of each in milliseconds. */
async function latencies(count: number): Promise<{ ms: number[]; decisions: Record<string, number> }> {
  if (!db) throw new Error('seed first');
  const store = new IdbCandidateStore(db);
  const list = profiles(count);
  const ms: number[] = [];
  const decisions: Record<string, number> = {};
  // Warm up: open the database, read the index state, compile the code paths.
  for (const p of list.slice(0, 20)) await matchProfile(db, p, { store });
  for (const p of list) {
    const t0 = performance.now();
    const r = await matchProfile(db, p, { store });
    ms.push(performance.now() - t0);
    decisions[r.decision] = (decisions[r.decision] ?? 0) + 1;
  }
  return { ms, decisions };
}

/** Where one match's time goes: features and keys, the IndexedDB lookup, scoring and deciding (medians, ms). */
async function breakdown(count: number): Promise<Record<string, number>> {
  if (!db) throw new Error('seed first');
  const store = new IdbCandidateStore(db);
  const scorer = new PersonaScorer(await loadMatcherParams(db), await store.size(), await store.frequencies());
  const thresholds = MatchThresholds.parse({});
  const parts: Record<string, number[]> = { keys: [], lookup: [], score: [], bucketKeys: [], candidates: [] };
  for (const p of profiles(count)) {
    const t0 = performance.now();
    const features = profileFeatures(p);
    const query = profileQuery(features);
    const t1 = performance.now();
    const { sets, decisions } = await store.lookup([query], [p.id]);
    const t2 = performance.now();
    decide(features, sets[0]!, scorer, thresholds, decisions[0]);
    const t3 = performance.now();
    parts.keys!.push(t1 - t0);
    parts.lookup!.push(t2 - t1);
    parts.score!.push(t3 - t2);
    parts.bucketKeys!.push(new Set([...query.candidateKeys, ...query.countKeys]).size);
    parts.candidates!.push(sets[0]!.records.length);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, Math.round(median(v) * 1000) / 1000]));
}

async function storageBytes(): Promise<number | null> {
  const estimate = await navigator.storage?.estimate?.();
  return estimate?.usage ?? null;
}

async function drop(): Promise<void> {
  db?.close();
  if (name) await EarshotDatabase.delete(name);
  db = null;
}

(globalThis as unknown as { earshotMatchBench: unknown }).earshotMatchBench = { seed, build, latencies, breakdown, storageBytes, drop };
