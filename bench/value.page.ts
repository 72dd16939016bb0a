// Runs inside Chromium (bundled by bench/browser.ts): the value engine in time slices on the sample CRM, as
// the extension's service worker runs it, with a 5 ms timer measuring how long the event loop was held and
// the long tasks (over 50 ms) Chromium reports. GC pauses and tasks are read from a trace by bench/value.ts.
import { computeValuesAsync, type ValueInput } from '../lib/value';
import { generateSampleCrm, SAMPLE_DEFAULTS } from '../lib/sample/crm';
import { LatenessMonitor, type LatenessFigures } from './monitor/lateness';

interface ChromiumMemory {
  usedJSHeapSize: number;
}

let input: ValueInput | null = null;

/** Generate the sample CRM beforehand, so its garbage is not counted against the engine. */
function prepare(customers: number): number {
  const sample = generateSampleCrm({ customers });
  input = { customers: sample.customers.map((c) => c.customer), orders: sample.orders };
  return input.orders.length;
}

async function run(): Promise<LatenessFigures & { seconds: number; longTasks: number; model: string }> {
  if (!input) throw new Error('prepare first');
  const longTasks: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longTasks.push(entry.duration);
  });
  observer.observe({ type: 'longtask', buffered: false });
  const memory = (performance as Performance & { memory?: ChromiumMemory }).memory;
  const monitor = new LatenessMonitor({ now: () => performance.now(), cpuMs: () => null, heapBytes: () => memory?.usedJSHeapSize ?? null });
  const started = performance.now();
  const result = await computeValuesAsync(input, {}, SAMPLE_DEFAULTS.asOf);
  const figures = monitor.stop();
  const seconds = Math.round(performance.now() - started) / 1000;
  await new Promise((resolve) => setTimeout(resolve, 50));
  observer.disconnect();
  return { ...figures, seconds, longTasks: longTasks.length, model: result.models.purchases };
}

(globalThis as unknown as { earshotValueBench: unknown }).earshotValueBench = { prepare, run };
