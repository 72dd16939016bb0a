import { describe, expect, it } from 'vitest';
import { nelderMeadSteps } from '../../../lib/value/optimise';
import { runSteps, runStepsAsync } from '../../../lib/value/schedule';

const rosenbrock = (x: Float64Array) => {
  let sum = 0;
  for (let i = 0; i + 1 < x.length; i++) sum += 100 * (x[i + 1]! - x[i]! ** 2) ** 2 + (1 - x[i]!) ** 2;
  return sum;
};

describe('Nelder-Mead', () => {
  it('finds the minimum of the Rosenbrock valley (1, 1, ...) from the textbook start', () => {
    for (const start of [[-1.2, 1], [-1.2, 1, -1.2, 1]]) {
      const result = runSteps(nelderMeadSteps(rosenbrock, start, { step: 0.5 }));
      expect(result.converged).toBe(true);
      for (const xi of result.x) expect(xi).toBeCloseTo(1, 5);
      expect(result.f).toBeLessThan(1e-10);
    }
  });

  it('finds the centre of a shifted, scaled quadratic', () => {
    const centre = [3, -2, 0.5];
    const f = (x: Float64Array) => (x[0]! - 3) ** 2 + 10 * (x[1]! + 2) ** 2 + 0.1 * (x[2]! - 0.5) ** 2;
    const result = runSteps(nelderMeadSteps(f, [0, 0, 0]));
    expect(result.converged).toBe(true);
    result.x.forEach((xi, i) => expect(xi).toBeCloseTo(centre[i]!, 5));
    expect(result.restarts).toBeGreaterThanOrEqual(1);
  });

  it('says it did not converge when the budget runs out', () => {
    const result = runSteps(nelderMeadSteps(rosenbrock, [-1.2, 1, -1.2, 1], { maxEvaluations: 40 }));
    expect(result.converged).toBe(false);
    expect(result.message).toMatch(/without converging/);
    expect(result.evaluations).toBeLessThanOrEqual(45);
  });

  it('treats points where the objective is undefined as bad points', () => {
    // Undefined (NaN) below 0, as a likelihood is outside its parameter space.
    const f = (x: Float64Array) => (x[0]! < 0 ? NaN : (x[0]! - 2) ** 2);
    const result = runSteps(nelderMeadSteps(f, [0.5], { step: 1 }));
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(2, 5);
    const stuck = runSteps(nelderMeadSteps(() => NaN, [1]));
    expect(stuck.converged).toBe(false);
    expect(stuck.message).toMatch(/not finite at the starting point/);
  });

  it('gives the same answer run in slices on the event loop', async () => {
    const sync = runSteps(nelderMeadSteps(rosenbrock, [-1.2, 1]));
    let progress = 0;
    const sliced = await runStepsAsync(nelderMeadSteps(rosenbrock, [-1.2, 1]), { sliceMs: 0, onProgress: () => (progress += 1) });
    expect(sliced).toEqual(sync);
    expect(progress).toBeGreaterThan(10);
  });

  it('stops at the next safe point when aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('settings changed'));
    await expect(runStepsAsync(nelderMeadSteps(rosenbrock, [-1.2, 1]), { sliceMs: 0, signal: controller.signal })).rejects.toThrow('settings changed');
  });
});
