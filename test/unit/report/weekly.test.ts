import { describe, expect, it } from 'vitest';
import { buildWeeklyReport, type ReportContribution, type ReportPerson, type WeeklyInput } from '../../../lib/report/weekly';
import { renderWeeklyHtml } from '../../../lib/report/weekly-html';
import { refreshTodo, snooze, markDone } from '../../../lib/actions/todo';
import type { ActionProposal } from '../../../lib/actions/rules';
import { localeText } from '../locale-text';

const T = Date.UTC(2026, 11, 7, 9);
const c = (date: string, extra: Partial<ReportContribution> = {}): ReportContribution => ({ platform: 'trustpilot', type: 'review', date, rating: 5, aboutOwnBrand: true, pageUrl: `https://reviews.example/${date}`, ...extra });
const person = (ref: string, extra: Partial<ReportPerson> = {}): ReportPerson => ({ personRef: ref, name: ref, customer: ref.startsWith('customer:'), segment: 'champions', followers: 100, influence: 10, contributions: [], orders: [], ...extra });
const input = (people: ReportPerson[], extra: Partial<WeeklyInput> = {}): WeeklyInput => ({ week: '2026-W49', people, actions: [], detractorMaxRating: 2.5, notProfiled: 0, currency: 'EUR', now: T, ...extra });

describe('the weekly report', () => {
  it('counts customers\' reviews and posts of the week by what they are about, not those of other weeks nor of people who are not customers', () => {
    const report = buildWeeklyReport(
      input([
        person('customer:A', { contributions: [c('2026-11-30'), c('2026-12-06', { type: 'post', rating: undefined, aboutOwnBrand: false, competitor: 'Zalando', platform: 'instagram' }), c('2026-11-29'), c('2026-12-07')] }),
        person('customer:B', { contributions: [c('2026-12-02', { aboutOwnBrand: false, rating: 3 })] }),
        person('profile:x:c', { contributions: [c('2026-12-02')] }),
      ]),
    );
    expect(report).toMatchObject({ week: '2026-W49', from: '2026-11-30', to: '2026-12-06' });
    expect(report.counts).toEqual({ own: { review: 1, post: 0, comment: 0 }, competitor: { review: 0, post: 1, comment: 0 }, other: { review: 1, post: 0, comment: 0 } });
    expect(report.items.map((i) => [i.personRef, i.about, i.date])).toEqual([
      ['customer:A', 'own', '2026-11-30'],
      ['customer:A', 'competitor', '2026-12-06'],
      ['customer:B', 'other', '2026-12-02'],
    ]);
    // The loudest voices include captured people: reach counts, not purchases.
    expect(report.loudest.map((v) => [v.personRef, v.contributions])).toEqual([
      ['customer:A', 2],
      ['customer:B', 1],
      ['profile:x:c', 1],
    ]);
  });

  it('lists a detractor with reach whose low own-brand review is of this week, at their lowest', () => {
    const report = buildWeeklyReport(
      input([
        person('profile:tp:d', { segment: 'detractor-with-reach', followers: 9000, contributions: [c('2026-12-01', { rating: 2 }), c('2026-12-03', { rating: 1 })] }),
        // An old detractor, quiet this week: not new.
        person('profile:tp:e', { segment: 'detractor-with-reach', contributions: [c('2026-10-01', { rating: 1 })] }),
        // A low review of somebody else's brand does not make a detractor of the shop.
        person('profile:tp:f', { segment: 'detractor-with-reach', contributions: [c('2026-12-01', { rating: 1, aboutOwnBrand: false })] }),
      ]),
    );
    expect(report.newDetractors.map((d) => [d.personRef, d.rating, d.link])).toEqual([['profile:tp:d', 1, 'https://reviews.example/2026-12-03']]);
    expect(report.loudest[0]!.personRef).toBe('profile:tp:d');
  });

  it('finds customers who changed channel, also by orders alone', () => {
    const report = buildWeeklyReport(
      input([
        person('customer:S', { orders: [{ date: '2026-10-01', amount: 30, channel: 'store' }, { date: '2026-12-02', amount: 30, channel: 'webshop' }] }),
        person('customer:W', { orders: [{ date: '2026-10-01', amount: 30, channel: 'webshop' }], contributions: [c('2026-12-02', { platform: 'instagram', type: 'post', rating: undefined })] }),
      ]),
    );
    expect(report.changedChannel.map((x) => [x.person, x.from, x.to])).toEqual([
      ['customer:S', ['order:store'], ['order:webshop']],
      ['customer:W', ['order:webshop'], ['platform:instagram']],
    ]);
  });

  it('flags satisfaction drops by the rule, and lists the open actions (a snoozed one whose day has come too) by expected value', () => {
    const before = Array.from({ length: 6 }, (_, i) => c(`2026-10-${String(10 + i).padStart(2, '0')}`, { rating: 5 }));
    const recent = Array.from({ length: 6 }, (_, i) => c(`2026-11-${String(10 + i).padStart(2, '0')}`, { rating: 3 }));
    const proposal = (ref: string, ev: number): ActionProposal => ({ id: `thank-champion|${ref}`, personRef: ref, kind: 'thank-champion', segment: 'champions', figures: {}, expectedValue: ev, currency: 'EUR' });
    const [a, b, d, s] = refreshTodo([], [proposal('customer:A', 10), proposal('customer:B', 30), proposal('customer:D', 99), proposal('customer:S', 5)], T - 1000).put;
    const actions = [a!, b!, markDone(d!, T - 10), snooze(s!, T - 1, T - 100)];
    const report = buildWeeklyReport(input([person('customer:A', { contributions: [...before, ...recent] })], { actions }));
    expect(report.drops).toMatchObject([{ segment: 'champions', platform: 'trustpilot', subject: 'own', before: { mean: 5, count: 6 }, recent: { mean: 3, count: 6 } }]);
    expect(report.actions).toMatchObject({ open: 3, expectedValue: 45 });
    expect(report.actions.top.map((x) => x.personRef)).toEqual(['customer:B', 'customer:A', 'customer:S']);
    expect(report.actions.bySegment).toEqual([{ segment: 'champions', kind: 'thank-champion', count: 3, expectedValue: 45 }]);
  });
});

describe('the weekly report as a page', () => {
  const hostile = '<script>alert(1)</script> & "quotes"';
  const report = buildWeeklyReport(
    input(
      [
        person('customer:X', { name: hostile, contributions: [c('2026-12-01', { text: `<img src=x onerror=alert(2)>`, pageUrl: 'javascript:alert(3)' }), c('2026-12-02', { rating: 4, pageUrl: 'https://reviews.example/a?b=1&c="2"' })] }),
      ],
      { notProfiled: 3 },
    ),
  );

  it('escapes every text from the data and links only http(s) addresses', () => {
    const html = renderWeeklyHtml(report, localeText('en'), T);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('javascript:alert(3)"');
    expect(html).not.toMatch(/href="javascript/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;');
    expect(html).toContain('href="https://reviews.example/a?b=1&amp;c=&quot;2&quot;"');
    // Self-contained: no scripts, no remote styles or images.
    expect(html).not.toMatch(/<(script|link|img|iframe)\b/i);
    expect(html).toContain('3 customers asked not to be profiled');
  });

  it('reads in Dutch and Russian too', () => {
    expect(renderWeeklyHtml(report, localeText('nl'), T)).toContain('<html lang="nl">');
    expect(renderWeeklyHtml(report, localeText('nl'), T)).toContain('Nieuwe reviews en posts van klanten');
    expect(renderWeeklyHtml(report, localeText('ru'), T)).toContain('Недельный отчёт, 2026-W49');
  });
});
