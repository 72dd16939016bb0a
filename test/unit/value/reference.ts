/**
 * Reference values of the BG/NBD forecasts, computed independently of lib/value: DOMAIN.md's formulas
 * evaluated at 40 digits with mpmath 1.3.0 (mpmath.hyp2f1) by test/fixtures/cdnow/reference_values.py.
 * To regenerate: `python3 test/fixtures/cdnow/reference_values.py` and copy the printed values here
 * (17 significant digits are enough for a double). reference.test.ts reruns the script and fails when a
 * value here differs from what it prints.
 */
import type { BgNbdParams } from '../../../lib/value/bgnbd';
import { MLE, PAPER } from './cdnow';

/** The CDNOW README's customer (x = 2, t_x = 30.43, T = 38.86 weeks) under the paper's parameters. */
export const README_CUSTOMER = {
  x: 2,
  tx: 30.43,
  T: 38.86,
  params: PAPER,
  pAlive: 0.72657857008067291,
  /** E[Y(39) | x, t_x, T]. */
  expected39: 1.2260281747671444,
  /** E[Y(t)] with t = 24 months = 24 · 365.25 / 12 / 7 weeks. */
  expected24Months: 2.6759594003013332,
  /** Σ_{i=1..24} (E[N(i)] − E[N(i−1)]) / 1.1^(i/12): the discounted purchases of clv.ts. */
  discounted24Months10Percent: 2.4531830491143461,
} as const;

/** E[X(t)] of a customer just acquired, under the unrounded MLE, at t = 1, 3, 32, 78 weeks. */
export const EXPECTED_NEW: readonly { params: BgNbdParams; t: number; value: number }[] = [
  { params: MLE, t: 1, value: 0.053184395384001274 },
  { params: MLE, t: 3, value: 0.15063112859301929 },
  { params: MLE, t: 32, value: 1.0437338556308745 },
  { params: MLE, t: 78, value: 1.8579614347547654 },
];

const A = { r: 0.5, alpha: 3, a: 2.5, b: 4 };
const NEAR_ONE = { r: 0.5, alpha: 3, a: 1.0000001, b: 4 };
const SMALL = { r: 0.8, alpha: 10, a: 0.3, b: 0.5 };

/**
 * E[Y(t) | x, t_x, T] for parameter sets on both sides of a = 1, next to it (where the textbook form
 * divides 0 by 0), a + b < 1, customers up to x = 40 and ten-year horizons (z up to 0.98).
 */
export const CONDITIONAL: readonly { params: BgNbdParams; x: number; tx: number; T: number; t: number; value: number }[] = [
  { params: PAPER, x: 0, tx: 0, T: 38.86, t: 39, value: 0.19509805201126264 },
  { params: PAPER, x: 0, tx: 0, T: 0, t: 78, value: 1.8605190579427685 },
  { params: PAPER, x: 7, tx: 35.14, T: 38.86, t: 78, value: 7.5223577140583152 },
  { params: PAPER, x: 40, tx: 38, T: 38.86, t: 104, value: 54.671253876495684 },
  { params: PAPER, x: 1, tx: 2, T: 30, t: 520, value: 1.9214118564016886 },
  { params: PAPER, x: 3, tx: 10, T: 12, t: 520, value: 16.946666899183544 },
  { params: A, x: 0, tx: 0, T: 20, t: 30, value: 0.48580152474919234 },
  { params: A, x: 3, tx: 15, T: 20, t: 30, value: 1.3053184278052904 },
  { params: A, x: 5, tx: 19.5, T: 20, t: 200, value: 4.7299195370947138 },
  { params: NEAR_ONE, x: 0, tx: 0, T: 20, t: 30, value: 0.55629281224473058 },
  { params: NEAR_ONE, x: 3, tx: 15, T: 20, t: 30, value: 2.4728608985440891 },
  { params: NEAR_ONE, x: 5, tx: 19.5, T: 20, t: 200, value: 14.336630764570982 },
  { params: SMALL, x: 0, tx: 0, T: 20, t: 30, value: 0.6338224555812438 },
  { params: SMALL, x: 3, tx: 15, T: 20, t: 30, value: 2.6697418893660449 },
  { params: SMALL, x: 5, tx: 19.5, T: 20, t: 200, value: 23.563904778600065 },
];
