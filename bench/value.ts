/**
 * Value computations on the sample CRM (lib/sample/crm.ts) with 10k and 100k
 * customers: the summary of the orders, the BG/NBD and Gamma-Gamma fits, and
 * the whole computeValues run (RFM, forecasts, CLV, cost, influence,
 * engagement) straight through as the CLI runs it. Then the same run in time
 * slices as the service worker runs it, with the longest stretch it kept the
 * event loop busy (what a page waiting on the worker could feel).
 */
import { generateSampleCrm, SAMPLE_DEFAULTS } from '../lib/sample/crm';
import { computeValues, computeValuesAsync, type ValueInput } from '../lib/value';
import { fitBgNbd } from '../lib/value/bgnbd';
import { preparePurchaseData } from '../lib/value/purchase-data';
import { fitGammaGamma, prepareGammaGamma } from '../lib/value/gamma-gamma';
import { runSteps } from '../lib/value/schedule';
import { summariseSteps } from '../lib/value/summary';

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;
const seconds = (from: number) => round((performance.now() - from) / 1000, 3);

async function measure(customers: number) {
  const sample = generateSampleCrm({ customers });
  const input: ValueInput = { customers: sample.customers.map((c) => c.customer), orders: sample.orders };
  const asOf = SAMPLE_DEFAULTS.asOf;

  let t = performance.now();
  const summary = runSteps(
    summariseSteps(input.orders, { asOf, unit: 'weeks', currency: 'EUR', exchangeRates: {}, customerIds: input.customers.map((c) => c.id) }),
  );
  const summarySeconds = seconds(t);
  const buyers = summary.customers.filter((c) => c.purchases > 0);

  t = performance.now();
  const data = preparePurchaseData(
    buyers.map((c) => c.x),
    buyers.map((c) => c.tx),
    buyers.map((c) => c.T),
  );
  const bgnbd = fitBgNbd(data);
  const bgnbdSeconds = seconds(t);

  t = performance.now();
  const spend = fitGammaGamma(
    prepareGammaGamma(
      buyers.map((c) => c.x),
      buyers.map((c) => c.m),
    ),
  );
  const gammaGammaSeconds = seconds(t);

  t = performance.now();
  const run = computeValues(input, {}, asOf);
  const allSeconds = seconds(t);

  // The service worker's way: slices of 10 ms; record the longest time between two turns of the event loop.
  let longest = 0;
  let last = performance.now();
  t = performance.now();
  await computeValuesAsync(input, {}, asOf, {
    sliceMs: 10,
    onProgress: () => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
    },
  });
  const asyncSeconds = seconds(t);
  longest = Math.max(longest, performance.now() - last);

  return {
    customers,
    orders: input.orders.length,
    customersWithPurchases: buyers.length,
    summarySeconds,
    bgnbd: {
      seconds: bgnbdSeconds,
      groups: data.weight.length,
      evaluations: bgnbd.evaluations,
      msPerEvaluation: round((bgnbdSeconds * 1000) / bgnbd.evaluations, 3),
      converged: bgnbd.converged,
      params: Object.fromEntries(Object.entries(bgnbd.params).map(([k, v]) => [k, round(v, 4)])),
    },
    gammaGamma: { seconds: gammaGammaSeconds, customers: spend.customers, evaluations: spend.evaluations, converged: spend.converged },
    fitBothSeconds: round(bgnbdSeconds + gammaGammaSeconds, 3),
    computeValues: { seconds: allSeconds, customersPerSecond: Math.round(customers / allSeconds), model: run.models.purchases },
    inSlices: { seconds: asyncSeconds, longestBlockMs: round(longest, 1) },
  };
}

export async function run({ quick }: { quick: boolean }): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const n of quick ? [10_000] : [10_000, 100_000]) out[String(n)] = await measure(n);
  return out;
}
