// The segment trend: one line per segment on its own scale, first and last count beside it, points by date.
import { parseHTML } from 'linkedom';
import { render } from 'preact';
import { describe, expect, it } from 'vitest';
import { TextContext } from '../../../components/text';
import { TrendChart } from '../../../components/TrendChart';
import type { SegmentSnapshot } from '../../../lib/db/history';
import { localeText } from '../locale-text';

function chart(history: SegmentSnapshot[]): Element {
  const { document } = parseHTML('<!doctype html><html><body><div id="root"></div></body></html>');
  (globalThis as unknown as { document: unknown }).document = document;
  const root = document.getElementById('root')! as unknown as Element;
  render(
    <TextContext.Provider value={localeText('nl')}>
      <TrendChart history={history} />
    </TextContext.Provider>,
    root,
  );
  return root;
}

const history: SegmentSnapshot[] = [
  { day: '2026-11-01', counts: { misers: 2900, champions: 1 }, linked: 10 },
  { day: '2026-11-02', counts: { misers: 2950, champions: 2 }, linked: 11 },
  // Four days without a record: the browser was closed.
  { day: '2026-11-07', counts: { misers: 3014, champions: 4 }, linked: 12 },
];

describe('the segment trend', () => {
  it('shows each segment that had people on its own scale, with its first and last count', () => {
    const root = chart(history);
    const rows = [...root.querySelectorAll('tr')].map((tr) => [tr.querySelector('.segment-name')?.textContent, tr.querySelector('td.num')?.textContent]);
    expect(rows).toEqual([
      ['Kampioenen', '1 → 4'],
      ['Zuinigen', '2.900 → 3.014'],
    ]);
    // Both lines use the whole height: the Champions' few people are as visible as the Misers' thousands.
    const ys = [...root.querySelectorAll('polyline')].map((p) => (p.getAttribute('points') ?? '').split(' ').map((xy) => Number(xy.split(',')[1])));
    for (const y of ys) expect(Math.max(...y) - Math.min(...y)).toBeCloseTo(24, 5);
  });

  it('places the days by date, so a gap reads as a gap', () => {
    const xs = (chart(history).querySelector('polyline')!.getAttribute('points') ?? '').split(' ').map((xy) => Number(xy.split(',')[0]));
    expect(xs).toEqual([0, (1 / 6) * 200, 200].map((x) => Number(x.toFixed(1))));
  });

  it('waits for a second day', () => {
    expect(chart(history.slice(0, 1)).textContent).toBe(localeText('nl').t('chart.noTrend'));
  });
});
