import { SegmentBadge, segmentKey } from '@/components/Segment';
import { ChannelHeatmap } from '@/components/ChannelHeatmap';
import { SatisfactionOverTime } from '@/components/SatisfactionOverTime';
import { satisfactionOf } from '@/lib/views/omni';
import type { Period } from '@/lib/calendar/iso-week';
import { useState } from 'preact/hooks';
import { useText } from '@/components/text';
import { valueRunInfo } from '@/lib/db/values';
import { useLive } from '@/lib/ui/use-live';
import { ENGAGEMENT_SEGMENTS } from '@/lib/value/types';
import { channels, segmentSummaries } from '@/lib/views/insights';
import { db } from './route';

/** A table's column headers: the rows' name, then figures (right-aligned), then words. */
function HeadRow({ first, numbers, words = [] }: { first: string; numbers: readonly string[]; words?: readonly string[] }) {
  return (
    <thead>
      <tr>
        <th scope="col">{first}</th>
        {numbers.map((label) => (
          <th key={label} scope="col" class="num">
            {label}
          </th>
        ))}
        {words.map((label) => (
          <th key={label} scope="col">
            {label}
          </th>
        ))}
      </tr>
    </thead>
  );
}

/** Counts and value per segment; which channels the customers use, when, and how each segment rates there. */
export function SegmentsTab() {
  const text = useText();
  const { t } = text;
  const segments = useLive(() => segmentSummaries(db), []);
  const perChannel = useLive(() => channels(db), []);
  const [period, setPeriod] = useState<Period>('week');
  // 12 weeks covers the drop rule's 4 + 8; 12 months a year of trend.
  const satisfaction = useLive(() => satisfactionOf(db, period, 12, Date.now()), [period]);
  const currency = useLive(async () => (await valueRunInfo(db))?.settings.currency ?? 'EUR', []);
  const money = (n: number) => text.money(n, currency.value ?? 'EUR');
  return (
    <div class="stack">
      <h2>{t('segments.title')}</h2>
      {!segments.value ? (
        <p class="muted">{t('common.loading')}</p>
      ) : (
        <>
          <div class="table-scroll">
            <table class="fold-narrow">
              <caption class="caption muted">{t('segments.caption')}</caption>
              <HeadRow first={t('common.segment')} numbers={[t('common.customers'), t('segments.netTotal'), t('segments.netMean'), t('segments.engagementMean'), t('segments.meanInfluence')]} />
              <tbody>
                {segments.value.customers.map((s) => (
                  <tr key={s.segment}>
                    <th scope="row">
                      <SegmentBadge segment={s.segment} />
                    </th>
                    <td class="num" data-label={t('common.customers')}>
                      {text.number(s.customers)}
                    </td>
                    <td class={`num ${s.netValue < 0 ? 'bad' : ''}`} data-label={t('segments.netTotal')}>
                      {money(s.netValue)}
                    </td>
                    <td class={`num ${s.meanNetValue < 0 ? 'bad' : ''}`} data-label={t('segments.netMean')}>
                      {s.customers > 0 ? money(s.meanNetValue) : '—'}
                    </td>
                    <td class="num" data-label={t('segments.engagementMean')}>
                      {s.customers > 0 ? money(s.meanEngagementValue) : '—'}
                    </td>
                    <td class="num" data-label={t('segments.meanInfluence')}>
                      {s.customers > 0 ? text.number(s.meanInfluence) : '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p class="muted">
            {t('segments.others', text.number(segments.value.others.people), text.number(segments.value.others.meanInfluence), text.number(segments.value.others.influential))}
          </p>
        </>
      )}

      <ChannelHeatmap db={db} />

      {satisfaction.value ? <SatisfactionOverTime view={satisfaction.value} onPeriod={setPeriod} /> : <p class="muted">{t('common.loading')}</p>}

      <h2>{t('channels.title')}</h2>
      <p class="muted">{t('channels.intro')}</p>
      {!perChannel.value ? (
        <p class="muted">{t('common.loading')}</p>
      ) : perChannel.value.length === 0 ? (
        <p class="muted">{t('channels.empty')}</p>
      ) : (
        <>
          <div class="table-scroll">
            <table class="fold-narrow">
              <caption class="caption muted">{t('channels.caption')}</caption>
              <HeadRow first={t('people.platform')} numbers={[t('common.customers'), t('channels.others'), t('channels.contributions')]} words={[t('channels.busiest'), t('channels.lastSeen')]} />
              <tbody>
                {perChannel.value.map((c) => {
                  const busiest = Object.entries(c.byMonth).sort((a, b) => b[1] - a[1])[0];
                  return (
                    <tr key={c.platform}>
                      <th scope="row">{c.platform}</th>
                      <td class="num" data-label={t('common.customers')}>
                        {text.number(c.customers)}
                      </td>
                      <td class="num" data-label={t('channels.others')}>
                        {text.number(c.others)}
                      </td>
                      <td class="num" data-label={t('channels.contributions')}>
                        {text.number(c.contributions)}
                      </td>
                      <td data-label={t('channels.busiest')}>{busiest ? `${busiest[0]} (${text.number(busiest[1])})` : '—'}</td>
                      <td data-label={t('channels.lastSeen')}>{c.lastSeenAt > 0 ? text.date(c.lastSeenAt) : '—'}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <div class="table-scroll">
            <table class="fold-narrow">
              <caption class="caption muted">{t('channels.ratings')}</caption>
              <HeadRow first={t('people.platform')} numbers={ENGAGEMENT_SEGMENTS.map((s) => t(segmentKey(s)))} />
              <tbody>
                {perChannel.value.map((c) => (
                  <tr key={c.platform}>
                    <th scope="row">{c.platform}</th>
                    {ENGAGEMENT_SEGMENTS.map((s) => {
                      const r = c.ratingBySegment[s];
                      // Folded in a narrow panel, a segment nobody rated in is left out of the platform's line.
                      return (
                        <td key={s} class={r ? 'num' : 'num unrated'} data-label={t(segmentKey(s))}>
                          {r ? t('omni.meanCount', text.number(r.mean, 1), text.number(r.count)) : '—'}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
