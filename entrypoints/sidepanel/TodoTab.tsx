import { useEffect, useState } from 'preact/hooks';
import { AsyncButton } from '@/components/AsyncButton';
import { SegmentBadge } from '@/components/Segment';
import { useText } from '@/components/text';
import { isDue } from '@/lib/actions/todo';
import { actionReason, actionTitle, tasksSentInWords } from '@/lib/actions/words';
import { send } from '@/lib/ext/messaging';
import { Action, customerIdOf } from '@/lib/model';
import type { EngagementSegment } from '@/lib/value/types';
import { useLive } from '@/lib/ui/use-live';
import { db, go } from './route';

/** The to-do list: next best actions, the most valuable first, with done and snooze. */
export function TodoTab() {
  const text = useText();
  const { t } = text;
  const [showAll, setShowAll] = useState(false);
  const [refreshed, setRefreshed] = useState(false);
  const [sent, setSent] = useState<string | null>(null);
  /** Queue these actions (or every open one) as CRM tasks and say what happened. */
  const sendToCrm = async (ids?: string[]) => setSent(tasksSentInWords(text, await send('actions/send', ids ? { ids } : {})));
  useEffect(() => {
    void send('actions/refresh', {}).finally(() => setRefreshed(true));
  }, []);
  const list = useLive(async () => {
    const actions = (await db.actions.orderBy('[status+expectedValue]').reverse().toArray()).flatMap((a) => {
      const parsed = Action.safeParse(a);
      return parsed.success ? [parsed.data] : [];
    });
    const names = new Map((await db.people.bulkGet([...new Set(actions.map((a) => a.personRef))])).flatMap((p) => (p ? [[p.ref, p.name] as const] : [])));
    return { actions, names };
  }, []);
  if (!list.value) return <p class="muted">{t('common.loading')}</p>;
  const now = Date.now();
  const due = list.value.actions.filter((a) => isDue(a, now)).sort((a, b) => b.expectedValue - a.expectedValue);
  const rest = list.value.actions.filter((a) => !isDue(a, now));
  const shown = showAll ? [...due, ...rest] : due;
  return (
    <div class="stack">
      <h2>{t('actions.title')}</h2>
      <p class="muted">{t('actions.intro')}</p>
      {due.some((a) => customerIdOf(a.personRef) !== null) ? <AsyncButton label={t('actions.sendAll')} busyLabel={t('actions.sending')} onClick={() => sendToCrm()} /> : null}
      {sent ? <p role="status">{sent}</p> : null}
      {shown.length === 0 ? (
        <p class="muted">{refreshed ? t('actions.empty') : t('common.loading')}</p>
      ) : (
        <ul class="todo" aria-label={t('actions.title')}>
          {shown.map((a) => (
            <li key={a.id} data-action={a.id}>
              <div class="row">
                <strong>{actionTitle(text, a.kind)}</strong>
                <span class="muted">{t('actions.expected', text.money(a.expectedValue, a.currency))}</span>
              </div>
              <div class="row">
                <a href={`#tab=todo&person=${encodeURIComponent(a.personRef)}`} onClick={(e) => (e.preventDefault(), go({ person: a.personRef }))}>
                  {list.value!.names.get(a.personRef) ?? a.personRef}
                </a>
                <SegmentBadge segment={a.segment as EngagementSegment} />
              </div>
              <p class="muted">{actionReason(text, a)}</p>
              <div class="row">
                {a.link && /^https?:\/\//i.test(a.link) ? (
                  <a href={a.link} target="_blank" rel="noreferrer">
                    {t('actions.openLink')}
                  </a>
                ) : null}
                {a.status === 'snoozed' && !isDue(a, now) ? <span class="muted">{t('actions.snoozedUntil', text.date(a.snoozedUntil!))}</span> : null}
                {a.crmTasks && Object.keys(a.crmTasks).length > 0 ? (
                  <span class="muted">{t('actions.taskIn', Object.keys(a.crmTasks).join(', '))}</span>
                ) : a.sentAt !== undefined ? (
                  <span class="muted">{t('actions.queuedOn', text.date(a.sentAt))}</span>
                ) : null}
                {isDue(a, now) && customerIdOf(a.personRef) !== null ? <AsyncButton label={t('actions.send')} busyLabel={t('actions.sending')} onClick={() => sendToCrm([a.id])} /> : null}
                {isDue(a, now) ? (
                  <>
                    <AsyncButton label={t('actions.done')} busyLabel={t('common.saving')} onClick={async () => void (await send('action/change', { id: a.id, change: 'done' }))} />
                    <AsyncButton label={t('actions.snooze')} busyLabel={t('common.saving')} onClick={async () => void (await send('action/change', { id: a.id, change: 'snooze' }))} />
                  </>
                ) : (
                  <AsyncButton label={t('actions.reopen')} busyLabel={t('common.saving')} onClick={async () => void (await send('action/change', { id: a.id, change: 'reopen' }))} />
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      {rest.length > 0 ? (
        <label>
          <input type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.currentTarget.checked)} /> {t('actions.showDone')} ({rest.length})
        </label>
      ) : null}
    </div>
  );
}
