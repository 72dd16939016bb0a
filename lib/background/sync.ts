/**
 * The service worker's CRM messages (connect, disconnect, pull, run the
 * outbox, retry a parked job) and the functions the core handlers call when a
 * person changes. The browser-facing parts (fetch, permissions, the outbox
 * timer) come in as dependencies, so all of this runs in Node tests.
 *
 * Tokens: a connection, token included, is one row of the connections table
 * in the extension's IndexedDB. Only the service worker and the extension's
 * own pages can open that database; content scripts cannot (theirs is the web
 * page's), and no answer of these handlers contains the token.
 */
import { Customer, type ConnectorId } from '../model';
import type { EarshotDatabase } from '../db/database';
import { createConnector, describeConnector, isPushConnector, normaliseSettings } from '../crm/connectors';
import type { ConnectorDeps } from '../crm/connectors/types';
import { SyncError } from '../crm/http';
import { withRetries } from '../crm/retry';
import { linkedOrTaggedCustomers } from '../db/crm-payloads';
import { enqueueUpdates } from '../db/outbox-queue';
import { holdStates } from '../db/sync-state';
import { deleteMeta, metaFamily, readMeta, writeMeta } from '../db/meta';
import { z } from '../zod';
import { retryJob, unparkConnector } from '../outbox/view';
import type { DrainReport } from '../outbox/engine';
import type { SyncMessageType } from './handlers';
import type { DataChange } from './work';
import { createTeamCycle } from './team-cycle';
import type { Handlers } from './router';

/** The outbox as the handlers see it: run it now, or nudge it to run soon. */
export interface OutboxControl {
  drain(): Promise<DrainReport>;
  wake(): void;
}

export interface SyncDeps {
  db: EarshotDatabase;
  now(): number;
  /** fetch, clock and timeout for connecting and pulling. */
  connectorDeps: ConnectorDeps;
  outbox: OutboxControl;
  /** Optional host permissions (the page asks for them in the user's click; the worker checks and removes). */
  permissions: {
    contains(pattern: string): Promise<boolean>;
    remove(pattern: string): Promise<void>;
  };
  /** Customers changed (a pull): re-index and re-match. */
  dataChanged(change: DataChange): Promise<void>;
  /** Who this install writes team decisions as (the settings' name or the install id); without it, no team sync. */
  teamAuthor?(): Promise<string>;
  /** Random draws and pauses for retrying the connect step (Math.random and a timer by default). */
  random?(): number;
  sleep?(ms: number): Promise<void>;
}

/** Where an unfinished pull of a CRM's customers resumes. */
const PULL_CURSORS = metaFamily('sync-pull:', z.string());
const PULL_CURSOR = (connector: ConnectorId) => PULL_CURSORS.of(connector);
const ENQUEUE_CHUNK = 200;
/**
 * Connecting is a click someone waits on: the connect step is retried like
 * every other call, but a few times only, and a CRM asking for a pause longer
 * than half a minute is answered at once with the moment it named.
 */
const CONNECT_RETRY = { policy: { maxAttempts: 4 }, maxWaitMs: 30_000 } as const;

function permissionOf(connector: ConnectorId, settings: Record<string, string>): string | null {
  try {
    return describeConnector(connector).hostPermission(settings);
  } catch {
    return null;
  }
}

