/**
 * The work that follows a change, as the service worker runs it: keep the
 * matcher's customer index current, match captured people, recompute values,
 * and queue CRM updates for customers whose links changed.
 */
import type { EarshotDatabase } from '../db/database';
import { indexCustomers, indexNeedsBuild, matchProfiles, runEm } from '../db/match-store';
import {
  fingerprintOf,
  recordValueProblem,
  revalueAgainst,
  revalueCaptured,
  storeRevalued,
  storeValues,
  valueProblem,
  valueRunInfo,
  type Revalued,
} from '../db/values';
import { rebuildPeople, refreshPeople } from '../db/people';
import { crmFieldsOf } from '../db/personas';
import { refreshPersonas } from './personas';
import { recordSegmentSnapshot } from '../db/history';
import { backfillRequestedHistory } from '../db/history-backfill';
import { recordStats } from '../db/stats';
import { enqueueUpdates } from '../db/outbox-queue';
import { storeMatcherResults } from '../db/match-writes';
import { computeValuesAsync, settingsFingerprint, todayIso, ValueInputError } from '../value';
import { isLinked, profilingInput } from '../model';
import { type Settings } from '../settings';
import { customersNotProfiled, dropProfiling } from '../db/opt-out';
import type { DataChange, WorkSteps } from './work';
import { metaKey, readMetaIfValid, writeMeta } from '../db/meta';
import { z } from '../zod';

export interface PipelineDeps {
  db: EarshotDatabase;
  now(): number;
  settings(): Promise<Settings>;
  /** Customers whose CRM record should be updated were queued: wake the outbox. */
  syncQueued(): void;
}

const MATCH_BATCH = 200;
/** Profiles whose directory rows are refreshed per transaction. */
const REFRESH_BATCH = 2000;
/** Learn the matcher's parameters from the user's own data once there is enough of it. */
const EM_MIN_PROFILES = 200;
/** New decisions of people that are worth learning again for. */
const EM_MIN_DECISIONS = 10;
/** What the matcher last learnt from: profiles then, and people's decisions then. */
const EM_LAST = metaKey('match.em-last', z.object({ profiles: z.number(), decisions: z.number().optional() }));

