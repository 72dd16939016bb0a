import { useEffect, useState } from 'preact/hooks';
import { i18n } from '#i18n';
import { AsyncButton } from '@/components/AsyncButton';
import { openDatabase } from '@/lib/db/database';
import { send } from '@/lib/ext/messaging';
import { activeTab, openWorkspace, type ActiveTab } from '@/lib/ext/tabs';
import { useLive } from '@/lib/ui/live';
import { pageView } from '@/lib/views/page';

const db = openDatabase();

export function App() {
  const [tab, setTab] = useState<ActiveTab | null | undefined>(undefined);
  const [captureNote, setCaptureNote] = useState<string | null>(null);
  useEffect(() => {
    // Opened as a page (tests, keyboard users), ?url=...&tab=<id> name the tab it stands for.
    const forced = new URLSearchParams(location.search).get('url');
    if (forced) setTab({ id: Number(new URLSearchParams(location.search).get('tab') ?? -1), windowId: -1, url: forced });
    else void activeTab().then(setTab);
  }, []);
  const view = useLive(() => pageView(db, tab?.url), [tab?.url]);

  const people = view.value?.people ?? [];
  return (
    <main class="popup" aria-labelledby="popup-title">
      <header class="bar">
        <h1 id="popup-title">{i18n.t('popup.title')}</h1>
        <button type="button" onClick={() => tab && void openWorkspace(tab.windowId)}>
          {i18n.t('common.openWorkspace')}
        </button>
      </header>
      <div class="content stack">
        {view.error && <p class="error">{view.error.message}</p>}
        {view.value && !view.value.hasCustomers && (
          <section class="stack">
            <p class="muted">{i18n.t('popup.emptyDb')}</p>
            <AsyncButton
              primary
              label={i18n.t('common.loadSample')}
              busyLabel={i18n.t('common.loadingSample')}
              onClick={async () => {
                await send('sample/load', {});
              }}
            />
          </section>
        )}
        {tab === null && <p class="muted">{i18n.t('popup.noPage')}</p>}
        {view.value?.visit?.status === 'broken' && <p class="error">{i18n.t('popup.broken', [view.value.visit.problem ?? ''])}</p>}
        {tab && view.value && !view.value.visit && (
          <section class="stack">
            <p class="muted">{i18n.t('popup.nobody')}</p>
            <AsyncButton
              label={i18n.t('popup.captureThis')}
              busyLabel={i18n.t('popup.capturing')}
              onClick={async () => {
                const result = await send('capture/request', { tabId: tab.id });
                setCaptureNote(i18n.t('popup.captured', [String(result.profiles)]));
              }}
            />
          </section>
        )}
        {captureNote && <p role="status">{captureNote}</p>}
        {people.length > 0 && (
          <ul class="people" aria-label={i18n.t('popup.title')}>
            {people.map(({ profile, customerName, match }) => (
              <li key={profile.id}>
                <strong>{profile.displayName}</strong> <span class="muted">{profile.platform}</span>
                {customerName && <div>{customerName}</div>}
                {match && <div class="muted">{match.status}</div>}
              </li>
            ))}
          </ul>
        )}
      </div>
    </main>
  );
}
