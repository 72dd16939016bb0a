/**
 * The weekly report's deliveries, queued in the outbox: one job per week and
 * chosen CRM, in the report's own queue (REPORT_QUEUE), so deliveries go week
 * after week, retried with the outbox's back-off like any job. A week
 * delivered to a CRM (recorded when it arrived) or already waiting is not
 * queued again: a week is delivered once.
 */
import Dexie from 'dexie';
import { REPORT_QUEUE, type ConnectorId } from '../model';
import { reportDeliveryKey } from '../crm/report-delivery';
import type { ReportDelivery } from '../report/delivery';
import type { WeeklyReport } from '../report/weekly';
import type { EarshotDatabase } from './database';
import { newQueuedJob, nextSeq, pushConnections } from './outbox-queue';
import { hasMeta, metaFamily, writeMeta } from './meta';
import { z } from '../zod';

/** The meta records saying a week's report arrived at a CRM (by connector and week). */
const DELIVERED = metaFamily('report-delivered:', z.object({ week: z.string(), at: z.number() }));

/** Delivered: this week is not queued for this CRM again. */
export async function markReportDelivered(db: EarshotDatabase, connector: ConnectorId, week: string, now: number): Promise<void> {
  await writeMeta(db, DELIVERED.of(connector, week), { week, at: now }, now);
}

/**
 * Queue these reports for the CRMs the user chose that are connected. Returns the number of jobs added.
 * Nothing is queued when the user chose none (the default).
 */
export async function enqueueReportDeliveries(db: EarshotDatabase, reports: readonly WeeklyReport[], choice: ReportDelivery, now: number): Promise<number> {
  if (reports.length === 0 || choice.to.length === 0) return 0;
  return db.transaction('rw', [db.syncJobs, db.connections, db.meta], async () => {
    const connectors = await pushConnections(db, choice.to);
    const queued = await db.syncJobs.where('[personRef+seq]').between([REPORT_QUEUE, Dexie.minKey], [REPORT_QUEUE, Dexie.maxKey]).toArray();
    let seq = await nextSeq(db);
    let added = 0;
    for (const report of reports) {
      const key = reportDeliveryKey(report.week);
      for (const connector of connectors) {
        if (queued.some((j) => j.connector === connector && j.idempotencyKey === key)) continue;
        if (await hasMeta(db, DELIVERED.of(connector, report.week))) continue;
        // Read back through ReportDeliveryPayload when it is sent.
        const payload = { week: report.week, madeAt: now, report };
        await db.syncJobs.add(newQueuedJob(seq++, connector, 'deliver-report', REPORT_QUEUE, payload, now, key));
        added += 1;
      }
    }
    return added;
  });
}
