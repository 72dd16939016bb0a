/**
 * What every purchase model forecasts for a customer with x repeat
 * purchases, the last at t_x, and age T (all in the run's time unit): the
 * contract the CLV, the held-back check and the ranges are written against,
 * so that they work the same for BG/NBD, MBG/NBD and Pareto/NBD.
 */
import type { CdfBuffer } from './count-distribution';

export const PURCHASE_MODELS = ['bgnbd', 'mbgnbd', 'paretonbd'] as const;
export type PurchaseModelName = (typeof PURCHASE_MODELS)[number];

export const MODEL_LABEL: Record<PurchaseModelName, string> = { bgnbd: 'BG/NBD', mbgnbd: 'MBG/NBD', paretonbd: 'Pareto/NBD' };

/** Why a P(alive) is what it is by construction: BG/NBD lets nobody drop out before a repeat purchase. */
export type PAliveNote = 'no-repeat-purchase';

export interface PurchaseForecaster {
  readonly model: PurchaseModelName;
  /** P(alive | x, t_x, T). */
  pAlive(x: number, tx: number, T: number): number;
  /** A note when P(alive) is 1 by the model's construction rather than by the data, else null. */
  pAliveNote(x: number): PAliveNote | null;
  /** E[Y(t) | alive, x, T]: purchases expected in the next t if alive (independent of t_x). */
  expectedIfAlive(t: number, x: number, T: number): number;
  /** E[Y(t) | x, t_x, T] = P(alive) · expectedIfAlive. */
  expected(t: number, x: number, tx: number, T: number): number;
  /** E[X(t)] for a customer who just made their first purchase. */
  expectedNew(t: number): number;
  /** P(Y(t) ≤ k | alive, x, T) for k = 0, 1, ... until it reaches upTo (count-distribution.ts). */
  aliveCountCdf(t: number, x: number, T: number, upTo: number): Float64Array;
  /** aliveCountCdf written into a buffer the caller reuses (no garbage per call). */
  aliveCountCdfInto(t: number, x: number, T: number, upTo: number, out: CdfBuffer): void;
}
