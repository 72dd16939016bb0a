import { describe, expect, it } from 'vitest';
import { calibrate, fitCalibration, type Decided } from '../../../lib/match/calibration';

/** Decisions where the model says p but links like that are right `truth(p)` of the time (deterministic). */
function decisions(count: number, truth: (p: number) => number): Decided[] {
  const out: Decided[] = [];
  for (let i = 0; i < count; i++) {
    const p = 0.5 + (0.49 * i) / count;
    // A low-discrepancy sequence: over any stretch, the share right is truth(p).
    out.push({ probability: p, right: (i * 0.6180339887) % 1 < truth(p) });
  }
  return out;
}

describe('the calibration map', () => {
  it('is the identity without decisions, and stays monotone', () => {
    expect(fitCalibration([])).toBeUndefined();
    expect(calibrate(undefined, 0.37)).toBe(0.37);
  });

  it('learns that the model is overconfident: links it calls 0.9 that are right 6 times in 10', () => {
    const overconfident = decisions(400, () => 0.6);
    const map = fitCalibration(overconfident)!;
    expect(map.decisions).toBe(400);
    // In the range people decided, the map says what they found.
    expect(calibrate(map, 0.9)).toBeGreaterThan(0.5);
    expect(calibrate(map, 0.9)).toBeLessThan(0.7);
    // Monotone everywhere.
    let last = -1;
    for (let p = 0; p <= 1; p += 0.01) {
      const c = calibrate(map, p);
      expect(c).toBeGreaterThanOrEqual(last - 1e-12);
      last = c;
    }
    // Far from any decision, it stays near the identity (the pseudo-decisions there).
    expect(calibrate(map, 0.01)).toBeLessThan(0.05);
  });

  it('a few decisions nudge it; many decide it', () => {
    const few = fitCalibration(decisions(10, () => 0.5))!;
    const many = fitCalibration(decisions(1000, () => 0.5))!;
    const gapFew = Math.abs(calibrate(few, 0.8) - 0.5);
    const gapMany = Math.abs(calibrate(many, 0.8) - 0.5);
    expect(gapMany).toBeLessThan(gapFew);
    expect(gapMany).toBeLessThan(0.08);
  });

  it('leaves a well-calibrated model as it is', () => {
    const honest = decisions(1000, (p) => p);
    const map = fitCalibration(honest)!;
    for (const p of [0.6, 0.75, 0.9]) expect(Math.abs(calibrate(map, p) - p)).toBeLessThan(0.08);
  });
});