export function createPipeline(deps: PipelineDeps): WorkSteps {
  const { db } = deps;
  // Customers whose links changed in this run of the work: their values move too.
  const relinked = new Set<string>();

  /**
   * Learn again when the profiles grew by half since the last time, or people decided enough new
   * links (their decisions teach the matcher how links like them turn out).
   */
  async function maybeTrain(whole: boolean): Promise<boolean> {
    const [profiles, decisions] = await Promise.all([db.profiles.count(), db.audit.where('action').anyOf(['match-confirmed', 'match-rejected']).count()]);
    const last = await readMetaIfValid(db, EM_LAST);
    const grown = whole && (!last || profiles >= last.profiles * 1.5);
    const decided = decisions - (last?.decisions ?? 0) >= Math.max(EM_MIN_DECISIONS, 0.2 * (last?.decisions ?? 0));
    if (profiles < EM_MIN_PROFILES || !(grown || decided)) return false;
    await runEm(db);
    await writeMeta(db, EM_LAST, { profiles, decisions }, deps.now());
    return true;
  }

  async function matchSome(ids: readonly string[]): Promise<string[]> {
    const settings = await deps.settings();
    const profiles = (await db.profiles.bulkGet([...ids])).filter((p) => p !== undefined);
    if (profiles.length === 0) return [];
    const results = await matchProfiles(db, profiles, { thresholds: settings.thresholds });
    const touchedCustomers = await storeMatcherResults(db, profiles, results, deps.now());
    for (const id of touchedCustomers) relinked.add(id);
    return touchedCustomers;
  }

  return {
    async rebuildPeople() {
      await rebuildPeople(db);
      // The workspace lists the people at once; values and matches follow.
      await recordStats(db, deps.now());
    },

    async refreshPeople(profileIds) {
      const ids = profileIds === 'all' ? ((await db.profiles.toCollection().primaryKeys()) as string[]) : profileIds;
      for (let i = 0; i < ids.length; i += REFRESH_BATCH) await refreshPeople(db, { profileIds: ids.slice(i, i + REFRESH_BATCH) });
      await recordSegmentSnapshot(db, deps.now());
      // The sample's weeks before today, once its values exist (history-backfill.ts).
      await backfillRequestedHistory(db, deps.now());
      await recordStats(db, deps.now());
    },

    async indexCustomers() {
      await indexCustomers(db);
    },

    async applyOptOuts() {
      // The directory was just rebuilt from the customers: its status names everyone who must not be profiled.
      const dropped = await dropProfiling(db, await customersNotProfiled(db), deps.now());
      if (dropped.queued > 0) deps.syncQueued();
    },

    async matchProfiles(which) {
      if (await indexNeedsBuild(db)) await indexCustomers(db);
      // Learned again (more profiles, or new decisions of people): every profile is decided anew.
      const everyone = (await maybeTrain(which === 'all')) || which === 'all';
      const ids = everyone ? ((await db.profiles.toCollection().primaryKeys()) as string[]) : which;
      const touched: string[] = [];
      for (let i = 0; i < ids.length; i += MATCH_BATCH) touched.push(...(await matchSome(ids.slice(i, i + MATCH_BATCH))));
      // Automatic links reach the CRM like confirmed ones.
      if (touched.length > 0 && (await enqueueUpdates(db, touched, deps.now())) > 0) deps.syncQueued();
    },

    async computeValues(work: DataChange) {
      const allSettings = await deps.settings();
      const settings = allSettings.value;
      const asOf = todayIso(new Date(deps.now()));

      /** Queue a CRM update for each of these customers whose values (as the CRM gets them) changed. */
      const syncChanged = async (customerIds: readonly string[], write: () => Promise<unknown>) => {
        const before = await Promise.all(customerIds.map((id) => crmFieldsOf(db, id)));
        await write();
        const after = await Promise.all(customerIds.map((id) => crmFieldsOf(db, id)));
        const changed = customerIds.filter((_, i) => JSON.stringify(before[i]) !== JSON.stringify(after[i]));
        if (changed.length > 0 && (await enqueueUpdates(db, changed, deps.now())) > 0) deps.syncQueued();
      };

      /**
       * After captures alone, the captured people (and customers whose links changed) get their influence
       * and engagement again against the stored run, reading none of the orders. False when only a full
       * run gives the right figures (no stored run, another day, other settings).
       */
      const captureOnly = async (): Promise<boolean> => {
        const change = { profileIds: work.profiles ?? [], customerIds: [...relinked] };
        const problem = await valueProblem(db);
        let revalued: Revalued | undefined;
        if (problem && problem.settings === fingerprintOf(settings)) {
          // A full run would stop on the same problem: keep the last good run and bring these people up to
          // date against it if it had these settings; otherwise there is nothing honest to show until a fix.
          const info = await valueRunInfo(db);
          revalued = info && settingsFingerprint(info.settings) === problem.settings ? await revalueAgainst(db, info, change) : undefined;
          if (!revalued) return true;
        } else {
          revalued = await revalueCaptured(db, change, settings, asOf);
          if (!revalued) return false;
        }
        const result = revalued;
        await syncChanged(result.linkedCustomers, () => storeRevalued(db, result, deps.now()));
        return true;
      };

      try {
        if (work.customers || work.orders || !(await captureOnly())) {
          // Everyone's values: customers, orders or settings changed, or a new day moved every forecast.
          const [everyone, allOrders, profiles, contributions, allMatches] = await Promise.all([
            db.customers.toArray(),
            db.orders.toArray(),
            db.profiles.toArray(),
            db.contributions.toArray(),
            db.matches.toArray(),
          ]);
          // Customers who must not be profiled are not valued at all (their purchase history is shown from
          // their orders) and do not shape the models or thresholds the others are valued by.
          const { customers, orders, matches } = profilingInput(everyone, allOrders, allMatches);
          const run = await computeValuesAsync({ customers, orders, profiles, contributions, matches }, settings, asOf);
          const linked = [...new Set(matches.filter(isLinked).map((m) => m.customerId!))];
          await syncChanged(linked, async () => {
            await storeValues(db, run, deps.now());
            // Personas follow every full run, from the data it read (the centres of the last ones kept).
            await refreshPersonas(db, { run, customers, profiles, contributions }, allSettings.personas, deps.now);
          });
        }
      } catch (error) {
        if (!(error instanceof ValueInputError)) throw error;
        // Data no run can use (orders in a currency without a rate, ...): record it where the pages read it
        // and let the work go, as the same data and settings would fail the same way on every retry. The
        // next change of orders, customers or settings runs again.
        await recordValueProblem(db, error, settings, deps.now());
      }
      relinked.clear();
    },
  };
}
