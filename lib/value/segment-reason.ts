/**
 * A segment reason in English words, as the command line prints it and as
 * `Engagement.reason` keeps it; the screens say the same reason in the
 * interface language (lib/ui/value-words.ts).
 */
import type { SegmentReason } from './types';

export function segmentReasonInEnglish(why: SegmentReason): string {
  switch (why.key) {
    case 'detractor':
      return (
        `rates the own brands ${why.meanRating === null ? 'low' : why.meanRating.toFixed(1)} on average (≤ ${why.maxRating}) ` +
        `with reach of ${Math.round(why.followers)} followers and review authority ${why.authority.toFixed(0)}`
      );
    case 'negative-value':
      return `engagement value ${why.engagementValue.toFixed(2)} is below 0: serving this customer costs more than they bring`;
    case 'levels': {
      const range = why.range ? `80% range ${why.range.low.toFixed(2)} to ${why.range.high.toFixed(2)}` : null;
      const net = why.netValue.toFixed(2);
      const financial =
        why.financial === 'high'
          ? `net value ${net}${range ? ` (${range})` : ''} ≥ ${why.mark.toFixed(2)}`
          : why.financial === 'uncertain'
            ? `net value ${net} ≥ ${why.mark.toFixed(2)}, but its ${range} does not clear the mark: uncertain`
            : `net value ${net}${range ? ` (${range})` : ''} below the high mark ${Math.max(why.mark, 0).toFixed(2)}`;
      const influence = `influence ${why.influence.toFixed(0)} ${why.influence >= why.influenceMark ? '≥' : '<'} ${why.influenceMark}`;
      return `${financial}; ${influence}`;
    }
  }
}
