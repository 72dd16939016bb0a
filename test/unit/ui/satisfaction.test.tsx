// Satisfaction over time, rendered with Preact into linkedom's DOM in English, Dutch and Russian from the real
// locale files: the drop in words, own brands apart, one labelled line per group.
import { parseHTML } from 'linkedom';
import { render } from 'preact';
import { describe, expect, it } from 'vitest';
import { SatisfactionOverTime } from '../../../components/SatisfactionOverTime';
import { TextContext } from '../../../components/text';
import { weekStart } from '../../../lib/calendar/iso-week';
import { DROP_RULE, periodsEndingWith, satisfactionDrops, satisfactionSeries, type Rating } from '../../../lib/omni/satisfaction';
import type { UiLanguage } from '../../../lib/ui/text';
import { ENGAGEMENT_SEGMENTS } from '../../../lib/value/types';
import type { SatisfactionView } from '../../../lib/views/omni';
import { localeText } from '../locale-text';

const LAST = '2026-W49';
const on = (week: string, day = 2) => weekStart(week) + day;

/** Champions on Trustpilot rated 4.8 on the whole in weeks 38-45 and 3.9 in weeks 46-49; Misers rate other things 4 throughout. */
function view(): SatisfactionView {
  const ratings: Rating[] = [];
  const champions = (week: string, values: number[]) => values.forEach((rating) => ratings.push({ day: on(week), segment: 'champions', platform: 'trustpilot', rating, subject: 'own' }));
  ['2026-W38', '2026-W40', '2026-W42', '2026-W44', '2026-W45'].forEach((w, i) => champions(w, i % 2 === 0 ? [5, 5] : [4, 5]));
  champions('2026-W46', [4, 4]);
  champions('2026-W47', [4, 3]);
  champions('2026-W48', [4]);
  champions('2026-W49', [4, 4]);
  for (const week of ['2026-W44', '2026-W46', '2026-W49']) ratings.push({ day: on(week), segment: 'misers', platform: 'google', rating: 4, subject: 'other' });
  const periods = periodsEndingWith('week', LAST, 12);
  return { period: 'week', periods, rows: satisfactionSeries(ratings, 'week', periods, ENGAGEMENT_SEGMENTS), drops: satisfactionDrops(ratings, LAST), rule: DROP_RULE };
}

function show(language: UiLanguage): Element {
  const { document } = parseHTML('<!doctype html><html><body><div id="root"></div></body></html>');
  (globalThis as unknown as { document: unknown }).document = document;
  const root = document.getElementById('root')! as unknown as Element;
  render(
    <TextContext.Provider value={localeText(language)}>
      <SatisfactionOverTime view={view()} onPeriod={() => undefined} />
    </TextContext.Provider>,
    root,
  );
  return root;
}

describe('satisfaction over time', () => {
  it('states the drop in words with the rule, and shows own brands apart from other things', () => {
    const root = show('en');
    const drops = [...root.querySelectorAll('li.bad')].map((li) => li.textContent);
    expect(drops).toEqual(['Champions on trustpilot (your brands): 4.8 → 3.9 in 4 weeks, 7 ratings']);
    expect(root.textContent).toContain('Rule: the last 4 weeks against the 8 before');
    const captions = [...root.querySelectorAll('caption')].map((c) => c.textContent);
    expect(captions).toEqual(['About your brands · 2026-W38 to 2026-W49', 'About other things · 2026-W38 to 2026-W49']);
    const lines = [...root.querySelectorAll('svg[role="img"]')].map((s) => s.getAttribute('aria-label'));
    expect(lines).toEqual(['Champions on trustpilot: 2026-W38 5 (2) first, 2026-W49 4 (2) last', 'Misers on google: 2026-W44 4 (1) first, 2026-W49 4 (1) last']);
    // The falling trend is marked and signed, in a column of its own.
    const table = root.querySelector('table.satisfaction')!;
    const columns = [...table.querySelectorAll('thead th')].map((th) => th.textContent!.trim());
    expect(columns).toEqual(['Value segment', 'Over time', 'Mean (ratings)', 'Trend per week']);
    const cells = [...table.querySelectorAll('tbody tr')[0]!.querySelectorAll('td')];
    expect(cells[1]!.textContent).toMatch(/^\d[.,]\d \(\d+\)$/);
    expect(cells[2]!.classList.contains('bad')).toBe(true);
    expect(cells[2]!.textContent).toMatch(/^−0[.,]\d\d$/);
  });

  it('folds in a narrow panel like the other tables: each figure carries the name of its column', () => {
    for (const language of ['en', 'nl', 'ru'] as const) {
      for (const table of show(language).querySelectorAll('table.satisfaction')) {
        expect(table.classList.contains('fold-narrow')).toBe(true);
        const columns = [...table.querySelectorAll('thead th')].map((th) => th.textContent!.trim());
        for (const row of table.querySelectorAll('tbody tr')) {
          expect([...row.querySelectorAll('td')].map((td) => td.getAttribute('data-label')), language).toEqual(columns.slice(1));
        }
      }
    }
  });

  it('reads in Dutch and Russian with no key left untranslated', () => {
    for (const language of ['nl', 'ru'] as const) {
      const root = show(language);
      expect(root.textContent).not.toMatch(/omni\.|report\.|segment\./);
      expect(root.querySelectorAll('svg[role="img"]').length).toBe(2);
    }
    expect(show('nl').textContent).toContain('Kampioenen op trustpilot (je merken): 4,8 → 3,9 in 4 weken, 7 beoordelingen');
    expect(show('ru').querySelector('h2')!.textContent).toBe('Удовлетворённость во времени');
  });
});
