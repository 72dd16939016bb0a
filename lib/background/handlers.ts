/**
 * What the service worker does for each message. Dependencies come in as
 * parameters (database, clock, settings, the browser-facing parts), so the
 * handlers run in Node tests against fake-indexeddb.
 */
import type { CapturedPage } from '../model';
import type { Settings } from '../settings';
import { isLinked, tagId, type PersonRef } from '../model';
import { recordObjection } from '../db/opt-out';
import { refreshActions } from '../db/actions';
import { changeActionAndTask, sendActionsAsTasks } from './tasks';
import { markReportSeen } from '../db/reports';
import type { EarshotDatabase } from '../db/database';
import { reportBroken, storeCapture } from '../db/captures';
import { overlaysAllowed } from '../capture/badges';
import { siteFor } from '../capture/registry';
import { valueRunInfo } from '../db/values';
import type { Text } from '../ui/text';
import { badgeView } from '../views/badge';
import { resolveProfiles } from '../views/standing';
import { beginImport, cancelImport, commitImport, stageRows } from '../db/imports';
import { erasePerson, expireUnmatched, withoutSuppressed } from '../db/privacy';
import { clearStorageProblem } from '../db/storage';
import { enqueueUpdates, syncTables } from '../db/outbox-queue';
import { refreshPeople, type PeopleChange } from '../db/people';
import { teamAuthorOf } from '../db/team';
import { confirmMatch, rejectMatch } from '../db/match-writes';
import type { Handlers } from './router';
import type { DataChange } from './work';
import { createPersonaHandlers } from './personas';
import { loadSampleData, SAMPLE_BRANDS } from './sample';

export interface BackgroundDeps {
  db: EarshotDatabase;
  now(): number;
  newId(): string;
  settings(): Promise<Settings>;
  /** Run the on-demand (generic) extractor in a tab and return what it found. */
  captureTab(tabId: number): Promise<CapturedPage | null>;
  /** Inject the generic extractor into a module's content-script frame (capture/fallback). */
  injectFallback(tabId: number, frameId: number): Promise<void>;
  /** Data changed: profiles to (re)match, customers to re-index, values to recompute. */
  dataChanged(change: DataChange): Promise<void>;
  /** CRM updates were queued (in the same transaction as their change): send them soon. */
  syncQueued(): void;
  /** Make these the user's own brands if they have set none (the sample shop's brands). */
  adoptOwnBrands(brands: readonly string[]): Promise<void>;
  /** The interface text in the user's language (badges are composed here, not in the page). */
  text(): Promise<Text>;
  /** A tab shows badges: tell it when they change (badges/changed), so it never polls. */
  showsBadges(tabId: number): Promise<void>;
}

/** Messages about CRM connections and the outbox: handled in lib/background/sync.ts. */
export type SyncMessageType = 'crm/connect' | 'crm/disconnect' | 'crm/pull' | 'sync/run' | 'sync/retry';
export type CoreHandlers = Omit<Handlers, SyncMessageType>;

