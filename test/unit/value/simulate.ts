// Customers drawn from the BG/NBD story itself, for the tests that fit on them (bgnbd.test.ts) and check
// forecasts against what they then do (ranges.test.ts).
import type { BgNbdParams } from '../../../lib/value/bgnbd';
import { Random } from '../../../lib/sample/random';

/**
 * Each customer buys at a rate λ ~ Gamma(r, α) and drops out after a repeat purchase with probability
 * p ~ Beta(a, b); observed for T weeks (26 to 78) after the first purchase, then for `horizon` weeks more.
 */
export function simulateBgNbd(truth: BgNbdParams, customers: number, seed: number, horizon = 0): { x: number; tx: number; T: number; future: number }[] {
  const rng = new Random(seed);
  return Array.from({ length: customers }, () => {
    const lambda = rng.gamma(truth.r, 1 / truth.alpha);
    const p = rng.beta(truth.a, truth.b);
    const T = 26 + Math.floor(rng.next() * 53);
    let t = 0;
    let x = 0;
    let tx = 0;
    let future = 0;
    for (;;) {
      t += -Math.log(1 - rng.next()) / lambda;
      if (t > T + horizon) break;
      if (t <= T) {
        x += 1;
        tx = t;
      } else {
        future += 1;
      }
      if (rng.chance(p)) break; // drops out after this repeat purchase
    }
    return { x, tx, T, future };
  });
}
