import { useState } from 'preact/hooks';
import { i18n } from '#i18n';
import { AsyncButton } from '@/components/AsyncButton';
import { CustomerTable } from '@/components/CustomerTable';
import { Stats } from '@/components/Stats';
import { openDatabase } from '@/lib/db/database';
import { send } from '@/lib/ext/messaging';
import { useLive } from '@/lib/ui/live';
import { customerPage } from '@/lib/views/customers';
import { overview } from '@/lib/views/overview';

const db = openDatabase();
const TABS = ['people', 'review', 'import'] as const;
type Tab = (typeof TABS)[number];

export function App() {
  const [tab, setTab] = useState<Tab>('people');
  const counts = useLive(() => overview(db), []);
  const rows = useLive(() => customerPage(db, 0, 50), []);
  const labels: Record<Tab, string> = {
    people: i18n.t('sidepanel.tabPeople'),
    review: i18n.t('sidepanel.tabReview'),
    import: i18n.t('sidepanel.tabImport'),
  };
  const c = counts.value;
  return (
    <main aria-labelledby="workspace-title">
      <header class="bar">
        <h1 id="workspace-title">{i18n.t('sidepanel.title')}</h1>
        <a href="/options.html" target="_blank" rel="noopener">
          {i18n.t('common.settings')}
        </a>
      </header>
      <nav class="tabs" role="tablist" aria-label={i18n.t('sidepanel.title')}>
        {TABS.map((t) => (
          <button key={t} type="button" role="tab" id={`tab-${t}`} aria-selected={tab === t} aria-controls={`panel-${t}`} onClick={() => setTab(t)}>
            {labels[t]}
          </button>
        ))}
      </nav>
      <section class="content stack" role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {c && (
          <Stats
            label={i18n.t('sidepanel.title')}
            items={[
              { label: i18n.t('common.customers'), value: c.customers },
              { label: i18n.t('common.orders'), value: c.orders },
              { label: i18n.t('common.people'), value: c.profiles },
              { label: i18n.t('common.matched'), value: c.matched },
              { label: i18n.t('common.toReview'), value: c.toReview },
            ]}
          />
        )}
        {tab === 'people' && c?.customers === 0 && (
          <div class="stack">
            <p class="muted">{i18n.t('sidepanel.empty')}</p>
            <AsyncButton primary label={i18n.t('common.loadSample')} busyLabel={i18n.t('common.loadingSample')} onClick={async () => void (await send('sample/load', {}))} />
          </div>
        )}
        {tab === 'people' && rows.value && rows.value.length > 0 && (
          <CustomerTable
            rows={rows.value}
            currency="EUR"
            labels={{
              caption: i18n.t('sidepanel.customerList'),
              name: i18n.t('sidepanel.name'),
              email: i18n.t('sidepanel.email'),
              city: i18n.t('sidepanel.city'),
              orders: i18n.t('sidepanel.ordersCol'),
              revenue: i18n.t('sidepanel.revenue'),
            }}
          />
        )}
      </section>
    </main>
  );
}
