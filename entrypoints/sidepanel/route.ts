/** The workspace's database connection and where it is (a tab, or one person), kept in the address's hash. */
import { openDatabase } from '@/lib/db/database';
import type { MessageKey } from '@/lib/ui/text';
import type { PeopleQuery } from '@/lib/views/people';

export const db = openDatabase();

export const TABS = ['people', 'review', 'chart', 'segments', 'import'] as const;
export type Tab = (typeof TABS)[number];
export const TAB_LABEL: Record<Tab, MessageKey> = {
  people: 'sidepanel.tabPeople',
  review: 'sidepanel.tabReview',
  chart: 'sidepanel.tabChart',
  segments: 'sidepanel.tabSegments',
  import: 'sidepanel.tabImport',
};

/** Where the workspace is: a tab, or one person. Kept in the address's hash so the popup can open a person. */
export interface Route {
  tab: Tab;
  person: string | null;
}

export function readRoute(): Route {
  const params = new URLSearchParams(location.hash.slice(1));
  const tab = params.get('tab');
  return { tab: (TABS as readonly string[]).includes(tab ?? '') ? (tab as Tab) : 'people', person: params.get('person') };
}

/**
 * The people list's search and filters, kept while the workspace is open: the list is unmounted while a
 * person is shown, and "← Back" should return to the search the person was found by.
 */
export const peopleSearch: { search: string; query: Omit<PeopleQuery, 'search'> } = { search: '', query: { sort: 'engagement' } };

export function go(route: Partial<Route>): void {
  const next = { ...readRoute(), ...route };
  const params = new URLSearchParams();
  params.set('tab', next.tab);
  if (next.person) params.set('person', next.person);
  location.hash = params.toString();
}

