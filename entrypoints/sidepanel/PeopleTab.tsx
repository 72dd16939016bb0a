import { useEffect, useState } from 'preact/hooks';
import { AsyncButton } from '@/components/AsyncButton';
import { SegmentBadge, segmentKey } from '@/components/Segment';
import { VirtualList } from '@/components/VirtualList';
import { useText } from '@/components/text';
import { PERSON_STATUSES, type PersonStatus, type Platform } from '@/lib/model';
import { send } from '@/lib/ext/messaging';
import type { MessageKey } from '@/lib/ui/text';
import { useLive } from '@/lib/ui/use-live';
import { valueRunInfo } from '@/lib/db/values';
import { ENGAGEMENT_SEGMENTS, type EngagementSegment } from '@/lib/value/types';
import { PEOPLE_SORTS, firstPeople, peopleFacets, peopleRows, selectPeopleWindowed, type PeopleQuery, type PeopleSort, type PersonListRow } from '@/lib/views/people';
import { db, go, peopleSearch } from './route';
import { nameOf, usePersonas } from './PersonasTab';

const ROW_HEIGHT = 52;
/** Rows the workspace shows before it knows how many people there are. */
const FIRST_SCREEN = 30;

const SORT_LABEL: Record<PeopleSort, MessageKey> = {
  engagement: 'people.sortEngagement',
  financial: 'people.sortFinancial',
  influence: 'people.sortInfluence',
  followers: 'people.sortFollowers',
  lastSeen: 'people.sortLastSeen',
  name: 'people.sortName',
};
export const STATUS_LABEL: Record<PersonStatus, MessageKey> = {
  linked: 'people.statusLinked',
  'crm-only': 'people.statusCrmOnly',
  review: 'people.statusReview',
  unmatched: 'people.statusUnmatched',
  'not-profiled': 'people.statusNotProfiled',
};

