import type { HoldoutReport } from '../lib/value/types';
import { MODEL_LABEL } from '../lib/value/forecaster';
import { useText } from './text';

const W = 640;
const H = 200;
const PAD = { left: 48, right: 12, top: 10, bottom: 24 };
/** One colour per model; the actual purchases are the dark line. */
const MODEL_COLOUR: Record<HoldoutReport['model'], string> = { bgnbd: '#2f6fb0', mbgnbd: '#c0782b', paretonbd: '#3d8f5a' };

/**
 * Cumulative purchases week by week in the held-back period: what happened against each model's forecast
 * (the "cumulative tracking" of the BG/NBD paper). Inline SVG, with the figures in its label for screen readers.
 */
export function TrackingChart({ reports }: { reports: readonly HoldoutReport[] }) {
  const text = useText();
  const first = reports[0];
  if (!first || first.weekly.length === 0) return null;
  const weeks = first.weekly;
  const max = Math.max(1, ...reports.flatMap((r) => r.weekly.flatMap((w) => [w.actual, w.predicted])));
  const sx = (i: number) => PAD.left + (weeks.length === 1 ? 0 : (i / (weeks.length - 1)) * (W - PAD.left - PAD.right));
  const sy = (n: number) => H - PAD.bottom - (n / max) * (H - PAD.top - PAD.bottom);
  const last = weeks[weeks.length - 1]!;
  const summary = text.t(
    'valueModel.chartSummary',
    String(last.week),
    text.number(last.actual),
    reports.map((r) => `${MODEL_LABEL[r.model]} ${text.number(r.weekly[r.weekly.length - 1]!.predicted)}`).join(', '),
  );
  const line = (values: readonly number[]) => values.map((v, i) => `${sx(i).toFixed(1)},${sy(v).toFixed(1)}`).join(' ');
  return (
    <figure class="stack tight">
      <figcaption>{text.t('valueModel.chartTitle')}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary} class="trend">
        <line class="axis" x1={PAD.left} x2={W - PAD.right} y1={H - PAD.bottom} y2={H - PAD.bottom} />
        <text x={PAD.left - 6} y={sy(max) + 4} text-anchor="end" class="tick">
          {text.number(max)}
        </text>
        <text x={PAD.left} y={H - 6} class="tick">
          {text.t('valueModel.week', String(weeks[0]!.week))}
        </text>
        <text x={W - PAD.right} y={H - 6} text-anchor="end" class="tick">
          {text.t('valueModel.week', String(last.week))}
        </text>
        <polyline fill="none" stroke="currentColor" stroke-width={2.5} points={line(weeks.map((w) => w.actual))} />
        {reports.map((r) => (
          <polyline key={r.model} fill="none" stroke={MODEL_COLOUR[r.model]} stroke-width={1.5} stroke-dasharray="5 3" points={line(r.weekly.map((w) => w.predicted))} />
        ))}
      </svg>
      <p class="legend muted">
        <span class="swatch actual" /> {text.t('valueModel.actual')}
        {reports.map((r) => (
          <span key={r.model}>
            {' '}
            <span class="swatch" style={{ borderColor: MODEL_COLOUR[r.model] }} /> {MODEL_LABEL[r.model]}
          </span>
        ))}
      </p>
    </figure>
  );
}
