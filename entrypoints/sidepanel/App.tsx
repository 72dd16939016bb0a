import { useEffect, useState } from 'preact/hooks';
import { Stats } from '@/components/Stats';
import { useText } from '@/components/text';
import { useLive } from '@/lib/ui/use-live';
import { overview } from '@/lib/views/overview';
import { reportListing } from '@/lib/db/reports';
import { PeopleTab } from './PeopleTab';
import { ReviewTab } from './ReviewTab';
import { PersonView } from './PersonView';
import { ChartTab } from './ChartTab';
import { SegmentsTab } from './SegmentsTab';
import { PersonasTab } from './PersonasTab';
import { ImportTab } from './ImportTab';
import { TodoTab } from './TodoTab';
import { ReportTab } from './ReportTab';
import { StatusNotices } from './StatusNotices';
import { db, go, readRoute, TABS, TAB_LABEL, type Route, type Tab } from './route';

/** The workspace: every person, the review queue, the value overviews and the import. */
export function App() {
  const { t } = useText();
  const [route, setRoute] = useState<Route>(readRoute);
  useEffect(() => {
    const onHash = () => setRoute(readRoute());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  const counts = useLive(() => overview(db), []);
  // A weekly report made by schedule and not opened yet: a dot on the Report tab.
  const newReports = useLive(async () => (await reportListing(db)).filter((r) => !r.seen).length, []);
  const c = counts.value;

  const selectTab = (tab: Tab) => go({ tab, person: null, persona: null });
  const onTabKey = (e: KeyboardEvent) => {
    // Arrow keys move between tabs, as in every tab list (WAI-ARIA).
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const i = TABS.indexOf(route.tab);
    const next = TABS[(i + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length]!;
    selectTab(next);
    document.getElementById(`tab-${next}`)?.focus();
  };

  return (
    <main class="workspace" aria-labelledby="workspace-title">
      <header class="bar">
        <h1 id="workspace-title">{t('sidepanel.title')}</h1>
        <a href="/options.html" target="_blank" rel="noopener">
          {t('common.settings')}
        </a>
      </header>
      {c && (
        <Stats
          label={t('sidepanel.title')}
          items={[
            { label: t('common.customers'), value: c.customers },
            { label: t('common.people'), value: c.profiles },
            { label: t('common.matched'), value: c.matched },
            { label: t('common.toReview'), value: c.toReview },
          ]}
        />
      )}
      <StatusNotices />
      <nav class="tabs" role="tablist" aria-label={t('sidepanel.sections')} onKeyDown={onTabKey}>
        {TABS.map((tab) => (
          <button
            key={tab}
            type="button"
            role="tab"
            id={`tab-${tab}`}
            aria-selected={!route.person && route.tab === tab}
            aria-controls="panel"
            tabIndex={route.tab === tab ? 0 : -1}
            onClick={() => selectTab(tab)}
          >
            {t(TAB_LABEL[tab])}
            {tab === 'review' && c && c.toReview > 0 ? ` (${c.toReview})` : ''}
            {tab === 'report' && (newReports.value ?? 0) > 0 ? <span class="dot" role="img" aria-label={t('report.newReport')} /> : null}
          </button>
        ))}
      </nav>
      <section class="content panel" role="tabpanel" id="panel" tabIndex={0} aria-labelledby={`tab-${route.tab}`}>
        {route.person ? (
          <PersonView personRef={route.person} onBack={() => go({ person: null })} />
        ) : route.tab === 'people' ? (
          <PeopleTab empty={c?.customers === 0 && c?.profiles === 0} persona={route.persona} />
        ) : route.tab === 'review' ? (
          <ReviewTab />
        ) : route.tab === 'chart' ? (
          <ChartTab />
        ) : route.tab === 'segments' ? (
          <SegmentsTab />
        ) : route.tab === 'personas' ? (
          <PersonasTab />
        ) : route.tab === 'todo' ? (
          <TodoTab />
        ) : route.tab === 'report' ? (
          <ReportTab />
        ) : (
          <ImportTab />
        )}
      </section>
    </main>
  );
}
