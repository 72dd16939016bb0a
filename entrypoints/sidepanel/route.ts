/** The workspace's database connection and where it is (a tab, or one person), kept in the address's hash. */
import { openDatabase } from '@/lib/db/database';
import type { MessageKey } from '@/lib/ui/text';
import type { PeopleQuery } from '@/lib/views/people';

export const db = openDatabase();

export const TABS = ['people', 'review', 'todo', 'chart', 'segments', 'personas', 'report', 'import'] as const;
export type Tab = (typeof TABS)[number];
export const TAB_LABEL: Record<Tab, MessageKey> = {
  people: 'sidepanel.tabPeople',
  review: 'sidepanel.tabReview',
  todo: 'sidepanel.tabTodo',
  chart: 'sidepanel.tabChart',
  segments: 'sidepanel.tabSegments',
  personas: 'sidepanel.tabPersonas',
  report: 'sidepanel.tabReport',
  import: 'sidepanel.tabImport',
};

/** Where the workspace is: a tab, or one person. Kept in the address's hash so the popup can open a person. */
export interface Route {
  tab: Tab;
  person: string | null;
  /** People narrowed to one persona's customers (a persona card's "show in People"). */
  persona: string | null;
}

export function readRoute(): Route {
  const params = new URLSearchParams(location.hash.slice(1));
  const tab = params.get('tab');
  return { tab: (TABS as readonly string[]).includes(tab ?? '') ? (tab as Tab) : 'people', person: params.get('person'), persona: params.get('persona') };
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
  if (next.persona) params.set('persona', next.persona);
  location.hash = params.toString();
}

