/**
 * Words for figures that look contradictory side by side. The models are
 * right, but a reader who sees "P(alive) 1" next to RFM "about to sleep" for
 * someone who bought once, long ago, concludes the numbers are broken. The
 * note says why they differ, in the output, next to the numbers.
 */
import { RFM_SEGMENT_LABELS } from './rfm';
import type { CustomerValue } from './types';

/** At or above this P(alive) a customer reads as active; RFM's R score at or below LOW_RECENCY as gone quiet. */
const LIKELY_ALIVE = 0.5;
const LOW_RECENCY = 2;

const fixed = (n: number, digits: number) => String(Number(n.toFixed(digits)));

/** Why the figures of a customer say what they say, where they could be misread; null when nothing needs saying. */
export function valueNote(value: CustomerValue): string | null {
  const { summary, rfm, prediction } = value;
  const pAlive = prediction.pAlive?.value;
  const rfmLabel = rfm ? `RFM "${RFM_SEGMENT_LABELS[rfm.segment]}"` : 'RFM';
  if (prediction.model === 'historical' || prediction.model === 'none') return prediction.reason && summary.purchases > 0 ? `No forecast: ${prediction.reason}.` : null;
  if (pAlive === undefined) return null;
  const expected = prediction.expectedPurchases ? `; expected purchases (${fixed(prediction.expectedPurchases.value, 2)}) say more about what to expect of them` : '';
  // The model says so itself (pAliveNote): only BG/NBD keeps a one-time buyer alive for certain.
  if (prediction.pAliveNote === 'no-repeat-purchase') {
    return (
      `P(alive) is ${fixed(pAlive, 2)} because they bought only once: BG/NBD lets a customer drop out only right after a repeat purchase, ` +
      `so a single purchase says nothing about whether they are still around${expected}. ${rfmLabel} ranks how long ago that purchase was ` +
      `(${summary.daysSinceLastPurchase} days) among all customers.`
    );
  }
  if (rfm && pAlive >= LIKELY_ALIVE && rfm.recency.value <= LOW_RECENCY) {
    return (
      `P(alive) ${fixed(pAlive, 2)} beside ${rfmLabel}: P(alive) weighs their ${summary.daysSinceLastPurchase} days away against their own ` +
      `rhythm (${summary.purchases} purchase days over ${fixed(summary.T, 1)} ${prediction.pAlive!.inputs.unit ?? 'weeks'}); RFM ranks the days since ` +
      `their last purchase against other customers${expected}.`
    );
  }
  return null;
}
