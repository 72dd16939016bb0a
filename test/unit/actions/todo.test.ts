import { describe, expect, it } from 'vitest';
import { isDue, markDone, refreshTodo, reopen, snooze } from '../../../lib/actions/todo';
import type { ActionProposal } from '../../../lib/actions/rules';
import { Action } from '../../../lib/model';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 11, 7);
const proposal = (personRef: string, expectedValue = 10): ActionProposal => ({ id: `thank-champion|${personRef}`, personRef, kind: 'thank-champion', segment: 'champions', figures: { netValue: 100 }, expectedValue, currency: 'EUR' });

describe('the to-do list', () => {
  it('keeps what people did across a refresh, updates figures, drops open actions whose reason is gone, keeps the done ones', () => {
    const first = refreshTodo([], [proposal('customer:A'), proposal('customer:B'), proposal('customer:C'), proposal('customer:D')], T0).put;
    expect(first.every((a) => Action.safeParse(a).success && a.status === 'open')).toBe(true);
    const [a, b, c, d] = first;
    const stored = [markDone(a!, T0 + 1), snooze(b!, T0 + 7 * DAY, T0 + 1), c!, markDone(d!, T0 + 1)];
    // A and B still apply (with new figures); C and D no longer do.
    const next = refreshTodo(stored, [proposal('customer:A', 99), proposal('customer:B', 50)], T0 + DAY);
    expect(next.remove).toEqual(['thank-champion|customer:C']);
    expect(next.put.map((x) => [x.personRef, x.status, x.expectedValue, x.createdAt])).toEqual([
      ['customer:A', 'done', 99, T0],
      ['customer:B', 'snoozed', 50, T0],
    ]);
    expect(next.put[1]!.snoozedUntil).toBe(T0 + 7 * DAY);
  });

  it('a snoozed action comes back on its day; done and reopen change the state both ways', () => {
    const [a] = refreshTodo([], [proposal('customer:A')], T0).put;
    const snoozed = snooze(a!, T0 + DAY, T0);
    expect(isDue(snoozed, T0 + DAY - 1)).toBe(false);
    expect(isDue(snoozed, T0 + DAY)).toBe(true);
    const done = markDone(snoozed, T0 + 2);
    expect(done).toMatchObject({ status: 'done', doneAt: T0 + 2 });
    expect(done.snoozedUntil).toBeUndefined();
    expect(isDue(done, T0 + 10 * DAY)).toBe(false);
    expect(reopen(done, T0 + 3)).toMatchObject({ status: 'open', updatedAt: T0 + 3 });
    expect(reopen(done, T0 + 3).doneAt).toBeUndefined();
    expect(() => snooze(a!, T0, T0)).toThrow(/future.*thank-champion\|customer:A/);
  });
});
