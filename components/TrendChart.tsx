import type { SegmentSnapshot } from '../lib/db/history';
import { ENGAGEMENT_SEGMENTS } from '../lib/value/types';
import { SEGMENT_STYLE, segmentKey } from './Segment';
import { useText } from './text';

const W = 640;
const H = 180;
const PAD = { left: 40, right: 12, top: 10, bottom: 24 };

/** How many people each segment held, day by day (one point per day with values). */
export function TrendChart({ history }: { history: readonly SegmentSnapshot[] }) {
  const text = useText();
  if (history.length < 2) return <p class="muted">{text.t('chart.noTrend')}</p>;
  const max = Math.max(1, ...history.flatMap((s) => Object.values(s.counts)));
  // Placed by date, not by index: a gap (days the browser was closed) shows as a gap.
  const dayOf = (s: SegmentSnapshot) => Date.parse(`${s.day}T00:00:00Z`) / 86_400_000;
  const start = dayOf(history[0]!);
  const span = Math.max(1, dayOf(history[history.length - 1]!) - start);
  const sx = (s: SegmentSnapshot) => PAD.left + ((dayOf(s) - start) / span) * (W - PAD.left - PAD.right);
  const sy = (n: number) => H - PAD.bottom - (n / max) * (H - PAD.top - PAD.bottom);
  const first = history[0]!;
  const last = history[history.length - 1]!;
  const summary = text.t(
    'chart.trendSummary',
    text.date(first.day),
    text.date(last.day),
    ENGAGEMENT_SEGMENTS.map((s) => `${text.t(segmentKey(s))}: ${first.counts[s] ?? 0} → ${last.counts[s] ?? 0}`).join(', '),
  );
  return (
    <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary} class="trend">
      <line class="axis" x1={PAD.left} x2={W - PAD.right} y1={H - PAD.bottom} y2={H - PAD.bottom} />
      <text x={PAD.left - 6} y={sy(max) + 4} text-anchor="end" class="tick">
        {text.number(max)}
      </text>
      <text x={PAD.left} y={H - 6} class="tick">
        {text.date(first.day)}
      </text>
      <text x={W - PAD.right} y={H - 6} text-anchor="end" class="tick">
        {text.date(last.day)}
      </text>
      {ENGAGEMENT_SEGMENTS.map((s) => (
        <polyline
          key={s}
          fill="none"
          stroke={SEGMENT_STYLE[s].colour}
          stroke-width={2}
          points={history.map((h) => `${sx(h).toFixed(1)},${sy(h.counts[s] ?? 0).toFixed(1)}`).join(' ')}
        />
      ))}
    </svg>
  );
}
