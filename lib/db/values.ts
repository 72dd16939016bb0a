/**
 * Storing computed values: one record per person (a customer, or a captured
 * profile nobody linked), with the figures the workspace sorts and filters by
 * lifted out of the full explained result, and the run's models and
 * thresholds once in meta.
 */
import { z } from '../zod';
import { CustomerValue, ProfileValue, type ValueRun } from '../value';
import { customerRef, profileRef } from '../model';
import type { EarshotDatabase } from './database';

export const VALUE_RUN_META_KEY = 'value.run';

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

/** What a run knew as a whole: the as-of day, the fitted models, the segment thresholds. */
export type ValueRunInfo = Omit<ValueRun, 'customers' | 'profiles'> & { computedAt: number; people: number };

export function valueRecords(run: ValueRun): ValueRecord[] {
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

/**
 * Replace the stored values with a run's. With `onlyRefs`, write just those
 * people (a capture changed their influence; nobody else's figures moved).
 */
export async function storeValues(db: EarshotDatabase, run: ValueRun, now: number, onlyRefs?: ReadonlySet<string>): Promise<number> {
  const records = valueRecords(run).filter((r) => !onlyRefs || onlyRefs.has(r.personRef));
  const { customers: _c, profiles: _p, ...rest } = run;
  const info: ValueRunInfo = { ...rest, computedAt: now, people: run.customers.length + run.profiles.length };
  await db.transaction('rw', [db.values, db.meta], async () => {
    if (!onlyRefs) await db.values.clear();
    else await db.values.bulkDelete([...onlyRefs]);
    for (let i = 0; i < records.length; i += 5000) await db.values.bulkPut(records.slice(i, i + 5000));
    await db.meta.put({ key: VALUE_RUN_META_KEY, value: info, updatedAt: now });
  });
  return records.length;
}

export async function valueRunInfo(db: EarshotDatabase): Promise<ValueRunInfo | undefined> {
  return (await db.meta.get(VALUE_RUN_META_KEY))?.value as ValueRunInfo | undefined;
}

/** The figures a CRM receives for a customer (sync payload), flat and small. */
export async function crmValuesOf(db: EarshotDatabase, customerId: string): Promise<Record<string, unknown> | undefined> {
  const record = await db.values.get(customerRef(customerId));
  if (!record || record.kind !== 'customer') return undefined;
  const v = record.value as CustomerValue;
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    engagementSegment: v.engagement.segment,
    engagementValue: round(v.engagement.value.value),
    netValue: round(v.engagement.financial),
    clv: round(v.prediction.clv.value),
    clvModel: v.prediction.model,
    pAlive: v.prediction.pAlive ? round(v.prediction.pAlive.value) : null,
    rfmSegment: v.rfm?.segment ?? null,
    rfmCode: v.rfm?.code ?? null,
    influenceScore: round(v.influence.score.value),
  };
}
