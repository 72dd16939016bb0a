/**
 * The drop rule on hand-made histories: a site's usual people per page against
 * its last pages.
 */
import { describe, expect, it } from 'vitest';
import { DROP_RULE, HEALTH_LIMITS, detectDrop, withSample, type SiteHealth } from '../../../lib/capture/health';

const HOUR = 3_600_000;

/** A history of pages read an hour apart, with these people counts. */
function history(people: number[]): SiteHealth {
  return people.reduce<SiteHealth | undefined>((h, n, i) => withSample(h, { page: `p${i}`, at: i * HOUR, people: n }), undefined)!;
}

describe('the drop rule', () => {
  it('a site reading as usual shows no drop (pages vary, some empty)', () => {
    expect(detectDrop(history([10, 12, 0, 9, 11, 10, 8, 0, 12, 9]))).toBeUndefined();
  });

  it('the last five pages below a third of the usual per page: a drop, with the figures', () => {
    const drop = detectDrop(history([10, 12, 9, 11, 10, 10, 3, 2, 4, 3, 3]));
    expect(drop).toEqual({ recentPerPage: 3, usualPerPage: 10, recentPages: 5, since: 6 * HOUR });
  });

  it('exactly a third is not a drop; just under it is', () => {
    expect(detectDrop(history([9, 9, 9, 9, 9, 3, 3, 3, 3, 3]))).toBeUndefined();
    expect(detectDrop(history([9, 9, 9, 9, 9, 3, 3, 3, 3, 2]))).toBeDefined();
  });

  it('the last five pages yielded nobody: a drop', () => {
    expect(detectDrop(history([2, 1, 2, 1, 2, 0, 0, 0, 0, 0]))?.recentPerPage).toBe(0);
  });

  it('one bad page among good ones is not a drop', () => {
    expect(detectDrop(history([10, 10, 10, 10, 10, 10, 10, 0, 10, 10]))).toBeUndefined();
  });

  it('too little history, or a site that usually yields under one person per page, tells nothing', () => {
    expect(detectDrop(history([10, 10, 10, 10, 0, 0, 0, 0, 0]))).toBeUndefined();
    expect(detectDrop(history([0, 1, 0, 0, 1, 0, 0, 0, 0, 0]))).toBeUndefined();
    expect(detectDrop(undefined)).toBeUndefined();
    expect(DROP_RULE.recent + DROP_RULE.baseline).toBe(10);
  });

  it('a recovery clears the drop', () => {
    expect(detectDrop(history([10, 10, 10, 10, 10, 10, 0, 0, 0, 0, 0]))).toBeDefined();
    expect(detectDrop(history([10, 10, 10, 10, 10, 10, 0, 0, 0, 0, 0, 10, 10, 10, 10, 10]))).toBeUndefined();
  });
});

describe('the history', () => {
  it('the same page read again within the hour is one page, with its latest figure', () => {
    let h = withSample(undefined, { page: 'u', at: 0, people: 5 });
    h = withSample(h, { page: 'u', at: HOUR - 1, people: 8 });
    expect(h).toEqual({ pages: 1, samples: [{ page: 'u', at: HOUR - 1, people: 8 }] });
    h = withSample(h, { page: 'u', at: 3 * HOUR, people: 2 });
    expect(h.pages).toBe(2);
    expect(h.samples.map((s) => s.people)).toEqual([8, 2]);
  });

  it('keeps the last pages only, and counts every page read', () => {
    const h = history(Array.from({ length: 100 }, (_, i) => i));
    expect(h.pages).toBe(100);
    expect(h.samples).toHaveLength(HEALTH_LIMITS.samples);
    expect(h.samples[0]!.people).toBe(100 - HEALTH_LIMITS.samples);
  });
});
