/**
 * The weekly report as a CRM receives it (lib/report/delivery.ts makes it):
 * to connectors the report's data is opaque JSON, sent as it is.
 */
import { stableKey } from '../text/fold';

export interface ReportDeliveryContent {
  week: string;
  madeAt: number;
  /** The report's data (lib/report/weekly.ts WeeklyReport), without anyone who must not be profiled. */
  report: Readonly<Record<string, unknown>>;
  /** The report as one self-contained page, in the user's language. */
  html: string;
  /** One line: what the task is called. */
  subject: string;
  /** A few lines: the report's figures, for a CRM task's body. */
  summary: string;
}

/** The same for every delivery of this week's report, to any receiver: receivers and CRMs find it by this. */
export function reportDeliveryKey(week: string): string {
  return stableKey('earshot-report', week);
}

/** Marks a CRM task as Earshot's weekly report, with the delivery's key. */
export const REPORT_MARKER = 'earshot-report:';

/** A report task's body as a CRM stores it: the figures, then the marker line a retry looks for. */
export function reportBodyWithMarker(content: ReportDeliveryContent, key: string): string {
  return `${content.summary}\n${REPORT_MARKER}${key}`;
}
