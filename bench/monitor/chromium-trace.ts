/**
 * Garbage collection pauses on a page's main thread (CrRendererMain), from a
 * Chromium trace taken over the DevTools protocol: the 'MinorGC' and
 * 'MajorGC' events of the devtools.timeline category (the ones the
 * Performance panel draws), in wall-clock time and in the thread's own CPU
 * time (the events' `tdur`): on a shared machine the first includes waiting
 * for a core, the second is the length on a machine of its own.
 */
import type { CDPSession } from '@playwright/test';
import { z } from 'zod';
import { summarisePauses, type GcPauses } from './event-loop';

const TraceEvent = z.object({
  name: z.string(),
  ph: z.string(),
  pid: z.number(),
  tid: z.number(),
  dur: z.number().optional(),
  tdur: z.number().optional(),
  args: z.object({ name: z.string().optional() }).passthrough().optional(),
});
type TraceEvent = z.infer<typeof TraceEvent>;

const GC_EVENTS: Record<string, string> = { MinorGC: 'minor', MajorGC: 'major' };

export interface MainThreadTrace {
  gc: GcPauses;
  gcCpu: GcPauses;
}

/** Trace `work` and return its result with the main thread's GC pauses meanwhile. */
export async function traceMainThread<T>(cdp: CDPSession, work: () => Promise<T>): Promise<{ value: T; trace: MainThreadTrace }> {
  const events: TraceEvent[] = [];
  const collect = ({ value }: { value: unknown[] }) => {
    for (const raw of value) {
      const parsed = TraceEvent.safeParse(raw);
      if (parsed.success) events.push(parsed.data);
    }
  };
  cdp.on('Tracing.dataCollected', collect);
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['devtools.timeline', 'v8', '__metadata'] }, transferMode: 'ReportEvents' });
  try {
    const value = await work();
    const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
    await cdp.send('Tracing.end');
    await complete;
    const main = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
    const gc = events.filter((e) => e.ph === 'X' && e.name in GC_EVENTS && main.has(`${e.pid}:${e.tid}`));
    return {
      value,
      trace: {
        gc: summarisePauses(gc.map((e) => ({ ms: (e.dur ?? 0) / 1000, kind: GC_EVENTS[e.name]! }))),
        gcCpu: summarisePauses(gc.map((e) => ({ ms: (e.tdur ?? 0) / 1000, kind: GC_EVENTS[e.name]! }))),
      },
    };
  } finally {
    cdp.off('Tracing.dataCollected', collect);
  }
}
