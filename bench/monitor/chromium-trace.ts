/**
 * Chromium's garbage collection pauses on a page's main thread, from a trace
 * taken over the DevTools protocol: the 'MinorGC' and 'MajorGC' events of
 * the devtools.timeline category (the ones the Performance panel draws), on
 * the thread named CrRendererMain.
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
  args: z.object({ name: z.string().optional() }).passthrough().optional(),
});
type TraceEvent = z.infer<typeof TraceEvent>;

const GC_EVENTS: Record<string, string> = { MinorGC: 'minor', MajorGC: 'major' };

/** Trace `work` and return its result with the main thread's GC pauses. */
export async function traceGcPauses<T>(cdp: CDPSession, work: () => Promise<T>): Promise<{ value: T; gc: GcPauses }> {
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
    const pauses = events
      .filter((e) => e.ph === 'X' && e.name in GC_EVENTS && main.has(`${e.pid}:${e.tid}`))
      .map((e) => ({ ms: (e.dur ?? 0) / 1000, kind: GC_EVENTS[e.name]! }));
    return { value, gc: summarisePauses(pauses) };
  } finally {
    cdp.off('Tracing.dataCollected', collect);
  }
}
