/**
 * One computation, two ways to run it. The value computations are written as
 * generators that `yield` at safe points (after an optimiser iteration, after
 * a chunk of customers). Node runs them straight through (`runSteps`); the
 * extension's service worker runs them in time slices (`runStepsAsync`), giving
 * the event loop a turn between slices so messages and the UI stay responsive.
 * Both drivers execute exactly the same arithmetic, so results are identical.
 */

export type ValuePhase =
  | 'summary'
  | 'fit-bgnbd'
  | 'fit-mbgnbd'
  | 'fit-paretonbd'
  | 'fit-gammagamma'
  | 'holdout'
  | 'ranges'
  | 'rfm'
  | 'customers'
  | 'influence'
  | 'personas';

/** Where a computation is: yielded at each safe point. */
export interface Progress {
  phase: ValuePhase;
  done: number;
  /** The amount of work in the phase, or null when unknown (an optimiser's iterations). */
  total: number | null;
}

export type Steps<T> = Generator<Progress, T, void>;

/** Run a computation to the end without pausing. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

export interface AsyncRunOptions {
  /** Work this long before giving the event loop a turn (default 10 ms, under one frame). */
  sliceMs?: number;
  /** Stops the computation at the next safe point with the signal's reason. */
  signal?: AbortSignal;
  /** Called at most once per slice with the latest progress. */
  onProgress?: (progress: Progress) => void;
}

/** Run a computation in slices, yielding to the event loop between them. */
export async function runStepsAsync<T>(steps: Steps<T>, options: AsyncRunOptions = {}): Promise<T> {
  const sliceMs = options.sliceMs ?? 10;
  options.signal?.throwIfAborted();
  let sliceStart = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - sliceStart >= sliceMs) {
      options.onProgress?.(step.value);
      await yieldToEventLoop();
      options.signal?.throwIfAborted();
      sliceStart = performance.now();
    }
  }
}

interface Scheduler {
  postTask?: (task: () => void, options: { priority: 'background' }) => Promise<void>;
}

/**
 * Give other tasks a turn: a background-priority task where the platform has `scheduler.postTask`, else a
 * zero timeout. Not `scheduler.yield()`: Chromium runs its continuation before every task already queued, so
 * a computation yielding that way never lets a timer or a message in (measured in Chromium 156: none in a
 * second of 10 ms slices). A value run is background work; the messages come first.
 */
export function yieldToEventLoop(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: Scheduler }).scheduler;
  if (scheduler?.postTask) return scheduler.postTask(() => undefined, { priority: 'background' });
  return new Promise((resolve) => setTimeout(resolve, 0));
}
