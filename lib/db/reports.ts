/**
 * The weekly reports made by schedule, kept in IndexedDB as the data they were
 * made of that week (the page is printed from it when opened, in the language
 * chosen then). The last KEEP_REPORTS weeks are kept; a report not yet opened
 * is announced in the workspace.
 */
import { z } from '../zod';
import type { WeekKey } from '../calendar/iso-week';
import type { EarshotDatabase } from './database';

const Week = z.string().regex(/^\d{4}-W\d{2}$/);

/**
 * What a stored report must look like to be shown: its week and every list
 * and count the page prints. Earshot wrote it itself, so the check is of its
 * shape (a record of an older or broken form is left out, not shown half).
 */
const StoredWeeklyReport = z.looseObject({
  week: Week,
  from: z.string(),
  to: z.string(),
  currency: z.string(),
  notProfiled: z.number().int(),
  counts: z.record(z.string(), z.record(z.string(), z.number())),
  items: z.array(z.looseObject({ personRef: z.string(), link: z.string() })),
  newDetractors: z.array(z.looseObject({ personRef: z.string(), link: z.string() })),
  loudest: z.array(z.looseObject({ personRef: z.string() })),
  changedChannel: z.array(z.looseObject({ person: z.string() })),
  drops: z.array(z.looseObject({ segment: z.string() })),
  rule: z.looseObject({}),
  actions: z.looseObject({ open: z.number(), expectedValue: z.number(), top: z.array(z.looseObject({ id: z.string() })), bySegment: z.array(z.looseObject({})) }),
});

export const StoredReport = z.object({
  week: Week,
  createdAt: z.number(),
  /** When the user first opened it; null while it is news. */
  seenAt: z.number().nullable(),
  report: StoredWeeklyReport,
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
