/**
 * The worker's life (lib/background/lifecycle.ts) with fake alarms and a fake
 * clock: a change is recorded and run once at a time, the safety-net alarm is
 * set, each alarm starts its job, and a start recovers what the last worker left.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EarshotDatabase } from '../../../lib/db/database';
import { createWorkerLife, WORK_ALARM, type WorkerAlarms, type WorkerLife } from '../../../lib/background/lifecycle';
import { RETENTION_ALARM, RETENTION_LAST_RUN } from '../../../lib/background/retention';
import { WEEKLY_REPORT_ALARM } from '../../../lib/background/weekly-report';
import { pendingWork, type WorkSteps } from '../../../lib/background/work';
import { indexCustomers } from '../../../lib/db/match-store';
import { DEFAULT_SETTINGS } from '../../../lib/settings';
import { deleteDatabase, openFreshDatabase } from '../fresh-db';

const NOW = Date.UTC(2026, 11, 9, 12);

/** Alarms as the browser keeps them: by name, the last creation wins. */
function fakeAlarms(): WorkerAlarms & { set: Map<string, unknown> } {
  const set = new Map<string, unknown>();
  return {
    set,
    get: async (name) => set.get(name),
    create: (name, info) => void set.set(name, info),
    clear: async (name) => set.delete(name),
  };
}

let db: EarshotDatabase;
let clock: number;
let alarms: ReturnType<typeof fakeAlarms>;
let steps: string[];
let badgeCalls: number;
let onMatch: () => Promise<void>;
let life: WorkerLife;

beforeEach(async () => {
  db = await openFreshDatabase('lifecycle');
  clock = NOW;
  alarms = fakeAlarms();
  steps = [];
  badgeCalls = 0;
  onMatch = async () => undefined;
  const record = (name: string) => async (arg?: unknown) => void steps.push(arg === undefined ? name : `${name}:${JSON.stringify(arg)}`);
  const workSteps: WorkSteps = {
    indexCustomers: record('index'),
    rebuildPeople: record('rebuild'),
    async matchProfiles(ids) {
      steps.push(`match:${JSON.stringify(ids)}`);
      await onMatch();
    },
    computeValues: async () => void steps.push('values'),
  };
  life = createWorkerLife({
    db,
    now: () => clock,
    alarms,
    steps: workSteps,
    tellBadgePages: async () => void badgeCalls++,
    retention: { retentionDays: async () => 30 },
    reports: { settings: async () => DEFAULT_SETTINGS, offsetAt: () => 60 },
  });
});
afterEach(async () => {
  await life.idle();
  await deleteDatabase(db);
});

/** The matcher's index is current: a start finds no index to build. */
const indexReady = () => indexCustomers(db);

describe('the worker\'s life', () => {
  it('records a change, sets the safety-net alarm, and runs once more for a change that came during a run', async () => {
    onMatch = async () => {
      onMatch = async () => undefined;
      await life.dataChanged({ profiles: ['b'] });
    };
    await life.dataChanged({ profiles: ['a'] });
    expect(alarms.set.get(WORK_ALARM)).toEqual({ delayInMinutes: 0.5 });
    await life.idle();
    expect(steps).toEqual(['match:["a"]', 'values', 'match:["b"]', 'values']);
    // Pages showing badges are told after each run.
    expect(badgeCalls).toBe(2);
    expect(await pendingWork(db)).toBeNull();
  });

  it('runs the recorded work when the work alarm fires (a worker stopped before it was done)', async () => {
    await db.meta.put({ key: 'pending-work', value: { profiles: ['p1'], customers: false, orders: false }, updatedAt: 0 });
    life.alarmFired('some-other-alarm');
    await life.idle();
    expect(steps).toEqual([]);
    life.alarmFired(WORK_ALARM);
    await life.idle();
    expect(steps).toEqual(['match:["p1"]', 'values']);
  });

  it('at start, builds the matcher\'s index when there is none (a new installation or an upgrade)', async () => {
    await life.start();
    expect(steps).toEqual(['index', 'rebuild', 'match:"all"', 'values']);
  });

  it('at start, values the customers when the index is current but no values exist (a restore)', async () => {
    await indexReady();
    await db.customers.put({ id: 'C1', firstName: 'Janneke', handles: [], custom: {}, source: 'csv', updatedAt: 0 });
    await life.start();
    // The directory is missing too (people exist, no rows): it is rebuilt before the values.
    expect(steps).toEqual(['rebuild', 'values']);
  });

  it('at start, sets the retention alarm, makes up a missed retention run, and sets the weekly report\'s alarm', async () => {
    await indexReady();
    await life.start();
    await expect.poll(async () => (await db.meta.get(RETENTION_LAST_RUN))?.value).toBe(NOW);
    expect(alarms.set.get(RETENTION_ALARM)).toMatchObject({ periodInMinutes: 6 * 60 });
    // Nothing to report on yet, but the alarm for the next report is set.
    await expect.poll(() => alarms.set.has(WEEKLY_REPORT_ALARM)).toBe(true);
  });

  it('runs retention when its alarm fires', async () => {
    await indexReady();
    clock = NOW + 1000;
    life.alarmFired(RETENTION_ALARM);
    await expect.poll(async () => (await db.meta.get(RETENTION_LAST_RUN))?.value).toBe(NOW + 1000);
  });
});
