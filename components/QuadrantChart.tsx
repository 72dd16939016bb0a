import { useState } from 'preact/hooks';
import type { QuadrantPoint } from '../lib/views/insights';
import type { EngagementSegment } from '../lib/value';
import { SEGMENT_STYLE, SegmentBadge, segmentKey } from './Segment';
import { QUADRANT_SIZE, quadrantScale, segmentMarker } from '../lib/views/quadrant-geometry';
import { useText } from './text';

const { width: W, height: H, pad: PAD } = QUADRANT_SIZE;

function shape(segment: EngagementSegment, x: number, y: number) {
  const m = segmentMarker(segment, x, y);
  if (m.tag === 'circle') return <circle cx={m.cx} cy={m.cy} r={m.r} />;
  if (m.tag === 'rect') return <rect x={m.x} y={m.y} width={m.width} height={m.height} />;
  return m.stroked ? <path d={m.d} stroke-width={2.5} fill="none" /> : <path d={m.d} />;
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
  const { sx, sy, xTicks: ticks, yTicks } = quadrantScale(points.map((p) => p.financial));
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
        {yTicks.map((v) => (
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