/** Typing settles before the list is searched: one query per pause, not per key. */
function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** Every captured person and every customer: searchable, sortable by each value, filterable, virtualised. */
export function PeopleTab({ empty, persona }: { empty: boolean; persona: string | null }) {
  const text = useText();
  const { t } = text;
  const [search, setSearch] = useState(peopleSearch.search);
  const [query, setQuery] = useState<Omit<PeopleQuery, 'search'>>(peopleSearch.query);
  useEffect(() => {
    peopleSearch.search = search;
    peopleSearch.query = query;
  }, [search, query]);
  const settledSearch = useDebounced(search, 200);
  const full: PeopleQuery = { ...query, search: settledSearch, ...(persona ? { persona } : {}) };
  const personas = usePersonas();
  const key = JSON.stringify(full);
  // The first screen comes straight from an index; the selection (which counts everyone) follows.
  const first = useLive(() => firstPeople(db, full, FIRST_SCREEN), [key]);
  const selection = useLive(() => selectPeopleWindowed(db, full), [key]);
  const facets = useLive(() => peopleFacets(db), []);
  const currency = useLive(async () => (await valueRunInfo(db))?.settings.currency ?? 'EUR', []);
  const [range, setRange] = useState<[number, number]>([0, 40]);
  const total = selection.value?.total ?? first.value?.length ?? 0;
  // Only the rows on screen (and a few around them) are read.
  const rows = useLive(async () => {
    const s = selection.value;
    if (!s) return null;
    return peopleRows(db, await s.window(range[0], range[1]));
  }, [selection.value, range[0], range[1]]);
  const shown = rows.value ? { from: range[0], rows: rows.value } : { from: 0, rows: first.value ?? [] };
  const byIndex = new Map(shown.rows.map((r, i) => [shown.from + i, r]));

  if (empty) {
    return (
      <div class="stack notice">
        <p>{t('sidepanel.empty')}</p>
        <div class="row">
          <AsyncButton primary label={t('common.loadSample')} busyLabel={t('common.loadingSample')} onClick={async () => void (await send('sample/load', {}))} />
          <button type="button" onClick={() => go({ tab: 'import' })}>
            {t('sidepanel.importOwn')}
          </button>
        </div>
      </div>
    );
  }

  const set = <K extends keyof typeof query>(key: K, value: (typeof query)[K] | '') =>
    setQuery((q) => {
      const next = { ...q };
      if (value === '' || value === undefined) delete next[key];
      else next[key] = value as (typeof query)[K];
      return next;
    });

  return (
    <div class="stack people-tab">
      <div class="filters" role="search">
        <label class="field grow">
          {t('people.search')}
          <input type="search" value={search} placeholder={t('people.searchPlaceholder')} onInput={(e) => setSearch(e.currentTarget.value)} />
        </label>
        <label class="field">
          {t('people.sort')}
          <select value={query.sort} onChange={(e) => set('sort', e.currentTarget.value as PeopleSort)}>
            {PEOPLE_SORTS.map((s) => (
              <option key={s} value={s}>
                {t(SORT_LABEL[s])}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          {t('people.platform')}
          <select value={query.platform ?? ''} onChange={(e) => set('platform', e.currentTarget.value as Platform)}>
            <option value="">{t('people.any')}</option>
            {(facets.value?.platforms ?? []).map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          {t('common.segment')}
          <select value={query.segment ?? ''} onChange={(e) => set('segment', e.currentTarget.value as EngagementSegment)}>
            <option value="">{t('people.any')}</option>
            {ENGAGEMENT_SEGMENTS.map((s) => (
              <option key={s} value={s}>
                {t(segmentKey(s))}
              </option>
            ))}
          </select>
        </label>
        {personas?.run && personas.run.personas.length > 0 && (
          <label class="field">
            {t('people.persona')}
            <select value={persona ?? ''} onChange={(e) => go({ persona: e.currentTarget.value || null })}>
              <option value="">{t('people.any')}</option>
              {personas.run.personas.map((p) => (
                <option key={p.id} value={p.id}>
                  {nameOf(p, personas.naming)}
                </option>
              ))}
            </select>
          </label>
        )}
        <label class="field">
          {t('people.tag')}
          <select value={query.tag ?? ''} onChange={(e) => set('tag', e.currentTarget.value)}>
            <option value="">{t('people.any')}</option>
            {(facets.value?.tags ?? []).map((tag) => (
              <option key={tag} value={tag}>
                {tag}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          {t('people.status')}
          <select value={query.status ?? ''} onChange={(e) => set('status', e.currentTarget.value as PersonStatus)}>
            <option value="">{t('people.any')}</option>
            {PERSON_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(STATUS_LABEL[s])}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p class="muted" role="status">
        {selection.value ? text.plural('people.count', total, text.number(total)) : t('common.counting')}
      </p>
      <div class="person-line person-head" aria-hidden="true">
        <span>{t('common.name')}</span>
        <span>{t('common.segment')}</span>
        <span class="num">{t('common.netValue')}</span>
        <span class="num">{t('common.influence')}</span>
        <span class="num">{t('common.engagementValueShort')}</span>
      </div>
      <VirtualList
        count={total}
        rowHeight={ROW_HEIGHT}
        label={t('people.list')}
        onRange={(start, end) => setRange((r) => (r[0] === start && r[1] === end ? r : [start, end]))}
        renderRow={(i) => <PersonLine row={byIndex.get(i)} currency={currency.value ?? 'EUR'} />}
      />
    </div>
  );
}

function PersonLine({ row, currency }: { row: PersonListRow | undefined; currency: string }) {
  const text = useText();
  const { t } = text;
  if (!row) return <div class="person-line placeholder" aria-hidden="true" />;
  const about = [row.platforms.join(', '), t(STATUS_LABEL[row.status]), row.tags.map((tag) => `#${tag}`).join(' ')].filter(Boolean).join(' · ');
  return (
    <button type="button" class="person-line" onClick={() => go({ person: row.ref })}>
      <span class="who">
        <strong title={row.name}>{row.name}</strong>
        <span class="muted" title={about}>
          {about}
        </span>
      </span>
      <SegmentBadge segment={row.segment} />
      <span class={`num ${row.financial !== null && row.financial < 0 ? 'bad' : ''}`}>
        <span class="sr-only">{t('common.netValue')}: </span>
        {row.financial !== null ? text.money(row.financial, currency) : '—'}
      </span>
      <span class="num">
        <span class="sr-only">{t('common.influence')}: </span>
        {row.influence !== null ? text.number(row.influence) : '—'}
      </span>
      <span class="num">
        <span class="sr-only">{t('common.engagementValue')}: </span>
        {row.engagement !== null ? text.money(row.engagement, currency) : '—'}
      </span>
    </button>
  );
}
