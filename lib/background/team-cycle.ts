/**
 * When team sync runs (docs/team-sync.md, "When it runs"): on connect and on
 * "Sync now" always, and on the outbox's timer when it is due: a quarter of an
 * hour after the last read-back, or, when this install holds decisions the
 * CRM does not have yet, at the outbox's first wake a minute or more after it
 * (the decision's contact may need the outbox first). The time of the last read-back is kept in the
 * database, so a restarted service worker keeps the rhythm.
 */
import { z } from '../zod';
import type { EarshotDatabase } from '../db/database';
import { metaKey, readMetaIfValid, writeMeta } from '../db/meta';
import { SyncError } from '../crm/http';
import { sharesDecisions } from '../crm/connectors/team';
import type { ConnectorDeps } from '../crm/connectors/types';
import type { DataChange } from './work';
import { runTeamSync, type TeamSyncReport } from './team-sync';

/** Teammates' decisions arrive at least this often while the worker runs (or its alarm wakes it). */
export const TEAM_SYNC_INTERVAL_MS = 15 * 60_000;
/** How soon decisions waiting to be written are tried again. */
export const TEAM_SYNC_WAITING_MS = 60_000;
const LAST_RUN = metaKey('team-sync:last-run', z.number().int().nonnegative());

export interface TeamCycleDeps {
  db: EarshotDatabase;
  now(): number;
  connectorDeps: ConnectorDeps;
  /** Who this install writes team decisions as; without it, no team sync. */
  teamAuthor?(): Promise<string>;
  dataChanged(change: DataChange): Promise<void>;
}

export interface TeamSummary {
  received: number;
  written: number;
  conflicts: number;
  problems: string[];
}

export interface TeamCycle {
  /** Team sync with every connected CRM that shares decisions, now; null when none does. */
  run(): Promise<TeamSummary | null>;
  /** For the outbox's timer: run when due; returns when the next run is due (null: no CRM shares decisions). */
  onTimer(): Promise<number | null>;
}

export function createTeamCycle(deps: TeamCycleDeps): TeamCycle {
  const { db } = deps;

  async function run(): Promise<TeamSummary | null> {
    if (!deps.teamAuthor) return null;
    const author = await deps.teamAuthor();
    const reports: TeamSyncReport[] = [];
    const failures: string[] = [];
    for (const connection of await db.connections.toArray()) {
      try {
        const report = await runTeamSync({ db, connector: connection.connector, connection, deps: deps.connectorDeps, author });
        if (report) reports.push(report);
      } catch (error) {
        // A CRM that fails is reported; the others still run.
        if (!(error instanceof SyncError)) throw error;
        failures.push(`${connection.connector}: ${error.message}`);
      }
    }
    if (reports.length === 0 && failures.length === 0) return null;
    const now = deps.now();
    await writeMeta(db, LAST_RUN, now, now);
    const changed = [...new Set(reports.flatMap((r) => r.profileIds))];
    // A customer the CRM now marks as not to be profiled: everything built from customers is refreshed, as after a pull.
    const optedOut = reports.some((r) => r.optedOut.length > 0);
    if (changed.length > 0 || optedOut) await deps.dataChanged({ ...(changed.length > 0 ? { profiles: changed } : {}), ...(optedOut ? { customers: true } : {}) });
    return {
      received: reports.reduce((n, r) => n + r.received, 0),
      written: reports.reduce((n, r) => n + r.written, 0),
      conflicts: Math.max(0, ...reports.map((r) => r.conflicts)),
      problems: [...failures, ...reports.flatMap((r) => r.problems)],
    };
  }

  async function onTimer(): Promise<number | null> {
    if (!deps.teamAuthor || !(await db.connections.toArray()).some((c) => sharesDecisions(c.connector))) return null;
    const last = (await readMetaIfValid(db, LAST_RUN)) ?? null;
    const waiting = (await db.teamDecisions.where('shared').equals(0).count()) > 0;
    // Waiting decisions make a wake that happens anyway run it sooner; they do not add wakes (a contact
    // the outbox cannot create would otherwise read every contact every minute).
    const now = deps.now();
    const due = last === null || now >= last + TEAM_SYNC_INTERVAL_MS || (waiting && now >= last + TEAM_SYNC_WAITING_MS);
    if (!due) return last + TEAM_SYNC_INTERVAL_MS;
    await run();
    return deps.now() + TEAM_SYNC_INTERVAL_MS;
  }

  return { run, onTimer };
}
