/**
 * Personas on the sample shop (customers, orders and the captured people
 * linked to them) with 10k and 100k customers, in time slices as the service
 * worker runs them after a value run: the time it takes (target under 5 s
 * for 100k) and the longest stretch it kept the event loop busy (target
 * under 100 ms). Then stability: 5% of the customers buy twice more, the
 * personas are found again from the last ones, and the share of the other
 * customers that keep their persona is counted (target at least 90%).
 */
import { loadavg } from 'node:os';
import { computePersonasAsync, type PersonaResult } from '../lib/persona';
import { changeFivePercent, keptShare, personaInput, sampleShop } from '../test/unit/persona/sample-input';

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

/**
 * A run in 10 ms slices, with the longest time between two turns of the event loop: on the clock, and
 * in CPU time (what the run itself used; on a shared machine the clock also counts other people's work).
 */
async function timed(run: (onProgress: () => void) => Promise<PersonaResult>) {
  let longest = 0;
  let longestCpu = 0;
  let last = performance.now();
  let lastCpu = process.cpuUsage();
  const started = performance.now();
  const startedCpu = process.cpuUsage();
  const turn = () => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    longestCpu = Math.max(longestCpu, cpuMs(lastCpu));
    last = now;
    lastCpu = process.cpuUsage();
  };
  const result = await run(turn);
  turn();
  return {
    result,
    seconds: round((performance.now() - started) / 1000, 3),
    cpuSeconds: round(cpuMs(startedCpu) / 1000, 3),
    longestBlockMs: round(longest, 1),
    longestBlockCpuMs: round(longestCpu, 1),
  };
}

const figures = (t: Awaited<ReturnType<typeof timed>>) => ({ seconds: t.seconds, cpuSeconds: t.cpuSeconds, longestBlockMs: t.longestBlockMs, longestBlockCpuMs: t.longestBlockCpuMs });

async function measure(customers: number) {
  const shop = sampleShop(customers);
  const input = personaInput(shop);
  const first = await timed((onProgress) => computePersonasAsync(input, {}, null, { sliceMs: 10, onProgress }));
  const previous = { personas: first.result.record.personas, lastId: first.result.record.lastId, retired: first.result.record.retired };

  const { shop: changedShop, changed } = changeFivePercent(shop);
  const changedInput = personaInput(changedShop);
  const second = await timed((onProgress) => computePersonasAsync(changedInput, {}, previous, { sliceMs: 10, onProgress }));
  const kept = keptShare(first.result.members, second.result.members, changed);
  const { method } = first.result.record;

  return {
    customers,
    people: shop.profiles.length,
    personas: first.result.record.personas.map((p) => ({ id: p.id, customers: p.customers, name: p.autoName })),
    method: { k: method.k, silhouette: round(method.silhouette, 3), sample: method.sample, silhouetteSample: method.silhouetteSample, iterations: method.iterations },
    loadAverage: round(loadavg()[0]!, 1),
    inSlices: figures(first),
    rerun: { ...figures(second), choice: second.result.record.method.choice },
    stability: { changed: changed.size, othersKeptShare: round(kept, 4), sameIds: second.result.record.personas.map((p) => p.id).sort().join() === first.result.record.personas.map((p) => p.id).sort().join() },
  };
}

export async function run({ quick }: { quick: boolean }): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const n of quick ? [10_000] : [10_000, 100_000]) out[String(n)] = await measure(n);
  return out;
}
