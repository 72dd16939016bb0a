/**
 * What a weekly report read back from storage (a kept report, an outbox
 * entry delivering one) must look like: its week and every list and count the
 * page prints. Earshot wrote it itself, so the check is of its shape (a record
 * of an older or broken form is left out, not shown or sent half).
 */
import { z } from '../zod';

export const WeekKeyShape = z.string().regex(/^\d{4}-W\d{2}$/, 'expected an ISO week such as 2026-W49');

export const WeeklyReportShape = z.looseObject({
  week: WeekKeyShape,
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
  actions: z.looseObject({ open: z.number(), expectedValue: z.number(), top: z.array(z.looseObject({ id: z.string(), personRef: z.string() })), bySegment: z.array(z.looseObject({})) }),
});
