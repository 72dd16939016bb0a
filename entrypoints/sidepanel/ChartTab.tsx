import { QuadrantChart } from '@/components/QuadrantChart';
import { TrendChart } from '@/components/TrendChart';
import { useText } from '@/components/text';
import { segmentHistory } from '@/lib/db/history';
import { useLive } from '@/lib/ui/use-live';
import { quadrant } from '@/lib/views/insights';
import { db, go } from './route';

/** Financial against influence value of every matched person, and how the segments moved over time. */
export function ChartTab() {
  const { t } = useText();
  const data = useLive(() => quadrant(db), []);
  const history = useLive(() => segmentHistory(db), []);
  if (data.error) return <p class="error">{data.error.message}</p>;
  if (!data.value) return <p class="muted">{t('common.loading')}</p>;
  return (
    <div class="stack">
      <h2>{t('chart.title')}</h2>
      <p class="muted">{t('chart.intro')}</p>
      {data.value.points.length === 0 ? (
        <p class="muted">{t('chart.empty')}</p>
      ) : (
        <QuadrantChart {...data.value} onOpen={(ref) => go({ person: ref })} />
      )}
      <h2>{t('chart.trends')}</h2>
      <TrendChart history={history.value ?? []} />
    </div>
  );
}
