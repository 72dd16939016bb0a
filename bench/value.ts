/**
 * Value computations on the sample CRM (lib/sample/crm.ts) with 10k and 100k
 * customers:
 * - each purchase model (BG/NBD, MBG/NBD, Pareto/NBD) and Gamma-Gamma fitted
 *   on everyone's history;
 * - the run's model work as the engine does it: the last quarter of the
 *   history held back, the three models fitted before it and checked on it,
 *   the winner fitted again on everything, the spend model, the parameter
 *   draws of the ranges ("fitting and validating three models");
 * - the ranges, and the whole computeValues run straight through as the CLI
 *   runs it;
 * - the same run in time slices as the service worker runs it, with the
 *   longest stretch between two turns of the event loop, in wall-clock time
 *   and in CPU time (the machine may be shared: CPU time is what the step
 *   itself costs).
 * - responsiveness: the same sliced run watched from outside, as a message
 *   waiting for the service worker would feel it: the longest time a 5 ms
 *   timer was held (wall clock, and the main thread's own CPU time), V8's
 *   garbage collection pauses, event loop utilisation and the peak heap
 *   (monitor/event-loop.ts); and, at 100,000 customers, the same in
 *   Chromium (value.page.ts: timer lateness, long tasks, the heap in use;
 *   GC pauses, wall clock and CPU, from a trace: monitor/chromium-trace.ts).
 * Seconds are wall clock; `cpuSeconds` is this process's CPU time; `load` is
 * the machine's one-minute load average when the size started.
 */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleForBrowser, CHROMIUM_PATH, withChromiumPage } from './browser';
import { traceMainThread } from './monitor/chromium-trace';
import { watchEventLoop } from './monitor/event-loop';
import { generateSampleCrm, SAMPLE_DEFAULTS } from '../lib/sample/crm';
import { computeValues, computeValuesAsync, type ValueInput } from '../lib/value';
import { fitGammaGamma, prepareGammaGamma } from '../lib/value/gamma-gamma';
import { PURCHASE_MODELS } from '../lib/value/forecaster';
import { preparePurchaseData } from '../lib/value/purchase-data';
import { fitPurchaseModelSteps } from '../lib/value/purchase-models';
import { countRangesSteps } from '../lib/value/ranges';
import { fitRunModelsSteps, horizonUnits } from '../lib/value/run-models';
import { runSteps } from '../lib/value/schedule';
import { DEFAULT_VALUE_SETTINGS } from '../lib/value/settings';
import { summariseSteps } from '../lib/value/summary';

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Wall-clock and CPU seconds of f. */
function timed<T>(f: () => T): { value: T; seconds: number; cpuSeconds: number } {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  const value = f();
  const used = process.cpuUsage(cpu);
  return { value, seconds: round((performance.now() - wall) / 1000, 3), cpuSeconds: round((used.user + used.system) / 1e6, 3) };
}

