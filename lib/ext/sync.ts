/**
 * The browser side of CRM sync.
 *
 * - Permission: a CRM's origin is an optional host permission, asked for in
 *   the options page inside the user's click on Connect (browsers accept the
 *   request only during a user gesture), never at install; Disconnect removes it.
 * - The outbox: started with the service worker, it first resumes what a
 *   stopped worker left (jobs marked running go back to pending), then sends.
 *   A timer wakes it for the next retry while the worker lives, and an alarm
 *   does so after the worker was stopped (alarms survive; timers do not).
 */
import type { Text } from '../ui/text';
import { browser } from 'wxt/browser';
import { CrmConnection, type ConnectorId } from '../model';
import type { EarshotDatabase } from '../db/database';
import { describeIssues } from '../zod';
import { createConnector, describeConnector, isPushConnector, normaliseSettings, type Connector } from '../crm/connectors';
import type { ConnectorDeps } from '../crm/connectors/types';
import { SyncError } from '../crm/http';
import { Outbox, type DrainReport } from '../outbox/engine';
import type { ValuesOf } from '../crm/sync-payload';
import type { OutboxControl } from '../background/sync';
import type { TeamCycle } from '../background/team-cycle';
import { send } from './messaging';

export const SYNC_ALARM = 'earshot-sync';
/** Chrome fires alarms at most every 30 s; the timer covers shorter waits while the worker lives. */
const MIN_ALARM_MS = 30_000;

export function connectorDeps(): ConnectorDeps {
  return { fetch: (url, init) => fetch(url, init), now: () => Date.now(), timeoutMs: 30_000 };
}

/** The connector of a connected CRM, from its row (checked with zod: storage is a boundary). */
export async function connectorFromDatabase(db: EarshotDatabase, connector: ConnectorId, deps: ConnectorDeps): Promise<Connector | null> {
  const row = await db.connections.get(connector);
  if (!row) return null;
  const parsed = CrmConnection.safeParse(row);
  if (!parsed.success) {
    throw new SyncError(`The saved ${connector} connection cannot be read (${describeIssues(parsed.error)}); connect it again.`, { kind: 'internal', transient: false, mayHaveApplied: false });
  }
  // Without the host permission every request would fail like a network error: say why instead.
  const pattern = describeConnector(connector).hostPermission(parsed.data.settings);
  if (!(await browser.permissions.contains({ origins: [pattern] }))) {
    throw new SyncError(`Earshot may no longer reach ${pattern} (the permission was removed in the browser's settings); connect the CRM again.`, { kind: 'auth', transient: false, mayHaveApplied: false });
  }
  return createConnector(connector, parsed.data, deps);
}

const earliest = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : Math.min(a, b));

/** A read-back that failed is tried again at the outbox's next wake; the outbox still sends. */
function teamSyncFailed(error: unknown): null {
  console.error('Earshot: team sync failed', error);
  return null;
}

/** Start the outbox in the service worker; call once, synchronously, at worker start. */
export function startOutbox(db: EarshotDatabase, options: { valuesOf?: ValuesOf; teamCycle?: Pick<TeamCycle, 'onTimer'>; reportText?: () => Promise<Text> } = {}): OutboxControl {
  const deps = connectorDeps();
  const engine = new Outbox({
    db,
    connectorFor: (id) => connectorFromDatabase(db, id, deps),
    now: () => Date.now(),
    random: Math.random,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    ...(options.valuesOf ? { valuesOf: options.valuesOf } : {}),
    ...(options.reportText ? { reportText: options.reportText } : {}),
  });
  let timer: ReturnType<typeof setTimeout> | undefined;

  const schedule = (at: number | null) => {
    clearTimeout(timer);
    if (at === null) {
      void browser.alarms.clear(SYNC_ALARM);
      return;
    }
    const now = Date.now();
    timer = setTimeout(wake, Math.max(0, at - now));
    void browser.alarms.create(SYNC_ALARM, { when: Math.max(at, now + MIN_ALARM_MS) });
  };
  const drain = async (): Promise<DrainReport> => {
    // The team's decisions are read back first (when due), so what the outbox then writes merges with the newest.
    const teamDue = options.teamCycle ? await options.teamCycle.onTimer().catch(teamSyncFailed) : null;
    const report = await engine.drain();
    schedule(earliest(report.nextWakeAt, teamDue));
    return report;
  };
  function wake(): void {
    drain().catch((error: unknown) => console.error('Earshot: CRM sync failed', error));
  }

  // Registered synchronously so the alarm that restarts a stopped worker reaches it.
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === SYNC_ALARM) wake();
  });
  wake();
  return { drain, wake };
}

/** What the service worker's sync handlers need from the browser. */
export const crmPermissions = {
  contains: (pattern: string) => browser.permissions.contains({ origins: [pattern] }),
  async remove(pattern: string): Promise<void> {
    await browser.permissions.remove({ origins: [pattern] });
  },
};

/**
 * Connect a CRM from an extension page. Call it straight from the click
 * handler: the permission request must be the first thing that happens.
 */
export async function connectCrm(connector: ConnectorId, settings: Record<string, string>, secret: string): Promise<string> {
  if (!isPushConnector(connector)) throw new Error('CSV is an export: there is nothing to connect.');
  const pattern = describeConnector(connector).hostPermission(normaliseSettings(connector, settings));
  const granted = await browser.permissions.request({ origins: [pattern] });
  if (!granted) throw new Error(`Earshot needs your permission to reach ${pattern} to send data there; nothing was connected.`);
  const result = await send('crm/connect', { connector, settings, secret });
  return result.summary;
}

export async function disconnectCrm(connector: ConnectorId): Promise<void> {
  await send('crm/disconnect', { connector });
}
