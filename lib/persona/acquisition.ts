/**
 * What to spend to win a customer, per acquisition channel, where the CRM
 * export marks each customer's channel and cost (custom columns
 * acquisition_channel and acquisition_cost, docs/FORMATS.md). Blattberg and
 * Deighton's acquisition response: the share of the prospects a channel
 * reaches who become customers is
 *
 *   a(A) = c_a · (1 − e^(−k_a·A))      (A: spend per prospect)
 *
 * and a prospect is worth π(A) = a(A) · V − A, V the lifetime net value of
 * a customer the channel brought (earned so far plus predicted, the mean
 * over its customers). π is concave, so the optimum has a closed form:
 * A* = ln(c_a·k_a·V) / k_a (0 when c_a·k_a·V ≤ 1).
 *
 * The CRM gives the cost per acquired customer, not the prospects: with the
 * conversion rate today a0 and the ceiling c_a (settings, B&D's two
 * questions), today's spend per prospect is A0 = cost per customer · a0 and
 * k_a = −ln(1 − a0/c_a) / A0.
 */
import { calibrateK, valueCurve } from './retention';
import type { CustomerFacts } from './facts';
import type { AcquisitionSettings } from './settings';
import type { AcquisitionPlan } from './types';

export function acquisitionRate(ceiling: number, k: number, spend: number): number {
  return ceiling * -Math.expm1(-k * Math.max(0, spend));
}

/** The spend per prospect with the highest profit per prospect (closed form; 0 when nothing pays). */
export function optimalAcquisitionSpend(ceiling: number, k: number, value: number): number {
  const x = ceiling * k * value;
  return x > 1 ? Math.log(x) / k : 0;
}

/** Lifetime net value: margin earned so far after cost to serve, plus the net value predicted. */
export function lifetimeValue(f: CustomerFacts, margin: number): number {
  return margin * f.revenue - f.costToDate + (f.pAlive !== null ? f.netValue : 0);
}

/** One plan per channel with at least `minCustomers` costed customers; a note when there is none. */
export function acquisitionPlans(facts: readonly CustomerFacts[], settings: AcquisitionSettings, margin: number, minCustomers: number): { plans: AcquisitionPlan[]; note: string | null } {
  const byChannel = new Map<string, CustomerFacts[]>();
  for (const f of facts) {
    if (!f.channel || f.acquisitionCost === null) continue;
    const list = byChannel.get(f.channel);
    if (list) list.push(f);
    else byChannel.set(f.channel, [f]);
  }
  if (byChannel.size === 0) return { plans: [], note: 'the CRM export marks no customer with acquisition_channel and acquisition_cost' };
  const plans: AcquisitionPlan[] = [];
  const small: string[] = [];
  for (const [channel, members] of [...byChannel].sort((a, b) => b[1].length - a[1].length)) {
    if (members.length < minCustomers) {
      small.push(channel);
      continue;
    }
    const costPerCustomer = members.reduce((s, f) => s + f.acquisitionCost!, 0) / members.length;
    const value = members.reduce((s, f) => s + lifetimeValue(f, margin), 0) / members.length;
    const { currentRate, ceiling } = settings;
    const currentSpend = costPerCustomer * currentRate;
    const k = calibrateK(currentRate, currentSpend, ceiling);
    if (!Number.isFinite(k)) {
      small.push(channel);
      continue;
    }
    const profit = (spend: number) => acquisitionRate(ceiling, k, spend) * value - spend;
    const optimal = optimalAcquisitionSpend(ceiling, k, value);
    const rate = acquisitionRate(ceiling, k, optimal);
    plans.push({
      channel,
      customers: members.length,
      costPerCustomer,
      valuePerCustomer: value,
      currentRate,
      ceiling,
      currentSpend,
      k,
      current: { spend: currentSpend, rate: currentRate, value: profit(currentSpend) },
      optimum: { spend: optimal, rate, value: profit(optimal) },
      optimalCostPerCustomer: rate > 0 ? optimal / rate : 0,
      curve: valueCurve(profit, Math.min(5 / k, Math.max(2 * optimal, 1.5 * currentSpend, 1 / k))),
    });
  }
  const note = small.length > 0 ? `channels with fewer than ${minCustomers} costed customers are left out: ${small.join(', ')}` : null;
  return { plans, note };
}
