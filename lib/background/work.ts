/**
 * Work that follows a change (match new profiles, re-index customers, recompute
 * values) is recorded in IndexedDB before it is done, so a service worker that
 * is stopped half-way finds it again when it next starts.
 */
import type { EarshotDatabase } from '../db/database';
import { recordStorageProblem } from '../db/storage';
import { deleteMeta, metaKey, readMeta, writeMeta } from '../db/meta';
import { z } from '../zod';

/**
 * What changed, and so which work follows. A handler reports one; the recorded
 * work is the union of those not done yet (every field then written but `people`).
 */
export const DataChange = z.object({
  /** Captured profiles to (re)match. */
  profiles: z.array(z.string()).optional(),
  /** Customers changed: re-index, rebuild the directory, match everyone again. */
  customers: z.boolean().optional(),
  /** Orders (or value settings) changed: recompute values. */
  orders: z.boolean().optional(),
  /** Rebuild the whole people directory (an upgrade or a restore; customers changing implies it). */
  people: z.boolean().optional(),
});
export type DataChange = z.infer<typeof DataChange>;

/** The work recorded and not done yet (read strictly: a damaged record is an error naming it, not lost work). */
const PENDING_WORK = metaKey('pending-work', DataChange);

export interface WorkSteps {
  /** Rebuild the matcher's customer index. */
  indexCustomers?(): Promise<void>;
  /** Match these profiles (all unmatched ones when customers changed). */
  matchProfiles?(profileIds: string[] | 'all'): Promise<void>;
  /** Recompute financial and influence values (the work says what changed). */
  computeValues?(work: DataChange): Promise<void>;
  /** Rebuild the whole people directory (customers changed): the workspace lists them before matching ends. */
  rebuildPeople?(): Promise<void>;
  /** Drop what is held about customers who must not be profiled (customers changed: a CRM may have said so). */
  applyOptOuts?(): Promise<void>;
  /** Bring the directory rows of these profiles (and their customers) up to date, and record the day's segments. */
  refreshPeople?(profileIds: string[] | 'all'): Promise<void>;
}

export async function recordWork(db: EarshotDatabase, change: DataChange, now: number): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    const old = (await readMeta(db, PENDING_WORK)) ?? {};
    const next: DataChange = {
      profiles: [...new Set([...(old.profiles ?? []), ...(change.profiles ?? [])])],
      customers: old.customers || !!change.customers,
      orders: old.orders || !!change.orders,
      ...(old.people || change.people ? { people: true } : {}),
    };
    await writeMeta(db, PENDING_WORK, next, now);
  });
}

export async function pendingWork(db: EarshotDatabase): Promise<DataChange | null> {
  return (await readMeta(db, PENDING_WORK)) ?? null;
}

/**
 * Do the recorded work. What was recorded while it ran stays recorded for the
 * next run: only the part that was taken is cleared.
 */
export async function runWork(db: EarshotDatabase, steps: WorkSteps, now: () => number): Promise<DataChange | null> {
  try {
    return await doWork(db, steps, now);
  } catch (error) {
    // The work stays recorded for the next run; a full disk must also reach the interface.
    await recordStorageProblem(db, 'work', error, now());
    throw error;
  }
}

async function doWork(db: EarshotDatabase, steps: WorkSteps, now: () => number): Promise<DataChange | null> {
  const work = await pendingWork(db);
  if (!work) return null;
  const profiles = work.profiles ?? [];
  if (work.customers) await steps.indexCustomers?.();
  if (work.customers || work.people) await steps.rebuildPeople?.();
  if (work.customers) await steps.applyOptOuts?.();
  if (work.customers) await steps.matchProfiles?.('all');
  else if (profiles.length > 0) await steps.matchProfiles?.(profiles);
  if (work.customers || work.orders || profiles.length > 0) await steps.computeValues?.(work);
  if (work.customers || work.orders || work.people || profiles.length > 0) await steps.refreshPeople?.(work.customers ? 'all' : profiles);
  await db.transaction('rw', db.meta, async () => {
    const latest = await readMeta(db, PENDING_WORK);
    if (!latest) return;
    const rest = {
      profiles: (latest.profiles ?? []).filter((p) => !profiles.includes(p)),
      customers: !!latest.customers && !work.customers,
      orders: !!latest.orders && !work.orders,
      ...(latest.people && !work.people ? { people: true } : {}),
    };
    if (rest.profiles.length === 0 && !rest.customers && !rest.orders && !rest.people) await deleteMeta(db, PENDING_WORK);
    else await writeMeta(db, PENDING_WORK, rest, now());
  });
  return work;
}
