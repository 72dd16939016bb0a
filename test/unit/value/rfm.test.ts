import { describe, expect, it } from 'vitest';
import { RFM_GRID, quintileScores, rfmScores, rfmSegment } from '../../../lib/value/rfm';
import { RFM_SEGMENTS, type CustomerSummary } from '../../../lib/value/types';

function customer(customerId: string, daysSinceLastPurchase: number | null, purchases: number, meanPurchaseValue: number): CustomerSummary {
  return {
    customerId,
    orders: purchases,
    purchases,
    refunds: 0,
    firstPurchase: purchases ? '2024-01-01' : null,
    lastPurchase: purchases ? '2024-06-01' : null,
    daysSinceLastPurchase,
    x: Math.max(0, purchases - 1),
    tx: 0,
    T: 0,
    m: 0,
    revenue: meanPurchaseValue * purchases,
    meanPurchaseValue,
    costToServe: 0,
  };
}

// Ten customers, scored by hand (see the comments): mid-rank p = (below + equal/2) / 10, score = 1 + ⌊5p⌋.
const TABLE: [string, number, number, number, string, string][] = [
  // id, days since last purchase, purchase days, mean spend, expected RFM, expected segment
  ['A', 1, 1, 120, '514', 'potential-loyalist'], // R: most recent → 5; F: ties with J at 1 → p 0.1 → 1; M: 8th of 10 → 4; FM ⌊(1+4+1)/2⌋ = 3
  ['B', 3, 9, 220, '555', 'champions'],
  ['C', 8, 2, 35, '422', 'potential-loyalist'], // F: tie with I at 2 → p 0.3 → 2
  ['D', 15, 6, 95, '444', 'champions'],
  ['E', 30, 3, 60, '333', 'need-attention'],
  ['F', 45, 4, 45, '333', 'need-attention'],
  ['G', 120, 7, 20, '251', 'at-risk'], // buys often, cheaply, not lately: FM ⌊(5+1+1)/2⌋ = 3
  ['H', 200, 5, 150, '245', 'cannot-lose-them'], // FM ⌊(4+5+1)/2⌋ = 5
  ['I', 365, 2, 25, '122', 'lost'],
  ['J', 700, 1, 10, '111', 'lost'],
];

describe('RFM scores and segments', () => {
  it('scores a hand-checked table', () => {
    const scores = rfmScores(TABLE.map(([id, days, purchases, spend]) => customer(id, days, purchases, spend)));
    TABLE.forEach(([id, , , , code, segment], i) => {
      expect({ id, code: scores[i]!.code, segment: scores[i]!.segment }).toEqual({ id, code, segment });
    });
    expect(scores[0]!.recency).toEqual({ value: 5, formula: 'rfm.recency', inputs: { daysSinceLastPurchase: 1, percentile: 0.95, customers: 10 } });
    expect(scores[0]!.frequency.inputs.percentile).toBe(0.1);
  });

  it('gives the same scores whatever order the customers come in', () => {
    const customers = TABLE.map(([id, days, purchases, spend]) => customer(id, days, purchases, spend));
    const reversed = rfmScores([...customers].reverse()).reverse();
    expect(reversed.map((s) => s!.code)).toEqual(rfmScores(customers).map((s) => s!.code));
  });

  it('puts exactly a fifth in each score without ties, and equal values in the middle', () => {
    for (const n of [5, 10, 100, 1000]) {
      const { scores } = quintileScores(Array.from({ length: n }, (_, i) => (i * 7919) % n)); // a permutation of 0..n−1
      for (let s = 1; s <= 5; s++) expect(scores.filter((x) => x === s)).toHaveLength(n / 5);
    }
    expect([...quintileScores([4, 4, 4, 4]).scores]).toEqual([3, 3, 3, 3]);
    expect([...quintileScores([7]).scores]).toEqual([3]);
    // 6 of 10 share the lowest value: their middle member sits at p = 0.3 → score 2; the rest rank above.
    expect([...quintileScores([1, 1, 1, 1, 1, 1, 2, 3, 4, 5]).scores]).toEqual([2, 2, 2, 2, 2, 2, 4, 4, 5, 5]);
  });

  it('leaves customers without purchases unscored', () => {
    const scores = rfmScores([customer('A', 3, 2, 10), customer('NONE', null, 0, 0)]);
    expect(scores[0]!.code).toBe('333');
    expect(scores[1]).toBeNull();
  });

  it('maps every cell of the grid to one of the eleven segment names, each used', () => {
    const used = new Set<string>();
    for (let r = 1; r <= 5; r++) for (let fm = 1; fm <= 5; fm++) used.add(rfmSegment(r, fm));
    expect([...used].sort()).toEqual([...RFM_SEGMENTS].sort());
    expect(RFM_GRID).toHaveLength(5);
    expect(() => rfmSegment(0, 3)).toThrow(RangeError);
  });
});
