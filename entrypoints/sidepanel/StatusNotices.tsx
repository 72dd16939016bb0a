import { AsyncButton } from '@/components/AsyncButton';
import { useText } from '@/components/text';
import { pendingWork } from '@/lib/background/work';
import { brokenSiteCounts, layoutDrops } from '@/lib/db/captures';
import { storageProblem } from '@/lib/db/storage';
import { valueProblem } from '@/lib/db/values';
import { send } from '@/lib/ext/messaging';
import { readSettings } from '@/lib/ext/settings';
import { useLive } from '@/lib/ui/use-live';
import { db } from './route';

/**
 * What the user should know right now, never swallowed: storage is full (with
 * the way out), values could not be computed (and why), a site's layout
 * changed so Earshot cannot read it (reported as broken, or seen as a sudden
 * drop in people per page), work still running.
 */
export function StatusNotices() {
  const text = useText();
  const { t } = text;
  const state = useLive(async () => {
    const [work, storage, value, broken, drops] = await Promise.all([pendingWork(db), storageProblem(db), valueProblem(db), brokenSiteCounts(db), layoutDrops(db)]);
    return { work, storage, value, broken: Object.entries(broken).sort((a, b) => b[1].lastAt - a[1].lastAt), drops };
  }, []);
  const s = state.value;
  if (!s) return null;
  return (
    <>
      {s.storage && (
        <div class="notice stack tight" role="alert">
          <p class="bad">{t('notices.storage', text.dateTime(s.storage.at))}</p>
          <AsyncButton
            label={t('notices.prune')}
            busyLabel={t('common.saving')}
            onClick={async () => {
              const { retentionDays } = await readSettings();
              await send('data/prune', { olderThanDays: retentionDays });
            }}
          />
        </div>
      )}
      {s.value && (
        <p class="notice bad" role="alert">
          {s.value.kind === 'currency' ? t('notices.currency', s.value.currencies.join(', '), text.number(s.value.refusedOrders)) : t('notices.valueInput', s.value.message)}
        </p>
      )}
      {(s.broken.length > 0 || s.drops.length > 0) && (
        <details class="notice">
          <summary>{t('notices.broken', [...new Set([...s.drops, ...s.broken].map(([site]) => site))].join(', '))}</summary>
          <ul class="plain">
            {s.drops.map(([site, d]) => (
              <li key={`drop-${site}`}>
                {t('notices.drop', site, text.number(d.recentPages), text.number(d.recentPerPage, 1), text.number(d.usualPerPage, 1), text.dateTime(d.since))}
              </li>
            ))}
            {s.broken.map(([site, b]) => (
              <li key={site}>{t('notices.brokenSite', site, text.number(b.count), text.dateTime(b.lastAt), b.lastProblem)}</li>
            ))}
          </ul>
        </details>
      )}
      {s.work && (
        <p class="notice muted" role="status">
          {t('sidepanel.working')}
        </p>
      )}
    </>
  );
}
