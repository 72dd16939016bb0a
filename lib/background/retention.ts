/**
 * Scheduled retention: captured people nobody linked expire by an alarm,
 * and the day's segment counts are recorded (db/history.ts) for the trend.
 * Alarms outlive the service worker but browsers may drop them (an update, a
 * restart), and a browser that was closed misses runs; so every worker start
 * makes sure the alarm exists and catches up on a missed run. The decision is
 * a pure function; lib/ext/background.ts only hands in browser.alarms.
 */
import type { EarshotDatabase } from '../db/database';
import { recordSegmentSnapshot } from '../db/history';
import { expireUnmatched, type RetentionResult } from '../db/privacy';
import { recordStorageProblem } from '../db/storage';
import { metaKey, readMetaIfValid, writeMeta } from '../db/meta';
import { z } from '../zod';

export const RETENTION_ALARM = 'earshot-retention';
export const RETENTION_EVERY_MINUTES = 6 * 60;
/** Meta key: when retention last ran (ms). */
export const RETENTION_LAST_RUN = 'retention-last-run';
const LAST_RUN = metaKey(RETENTION_LAST_RUN, z.number());
/** The first run after (re)creating the alarm: soon, but after the worker's start-up work. */
const FIRST_DELAY_MINUTES = 1;

export interface AlarmSpec {
  delayInMinutes: number;
  periodInMinutes: number;
}

export interface RetentionPlan {
  /** The alarm to create, when the browser has none. */
  createAlarm: AlarmSpec | null;
  /** Run at once: never ran, a period or more has passed, or the clock went back. */
  runNow: boolean;
}

export function planRetention(input: { alarmExists: boolean; lastRunAt: unknown; now: number }): RetentionPlan {
  const last = typeof input.lastRunAt === 'number' && Number.isFinite(input.lastRunAt) ? input.lastRunAt : null;
  const elapsed = last === null ? Infinity : input.now - last;
  return {
    createAlarm: input.alarmExists ? null : { delayInMinutes: FIRST_DELAY_MINUTES, periodInMinutes: RETENTION_EVERY_MINUTES },
    runNow: elapsed >= RETENTION_EVERY_MINUTES * 60_000 || elapsed < 0,
  };
}

/** The part of browser.alarms retention uses (fakeBrowser's in tests). */
export interface RetentionAlarms {
  get(name: string): Promise<unknown>;
  create(name: string, info: AlarmSpec): Promise<void> | void;
}

export interface RetentionDeps {
  db: EarshotDatabase;
  now(): number;
  /** The user's setting, read at each run (it may have changed since the alarm was set). */
  retentionDays(): Promise<number>;
}

/** One run: expire by last sighting, then note when, so the next start knows whether a run was missed. */
export async function runRetention(deps: RetentionDeps): Promise<RetentionResult> {
  const { db } = deps;
  try {
    const result = await expireUnmatched(db, deps.now(), await deps.retentionDays());
    // A point on the segment trend for every day the browser runs, also a day on which nothing changed.
    if ((await db.values.limit(1).count()) > 0) await recordSegmentSnapshot(db, deps.now());
    const at = deps.now();
    await writeMeta(db, LAST_RUN, at, at);
    return result;
  } catch (error) {
    await recordStorageProblem(db, 'retention', error, deps.now());
    throw error;
  }
}

/** At worker start: the alarm exists afterwards, and a missed run has been made up. */
export async function ensureRetentionSchedule(deps: RetentionDeps, alarms: RetentionAlarms): Promise<RetentionPlan> {
  const [alarm, last] = await Promise.all([alarms.get(RETENTION_ALARM), readMetaIfValid(deps.db, LAST_RUN)]);
  const plan = planRetention({ alarmExists: alarm !== undefined && alarm !== null, lastRunAt: last, now: deps.now() });
  if (plan.createAlarm) await alarms.create(RETENTION_ALARM, plan.createAlarm);
  if (plan.runNow) await runRetention(deps);
  return plan;
}
