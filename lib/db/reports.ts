/**
 * The weekly reports made by schedule, kept in IndexedDB as the data they were
 * made of that week (the page is printed from it when opened, in the language
 * chosen then). The last KEEP_REPORTS weeks are kept; a report not yet opened
 * is announced in the workspace.
 */
import { z } from '../zod';
import { WeekKeyShape as Week, WeeklyReportShape } from '../report/weekly-shape';
import type { WeekKey } from '../calendar/iso-week';
import type { EarshotDatabase } from './database';
import { customersIn, peopleIn, withoutCustomers, withoutPeople } from '../report/delivery';
import type { WeeklyReport } from '../report/weekly';

export const StoredReport = z.object({
  week: Week,
  createdAt: z.number(),
  /** When the user first opened it; null while it is news. */
  seenAt: z.number().nullable(),
  report: WeeklyReportShape,
});
export type StoredReport = z.infer<typeof StoredReport>;

/** A row of the reports table as written; read back only through StoredReport. */
export interface ReportRow {
  week: WeekKey;
  createdAt: number;
  seenAt: number | null;
  report: unknown;
}

function parsed(raw: unknown): StoredReport | null {
  const result = StoredReport.safeParse(raw);
  return result.success ? result.data : null;
}

/** The latest week a report was made on, or null. */
export async function lastReportedWeek(db: EarshotDatabase): Promise<WeekKey | null> {
  const keys = await db.reports.orderBy(':id').reverse().limit(1).primaryKeys();
  return keys[0] ?? null;
}

/** Keep new reports (unseen) and drop the oldest beyond `keep`, in one transaction. */
export async function storeReports(db: EarshotDatabase, reports: readonly { week: WeekKey }[], now: number, keep: number): Promise<void> {
  await db.transaction('rw', db.reports, async () => {
    await db.reports.bulkPut(reports.map((report) => ({ week: report.week, createdAt: now, seenAt: null, report })));
    const weeks = await db.reports.orderBy(':id').reverse().primaryKeys();
    await db.reports.bulkDelete(weeks.slice(keep));
  });
}

export interface ReportListing {
  week: WeekKey;
  createdAt: number;
  seen: boolean;
}

/** The stored reports, newest first, without their contents. */
export async function reportListing(db: EarshotDatabase): Promise<ReportListing[]> {
  const rows = await db.reports.orderBy(':id').reverse().toArray();
  return rows.flatMap((raw) => {
    const row = parsed(raw);
    return row ? [{ week: row.week, createdAt: row.createdAt, seen: row.seenAt !== null }] : [];
  });
}

export async function storedReport(db: EarshotDatabase, week: WeekKey): Promise<StoredReport | null> {
  return parsed(await db.reports.get(week));
}

/** The report was opened: it is no longer announced. Returns whether there was such a report. */
export async function markReportSeen(db: EarshotDatabase, week: WeekKey, now: number): Promise<boolean> {
  return db.transaction('rw', db.reports, async () => {
    const row = parsed(await db.reports.get(week));
    if (!row) return false;
    if (row.seenAt === null) await db.reports.update(week, { seenAt: now });
    return true;
  });
}

/**
 * Take these customers out of every kept report that names them (they must not be profiled any more).
 * Returns the customers who were named. Call it inside the caller's transaction, which includes db.reports.
 */
export function forgetInReports(db: EarshotDatabase, customerIds: readonly string[]): Promise<string[]> {
  const wanted = new Set(customerIds);
  const named = new Set<string>();
  // Dexie's own promise, chained with its then, not an async function: the caller's transaction goes on after it.
  return rewriteReports(db, (report) => {
    const here = customersIn(report).filter((id) => wanted.has(id));
    for (const id of here) named.add(id);
    return here.length === 0 ? null : withoutCustomers(report, here);
  }).then(() => [...named]);
}

/**
 * Take erased people (customer and profile references) out of every kept report: an erasure leaves no
 * name behind. Call it inside the caller's transaction, which includes db.reports.
 */
export function erasedFromReports(db: EarshotDatabase, personRefs: readonly string[]): Promise<number> {
  const wanted = new Set(personRefs);
  return rewriteReports(db, (report) => {
    const here = peopleIn(report).filter((ref) => wanted.has(ref));
    return here.length === 0 ? null : withoutPeople(report, here);
  });
}

/**
 * Links in kept reports to an erased person's pages (a post on their profile) become the site's address,
 * as contributions' do (privacy.ts). Call it inside the caller's transaction, which includes db.reports.
 */
export function unlinkInReports(db: EarshotDatabase, isTheirPage: (url: string) => boolean, siteOf: (url: string) => string): Promise<number> {
  return rewriteReports(db, (report) => {
    const theirs = (list: readonly { link: string }[]) => list.some((x) => isTheirPage(x.link));
    if (!theirs(report.items) && !theirs(report.newDetractors)) return null;
    const unlink = <T extends { link: string }>(x: T): T => (isTheirPage(x.link) ? { ...x, link: siteOf(x.link) } : x);
    return { ...report, items: report.items.map(unlink), newDetractors: report.newDetractors.map(unlink) };
  });
}

/**
 * Rewrite each kept report the change returns a new version of: one cursor pass in the caller's transaction,
 * its promise returned as Dexie made it (another native await between here and the caller's next request
 * lets the transaction commit under it).
 */
function rewriteReports(db: EarshotDatabase, change: (report: WeeklyReport) => WeeklyReport | null): Promise<number> {
  return db.reports.toCollection().modify((raw) => {
    const row = parsed(raw);
    if (!row) return;
    // The stored record's shape was checked; the fields inside its lists are what buildWeeklyReport wrote.
    const changed = change(row.report as unknown as WeeklyReport);
    if (changed) raw.report = changed as unknown as typeof raw.report;
  });
}
