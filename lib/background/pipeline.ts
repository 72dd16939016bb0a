/**
 * The work that follows a change, as the service worker runs it: keep the
 * matcher's customer index current, match captured people, recompute values,
 * and queue CRM updates for customers whose links changed.
 */
import type { EarshotDatabase } from '../db/database';
import { indexCustomers, indexNeedsBuild, matchProfiles, runEm } from '../db/match-index';
import { crmValuesOf, storeValues } from '../db/values';
import { enqueueUpdates } from '../crm/outbox';
import { toMatchRecord } from '../match';
import { computeValuesAsync, todayIso } from '../value';
import { customerRef, isLinked, profileRef, type Match, type Settings } from '../model';
import type { PendingWork, WorkSteps } from './work';

export interface PipelineDeps {
  db: EarshotDatabase;
  now(): number;
  settings(): Promise<Settings>;
  /** Customers whose CRM record should be updated were queued: wake the outbox. */
  syncQueued(): void;
}

const MATCH_BATCH = 200;
/** Learn the matcher's parameters from the user's own data once there is enough of it. */
const EM_MIN_PROFILES = 200;
const EM_META_KEY = 'match.em-last';

export function createPipeline(deps: PipelineDeps): WorkSteps {
  const { db } = deps;
  // Customers whose links changed in this run of the work: their values move too.
  const relinked = new Set<string>();

  async function maybeTrain(): Promise<void> {
    const profiles = await db.profiles.count();
    const last = (await db.meta.get(EM_META_KEY))?.value as { profiles: number } | undefined;
    if (profiles < EM_MIN_PROFILES || (last && profiles < last.profiles * 1.5)) return;
    await runEm(db);
    await db.meta.put({ key: EM_META_KEY, value: { profiles }, updatedAt: deps.now() });
  }

  async function matchSome(ids: readonly string[]): Promise<string[]> {
    const settings = await deps.settings();
    const profiles = (await db.profiles.bulkGet([...ids])).filter((p) => p !== undefined);
    if (profiles.length === 0) return [];
    const results = await matchProfiles(db, profiles, { thresholds: settings.thresholds });
    const now = deps.now();
    const touchedCustomers = new Set<string>();
    await db.transaction('rw', db.matches, async () => {
      const previous = await db.matches.bulkGet(profiles.map((p) => p.id));
      const next: Match[] = profiles.map((p, i) => toMatchRecord(p.id, results[i]!, previous[i], now));
      for (let i = 0; i < next.length; i++) {
        const before = previous[i];
        const after = next[i]!;
        const linkedBefore = before && isLinked(before) ? before.customerId : null;
        const linkedAfter = isLinked(after) ? after.customerId : null;
        if (linkedBefore !== linkedAfter) {
          if (linkedBefore) touchedCustomers.add(linkedBefore);
          if (linkedAfter) touchedCustomers.add(linkedAfter);
        }
      }
      await db.matches.bulkPut(next);
    });
    for (const id of touchedCustomers) relinked.add(id);
    return [...touchedCustomers];
  }

  /** The people whose values a change of only these profiles can move. */
  async function peopleOf(profileIds: readonly string[]): Promise<Set<string>> {
    const refs = new Set<string>([...relinked].map(customerRef));
    const matches = await db.matches.bulkGet([...profileIds]);
    profileIds.forEach((id, i) => {
      refs.add(profileRef(id));
      const m = matches[i];
      if (m && isLinked(m)) refs.add(customerRef(m.customerId!));
    });
    return refs;
  }

  return {
    async indexCustomers() {
      await indexCustomers(db);
    },

    async matchProfiles(which) {
      if (await indexNeedsBuild(db)) await indexCustomers(db);
      if (which === 'all') await maybeTrain();
      const ids = which === 'all' ? ((await db.profiles.toCollection().primaryKeys()) as string[]) : which;
      const touched: string[] = [];
      for (let i = 0; i < ids.length; i += MATCH_BATCH) touched.push(...(await matchSome(ids.slice(i, i + MATCH_BATCH))));
      // Automatic links reach the CRM like confirmed ones.
      if (touched.length > 0 && (await enqueueUpdates(db, touched, deps.now())) > 0) deps.syncQueued();
    },

    async computeValues(work: PendingWork) {
      const settings = await deps.settings();
      const [customers, orders, profiles, contributions, matches] = await Promise.all([
        db.customers.toArray(),
        db.orders.toArray(),
        db.profiles.toArray(),
        db.contributions.toArray(),
        db.matches.toArray(),
      ]);
      const run = await computeValuesAsync({ customers, orders, profiles, contributions, matches }, settings.value, todayIso(new Date(deps.now())));
      // A capture moves only its people's figures: write those; a CRM change rewrites all.
      const only = work.customers || work.orders ? undefined : await peopleOf(work.profiles);
      relinked.clear();
      const linked = [...new Set(matches.filter(isLinked).map((m) => m.customerId!))].filter((id) => !only || only.has(customerRef(id)));
      const before = await Promise.all(linked.map((id) => crmValuesOf(db, id)));
      await storeValues(db, run, deps.now(), only);
      // Values reach the CRM with an update of each linked customer whose figures changed.
      const after = await Promise.all(linked.map((id) => crmValuesOf(db, id)));
      const changed = linked.filter((_, i) => JSON.stringify(before[i]) !== JSON.stringify(after[i]));
      if (changed.length > 0 && (await enqueueUpdates(db, changed, deps.now())) > 0) deps.syncQueued();
    },
  };
}
