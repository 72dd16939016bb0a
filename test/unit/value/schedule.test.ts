import { afterEach, describe, expect, it } from 'vitest';
import { runStepsAsync, yieldToEventLoop, type Steps } from '../../../lib/value/schedule';

type Scheduling = { yield?: () => Promise<void>; postTask?: (task: () => void, options: { priority: string }) => Promise<void> };
const holder = globalThis as { scheduler?: Scheduling };

/**
 * Chromium's scheduler as it behaves: `yield()` continues before any task already queued (timers, messages
 * wait), `postTask` queues a task behind them. Modelled with a microtask and a zero timeout.
 */
function chromiumLikeScheduler(priorities: string[]): Scheduling {
  return {
    yield: () => Promise.resolve(),
    postTask: (task, { priority }) =>
      new Promise((resolve) => {
        priorities.push(priority);
        setTimeout(() => resolve(task()), 0);
      }),
  };
}

afterEach(() => {
  delete holder.scheduler;
});

describe('yieldToEventLoop', () => {
  it('lets a task queued before it run first where the platform has a scheduler (Chromium: scheduler.yield starves them)', async () => {
    const priorities: string[] = [];
    holder.scheduler = chromiumLikeScheduler(priorities);
    let ran = false;
    setTimeout(() => (ran = true), 0);
    await yieldToEventLoop();
    expect(ran).toBe(true);
    expect(priorities).toEqual(['background']);
  });

  it('lets a queued task run without a scheduler (Node)', async () => {
    let ran = false;
    setTimeout(() => (ran = true), 0);
    await yieldToEventLoop();
    expect(ran).toBe(true);
  });

  it('gives queued timers a turn between the slices of a sliced run', async () => {
    holder.scheduler = chromiumLikeScheduler([]);
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 0);
    function* busy(): Steps<number> {
      for (let i = 0; i < 5; i++) yield { phase: 'summary', done: i, total: 5 };
      return 5;
    }
    await runStepsAsync(busy(), { sliceMs: 0 });
    clearInterval(timer);
    expect(ticks).toBeGreaterThanOrEqual(2);
  });
});
