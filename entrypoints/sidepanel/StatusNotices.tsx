import { AsyncButton } from '@/components/AsyncButton';
import { useText } from '@/components/text';
import { pendingWork } from '@/lib/background/work';
import { brokenSiteCounts } from '@/lib/db/captures';
import { storageProblem } from '@/lib/db/storage';
import { valueProblem } from '@/lib/db/values';
import { send } from '@/lib/ext/messaging';
import { readSettings } from '@/lib/ext/settings';
import { useLive } from '@/lib/ui/live';
import { db } from './route';

/**
 * What the user should know right now, never swallowed: storage is full (with
 * the way out), values could not be computed (and why), a site's layout
 * changed so Earshot cannot read it, work still running.
 */
export function StatusNotices() {
  const text = useText();
  const { t } = text;
  const state = useLive(async () => {
    const [work, storage, value, broken] = await Promise.all([pendingWork(db), storageProblem(db), valueProblem(db), brokenSiteCounts(db)]);
    return { work, storage, value, broken: Object.entries(broken).sort((a, b) => b[1].lastAt - a[1].lastAt) };
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
      {s.broken.length > 0 && (
        <details class="notice">
          <summary>{t('notices.broken', s.broken.map(([site]) => site).join(', '))}</summary>
          <ul class="plain">
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
