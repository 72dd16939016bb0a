/**
 * The matcher's speed at the target's size, as `earshot match` runs it (index, learning, matching), on
 * the second generator's customers and profiles; with `--out FILE` it also writes every result as one
 * JSON line, so a change meant to be pure speed can be compared byte for byte with the old code's output.
 *
 *   npx tsx bench/match-speed.ts [--customers 100000] [--profiles 20000] [--seed 2] [--out matches.jsonl]
 *
 * `npm run bench` runs it through run() at 100,000 x 20,000 (not in the quick run).
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { loadavg } from 'node:os';
import { matchProfiles } from '../lib/match/match';
import { MatchThresholds } from '../lib/match/settings';
import { MemoryCandidateStore } from '../lib/match/store';
import { trainMatcher } from '../lib/match/train';
import { wildSet } from './sets/wild';

const round = (n: number) => Math.round(n * 100) / 100;

export async function measure(options: { customers: number; profiles: number; seed: number; out?: string }) {
  const set = await wildSet({ customers: options.customers, profiles: options.profiles, seed: options.seed, heldOut: options.seed === 2 });
  const cpuAtStart = process.cpuUsage();
  const loadAtStart = loadavg()[0]!;
  const started = performance.now();
  const store = MemoryCandidateStore.fromCustomers(set.customers);
  const indexed = performance.now();
  const trained = await trainMatcher(store, set.profiles);
  const learned = performance.now();
  const results = await matchProfiles(store, set.profiles, { params: trained.params, thresholds: MatchThresholds.parse({}), compared: trained.compared });
  const matched = performance.now();
  const cpu = process.cpuUsage(cpuAtStart);
  if (options.out) {
    const stream = createWriteStream(options.out, { encoding: 'utf8' });
    for (const result of results) if (!stream.write(`${JSON.stringify(result)}\n`)) await once(stream, 'drain');
    stream.end();
    await once(stream, 'finish');
  }
  return {
    set: set.name,
    seconds: {
      index: round((indexed - started) / 1000),
      learn: round((learned - indexed) / 1000),
      match: round((matched - learned) / 1000),
      total: round((matched - started) / 1000),
      cpu: round((cpu.user + cpu.system) / 1e6),
    },
    targetSeconds: 20,
    loadAverage: { atStart: round(loadAtStart), atEnd: round(loadavg()[0]!) },
  };
}

export async function run({ quick }: { quick: boolean }) {
  // The quick run (CI) has no time to spare; bench/match.ts times its small sets there.
  if (quick) return { skipped: 'quick run: see match.*.seconds for the small sets' };
  return measure({ customers: 100_000, profiles: 20_000, seed: 2 });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const figures = await measure({
    customers: Number(arg('customers') ?? 100_000),
    profiles: Number(arg('profiles') ?? 20_000),
    seed: Number(arg('seed') ?? 2),
    out: arg('out'),
  });
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}
