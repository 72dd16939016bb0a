import { describe, expect, it } from 'vitest';
import { memo, pairMemo } from '../../../lib/match/memo';

describe('pairMemo', () => {
  it('works a pair out once and tells (a, b) from (b, a) and from other pairs', () => {
    const calls: string[] = [];
    const joined = pairMemo((a: string, b: string) => {
      calls.push(`${a}|${b}`);
      return `${a}-${b}`;
    });
    expect(joined('anna', 'anne')).toBe('anna-anne');
    expect(joined('anne', 'anna')).toBe('anne-anna');
    expect(joined('anna', 'anne')).toBe('anna-anne');
    expect(joined('anna', 'ann')).toBe('anna-ann');
    expect(calls).toEqual(['anna|anne', 'anne|anna', 'anna|ann']);
  });

  it('keeps answers right past its limit, and recent pairs cached', () => {
    let calls = 0;
    const sum = pairMemo((a: string, b: string) => {
      calls++;
      return Number(a) + Number(b);
    }, 4);
    for (let i = 0; i < 20; i++) expect(sum(String(i), String(i * 2))).toBe(i * 3);
    const before = calls;
    // The latest pairs are still held (in the young or the old generation).
    for (let i = 16; i < 20; i++) expect(sum(String(i), String(i * 2))).toBe(i * 3);
    expect(calls).toBe(before);
    // The earliest are gone, and worked out again, rightly.
    expect(sum('0', '0')).toBe(0);
    expect(calls).toBe(before + 1);
  });

  it('caches an undefined or null answer too', () => {
    let calls = 0;
    const nothing = pairMemo((): null => {
      calls++;
      return null;
    });
    nothing('a', 'b');
    nothing('a', 'b');
    expect(calls).toBe(1);
    const single = memo((): undefined => {
      calls++;
      return undefined;
    });
    single('a');
    single('a');
    expect(calls).toBe(2);
  });
});
