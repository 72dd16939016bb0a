/**
 * Storing computed values: one record per person (a customer, or a captured
 * profile nobody linked), with the figures the workspace sorts and filters by
 * lifted out of the full explained result, and the run's models and
 * thresholds once in meta.
 */
import { z } from '../zod';
import {
  CurrencyError,
  CustomerValue,
  revaluePeople,
  settingsFingerprint,
  ValueInputError,
  valueRecords,
  ValueRun,
  ValueSettings,
  type CustomerToRevalue,
  type ValueRecord,
  type ValueSettingsInput,
} from '../value';
import { customerRef, isLinked, profileRef, type Contribution, type Profile } from '../model';
import type { EarshotDatabase } from './database';
import { deleteMeta, metaKey, readMetaIfValid, writeMeta } from './meta';

export const VALUE_RUN_META_KEY = 'value.run';


/** What a run knew as a whole: the as-of day, the fitted models, the segment thresholds. */
export const ValueRunInfo = ValueRun.omit({ customers: true, profiles: true }).extend({
  computedAt: z.number(),
  /** People with a stored value (customers and unlinked profiles). */
  people: z.number().int().nonnegative(),
});
export type ValueRunInfo = z.infer<typeof ValueRunInfo>;
const VALUE_RUN = metaKey(VALUE_RUN_META_KEY, ValueRunInfo);


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
    await writeMeta(db, VALUE_RUN, info, now);
    // A run that got through has no problem left to show.
    if (!onlyRefs) await deleteMeta(db, VALUE_PROBLEM);
  });
  return records.length;
}

/** The stored run's summary, or undefined when there is none (or it no longer reads as one). */
export async function valueRunInfo(db: EarshotDatabase): Promise<ValueRunInfo | undefined> {
  return readMetaIfValid(db, VALUE_RUN);
}

export const VALUE_PROBLEM_META_KEY = 'value.problem';
/** Refused orders kept in the problem: enough to find them, small enough for a meta record. */
const PROBLEM_ORDERS = 10;

/**
 * Why the last value run stopped, for the pages to show: orders in a
 * currency without an exchange rate (kind currency), or other input the
 * value code cannot use (kind input). The stored values, if any, are those
 * of the last run that got through (valueRunInfo says when).
 */
export const ValueProblem = z.object({
  at: z.number(),
  kind: z.enum(['currency', 'input']),
  message: z.string(),
  /** The first refused orders, with the currency that has no rate. */
  orders: z.array(z.object({ orderId: z.string(), customerId: z.string(), currency: z.string() })),
  /** All refused orders, and the currencies that need a rate in the value settings (exchangeRates). */
  refusedOrders: z.number().int().nonnegative(),
  currencies: z.array(z.string()),
  /** The settings it happened with: until they change (or orders do), another run would fail the same way. */
  settings: z.string(),
});
export type ValueProblem = z.infer<typeof ValueProblem>;
const VALUE_PROBLEM = metaKey(VALUE_PROBLEM_META_KEY, ValueProblem);

/** The problem that stopped the last value run, or undefined when it went through. */
export async function valueProblem(db: EarshotDatabase): Promise<ValueProblem | undefined> {
  return readMetaIfValid(db, VALUE_PROBLEM);
}

export async function recordValueProblem(db: EarshotDatabase, error: ValueInputError, settings: ValueSettingsInput, now: number): Promise<ValueProblem> {
  const refused = error instanceof CurrencyError ? error.orders : [];
  const problem: ValueProblem = {
    at: now,
    kind: error instanceof CurrencyError ? 'currency' : 'input',
    message: error.message,
    orders: refused.slice(0, PROBLEM_ORDERS).map(({ orderId, customerId, currency }) => ({ orderId, customerId, currency })),
    refusedOrders: refused.length,
    currencies: [...new Set(refused.map((o) => o.currency))].sort(),
    settings: fingerprintOf(settings),
  };
  await writeMeta(db, VALUE_PROBLEM, problem, now);
  return problem;
}

/** The fingerprint of settings as a run would use them (defaults filled in); '' when they do not parse. */
export function fingerprintOf(settings: ValueSettingsInput): string {
  const parsed = ValueSettings.safeParse(settings);
  return parsed.success ? settingsFingerprint(parsed.data) : '';
}

/** Values of a few people computed again against the stored run (see revaluePeople). */
export interface Revalued {
  /** Every person whose record is replaced or, when they are gone or now part of a customer, removed. */
  refs: Set<string>;
  records: ValueRecord[];
  /** Customers among them with a linked profile: their CRM record carries the values. */
  linkedCustomers: string[];
}

