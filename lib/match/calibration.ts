/**
 * A monotone map from the model's probability to the share of such links a
 * person found right, learned from the user's own review decisions: isotonic
 * regression (pool adjacent violators) over the decided pairs, held toward the
 * identity by pseudo-decisions, so that a few decisions nudge the map and many
 * decide it. Where nobody decided anything, it stays the identity.
 */
import { z } from '../zod';

export const Calibration = z.object({
  /** Knots (model probability, calibrated probability), both increasing; straight lines between them. */
  points: z.array(z.tuple([z.number().min(0).max(1), z.number().min(0).max(1)])).max(200),
  /** Decisions it was learned from. */
  decisions: z.number().int().nonnegative(),
});
export type Calibration = z.infer<typeof Calibration>;

/** A labelled pair: the model's probability (before calibration) and whether the person said it was right. */
export interface Decided {
  probability: number;
  right: boolean;
}

/** Pseudo-decisions at the identity, spread evenly on the log-odds scale. */
const PRIOR_POINTS = 24;
const PRIOR_WEIGHT = 1.5;

const logit = (p: number) => Math.log(p / (1 - p));
const expit = (x: number) => 1 / (1 + Math.exp(-x));

/** The calibrated probability: the map at p (the identity without one). */
export function calibrate(calibration: Calibration | undefined, p: number): number {
  const points = calibration?.points;
  if (!points || points.length === 0) return p;
  if (p <= points[0]![0]) return points[0]![0] === 0 ? points[0]![1] : (p / points[0]![0]) * points[0]![1];
  for (let i = 1; i < points.length; i++) {
    const [x1, y1] = points[i]!;
    if (p <= x1) {
      const [x0, y0] = points[i - 1]!;
      return x1 === x0 ? y1 : y0 + ((p - x0) / (x1 - x0)) * (y1 - y0);
    }
  }
  const [xn, yn] = points[points.length - 1]!;
  return xn === 1 ? yn : yn + ((p - xn) / (1 - xn)) * (1 - yn);
}

/** Fit the map to decisions; with none, the identity (no map). */
export function fitCalibration(decided: readonly Decided[]): Calibration | undefined {
  if (decided.length === 0) return undefined;
  const observations: { x: number; y: number; w: number }[] = decided.map((d) => ({ x: clamp(d.probability), y: d.right ? 1 : 0, w: 1 }));
  // The identity as pseudo-decisions from 0.0005 to 0.9995 on the log-odds scale.
  const lo = logit(0.0005);
  const hi = logit(0.9995);
  for (let i = 0; i < PRIOR_POINTS; i++) {
    const x = expit(lo + ((hi - lo) * i) / (PRIOR_POINTS - 1));
    observations.push({ x, y: x, w: PRIOR_WEIGHT });
  }
  observations.sort((a, b) => a.x - b.x);
  // Pool adjacent violators: blocks of weighted mean y, non-decreasing.
  const blocks: { sx: number; sy: number; w: number }[] = [];
  for (const o of observations) {
    blocks.push({ sx: o.x * o.w, sy: o.y * o.w, w: o.w });
    while (blocks.length > 1 && blocks[blocks.length - 2]!.sy / blocks[blocks.length - 2]!.w >= blocks[blocks.length - 1]!.sy / blocks[blocks.length - 1]!.w) {
      const last = blocks.pop()!;
      const before = blocks[blocks.length - 1]!;
      before.sx += last.sx;
      before.sy += last.sy;
      before.w += last.w;
    }
  }
  const points: [number, number][] = [[0, 0]];
  for (const b of blocks) {
    const x = b.sx / b.w;
    const y = b.sy / b.w;
    if (x > points[points.length - 1]![0]) points.push([round(x), round(Math.max(y, points[points.length - 1]![1]))]);
  }
  if (points[points.length - 1]![0] < 1) points.push([1, 1]);
  return { points, decisions: decided.length };
}

function clamp(p: number): number {
  return Math.min(1 - 1e-9, Math.max(1e-9, p));
}

function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