export function createHandlers(deps: BackgroundDeps): CoreHandlers {
  const { db } = deps;

  async function capture(page: CapturedPage, partial = false) {
    const settings = await deps.settings();
    if (settings.disabledSites.includes(page.site)) return { profiles: 0, contributions: 0 };
    // People who were erased are not captured again.
    const allowed = await withoutSuppressed(db, page);
    const stored = await storeCapture(db, allowed, { now: deps.now(), ownBrands: settings.value.ownBrands, partial });
    if (stored.changedProfileIds.length > 0) await deps.dataChanged({ profiles: stored.changedProfileIds });
    return { profiles: stored.profileIds.length, contributions: stored.contributions };
  }

  /** Change a person's tags and queue their CRM update in the same transaction. */
  async function changeTags(personRef: string, change: () => Promise<unknown>): Promise<void> {
    const queued = await db.transaction('rw', syncTables(db), async () => {
      await change();
      const customerId = await linkedCustomer(personRef as PersonRef);
      return customerId ? enqueueUpdates(db, [customerId], deps.now()) : 0;
    });
    if (queued > 0) deps.syncQueued();
    await refreshPeople(db, changeOf(personRef));
  }

  async function linkedCustomer(ref: PersonRef): Promise<string | null> {
    if (ref.startsWith('customer:')) return ref.slice('customer:'.length);
    const match = await db.matches.get(ref.slice('profile:'.length));
    return match && isLinked(match) ? match.customerId : null;
  }

  return {
    ...createPersonaHandlers({ db, now: deps.now, syncQueued: deps.syncQueued }),

    'capture/report': async ({ page, partial }) => capture(page, partial === true),

    'capture/broken': async ({ url, site, problem }) => {
      await reportBroken(db, url, site, problem, deps.now());
      return {};
    },

    'capture/fallback': async (_request, { sender }) => {
      // The generic extractor runs by itself only inside a site with a module, never on a site the user did not choose.
      const site = sender.url === undefined ? undefined : siteFor(sender.url);
      if (!site || sender.tabId === undefined) return { injected: false };
      await deps.injectFallback(sender.tabId, sender.frameId ?? 0);
      return { injected: true };
    },

    'badges/get': async ({ profileIds }, { sender }) => {
      const settings = await deps.settings();
      // No badges where the site's terms forbid overlays, even if a content script asks.
      if (!settings.pageBadges || !overlaysAllowed(sender.url ?? '')) return { enabled: false, badges: [] };
      if (sender.tabId !== undefined) await deps.showsBadges(sender.tabId);
      // A content script learns only about people captured on its own site: it cannot
      // probe the customer list by asking about arbitrary profiles.
      const origin = originOf(sender.url);
      const people = (await resolveProfiles(db, profileIds)).filter((p) => p.profile?.seenOn.some((url) => originOf(url) === origin));
      const [text, run] = await Promise.all([deps.text(), valueRunInfo(db)]);
      const currency = run?.settings.currency ?? settings.value.currency;
      return { enabled: true, badges: people.flatMap((person) => badgeView(person, text, currency) ?? []) };
    },

    'sample/load': async () => {
      await deps.adoptOwnBrands(SAMPLE_BRANDS);
      const settings = await deps.settings();
      const loaded = await loadSampleData(db, deps.now(), settings.value.ownBrands);
      await deps.dataChanged({ customers: true, orders: true });
      return loaded;
    },

    'capture/request': async ({ tabId }) => {
      const page = await deps.captureTab(tabId);
      if (!page) return { profiles: 0, contributions: 0, site: 'none' };
      const stored = await capture(page);
      return { ...stored, site: page.site };
    },

    'match/confirm': async ({ profileId, customerId, settles }) => {
      const author = await teamAuthorOf(db, (await deps.settings()).teamAuthor, deps.newId);
      const queued = await confirmMatch(db, { profileId, customerId, settles, author, now: deps.now() });
      if (queued > 0) deps.syncQueued();
      // The workspace lists the link at once; values follow with the recorded work.
      await refreshPeople(db, { profileIds: [profileId] });
      await deps.dataChanged({ profiles: [profileId] });
      return {};
    },

    'match/reject': async ({ profileId, customerId, settles }) => {
      const author = await teamAuthorOf(db, (await deps.settings()).teamAuthor, deps.newId);
      const queued = await rejectMatch(db, { profileId, customerId, settles, author, now: deps.now() });
      if (queued > 0) deps.syncQueued();
      await refreshPeople(db, { profileIds: [profileId] });
      await deps.dataChanged({ profiles: [profileId] });
      return {};
    },

    'tag/add': async ({ personRef, label }) => {
      await changeTags(personRef, () => db.tags.put({ id: tagId(personRef, label), personRef, label: label.trim(), createdAt: deps.now() }));
      return {};
    },

    'tag/remove': async ({ personRef, label }) => {
      await changeTags(personRef, () => db.tags.delete(tagId(personRef, label)));
      return {};
    },

    'note/set': async ({ personRef, text }) => {
      const trimmed = text.trim();
      if (trimmed) await db.notes.put({ personRef, text: trimmed, updatedAt: deps.now() });
      else await db.notes.delete(personRef);
      return {};
    },

    'import/begin': async ({ kind, fileName }) => {
      const journal = await beginImport(db, kind, fileName, deps.now(), deps.newId());
      return { importId: journal.importId };
    },

    'import/rows': async ({ importId, rows }) => ({ staged: await stageRows(db, importId, rows, deps.now()) }),

    'import/commit': async ({ importId, provided, allowBlanking }) => {
      const result = await commitImport(db, importId, provided ?? null, allowBlanking);
      await db.audit.add({
        at: deps.now(),
        action: 'import',
        actor: 'user',
        summary: 'Imported a CSV file',
        counts: { customers: result.customers, orders: result.orders, rejected: result.errors.length },
      });
      await deps.dataChanged({ customers: result.customers > 0, orders: result.orders > 0 });
      return result;
    },

    'import/cancel': async ({ importId }) => {
      await cancelImport(db, importId);
      return {};
    },

    'person/erase': async ({ personRef, includeCustomerRecord }) => {
      // The CRM erasure is queued inside the erasure's transaction; the outbox is woken once it committed.
      const result = await erasePerson(db, personRef, { now: deps.now(), includeCustomerRecord });
      if (result.crmErasures > 0) deps.syncQueued();
      // Values are recomputed from what is left (a kept customer's lose the erased influence), which
      // also overwrites any figures a run already under way computed from before the erasure.
      await deps.dataChanged({ orders: true });
      return result;
    },

    'actions/refresh': async () => refreshActions(db, (await deps.settings()).value, deps.now()),

    'action/change': async ({ id, change }) => ({ status: (await changeActionAndTask(deps, id, change)).status }),

    'actions/send': async ({ ids }) => sendActionsAsTasks(deps, ids),

    'report/seen': async ({ week }) => ({ found: await markReportSeen(db, week, deps.now()) }),

    'person/object': async ({ personRef }) => {
      const customerId = await linkedCustomer(personRef as PersonRef);
      if (customerId === null) throw new Error('only a customer can object here; a captured person who is not a customer is erased instead');
      const dropped = await recordObjection(db, customerId, deps.now());
      if (dropped.queued > 0) deps.syncQueued();
      // The profiles that were theirs are anyone's now: matched again, without them; and everyone is valued
      // again without them (they no longer shape the models and thresholds).
      await deps.dataChanged({ profiles: dropped.profileIds, orders: true });
      return { links: dropped.links, values: dropped.values, actions: dropped.actions, queued: dropped.queued };
    },

        'data/prune': async ({ olderThanDays }) => {
      const result = await expireUnmatched(db, deps.now(), olderThanDays);
      // Room was made: the interface stops showing "storage is full" until a write fails again.
      await clearStorageProblem(db);
      return { profiles: result.profiles, contributions: result.contributions };
    },

    'settings/changed': async ({ rematch }) => {
      // New thresholds decide every captured person again; value settings only move the figures.
      if (rematch) await deps.dataChanged({ profiles: (await db.profiles.toCollection().primaryKeys()) as string[] });
      else await deps.dataChanged({ orders: true });
      return {};
    },

    'data/restored': async () => {
      await deps.dataChanged({ customers: true, orders: true });
      return {};
    },
  };
}


/** The directory rows a change of one person's tags touches. */
function changeOf(personRef: string): PeopleChange {
  return personRef.startsWith('customer:') ? { customerIds: [personRef.slice('customer:'.length)] } : { profileIds: [personRef.slice('profile:'.length)] };
}

function originOf(url: string | undefined): string | null {
  try {
    return url ? new URL(url).origin : null;
  } catch {
    return null;
  }
}
