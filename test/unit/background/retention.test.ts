import { fakeBrowser } from 'wxt/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EarshotDatabase } from '../../../lib/db/database';
import { deleteDatabase, openFreshDatabase } from '../fresh-db';
import { storeCapture } from '../../../lib/db/captures';
import {
  ensureRetentionSchedule,
  planRetention,
  RETENTION_ALARM,
  RETENTION_EVERY_MINUTES,
  RETENTION_LAST_RUN,
  runRetention,
  type RetentionDeps,
} from '../../../lib/background/retention';
import type { CapturedPage } from '../../../lib/model';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = 100 * DAY;

describe('planRetention', () => {
  it('creates the alarm when the browser has none, and leaves one that exists', () => {
    expect(planRetention({ alarmExists: false, lastRunAt: NOW - HOUR, now: NOW }).createAlarm).toEqual({ delayInMinutes: 1, periodInMinutes: RETENTION_EVERY_MINUTES });
    expect(planRetention({ alarmExists: true, lastRunAt: NOW - HOUR, now: NOW }).createAlarm).toBeNull();
  });

  it('runs at once when it never ran, a run was missed, or the clock went back; not after a recent run', () => {
    const runNow = (lastRunAt: unknown) => planRetention({ alarmExists: true, lastRunAt, now: NOW }).runNow;
    expect(runNow(undefined)).toBe(true);
    expect(runNow('yesterday')).toBe(true);
    expect(runNow(NOW - 7 * HOUR)).toBe(true);
    expect(runNow(NOW - 6 * HOUR)).toBe(true);
    expect(runNow(NOW + DAY)).toBe(true);
    expect(runNow(NOW - 5 * HOUR)).toBe(false);
    expect(runNow(NOW)).toBe(false);
  });
});

describe('the retention schedule against the browser\'s alarms', () => {
  let db: EarshotDatabase;
  let clock: number;
  let deps: RetentionDeps;
  const seen = (key: string, url: string): CapturedPage => ({
    url,
    site: 'instagram',
    kind: 'post',
    profiles: [{ platform: 'instagram', key, displayName: key }],
    contributions: [],
  });

  beforeEach(async () => {
    fakeBrowser.reset();
    db = await openFreshDatabase('retention');
    clock = NOW;
    deps = { db, now: () => clock, retentionDays: async () => 30 };
    // First captured 60 days ago and seen again yesterday: kept. Last seen 40 days ago: expires.
    await storeCapture(db, seen('regular', 'https://www.instagram.com/p/1/'), { now: NOW - 60 * DAY, ownBrands: [] });
    await storeCapture(db, seen('regular', 'https://www.instagram.com/p/2/'), { now: NOW - DAY, ownBrands: [] });
    await storeCapture(db, seen('gone', 'https://www.instagram.com/p/3/'), { now: NOW - 40 * DAY, ownBrands: [] });
  });
  afterEach(() => deleteDatabase(db));

  it('at the first start creates the alarm and runs at once, counting the last sighting', async () => {
    const plan = await ensureRetentionSchedule(deps, fakeBrowser.alarms);
    expect(plan.runNow).toBe(true);
    expect(await fakeBrowser.alarms.get(RETENTION_ALARM)).toMatchObject({ name: RETENTION_ALARM, periodInMinutes: RETENTION_EVERY_MINUTES });
    expect(await db.profiles.toCollection().primaryKeys()).toEqual(['instagram:regular']);
    expect((await db.meta.get(RETENTION_LAST_RUN))?.value).toBe(NOW);
  });

  it('after a restart shortly after a run, keeps the alarm and does not run again', async () => {
    await ensureRetentionSchedule(deps, fakeBrowser.alarms);
    await storeCapture(db, seen('later', 'https://www.instagram.com/p/4/'), { now: NOW - 50 * DAY, ownBrands: [] });
    const alarm = await fakeBrowser.alarms.get(RETENTION_ALARM);
    clock = NOW + HOUR;
    const plan = await ensureRetentionSchedule(deps, fakeBrowser.alarms);
    expect(plan).toEqual({ createAlarm: null, runNow: false });
    expect(await fakeBrowser.alarms.get(RETENTION_ALARM)).toBe(alarm);
    expect(await db.profiles.get('instagram:later')).toBeDefined();
  });

  it('catches up on a run missed while the browser was closed, and recreates an alarm the browser dropped', async () => {
    await ensureRetentionSchedule(deps, fakeBrowser.alarms);
    await storeCapture(db, seen('later', 'https://www.instagram.com/p/4/'), { now: NOW - 50 * DAY, ownBrands: [] });
    await fakeBrowser.alarms.clearAll();
    clock = NOW + 2 * DAY;
    const plan = await ensureRetentionSchedule(deps, fakeBrowser.alarms);
    expect(plan.runNow).toBe(true);
    expect(await fakeBrowser.alarms.get(RETENTION_ALARM)).toBeDefined();
    expect(await db.profiles.get('instagram:later')).toBeUndefined();
    expect((await db.meta.get(RETENTION_LAST_RUN))?.value).toBe(NOW + 2 * DAY);
  });

  it('a run reads the retention setting each time', async () => {
    let days = 30;
    const result = await runRetention({ ...deps, retentionDays: async () => days });
    expect(result.profiles).toBe(1);
    days = 0;
    expect((await runRetention({ ...deps, retentionDays: async () => days })).profiles).toBe(1);
  });
});
