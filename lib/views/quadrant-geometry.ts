/**
 * The quadrant chart's geometry, one for the workspace (components/QuadrantChart.tsx)
 * and the command line's report (lib/cli/report-html.ts): the same scale, the same
 * ticks and the same shape for each segment, so a person sits in the same place
 * in both.
 */
import type { EngagementSegment } from '../value';

export const QUADRANT_SIZE = { width: 640, height: 400, pad: { left: 56, right: 16, top: 16, bottom: 40 } } as const;

/**
 * Each segment has a colour (Okabe-Ito, safe for colour-blind readers) and a
 * shape, so the chart and the lists never rely on colour alone.
 */
export const SEGMENT_STYLE: Record<EngagementSegment, { colour: string; symbol: string }> = {
  champions: { colour: '#009E73', symbol: '●' },
  affluents: { colour: '#0072B2', symbol: '■' },
  advocates: { colour: '#CC79A7', symbol: '▲' },
  misers: { colour: '#8C8C8C', symbol: '◆' },
  'detractor-with-reach': { colour: '#D55E00', symbol: '✖' },
  'negative-value': { colour: '#E69F00', symbol: '▼' },
};

/**
 * Net value spans minus hundreds to tens of thousands: a symmetric log scale
 * keeps the many small customers apart without hiding the few large or
 * negative ones.
 */
export function symlog(v: number): number {
  return Math.sign(v) * Math.log10(1 + Math.abs(v) / 10);
}

export interface QuadrantScale {
  /** x of a net value. */
  sx(financial: number): number;
  /** y of an influence score (0-100). */
  sy(influence: number): number;
  /** Net values to mark on the x axis. */
  xTicks: number[];
  yTicks: number[];
}

/** The scale for these net values: at least -100 to 1,000, wider when a value lies outside. */
export function quadrantScale(financials: readonly number[]): QuadrantScale {
  const { width: W, height: H, pad } = QUADRANT_SIZE;
  let lo = symlog(-100);
  let hi = symlog(1000);
  // A loop, not Math.min(...xs): a report may hold more points than a call has arguments.
  for (const f of financials) {
    const x = symlog(f);
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  return {
    sx: (v) => pad.left + ((symlog(v) - lo) / (hi - lo)) * (W - pad.left - pad.right),
    sy: (v) => H - pad.bottom - (Math.max(0, Math.min(100, v)) / 100) * (H - pad.top - pad.bottom),
    xTicks: [-10_000, -1000, -100, 0, 100, 1000, 10_000, 100_000].filter((v) => symlog(v) >= lo && symlog(v) <= hi),
    yTicks: [0, 25, 50, 75, 100],
  };
}

/** A segment's marker at (x, y), as SVG: a circle, a square, or a path (the cross is a stroke, not a fill). */
export type Marker =
  | { tag: 'circle'; cx: number; cy: number; r: number }
  | { tag: 'rect'; x: number; y: number; width: number; height: number }
  | { tag: 'path'; d: string; stroked: boolean };

export function segmentMarker(segment: EngagementSegment, x: number, y: number): Marker {
  const r = 4.5;
  switch (segment) {
    case 'champions':
      return { tag: 'circle', cx: x, cy: y, r };
    case 'affluents':
      return { tag: 'rect', x: x - r, y: y - r, width: 2 * r, height: 2 * r };
    case 'advocates':
      return { tag: 'path', d: `M${x},${y - r - 1} L${x + r + 1},${y + r} L${x - r - 1},${y + r} Z`, stroked: false };
    case 'misers':
      return { tag: 'path', d: `M${x},${y - r - 1} L${x + r + 1},${y} L${x},${y + r + 1} L${x - r - 1},${y} Z`, stroked: false };
    case 'detractor-with-reach':
      return { tag: 'path', d: `M${x - r},${y - r} L${x + r},${y + r} M${x + r},${y - r} L${x - r},${y + r}`, stroked: true };
    case 'negative-value':
      return { tag: 'path', d: `M${x - r - 1},${y - r} L${x + r + 1},${y - r} L${x},${y + r + 1} Z`, stroked: false };
  }
}
