import { useText } from './text';

export interface SpendPoint {
  spend: number;
  value: number;
}

const W = 320;
const H = 140;
const PAD = { left: 46, right: 10, top: 10, bottom: 26 };

/**
 * Profit per customer against what is spent on each (Blattberg & Deighton's
 * response curve): today's spend and the optimum marked, so a reader sees how
 * much there is to gain and how flat the top is. The label says it in words.
 */
export function SpendCurve({ curve, current, optimum, currency, label }: { curve: readonly SpendPoint[]; current: SpendPoint; optimum: SpendPoint; currency: string; label: string }) {
  const text = useText();
  if (curve.length < 2) return null;
  const spends = curve.map((p) => p.spend);
  const values = [...curve.map((p) => p.value), current.value, optimum.value];
  const x0 = Math.min(...spends, current.spend);
  const x1 = Math.max(...spends, current.spend, x0 + 1);
  const y0 = Math.min(...values);
  const y1 = Math.max(...values, y0 + 1);
  const sx = (s: number) => PAD.left + ((s - x0) / (x1 - x0)) * (W - PAD.left - PAD.right);
  const sy = (v: number) => H - PAD.bottom - ((v - y0) / (y1 - y0)) * (H - PAD.top - PAD.bottom);
  const money = (n: number) => text.money(n, currency);
  return (
    <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} class="spend-curve">
      <line class="axis" x1={PAD.left} x2={W - PAD.right} y1={H - PAD.bottom} y2={H - PAD.bottom} />
      <line class="axis" x1={PAD.left} x2={PAD.left} y1={PAD.top} y2={H - PAD.bottom} />
      <text x={PAD.left - 4} y={sy(y1) + 4} text-anchor="end" class="tick">
        {money(y1)}
      </text>
      <text x={PAD.left - 4} y={sy(y0)} text-anchor="end" class="tick">
        {money(y0)}
      </text>
      <text x={PAD.left} y={H - 8} class="tick">
        {money(x0)}
      </text>
      <text x={W - PAD.right} y={H - 8} text-anchor="end" class="tick">
        {money(x1)}
      </text>
      <polyline class="line" fill="none" points={curve.map((p) => `${sx(p.spend).toFixed(1)},${sy(p.value).toFixed(1)}`).join(' ')} />
      <line class="optimum" x1={sx(optimum.spend)} x2={sx(optimum.spend)} y1={PAD.top} y2={H - PAD.bottom} />
      <circle class="now" cx={sx(current.spend)} cy={sy(current.value)} r={4} />
      <circle class="best" cx={sx(optimum.spend)} cy={sy(optimum.value)} r={5} />
    </svg>
  );
}
