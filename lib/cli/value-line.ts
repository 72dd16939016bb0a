/**
 * A line of `earshot value`'s output (values.jsonl) as its readers use it: the
 * figures the report shows. Other fields of the line are left to whoever needs
 * them (they are dropped here, not refused), so the line can grow.
 */
import { z } from '../zod';
import { EngagementSegment, RfmSegment } from '../value';

const Amount = z.number().finite();

export const ValueLine = z.object({
  customerId: z.string().min(1),
  orders: z.number().int().nonnegative(),
  revenue: Amount,
  rfm: z.object({ segment: RfmSegment }).nullable(),
  model: z.string(),
  pAlive: z.number().min(0).max(1).nullable(),
  clv: Amount,
  netValue: Amount,
  influence: z.object({ score: z.number().min(0).max(100), profiles: z.number().int().nonnegative() }),
  engagementValue: Amount,
  segment: EngagementSegment,
  note: z.string().nullable().optional(),
});
export type ValueLine = z.infer<typeof ValueLine>;
