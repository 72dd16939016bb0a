import { useState } from 'preact/hooks';
import type { QuadrantPoint } from '../lib/views/insights';
import type { EngagementSegment } from '../lib/value';
import { SEGMENT_STYLE, SegmentBadge, segmentKey } from './Segment';
import { useText } from './text';

const W = 640;
const H = 400;
const PAD = { left: 56, right: 16, top: 16, bottom: 40 };

/**
 * Net value spans minus hundreds to tens of thousands: a symmetric log scale
 * keeps the many small customers apart without hiding the few large or
 * negative ones.
 */
function symlog(v: number): number {
  return Math.sign(v) * Math.log10(1 + Math.abs(v) / 10);
}

function shape(segment: EngagementSegment, x: number, y: number) {
  const r = 4.5;
  switch (segment) {
    case 'champions':
      return <circle cx={x} cy={y} r={r} />;
    case 'affluents':
      return <rect x={x - r} y={y - r} width={2 * r} height={2 * r} />;
    case 'advocates':
      return <path d={`M${x},${y - r - 1} L${x + r + 1},${y + r} L${x - r - 1},${y + r} Z`} />;
    case 'misers':
      return <path d={`M${x},${y - r - 1} L${x + r + 1},${y} L${x},${y + r + 1} L${x - r - 1},${y} Z`} />;
    case 'detractor-with-reach':
      return <path d={`M${x - r},${y - r} L${x + r},${y + r} M${x + r},${y - r} L${x - r},${y + r}`} stroke-width={2.5} fill="none" />;
    case 'negative-value':
      return <path d={`M${x - r - 1},${y - r} L${x + r + 1},${y - r} L${x},${y + r + 1} Z`} />;
  }
}

export interface QuadrantChartProps {
  points: readonly QuadrantPoint[];
  financialHigh: number | null;
  influenceHigh: number | null;
  currency: string;
  onOpen(ref: string): void;
}

/**
 * Financial value (net value) against influence of every matched person:
 * the four segments of Kumar et al., with detractors and negative-value
 * customers marked by their own shapes. A table of the same points serves
 * keyboard and screen-reader users (and anyone who wants exact numbers).
 */
export function QuadrantChart({ points, financialHigh, influenceHigh, currency, onOpen }: QuadrantChartProps) {
  const text = useText();
  const [asTable, setAsTable] = useState(false);
  const xs = points.map((p) => symlog(p.financial));
  const lo = Math.min(symlog(-100), ...xs);
  const hi = Math.max(symlog(1000), ...xs);
  const sx = (v: number) => PAD.left + ((symlog(v) - lo) / (hi - lo)) * (W - PAD.left - PAD.right);
  const sy = (v: number) => H - PAD.bottom - (Math.max(0, Math.min(100, v)) / 100) * (H - PAD.top - PAD.bottom);
  const ticks = [-10_000, -1000, -100, 0, 100, 1000, 10_000, 100_000].filter((v) => symlog(v) >= lo && symlog(v) <= hi);
  const counts = new Map<EngagementSegment, number>();
  for (const p of points) counts.set(p.segment, (counts.get(p.segment) ?? 0) + 1);
  const summary = text.t('chart.summary', String(points.length), [...counts].map(([s, n]) => `${text.t(segmentKey(s))}: ${n}`).join(', '));
  const money = (v: number) => text.money(v, currency);
  const fx = financialHigh !== null ? sx(financialHigh) : null;
  const fy = influenceHigh !== null ? sy(influenceHigh) : null;
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary} class="quadrant">
        <rect x={PAD.left} y={PAD.top} width={W - PAD.left - PAD.right} height={H - PAD.top - PAD.bottom} class="plot" />
        {ticks.map((v) => (
          <g key={v} class="tick">
            <line x1={sx(v)} x2={sx(v)} y1={PAD.top} y2={H - PAD.bottom} />
            <text x={sx(v)} y={H - PAD.bottom + 14} text-anchor="middle">
              {text.compact(v)}
            </text>
          </g>
        ))}
        {[0, 25, 50, 75, 100].map((v) => (
          <g key={v} class="tick">
            <line x1={PAD.left} x2={W - PAD.right} y1={sy(v)} y2={sy(v)} />
            <text x={PAD.left - 6} y={sy(v) + 4} text-anchor="end">
              {v}
            </text>
          </g>
        ))}
        {fx !== null && <line class="threshold" x1={fx} x2={fx} y1={PAD.top} y2={H - PAD.bottom} />}
        {fy !== null && <line class="threshold" x1={PAD.left} x2={W - PAD.right} y1={fy} y2={fy} />}
        <text class="quadrant-label" x={W - PAD.right - 6} y={PAD.top + 14} text-anchor="end">
          {text.t('segment.champions')}
        </text>
        <text class="quadrant-label" x={W - PAD.right - 6} y={H - PAD.bottom - 6} text-anchor="end">
          {text.t('segment.affluents')}
        </text>
        <text class="quadrant-label" x={PAD.left + 6} y={PAD.top + 14}>
          {text.t('segment.advocates')}
        </text>
        <text class="quadrant-label" x={PAD.left + 6} y={H - PAD.bottom - 6}>
          {text.t('segment.misers')}
        </text>
        <text class="axis-label" x={(W + PAD.left) / 2} y={H - 6} text-anchor="middle">
          {text.t('chart.xAxis', currency)}
        </text>
        <text class="axis-label" transform={`translate(14 ${(H - PAD.bottom + PAD.top) / 2}) rotate(-90)`} text-anchor="middle">
          {text.t('chart.yAxis')}
        </text>
        {points.map((p) => (
          <g key={p.ref} class="point" fill={SEGMENT_STYLE[p.segment].colour} stroke={SEGMENT_STYLE[p.segment].colour} onClick={() => onOpen(p.ref)}>
            <title>{`${p.name}: ${money(p.financial)}, ${text.t('common.influence')} ${text.number(p.influence)}`}</title>
            {shape(p.segment, sx(p.financial), sy(p.influence))}
          </g>
        ))}
      </svg>
      <figcaption class="legend">
        {(Object.keys(SEGMENT_STYLE) as EngagementSegment[]).map((s) => (
          <span key={s}>
            <SegmentBadge segment={s} /> <span class="muted">({counts.get(s) ?? 0})</span>
          </span>
        ))}
      </figcaption>
      <button type="button" aria-expanded={asTable} onClick={() => setAsTable(!asTable)}>
        {asTable ? text.t('chart.hideTable') : text.t('chart.showTable')}
      </button>
      {asTable && (
        <table>
          <caption class="caption muted">{summary}</caption>
          <thead>
            <tr>
              <th scope="col">{text.t('common.name')}</th>
              <th scope="col">{text.t('common.segment')}</th>
              <th scope="col" class="num">
                {text.t('value.netValue')}
              </th>
              <th scope="col" class="num">
                {text.t('common.influence')}
              </th>
            </tr>
          </thead>
          <tbody>
            {[...points]
              .sort((a, b) => b.engagement - a.engagement)
              .map((p) => (
                <tr key={p.ref}>
                  <td>
                    <button type="button" class="link" onClick={() => onOpen(p.ref)}>
                      {p.name}
                    </button>
                  </td>
                  <td>
                    <SegmentBadge segment={p.segment} />
                  </td>
                  <td class={`num ${p.financial < 0 ? 'bad' : ''}`}>{money(p.financial)}</td>
                  <td class="num">{text.number(p.influence)}</td>
                </tr>
              ))}
          </tbody>
        </table>
      )}
    </figure>
  );
}