async function measure(customers: number) {
  const load = round(loadavg()[0]!, 1);
  const sample = generateSampleCrm({ customers });
  const input: ValueInput = { customers: sample.customers.map((c) => c.customer), orders: sample.orders };
  const asOf = SAMPLE_DEFAULTS.asOf;
  const settings = DEFAULT_VALUE_SETTINGS;
  const customerIds = input.customers.map((c) => c.id);

  const summary = timed(() =>
    runSteps(summariseSteps(input.orders, { asOf, unit: 'weeks', currency: 'EUR', exchangeRates: {}, customerIds })),
  );
  const summaries = summary.value.customers;
  const buyers = summaries.filter((c) => c.purchases > 0);
  const data = preparePurchaseData(
    buyers.map((c) => c.x),
    buyers.map((c) => c.tx),
    buyers.map((c) => c.T),
  );
  const horizon = horizonUnits(settings);
  const fits = Object.fromEntries(
    PURCHASE_MODELS.map((model) => {
      const fit = timed(() => runSteps(fitPurchaseModelSteps(model, data, 'weeks', horizon)));
      const { report } = fit.value;
      return [model, { seconds: fit.seconds, cpuSeconds: fit.cpuSeconds, evaluations: report.evaluations, converged: report.converged, ll: round(report.ll, 1) }];
    }),
  );
  const spend = timed(() =>
    fitGammaGamma(
      prepareGammaGamma(
        buyers.map((c) => c.x),
        buyers.map((c) => c.m),
      ),
    ),
  );

  const models = timed(() => runSteps(fitRunModelsSteps({ orders: input.orders, customerIds }, summaries, settings, asOf)));
  const { selection } = models.value.report;
  const ranges = timed(() => runSteps(countRangesSteps(models.value.draws, summaries, horizon)));

  const run = timed(() => computeValues(input, {}, asOf));

  // The service worker's way: slices of 10 ms; the longest time between two turns of the event loop.
  let longest = 0;
  let longestCpu = 0;
  let last = performance.now();
  let lastCpu = process.cpuUsage();
  const sliced = performance.now();
  await computeValuesAsync(input, {}, asOf, {
    sliceMs: 10,
    onProgress: () => {
      const now = performance.now();
      const cpu = process.cpuUsage(lastCpu);
      longest = Math.max(longest, now - last);
      longestCpu = Math.max(longestCpu, (cpu.user + cpu.system) / 1000);
      last = now;
      lastCpu = process.cpuUsage();
    },
  });
  const inSlicesSeconds = round((performance.now() - sliced) / 1000, 3);
  longest = Math.max(longest, performance.now() - last);
  const watched = await watchEventLoop(() => computeValuesAsync(input, {}, asOf));

  return {
    customers,
    load,
    orders: input.orders.length,
    customersWithPurchases: buyers.length,
    groups: data.weight.length,
    summarySeconds: summary.seconds,
    fitOnWholeHistory: { ...fits, gammaGamma: { seconds: spend.seconds, customers: spend.value.customers, evaluations: spend.value.evaluations } },
    fitAndValidateThreeModels: {
      seconds: models.seconds,
      cpuSeconds: models.cpuSeconds,
      chosen: models.value.report.purchases,
      by: selection?.by ?? null,
      holdoutWeeks: selection?.holdoutWeeks ?? null,
      rootMeanSquaredError: Object.fromEntries((selection?.holdout ?? []).map((h) => [h.model, round(h.rootMeanSquaredError, 4)])),
      parameterUncertainty: models.value.report.parameterUncertainty,
    },
    rangesSeconds: ranges.seconds,
    computeValues: { seconds: run.seconds, cpuSeconds: run.cpuSeconds, customersPerSecond: Math.round(customers / run.seconds), model: run.value.models.purchases },
    inSlices: { seconds: inSlicesSeconds, longestBlockMs: round(longest, 1), longestBlockCpuMs: round(longestCpu, 1) },
    responsiveness: { load: round(loadavg()[0]!, 1), ...watched.responsiveness },
  };
}

interface PageBench {
  prepare(customers: number): number;
  run(): Promise<Record<string, unknown>>;
}
type PageGlobal = { earshotValueBench: PageBench };

/** The sliced run in Chromium's V8 (a page's main thread: the service worker's engine and collector). */
export async function inChromium(customers: number): Promise<Record<string, unknown>> {
  if (!existsSync(CHROMIUM_PATH)) return { error: `no Chromium at ${CHROMIUM_PATH}` };
  const script = await bundleForBrowser(join(fileURLToPath(new URL('.', import.meta.url)), 'value.page.ts'));
  return withChromiumPage(script, async (page) => {
    await page.evaluate((n) => (globalThis as unknown as PageGlobal).earshotValueBench.prepare(n), customers);
    const cdp = await page.context().newCDPSession(page);
    const load = round(loadavg()[0]!, 1);
    const { value, trace } = await traceMainThread(cdp, () => page.evaluate(() => (globalThis as unknown as PageGlobal).earshotValueBench.run()));
    return { customers, load, ...value, ...trace };
  });
}

export async function run({ quick }: { quick: boolean }): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const n of quick ? [10_000] : [10_000, 100_000]) out[String(n)] = await measure(n);
  out.chromium = await inChromium(quick ? 10_000 : 100_000);
  return out;
}
