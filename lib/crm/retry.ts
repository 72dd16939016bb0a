/**
 * When a failed exchange with a CRM is tried again, and when Earshot stops.
 * One decision serves the outbox, the command line's deliveries and the
 * connect step, so all of them retry alike and say the same about it.
 *
 * Transient failures (network, timeout, 408, 429, 5xx) come back after an
 * exponential backoff with full jitter, never sooner than the CRM's
 * Retry-After; after the policy's attempts Earshot gives up. A CRM that asks
 * for a longer pause than MAX_RETRY_WAIT_MS is not slept through: the work
 * stops at once with the moment the CRM named.
 */
import { SyncError, isSyncError } from './http';
import { askedToWaitText, gaveUpText, retryingText } from './sync-words';

export interface RetryPolicy {
  /** First retry waits up to this long (full jitter: a random delay in [0, base]). */
  baseMs: number;
  /** No wait is longer than this, whatever the attempt. */
  capMs: number;
  /** After this many attempts of transient failures the job is parked (a person can retry it). */
  maxAttempts: number;
  /** At most this many jobs are claimed in one pass. */
  maxJobsPerPass: number;
  /** Jobs read per step while looking for the due ones. */
  scanChunk: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseMs: 2_000,
  capMs: 30 * 60_000,
  maxAttempts: 20,
  maxJobsPerPass: 500,
  scanChunk: 500,
};

/**
 * The longest pause Earshot takes because a CRM asked for it (Retry-After).
 * A longer ask parks the work with "asked to wait until <time>": a broken or
 * hostile header must not hold the command line or the outbox for hours.
 */
export const MAX_RETRY_WAIT_MS = 5 * 60_000;

/**
 * Delay before attempt `attempt + 1` after `attempt` failed (attempt >= 1):
 * full jitter over min(cap, base·2^(attempt-1)), and never less than the
 * CRM's Retry-After.
 */
export function backoffDelay(attempt: number, policy: Pick<RetryPolicy, 'baseMs' | 'capMs'>, random: () => number, retryAfterMs?: number): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  const jitter = Math.floor(random() * ceiling);
  return retryAfterMs === undefined ? jitter : Math.max(retryAfterMs, jitter);
}

export type RetryDecision =
  | { retry: true; delayMs: number; reason: string }
  /** `until`: the moment the CRM asked Earshot to wait for, when that is why it stopped. */
  | { retry: false; reason: string; until?: number };

export interface DecideOptions {
  policy: Pick<RetryPolicy, 'baseMs' | 'capMs' | 'maxAttempts'>;
  /** The random draw for the jitter (jobs that failed together share one). */
  draw(): number;
  now: number;
  /** The attempt the backoff grows from, when it is not `attempts` (a batch: its most tried job). */
  backoffAttempt?: number;
  /** The longest pause taken for a Retry-After (default MAX_RETRY_WAIT_MS). */
  maxWaitMs?: number;
}

/** After `attempts` tries ended in `error`: wait and try again, or stop, and the words for either. */
export function decideRetry(error: SyncError, attempts: number, options: DecideOptions): RetryDecision {
  if (!error.transient) return { retry: false, reason: error.message };
  const asked = error.details.retryAfterMs;
  const maxWaitMs = options.maxWaitMs ?? MAX_RETRY_WAIT_MS;
  if (asked !== undefined && asked > maxWaitMs) {
    const until = options.now + asked;
    return { retry: false, reason: askedToWaitText(error, until, maxWaitMs), until };
  }
  if (attempts >= options.policy.maxAttempts) return { retry: false, reason: gaveUpText(attempts, error) };
  return {
    retry: true,
    delayMs: backoffDelay(options.backoffAttempt ?? attempts, options.policy, options.draw, asked),
    reason: retryingText(error, attempts + 1, options.policy.maxAttempts),
  };
}

/** A step withRetries stopped trying: the decision's words as its message, the last failure beside them. */
export class RetryStopped extends SyncError {
  constructor(
    readonly last: SyncError,
    reason: string,
    /** The moment the CRM asked Earshot to wait for, when that is why it stopped. */
    readonly until: number | undefined,
  ) {
    super(reason, last.details);
  }
}

export interface RetryDeps {
  now(): number;
  random(): number;
  sleep(ms: number): Promise<void>;
  policy?: Partial<RetryPolicy>;
  maxWaitMs?: number;
  /** Told before every pause, with the reason in words (the command line prints the long ones). */
  onWait?(ms: number, reason: string): void;
}

/**
 * Run one step (connecting, say) until it succeeds, retrying as decideRetry
 * says. When it stops, it throws RetryStopped with the decision's words
 * ("Gave up after 8 attempts; …", "… asked to wait until …").
 */
export async function withRetries<T>(step: () => Promise<T>, deps: RetryDeps): Promise<T> {
  const policy = { ...DEFAULT_RETRY_POLICY, ...deps.policy };
  for (let attempts = 1; ; attempts++) {
    try {
      return await step();
    } catch (error) {
      if (!isSyncError(error)) throw error;
      const decision = decideRetry(error, attempts, { policy, draw: deps.random, now: deps.now(), ...(deps.maxWaitMs !== undefined ? { maxWaitMs: deps.maxWaitMs } : {}) });
      if (!decision.retry) throw new RetryStopped(error, decision.reason, decision.until);
      deps.onWait?.(decision.delayMs, decision.reason);
      await deps.sleep(decision.delayMs);
    }
  }
}
