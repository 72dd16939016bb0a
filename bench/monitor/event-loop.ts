/**
 * How responsive Node's event loop stayed while some work ran, as a service
 * worker's messages would feel it:
 * - lateness of a 5 ms timer (lateness.ts): how long the loop was held, by a
 *   slice of work or by a garbage collection pause, which no slicing splits;
 *   on Linux also in the main thread's own CPU time
 *   (/proc/<pid>/task/<pid>/schedstat, nanoseconds): on a shared machine a
 *   block's wall-clock length includes the time the thread waited for a
 *   core, its CPU time is its length on a machine of its own;
 * - V8's garbage collection pauses, from PerformanceObserver 'gc' entries
 *   (each one stop-the-world pause of the main thread, wall clock);
 * - event loop utilisation (the share of the time the loop was busy);
 * - the peak of the used heap, sampled at each tick.
 */
import { readFileSync } from 'node:fs';
import { constants, PerformanceObserver, performance, type PerformanceEntry } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import { LatenessMonitor, type LatenessFigures } from './lateness';

export interface GcPauses {
  pauses: number;
  longestMs: number;
  over100Ms: number;
  totalMs: number;
  longestKind: string;
}

export interface Responsiveness extends LatenessFigures {
  seconds: number;
  utilisation: number;
  gc: GcPauses;
}

const GC_KINDS: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak-callbacks',
};

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Count, longest and total of garbage collection pauses (ms, with their kind). */
export function summarisePauses(pauses: readonly { ms: number; kind: string }[]): GcPauses {
  const longest = pauses.reduce((a, p) => (p.ms > a.ms ? p : a), { ms: 0, kind: 'none' });
  return {
    pauses: pauses.length,
    longestMs: round(longest.ms),
    over100Ms: pauses.filter((p) => p.ms > 100).length,
    totalMs: round(pauses.reduce((s, p) => s + p.ms, 0)),
    longestKind: longest.kind,
  };
}

function gcKind(entry: PerformanceEntry): string {
  const detail = (entry as PerformanceEntry & { detail?: { kind?: number } | null }).detail;
  return GC_KINDS[detail?.kind ?? -1] ?? 'other';
}

const SCHEDSTAT = `/proc/${process.pid}/task/${process.pid}/schedstat`;

/** The main thread's CPU time so far in ms, or null where /proc does not say. */
function mainThreadCpuMs(): number | null {
  try {
    return Number(readFileSync(SCHEDSTAT, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return null;
  }
}

/** Run `work` while watching the event loop. */
export async function watchEventLoop<T>(work: () => Promise<T>): Promise<{ value: T; responsiveness: Responsiveness }> {
  const pauses: { ms: number; kind: string }[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) pauses.push({ ms: entry.duration, kind: gcKind(entry) });
  });
  observer.observe({ entryTypes: ['gc'] });
  const monitor = new LatenessMonitor({ now: () => performance.now(), cpuMs: mainThreadCpuMs, heapBytes: () => getHeapStatistics().used_heap_size });
  const utilisationStart = performance.eventLoopUtilization();
  const started = performance.now();
  let figures: LatenessFigures | null = null;
  try {
    const value = await work();
    figures = monitor.stop();
    const seconds = round((performance.now() - started) / 1000, 3);
    const utilisation = round(performance.eventLoopUtilization(utilisationStart).utilization, 3);
    // GC entries are delivered asynchronously: let the observer catch up.
    await new Promise((resolve) => setTimeout(resolve, 50));
    return { value, responsiveness: { seconds, utilisation, ...figures, gc: summarisePauses(pauses) } };
  } finally {
    if (!figures) monitor.stop();
    observer.disconnect();
  }
}
