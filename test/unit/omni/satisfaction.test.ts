import { describe, expect, it } from 'vitest';
import { dayNumber, weekStart } from '../../../lib/calendar/iso-week';
import { DROP_RULE, periodsEndingWith, satisfactionDrops, satisfactionSeries, weightedSlope, type Rating } from '../../../lib/omni/satisfaction';

const rating = (week: string, value: number, extra: Partial<Rating> = {}): Rating => ({ day: weekStart(week) + 2, segment: 'champions', platform: 'trustpilot', rating: value, subject: 'own', ...extra });

/** Champions on Trustpilot: 4.6 in the eight weeks before, 3.9 in the last four (7 reviews), as in the issue. */
function theIssuesExample(): Rating[] {
  const before = ['2026-W38', '2026-W39', '2026-W40', '2026-W41', '2026-W42', '2026-W43', '2026-W44', '2026-W45'];
  const earlier = [5, 5, 4, 5, 4, 5, 4, 5, 5, 4].map((v, i) => rating(before[i % 8]!, v));
  const recent = [4, 3, 4, 5, 4, 3, 4].map((v, i) => rating(['2026-W46', '2026-W47', '2026-W48', '2026-W49'][i % 4]!, v));
  return [...earlier, ...recent];
}

describe('the drop rule', () => {
  it('flags the issue\'s example: 4.6 → 3.9 in four weeks, 7 reviews', () => {
    const [drop] = satisfactionDrops(theIssuesExample(), '2026-W49');
    expect(drop).toMatchObject({ segment: 'champions', platform: 'trustpilot', subject: 'own', before: { count: 10 }, recent: { count: 7 }, baseline: ['2026-W38', '2026-W45'], recentWeeks: ['2026-W46', '2026-W49'] });
    expect(drop!.before.mean).toBeCloseTo(4.6, 5);
    expect(drop!.recent.mean).toBeCloseTo(27 / 7, 5);
    expect(drop!.z).toBeGreaterThan(DROP_RULE.minZ);
  });

  it('needs enough ratings on both sides', () => {
    const few = theIssuesExample().filter((r, i, all) => r.day < weekStart('2026-W46') || all.slice(0, i).filter((x) => x.day >= weekStart('2026-W46')).length < 4);
    expect(few.filter((r) => r.day >= weekStart('2026-W46'))).toHaveLength(4);
    expect(satisfactionDrops(few, '2026-W49')).toEqual([]);
  });

  it('needs half a star', () => {
    const small = [...Array.from({ length: 8 }, () => rating('2026-W40', 4.5)), ...Array.from({ length: 8 }, () => rating('2026-W47', 4.1))];
    expect(satisfactionDrops(small, '2026-W49')).toEqual([]);
  });

  it('does not trust a difference the spread makes likely (the variance floor keeps identical ratings honest)', () => {
    // Five 5s, then five 4.5s: a sample variance of 0 would make this certain; the floor does not.
    const same = [...Array.from({ length: 5 }, () => rating('2026-W40', 5)), ...Array.from({ length: 5 }, () => rating('2026-W48', 4.5))];
    expect(satisfactionDrops(same, '2026-W49')).toEqual([]);
    // A widely spread recent window: 5.0 → 4.2, but 1s and 5s make it uncertain.
    const spread = [...Array.from({ length: 6 }, () => rating('2026-W40', 5)), ...[5, 5, 5, 5, 1].map((v) => rating('2026-W48', v))];
    const z = satisfactionDrops(spread, '2026-W49', { ...DROP_RULE, minZ: 0 })[0]!.z;
    expect(z).toBeLessThan(DROP_RULE.minZ);
    expect(satisfactionDrops(spread, '2026-W49')).toEqual([]);
  });

  it('windows are whole ISO weeks, across a year end: Monday of the recent window is recent, the Sunday before is baseline', () => {
    const lastWeek = '2027-W02';
    // Recent: 2026-W52 .. 2027-W02 (2026 has 53 weeks). Baseline: 2026-W44 .. 2026-W51.
    const monday = weekStart('2026-W53') - 7;
    const drop = satisfactionDrops(
      [...Array.from({ length: 5 }, () => ({ ...rating('2026-W44', 5), day: monday - 1 })), ...Array.from({ length: 5 }, () => ({ ...rating('2026-W52', 3), day: monday }))],
      lastWeek,
    );
    expect(drop[0]).toMatchObject({ baseline: ['2026-W44', '2026-W51'], recentWeeks: ['2026-W52', '2027-W02'], before: { count: 5 }, recent: { count: 5 } });
  });

  it('keeps reviews of the shop\'s own brands apart from reviews of other things', () => {
    const mixed = theIssuesExample().map((r) => (r.day >= weekStart('2026-W46') ? { ...r, subject: 'other' as const } : r));
    expect(satisfactionDrops(mixed, '2026-W49')).toEqual([]);
    const both = [...theIssuesExample(), ...theIssuesExample().map((r) => ({ ...r, subject: 'other' as const, rating: 5 }))];
    expect(satisfactionDrops(both, '2026-W49').map((d) => d.subject)).toEqual(['own']);
  });
});

describe('the series', () => {
  it('gives the mean and count per week, and the trend in stars per week', () => {
    const weeks = periodsEndingWith('week', '2026-W49', 4);
    expect(weeks).toEqual(['2026-W46', '2026-W47', '2026-W48', '2026-W49']);
    const ratings = [rating('2026-W46', 5), rating('2026-W46', 5), rating('2026-W47', 4), rating('2026-W49', 3), rating('2026-W49', 3), rating('2026-W49', 2, { subject: 'other' })];
    const [own, other] = satisfactionSeries(ratings, 'week', weeks, ['champions']);
    expect(own).toMatchObject({ subject: 'own', cells: [{ mean: 5, count: 2 }, { mean: 4, count: 1 }, null, { mean: 3, count: 2 }], total: { count: 5 } });
    // Weighted least squares by hand: x̄ = 1.4, ȳ = 4; Sxy = −2.8 + 0 − 3.2 = −6, Sxx = 3.92 + 0.16 + 5.12 = 9.2 (weights 2, 1, 2 at x = 0, 1, 3).
    expect(own!.trend).toBeCloseTo(-6 / 9.2, 10);
    expect(other).toMatchObject({ subject: 'other', total: { mean: 2, count: 1 }, trend: null });
  });

  it('by month too', () => {
    const ratings = [{ ...rating('2026-W49', 4), day: dayNumber('2026-11-30')! }, { ...rating('2026-W49', 2), day: dayNumber('2026-12-01')! }];
    const [row] = satisfactionSeries(ratings, 'month', periodsEndingWith('month', '2026-12', 2));
    expect(row!.cells).toEqual([{ mean: 4, count: 1 }, { mean: 2, count: 1 }]);
  });

  it('a slope needs three rated periods', () => {
    expect(weightedSlope([{ mean: 5, count: 1 }, { mean: 3, count: 1 }])).toBeNull();
    expect(weightedSlope([{ mean: 5, count: 1 }, null, { mean: 4, count: 1 }, { mean: 3, count: 1 }])).toBeCloseTo(-0.642857, 5);
  });
});