export function createSyncHandlers(deps: SyncDeps): Pick<Handlers, SyncMessageType> {
  const { db } = deps;

  const teamCycle = createTeamCycle(deps);

  return {
    'crm/connect': async ({ connector, settings, secret }) => {
      if (!isPushConnector(connector)) throw new SyncError('CSV is an export: there is nothing to connect.', { kind: 'rejected', transient: false, mayHaveApplied: false });
      const clean = normaliseSettings(connector, settings);
      const pattern = describeConnector(connector).hostPermission(clean);
      if (!(await deps.permissions.contains(pattern))) {
        throw new SyncError(`Earshot may not reach ${pattern} yet: click Connect again and allow access when the browser asks.`, { kind: 'auth', transient: false, mayHaveApplied: false });
      }
      const client = createConnector(connector, { settings: clean, secret }, deps.connectorDeps);
      // Checks the token and prepares the CRM (safe to run again); its errors say what to fix.
      const result = await withRetries(() => client.connect(), {
        ...CONNECT_RETRY,
        now: deps.now,
        random: deps.random ?? Math.random,
        sleep: deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      });
      const now = deps.now();
      await db.transaction('rw', [db.connections, db.audit], async () => {
        await db.connections.put({ connector, settings: { ...clean, ...result.settings }, secret, connectedAt: now });
        await db.audit.add({ at: now, action: 'crm-connected', actor: 'user', summary: `Connected ${describeConnector(connector).label}`, counts: {} });
      });
      // Everyone already linked or tagged goes out once; parked jobs get another chance.
      const people = await linkedOrTaggedCustomers(db);
      for (let i = 0; i < people.length; i += ENQUEUE_CHUNK) await enqueueUpdates(db, people.slice(i, i + ENQUEUE_CHUNK), now, { connectors: [connector] });
      await unparkConnector(db, connector, now);
      // What teammates already decided shows at once; a failure here leaves the connection standing.
      await teamCycle.run().catch((error: unknown) => {
        if (!(error instanceof SyncError)) throw error;
      });
      deps.outbox.wake();
      const queuedText = people.length > 0 ? ` ${people.length} linked or tagged ${people.length === 1 ? 'person is' : 'people are'} queued for sync.` : '';
      return { connector, summary: `${result.summary}${queuedText}` };
    },

    'crm/disconnect': async ({ connector }) => {
      const existing = await db.connections.get(connector);
      if (!existing) return {};
      const now = deps.now();
      await db.transaction('rw', [db.connections, db.syncJobs, db.meta, db.audit], async () => {
        await db.connections.delete(connector);
        const jobs = (await db.syncJobs.toArray()).filter((j) => j.connector === connector);
        // Unsent updates cannot go without a token; reconnecting sends everyone's state again.
        // Erasures stay queued (with what finds the record): they go out if the CRM is connected again.
        const erasures = jobs.filter((j) => j.kind === 'erase-person');
        await db.syncJobs.bulkDelete(jobs.filter((j) => j.kind !== 'erase-person').map((j) => j.id));
        await holdStates(db, connector, new Set(erasures.map((j) => String((j.payload as { customerId?: unknown }).customerId ?? ''))));
        await deleteMeta(db, PULL_CURSOR(connector));
        await db.audit.add({ at: now, action: 'crm-disconnected', actor: 'user', summary: `Disconnected ${connector}: its token was deleted`, counts: {} });
      });
      const pattern = permissionOf(connector, existing.settings);
      const stillNeeded = (await db.connections.toArray()).some((c) => permissionOf(c.connector, c.settings) === pattern);
      if (pattern && !stillNeeded) await deps.permissions.remove(pattern);
      return {};
    },

    'crm/pull': async ({ connector }) => {
      const connection = await db.connections.get(connector);
      if (!connection) throw new SyncError(`${connector} is not connected.`, { kind: 'disconnected', transient: false, mayHaveApplied: false });
      const client = createConnector(connector, connection, deps.connectorDeps);
      if (!client.description.pulls) throw new SyncError(`${client.description.label} cannot send customers to Earshot.`, { kind: 'rejected', transient: false, mayHaveApplied: false });
      // A pull the worker could not finish resumes where it stopped.
      let cursor = (await readMeta(db, PULL_CURSOR(connector))) ?? null;
      let count = 0;
      do {
        const page = await client.pullCustomers(cursor);
        const now = deps.now();
        await db.transaction('rw', [db.customers, db.meta], async () => {
          const existing = await db.customers.bulkGet(page.customers.map((c) => c.id));
          const rows = page.customers.flatMap((pulled, i) => {
            const old = existing[i];
            const merged = Customer.safeParse({
              ...old,
              ...pulled,
              handles: old && old.handles.length > 0 ? old.handles : pulled.handles,
              custom: { ...old?.custom, ...pulled.custom },
              updatedAt: now,
            });
            return merged.success ? [merged.data] : [];
          });
          await db.customers.bulkPut(rows);
          count += rows.length;
          if (page.next) await writeMeta(db, PULL_CURSOR(connector), page.next, now);
          else await deleteMeta(db, PULL_CURSOR(connector));
        });
        cursor = page.next;
      } while (cursor);
      await deps.dataChanged({ customers: true });
      return { customers: count };
    },

    'sync/run': async () => {
      // Read the team's decisions first: what this install then writes merges with the newest.
      const team = await teamCycle.run();
      const report = await deps.outbox.drain();
      return { done: report.done, parked: report.parkedTotal, pending: report.pending, ...(team ? { team } : {}) };
    },

    'sync/retry': async ({ jobId }) => {
      await retryJob(db, jobId, deps.now());
      deps.outbox.wake();
      return {};
    },
  };
}
