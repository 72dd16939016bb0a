/**
 * Value of a group of customers (an engagement segment, a persona, an RFM
 * segment): how many, their predicted lifetime value summed, averaged and
 * spread (10th and 90th percentile), cost to serve, influence, engagement
 * value, the share at risk, which groups of the other kind they hold, and
 * their retention economics (retention.ts) with where each parameter came
 * from. Customers are tallied into their groups in one pass, so 100,000 of
 * them are read once whatever the number of groups.
 */
import type { CustomerFacts } from './facts';
import {
  calibrateK,
  fitResponseSteps,
  optimalRetention,
  retentionRate,
  spendLimit,
  valueAtSpend,
  valueCurve,
  type Economics,
  type ResponseModel,
  type SpendOutcome,
} from './retention';
import type { RetentionSettings } from './settings';
import type { GroupShare, Grouping, GroupValue, ParameterSource, RetentionPlan, Spread } from './types';
import type { Steps } from '../value/schedule';

/** Linear interpolation between order statistics (Hyndman and Fan's type 7, the spreadsheet PERCENTILE). */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

export function spreadOf(values: readonly number[]): Spread {
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (const v of values) sum += v;
  return { sum, mean: values.length > 0 ? sum / values.length : 0, p10: percentile(sorted, 0.1), p90: percentile(sorted, 0.9) };
}

/** What a group's value and retention plan need, added up customer by customer. */
export class GroupTally {
  customers = 0;
  readonly clv: number[] = [];
  netValue = 0;
  costToServe = 0;
  influence = 0;
  engagement = 0;
  /** Customers with a purchase model (at risk is known), and those of them at risk. */
  modelled = 0;
  atRisk = 0;
  /** Buyers, their yearly margins and, with a model, their chances of buying again within a year. */
  buyers = 0;
  margin = 0;
  stayed = 0;
  stayModelled = 0;
  /** Customers older than a year, and those of them who bought in the last year (the cohort retention). */
  olderThanYear = 0;
  boughtLastYear = 0;
  spenders = 0;
  spend = 0;
  readonly outcomes: SpendOutcome[] = [];
  /** The groups of another kind the members are in. */
  readonly other = new Map<string, number>();

  add(f: CustomerFacts, other: string): void {
    this.customers += 1;
    this.clv.push(f.clv);
    this.netValue += f.netValue;
    this.costToServe += f.costToDate;
    this.influence += f.influence;
    this.engagement += f.engagement;
    if (f.atRisk !== null) {
      this.modelled += 1;
      if (f.atRisk) this.atRisk += 1;
    }
    if (f.purchases > 0) {
      this.buyers += 1;
      this.margin += f.yearlyMargin;
    }
    if (f.stayChance !== null) {
      this.stayModelled += 1;
      this.stayed += f.stayChance;
    }
    if (f.olderThanYear) {
      this.olderThanYear += 1;
      if (f.boughtLastYear) this.boughtLastYear += 1;
    }
    if (f.retentionSpend !== null) {
      this.spenders += 1;
      this.spend += f.retentionSpend;
      if (f.olderThanYear) this.outcomes.push({ spend: f.retentionSpend, retained: f.boughtLastYear });
    }
    this.other.set(other, (this.other.get(other) ?? 0) + 1);
  }

  /** The members' spread over the groups of the other kind, most first. */
  shares(): GroupShare[] {
    return [...this.other]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .map(([group, customers]) => ({ group, customers, share: this.customers > 0 ? customers / this.customers : 0 }));
  }
}

export interface RetentionContext {
  settings: RetentionSettings;
  discountRate: number;
  horizonYears: number;
  /** The whole base: its cohort retention stands in for groups the model and the data cannot speak for. */
  base: GroupTally;
}

const clampRate = (r: number) => Math.min(0.98, Math.max(0.01, r));

/**
 * The group's yearly retention today: the purchase model's mean chance of
 * buying again within a year when it is fitted (it reads each customer's
 * own history, so a group chosen by recent buying is not measured on the
 * buying that chose it); else the share of the whole base's customers older
 * than a year who bought in the last year; else the settings' fallback.
 */
