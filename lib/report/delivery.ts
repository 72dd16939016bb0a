/**
 * Delivering the weekly report: to the webhook (a `report.weekly` event with
 * the report's data and its page) and to the CRM (a task for the owner: a
 * HubSpot task, a Pipedrive activity). Off by default: the report is made in
 * this browser, and sending it anywhere is the user's separate choice.
 *
 * A delivery is an outbox job without a person (lib/db/report-delivery.ts):
 * its key depends on the week alone, so a week is delivered once however
 * often it is queued. What it carries is checked again when it is sent: a
 * customer who chose since not to be profiled is taken out first.
 */
import { z } from '../zod';
import { parsePersonRef } from '../model';
import type { Text } from '../ui/text';
import { WeekKeyShape, WeeklyReportShape } from './weekly-shape';
import type { WeeklyReport } from './weekly';

export const REPORT_TARGETS = ['webhook', 'hubspot', 'pipedrive'] as const;
export type ReportTarget = (typeof REPORT_TARGETS)[number];

/** The user's choice: where each week's report goes (none by default). */
export const ReportDelivery = z.object({
  to: z.array(z.enum(REPORT_TARGETS)).default([]),
});
export type ReportDelivery = z.infer<typeof ReportDelivery>;

/** An outbox entry's payload: the report as made, and when. */
export const ReportDeliveryPayload = z.object({
  week: WeekKeyShape,
  madeAt: z.number().int().nonnegative(),
  report: WeeklyReportShape,
});
export type ReportDeliveryPayload = z.infer<typeof ReportDeliveryPayload>;

/** Every customer the report names (in any list), by Earshot's customer id. */
export function customersIn(report: WeeklyReport): string[] {
  return peopleIn(report).flatMap((ref) => {
    const parsed = parsePersonRef(ref);
    return parsed?.kind === 'customer' ? [parsed.id] : [];
  });
}

/**
 * The report without these customers: they leave every list, and are counted
 * among those not profiled. Counts over lists longer than the report shows
 * (contributions per aboutness, actions per segment) lose what is visible of them.
 */
export function withoutCustomers(report: WeeklyReport, customerIds: readonly string[]): WeeklyReport {
  if (customerIds.length === 0) return report;
  const gone = withoutPeople(report, customerIds.map((id) => `customer:${id}`));
  return { ...gone, notProfiled: report.notProfiled + customerIds.length };
}

/**
 * The report without these people (customer and profile references): they leave every list, for an
 * objection or an erasure alike. Counts lose what is visible of them, as in withoutCustomers.
 */
export function withoutPeople(report: WeeklyReport, personRefs: readonly string[]): WeeklyReport {
  if (personRefs.length === 0) return report;
  const gone = new Set(personRefs);
  const keep = <T>(list: readonly T[], ref: (x: T) => string) => list.filter((x) => !gone.has(ref(x)));
  const counts = structuredClone(report.counts);
  for (const item of report.items) if (gone.has(item.personRef)) counts[item.about][item.type] = Math.max(0, counts[item.about][item.type] - 1);
  const removedActions = report.actions.top.filter((a) => gone.has(a.personRef));
  const top = keep(report.actions.top, (a) => a.personRef);
  const removedValue = removedActions.reduce((s, a) => s + a.expectedValue, 0);
  return {
    ...report,
    counts,
    items: keep(report.items, (i) => i.personRef),
    newDetractors: keep(report.newDetractors, (i) => i.personRef),
    loudest: keep(report.loudest, (v) => v.personRef),
    changedChannel: keep(report.changedChannel, (c) => c.person),
    actions: {
      ...report.actions,
      open: Math.max(0, report.actions.open - removedActions.length),
      expectedValue: Math.round((report.actions.expectedValue - removedValue) * 100) / 100,
      top,
    },
  };
}

/** Every person the report names (in any list), by person reference. */
export function peopleIn(report: WeeklyReport): string[] {
  return [
    ...new Set([
      ...report.items.map((i) => i.personRef),
      ...report.newDetractors.map((i) => i.personRef),
      ...report.loudest.map((v) => v.personRef),
      ...report.changedChannel.map((c) => c.person),
      ...report.actions.top.map((a) => a.personRef),
    ]),
  ];
}

/** The task's words, in the user's language: the report's title, and its figures as the page's headings say them. */
export function reportWords(report: WeeklyReport, text: Text): { subject: string; summary: string } {
  const { t } = text;
  const n = (x: number) => text.number(x);
  const line = (about: 'own' | 'competitor' | 'other') => {
    const c = report.counts[about];
    return `${t(`report.about_${about}`)}: ${t('report.countsLine', n(c.review), n(c.post), n(c.comment))}`;
  };
  const summary = [
    t('report.period', text.date(report.from), text.date(report.to)),
    line('own'),
    line('competitor'),
    line('other'),
    `${t('report.detractors')}: ${n(report.newDetractors.length)}`,
    `${t('report.changedChannel')}: ${n(report.changedChannel.length)}`,
    `${t('report.satisfaction')}: ${n(report.drops.length)}`,
    `${t('report.actions')}: ${t('report.actionsSummary', n(report.actions.open), text.money(report.actions.expectedValue, report.currency))}`,
    ...(report.notProfiled > 0 ? [t('report.notProfiled', n(report.notProfiled))] : []),
  ];
  return { subject: t('report.title', report.week), summary: summary.join('\n') };
}
