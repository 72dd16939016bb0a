import type { SegmentSnapshot } from '../lib/db/history';
import { ENGAGEMENT_SEGMENTS, type EngagementSegment } from '../lib/value/types';
import { SEGMENT_STYLE, SegmentBadge, segmentKey } from './Segment';
import { useText } from './text';

const W = 200;
const H = 28;
const DAY = 86_400_000;

/**
 * How many people each segment held, day by day: one small line per segment on its own scale, with the first
 * and last count beside it. On one shared scale a segment of thousands (Misers) flattens the segments of tens
 * that matter most. Points are placed by date, so days the browser was closed show as a gap in time.
 */
export function TrendChart({ history }: { history: readonly SegmentSnapshot[] }) {
  const text = useText();
  if (history.length < 2) return <p class="muted">{text.t('chart.noTrend')}</p>;
  const first = history[0]!;
  const last = history[history.length - 1]!;
  const dayOf = (s: SegmentSnapshot) => Date.parse(`${s.day}T00:00:00Z`) / DAY;
  const start = dayOf(first);
  const span = Math.max(1, dayOf(last) - start);
  const shown = ENGAGEMENT_SEGMENTS.filter((s) => history.some((h) => (h.counts[s] ?? 0) > 0));
  const summary = text.t(
    'chart.trendSummary',
    text.date(first.day),
    text.date(last.day),
    shown.map((s) => `${text.t(segmentKey(s))}: ${text.number(first.counts[s] ?? 0)} → ${text.number(last.counts[s] ?? 0)}`).join(', '),
  );
  const line = (segment: EngagementSegment) => {
    const counts = history.map((h) => h.counts[segment] ?? 0);
    const low = Math.min(...counts);
    const high = Math.max(...counts);
    // A flat line sits in the middle rather than on the floor.
    const sy = (n: number) => (high === low ? H / 2 : H - 2 - ((n - low) / (high - low)) * (H - 4));
    return history.map((h, i) => `${(((dayOf(h) - start) / span) * W).toFixed(1)},${sy(counts[i]!).toFixed(1)}`).join(' ');
  };
  return (
    <figure class="trend stack tight" role="img" aria-label={summary}>
      <figcaption class="muted">
        {text.date(first.day)} – {text.date(last.day)}
      </figcaption>
      <table class="trend-rows" aria-hidden="true">
        <tbody>
          {shown.map((s) => (
            <tr key={s}>
              <th scope="row">
                <SegmentBadge segment={s} />
              </th>
              <td class="spark">
                <svg viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none">
                  <polyline fill="none" stroke={SEGMENT_STYLE[s].colour} stroke-width={2} vector-effect="non-scaling-stroke" points={line(s)} />
                </svg>
              </td>
              <td class="num">
                {text.number(first.counts[s] ?? 0)} → {text.number(last.counts[s] ?? 0)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