/**
 * After captures alone: the influence and engagement of the people these
 * profiles belong to (and of customers whose links changed), reading only
 * those people's records, never the orders or the whole customer table.
 * Undefined when the stored run cannot serve as the basis (no run, another
 * day or other settings, a customer without a stored value): then only a
 * full run gives the right figures.
 */
export async function revalueCaptured(
  db: EarshotDatabase,
  change: { profileIds: readonly string[]; customerIds: readonly string[] },
  settings: ValueSettingsInput,
  asOf: string,
): Promise<Revalued | undefined> {
  const info = await valueRunInfo(db);
  if (!info || info.asOf !== asOf || settingsFingerprint(info.settings) !== fingerprintOf(settings)) return undefined;
  return revalueAgainst(db, info, change);
}

/** As revalueCaptured, against whatever run is stored (its day and settings). */
export async function revalueAgainst(
  db: EarshotDatabase,
  info: ValueRunInfo,
  change: { profileIds: readonly string[]; customerIds: readonly string[] },
): Promise<Revalued | undefined> {
  return db.transaction('r', [db.values, db.matches, db.profiles, db.contributions, db.customers], async () => {
    const profileIds = [...new Set(change.profileIds)];
    const refs = new Set<string>(profileIds.map(profileRef));
    const customerIds = new Set(change.customerIds);
    const matches = await db.matches.bulkGet(profileIds);
    matches.forEach((m) => {
      if (m && isLinked(m)) customerIds.add(m.customerId!);
      // A rejection unlinks the customer it names: their value loses the profile.
      for (const id of m?.rejectedCustomerIds ?? []) customerIds.add(id);
    });

    // Customers: their linked profiles as a full run links them (by profile id, existing profiles only).
    const customers: CustomerToRevalue[] = [];
    const linkedCustomers: string[] = [];
    const linkedProfiles = new Set<string>();
    const known = await db.customers.bulkGet([...customerIds]);
    const ids = [...customerIds].filter((_, i) => known[i] !== undefined);
    const stored = await db.values.bulkGet(ids.map(customerRef));
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      refs.add(customerRef(id));
      const previous = CustomerValue.safeParse(stored[i]?.value);
      // A customer the stored run did not value came after it: only a full run places them.
      if (stored[i]?.kind !== 'customer' || !previous.success) return undefined;
      const links = (await db.matches.where('customerId').equals(id).toArray()).filter(isLinked);
      if (links.length > 0) linkedCustomers.push(id);
      const profiles = (await db.profiles.bulkGet(links.map((m) => m.profileId))).filter((p): p is Profile => p !== undefined);
      for (const p of profiles) linkedProfiles.add(p.id);
      customers.push({ previous: previous.data, profiles });
    }
    // The rest stand on their own, as in a full run (also one linked to a customer the table does not hold).
    const own = profileIds.filter((id) => !linkedProfiles.has(id));
    const profiles = (await db.profiles.bulkGet(own)).filter((p): p is Profile => p !== undefined);

    const wanted = [...linkedProfiles, ...profiles.map((p) => p.id)];
    const contributions: Contribution[] = wanted.length === 0 ? [] : await db.contributions.where('profileId').anyOf(wanted).toArray();
    // The order a full run reads them in (the table's, by id), so sums add up in the same order.
    contributions.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    let values: ReturnType<typeof revaluePeople>;
    try {
      values = revaluePeople(info, { customers, profiles }, contributions);
    } catch (error) {
      if (error instanceof ValueInputError) return undefined;
      throw error;
    }
    return { refs, records: valueRecords(values), linkedCustomers };
  });
}

/** Write the values of revalueCaptured: those people's records only, and the count of people in the run's summary. */
export async function storeRevalued(db: EarshotDatabase, revalued: Revalued, now: number): Promise<void> {
  await db.transaction('rw', [db.values, db.meta], async () => {
    await db.values.bulkDelete([...revalued.refs]);
    await db.values.bulkPut(revalued.records);
    const info = await valueRunInfo(db);
    if (info) await writeMeta(db, VALUE_RUN, { ...info, people: await db.values.count() }, now);
  });
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
    // A P(alive) of 1 that the model fixes (BG/NBD: nobody leaves before a repeat purchase) says so in the CRM too.
    ...(v.prediction.pAliveNote ? { pAliveNote: v.prediction.pAliveNote } : {}),
    rfmSegment: v.rfm?.segment ?? null,
    rfmCode: v.rfm?.code ?? null,
    influenceScore: round(v.influence.score.value),
  };
}
