// When the data cannot carry a purchase model (lib/value/thresholds.ts).
import { describe, expect, it } from 'vitest';
import { dataRefusal, historyDays, MIN_BUYERS, MIN_HISTORY_DAYS, MIN_REPEAT_BUYERS } from '../../../lib/value/thresholds';

const buyer = (x: number, firstPurchase: string) => ({ purchases: x + 1, x, firstPurchase });

describe('the data thresholds', () => {
  it('measure the history from the earliest first purchase', () => {
    expect(historyDays([buyer(0, '2024-03-01'), buyer(1, '2024-01-01'), { firstPurchase: null }], '2024-12-31')).toBe(365);
    expect(historyDays([], '2024-12-31')).toBe(0);
  });

  it('refuse in order: buyers, history, repeat buyers, each with its numbers', () => {
    const old = '2023-01-01';
    const many = (n: number, repeat: number, first = old) => Array.from({ length: n }, (_, i) => buyer(i < repeat ? 1 : 0, first));
    expect(dataRefusal(many(MIN_BUYERS - 1, 100), '2024-12-31')).toMatchObject({ code: 'too-few-buyers', figures: { buyers: MIN_BUYERS - 1, needed: MIN_BUYERS } });
    expect(dataRefusal(many(MIN_BUYERS, 100, '2024-10-01'), '2024-12-31')).toMatchObject({
      code: 'too-short-history',
      figures: { days: 91, needed: MIN_HISTORY_DAYS },
    });
    expect(dataRefusal(many(MIN_BUYERS, MIN_REPEAT_BUYERS - 1), '2024-12-31')).toEqual({
      code: 'too-few-repeat-buyers',
      figures: { repeatBuyers: MIN_REPEAT_BUYERS - 1, buyers: MIN_BUYERS, needed: MIN_REPEAT_BUYERS },
      message: `only ${MIN_REPEAT_BUYERS - 1} of ${MIN_BUYERS} customers bought more than once up to 2024-12-31; a model of repeat buying needs at least ${MIN_REPEAT_BUYERS} repeat buyers`,
    });
    expect(dataRefusal(many(MIN_BUYERS, MIN_REPEAT_BUYERS), '2024-12-31')).toBeNull();
  });
});