function observedRate(tally: GroupTally, context: RetentionContext): { rate: number; source: ParameterSource; on: number } {
  const { settings, base } = context;
  if (tally.stayModelled > 0) return { rate: clampRate(tally.stayed / tally.stayModelled), source: 'model', on: tally.stayModelled };
  if (base.olderThanYear >= settings.minCustomers) return { rate: clampRate(base.boughtLastYear / base.olderThanYear), source: 'base', on: base.olderThanYear };
  return { rate: settings.fallbackRate, source: 'settings', on: 0 };
}

/** The response model and economics of a group, and the spend that maximises a member's value. */
export function* retentionPlanSteps(tally: GroupTally, context: RetentionContext): Steps<RetentionPlan> {
  const { settings } = context;
  const observed = observedRate(tally, context);
  const [currentSpend, currentSpendSource]: [number, ParameterSource] =
    tally.spenders >= settings.minCustomers ? [tally.spend / tally.spenders, 'data'] : [settings.currentSpend, 'settings'];
  const notes: string[] = [];
  let ceiling: number;
  let ceilingSource: ParameterSource;
  if (settings.ceiling !== null && settings.ceiling > observed.rate) {
    ceiling = settings.ceiling;
    ceilingSource = 'settings';
  } else {
    if (settings.ceiling !== null) notes.push(`the ceiling in the settings (${settings.ceiling}) is not above the retention observed (${observed.rate.toFixed(2)})`);
    ceiling = observed.rate + settings.ceilingShareOfLost * (1 - observed.rate);
    ceilingSource = 'assumption';
  }
  let k = calibrateK(observed.rate, currentSpend, ceiling);
  let kSource: ParameterSource = 'calibrated';
  // The customers' own spend and whether they stayed, where the CRM gives it at more than one level: fit both.
  if (tally.outcomes.length >= 2 * settings.minCustomers && new Set(tally.outcomes.map((o) => o.spend)).size >= 2) {
    const fit = yield* fitResponseSteps(tally.outcomes, { ceiling, k: Number.isFinite(k) ? k : 0.1 });
    if (fit.converged && fit.ceiling > 0.01 && fit.ceiling < 0.995 && fit.k > 0) {
      ceiling = fit.ceiling;
      k = fit.k;
      ceilingSource = 'fitted';
      kSource = 'fitted';
    } else notes.push('the retention spend in the CRM gave no stable fit; calibrated on the retention observed instead');
  }
  if (!Number.isFinite(k) || k <= 0) {
    notes.push('no spend to calibrate on (current spend 0): the response is assumed to reach half its ceiling at 10 per customer');
    k = Math.LN2 / 10;
    kSource = 'assumption';
  }
  const margin = tally.buyers > 0 ? tally.margin / tally.buyers : 0;
  const model: ResponseModel = { ceiling, k };
  const economics: Economics = { margin, discountRate: context.discountRate, horizonYears: context.horizonYears };
  const optimum = optimalRetention(model, economics);
  if (margin <= 0) notes.push('a customer of this group who stays loses money after cost to serve: nothing pays to keep them');
  const current = { spend: currentSpend, rate: retentionRate(model, currentSpend), value: valueAtSpend(model, economics, currentSpend) };
  const until = Math.min(spendLimit(model), Math.max(2 * optimum.spend, 1.5 * currentSpend, 1 / k));
  return {
    customers: tally.customers,
    margin,
    observedRate: observed.rate,
    observedRateSource: observed.source,
    observedOn: observed.on,
    currentSpend,
    currentSpendSource,
    ceiling,
    ceilingSource,
    k,
    kSource,
    discountRate: context.discountRate,
    horizonYears: context.horizonYears,
    current,
    optimum,
    gainPerCustomer: optimum.value - current.value,
    gain: (optimum.value - current.value) * tally.buyers,
    curve: valueCurve((s) => valueAtSpend(model, economics, s), until),
    note: notes.length > 0 ? notes.join('; ') : null,
  };
}

/** The value figures of one group. */
export function groupValue(by: Grouping, group: string, tally: GroupTally, retention: RetentionPlan | null): GroupValue {
  return {
    by,
    group,
    customers: tally.customers,
    clv: spreadOf(tally.clv),
    netValue: tally.netValue,
    costToServe: tally.costToServe,
    influence: tally.customers > 0 ? tally.influence / tally.customers : 0,
    engagement: tally.engagement,
    atRisk: tally.modelled > 0 ? tally.atRisk / tally.modelled : null,
    contains: tally.shares(),
    retention,
  };
}
