/**
 * The data every purchase model (BG/NBD, MBG/NBD, Pareto/NBD) is fitted on:
 * per customer x repeat purchases, t_x the time of the last one and T the
 * age, all counted from the first purchase. Customers with the same
 * (x, t_x, T) share one likelihood term, and the parts of a term that
 * depend only on x, only on T or only on t_x are computed once per distinct
 * value, so a likelihood evaluation costs per distinct group, not per
 * customer.
 *
 * With more than SUBSAMPLE_FROM customers a subsample (every k-th customer,
 * in input order: deterministic) is grouped alongside, for the first search
 * of the fit (mle.ts).
 */
import { sampledGroups, subsampleStride } from './mle';
import { runSteps, type Steps } from './schedule';

/** Customers grouped by identical (x, t_x, T), with the distinct values of each. */
export interface PurchaseData {
  /** Number of customers (the sum of the group weights). */
  customers: number;
  /** Customers with x > 0. */
  repeatCustomers: number;
  xs: Float64Array;
  Ts: Float64Array;
  txs: Float64Array;
  /** Per group: index into xs, Ts, txs, and how many customers share it. */
  groupX: Int32Array;
  groupT: Int32Array;
  groupTx: Int32Array;
  weight: Float64Array;
  /** The same over a subsample of the customers, on large data (the distinct-value arrays are shared). */
  subsample: PurchaseData | null;
}

const PREPARE_CHUNK = 4096;

/**
 * Group per-customer observations. Throws a RangeError naming the first
 * customer (by index) whose numbers cannot come from a purchase history.
 */
export function* preparePurchaseDataSteps(x: ArrayLike<number>, tx: ArrayLike<number>, T: ArrayLike<number>): Steps<PurchaseData> {
  const n = x.length;
  if (tx.length !== n || T.length !== n) throw new RangeError('x, t_x and T must have the same length');
  const stride = subsampleStride(n);
  const groups = new Map<string, number>();
  const distinct = (values: number[], index: Map<number, number>, value: number) => {
    let i = index.get(value);
    if (i === undefined) {
      i = values.length;
      values.push(value);
      index.set(value, i);
    }
    return i;
  };
  const xs: number[] = [];
  const Ts: number[] = [];
  const txs: number[] = [];
  const xIndex = new Map<number, number>();
  const TIndex = new Map<number, number>();
  const txIndex = new Map<number, number>();
  const gx: number[] = [];
  const gT: number[] = [];
  const gtx: number[] = [];
  const weight: number[] = [];
  const sampled: number[] = [];
  let repeatCustomers = 0;
  let sampledRepeat = 0;
  for (let i = 0; i < n; i++) {
    if (i % PREPARE_CHUNK === 0 && i > 0) yield { phase: 'summary', done: i, total: n };
    const xi = x[i]!;
    const ti = tx[i]!;
    const Ti = T[i]!;
    if (!(Number.isInteger(xi) && xi >= 0)) throw new RangeError(`customer ${i}: x = ${xi} is not a count of repeat purchases`);
    if (!(Number.isFinite(Ti) && Ti >= 0)) throw new RangeError(`customer ${i}: T = ${Ti} is not a time of 0 or more`);
    if (!(ti >= 0 && ti <= Ti)) throw new RangeError(`customer ${i}: t_x = ${ti} is not between 0 and T = ${Ti}`);
    if (xi === 0 && ti !== 0) throw new RangeError(`customer ${i}: t_x = ${ti} but there are no repeat purchases (x = 0)`);
    const inSample = stride !== null && i % stride === 0;
    if (xi > 0) {
      repeatCustomers += 1;
      if (inSample) sampledRepeat += 1;
    }
    const key = `${xi}|${ti}|${Ti}`;
    let g = groups.get(key);
    if (g === undefined) {
      g = weight.length;
      groups.set(key, g);
      gx.push(distinct(xs, xIndex, xi));
      gT.push(distinct(Ts, TIndex, Ti));
      gtx.push(distinct(txs, txIndex, ti));
      weight.push(0);
      sampled.push(0);
    }
    weight[g]! += 1;
    if (inSample) sampled[g]! += 1;
  }
  const data: PurchaseData = {
    customers: n,
    repeatCustomers,
    xs: Float64Array.from(xs),
    Ts: Float64Array.from(Ts),
    txs: Float64Array.from(txs),
    groupX: Int32Array.from(gx),
    groupT: Int32Array.from(gT),
    groupTx: Int32Array.from(gtx),
    weight: Float64Array.from(weight),
    subsample: null,
  };
  if (stride !== null) {
    const { keep, weight: sampledWeight, customers } = sampledGroups(sampled);
    data.subsample = {
      ...data,
      customers,
      repeatCustomers: sampledRepeat,
      groupX: Int32Array.from(keep, (g) => gx[g]!),
      groupT: Int32Array.from(keep, (g) => gT[g]!),
      groupTx: Int32Array.from(keep, (g) => gtx[g]!),
      weight: sampledWeight,
      subsample: null,
    };
  }
  return data;
}

/** preparePurchaseDataSteps straight through. */
export function preparePurchaseData(x: ArrayLike<number>, tx: ArrayLike<number>, T: ArrayLike<number>): PurchaseData {
  return runSteps(preparePurchaseDataSteps(x, tx, T));
}
