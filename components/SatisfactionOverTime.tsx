import type { Period } from '../lib/calendar/iso-week';
import type { Mean, SeriesRow, Subject } from '../lib/omni/satisfaction';
import { dropSentence, ruleSentence } from '../lib/report/weekly-html';
import type { EngagementSegment } from '../lib/value/types';
import type { SatisfactionView } from '../lib/views/omni';
import { SegmentBadge, segmentKey } from './Segment';
import { useText } from './text';

const W = 72;
const H = 28;
const PAD = 3;
const SUBJECTS: readonly Subject[] = ['own', 'other'];

/**
 * Satisfaction per segment per platform over time: the drops the rule flags
 * now (in words, with the rule), then per subject (the shop's own brands
 * apart from other things) one row per group with its means as a small line,
 * the mean over the periods with its count, and the trend. In a narrow side
 * panel the table folds like the segments' tables: one block per group, each
 * figure after its column's name. Each line is an image whose label says what
 * it shows; the numbers beside it are text.
 */
export function SatisfactionOverTime({ view, onPeriod }: { view: SatisfactionView; onPeriod: (period: Period) => void }) {
  const text = useText();
  const { t } = text;
  const first = view.periods[0]!;
  const last = view.periods.at(-1)!;
  const trendHeading = t(view.period === 'week' ? 'omni.trendPerWeek' : 'omni.trendPerMonth', t('omni.satisfactionTrend'));
  return (
    <>
      <h2>{t('omni.satisfactionTitle')}</h2>
      <p class="muted">{t('omni.satisfactionIntro')}</p>
      <fieldset class="row">
        <legend>{t('omni.satisfactionPeriod')}</legend>
        {(['week', 'month'] as const).map((p) => (
          <label key={p} class="check">
            <input type="radio" name="satisfaction-period" checked={view.period === p} onChange={() => onPeriod(p)} /> {t(p === 'week' ? 'omni.satisfactionWeeks' : 'omni.satisfactionMonths')}
          </label>
        ))}
      </fieldset>
      {view.drops.length > 0 ? (
        <ul class="stack tight" aria-label={t('report.satisfaction')}>
          {view.drops.map((d) => (
            <li key={`${d.segment}|${d.platform}|${d.subject}`} class="bad">
              {dropSentence(text, d, view.rule)}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('omni.noDrops')}</p>
      )}
      <p class="muted">{ruleSentence(text, view.rule)}</p>
      {view.rows.length === 0 ? (
        <p class="muted">{t('omni.satisfactionEmpty')}</p>
      ) : (
        SUBJECTS.map((subject) => {
          const rows = view.rows.filter((r) => r.subject === subject);
          if (rows.length === 0) return null;
          return (
            <div key={subject} class="table-scroll">
              <table class="satisfaction fold-narrow">
                <caption class="caption">
                  {t(`report.about_${subject}`)} · {t('omni.satisfactionCaption', first, last)}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t('common.segment')}</th>
                    <th scope="col">{t('omni.satisfactionChart')}</th>
                    <th scope="col" class="num">
                      {t('omni.satisfactionMean')}
                    </th>
                    <th scope="col" class="num">
                      {trendHeading}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row) => (
                    <SeriesLine key={`${row.segment}|${row.platform}`} row={row} periods={view.periods} trendHeading={trendHeading} />
                  ))}
                </tbody>
              </table>
            </div>
          );
        })
      )}
    </>
  );
}

function SeriesLine({ row, periods, trendHeading }: { row: SeriesRow; periods: readonly string[]; trendHeading: string }) {
  const text = useText();
  const { t } = text;
  const segment = row.segment as EngagementSegment;
  const meanCount = (m: Mean) => t('omni.meanCount', text.number(m.mean, 1), text.number(m.count));
  const rated = row.cells.flatMap((c, i) => (c ? [{ i, c }] : []));
  const x = (i: number) => PAD + (periods.length > 1 ? (i / (periods.length - 1)) * (W - 2 * PAD) : (W - 2 * PAD) / 2);
  // Stars 1 to 5, top to bottom.
  const y = (mean: number) => PAD + ((5 - mean) / 4) * (H - 2 * PAD);
  const firstRated = rated[0]!;
  const lastRated = rated.at(-1)!;
  const label = t(
    'omni.satisfactionLine',
    t(segmentKey(segment)),
    row.platform,
    `${periods[firstRated.i]} ${meanCount(firstRated.c)}`,
    `${periods[lastRated.i]} ${meanCount(lastRated.c)}`,
  );
  // Stars per period, signed; the column's header names the period.
  const trend = row.trend === null ? '—' : `${row.trend > 0 ? '+' : row.trend < 0 ? '−' : '±'}${text.number(Math.abs(row.trend), 2)}`;
  return (
    <tr>
      <th scope="row">
        <SegmentBadge segment={segment} /> <span class="muted platform-name">{row.platform}</span>
      </th>
      <td data-label={t('omni.satisfactionChart')}>
        <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={label} class="spark">
          <line class="axis" x1={PAD} x2={W - PAD} y1={y(3)} y2={y(3)} />
          {rated.length > 1 ? <polyline fill="none" class="spark-line" points={rated.map(({ i, c }) => `${x(i).toFixed(1)},${y(c.mean).toFixed(1)}`).join(' ')} /> : null}
          {rated.map(({ i, c }) => (
            // A point's size says how many ratings its mean rests on.
            <circle key={i} cx={x(i)} cy={y(c.mean)} r={Math.min(3.5, 1.2 + Math.sqrt(c.count) / 2)} class="spark-point" />
          ))}
        </svg>
      </td>
      <td class="num" data-label={t('omni.satisfactionMean')}>
        {meanCount(row.total)}
      </td>
      <td class={`num ${row.trend !== null && row.trend < 0 ? 'bad' : ''}`} data-label={trendHeading}>
        {trend}
      </td>
    </tr>
  );
}
