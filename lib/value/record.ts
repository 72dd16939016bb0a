/**
 * One person's stored value: a customer, or a captured profile nobody linked, with the figures the
 * workspace sorts and filters by lifted out of the full explained result (lib/db/values.ts stores them).
 */
import { z } from '../zod';
import { customerRef, profileRef } from '../model';
import { CustomerValue, ProfileValue, type ValueRun } from './types';

export const ValueRecord = z.object({
  personRef: z.string(),
  kind: z.enum(['customer', 'profile']),
  segment: z.string(),
  /** Net value (0 without purchases): the financial axis. */
  financial: z.number(),
  /** Influence score 0-100: the influence axis. */
  influence: z.number(),
  /** Customer engagement value. */
  engagement: z.number(),
  value: z.union([CustomerValue, ProfileValue]),
});
export type ValueRecord = z.infer<typeof ValueRecord>;

export function valueRecords(run: Pick<ValueRun, 'customers' | 'profiles'>): ValueRecord[] {
  return [
    ...run.customers.map((v) => ({
      personRef: customerRef(v.customerId),
      kind: 'customer' as const,
      segment: v.engagement.segment,
      financial: v.engagement.financial,
      influence: v.influence.score.value,
      engagement: v.engagement.value.value,
      value: v,
    })),
    ...run.profiles.map((v) => ({
      personRef: profileRef(v.profileId),
      kind: 'profile' as const,
      segment: v.engagement.segment,
      financial: 0,
      influence: v.influence.score.value,
      engagement: v.engagement.value.value,
      value: v,
    })),
  ];
}
