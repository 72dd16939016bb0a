// Runs inside Chromium (bundled by bench/browser.ts): fills the extension's real
// Dexie database with a large CRM and captured people, then opens the real
// workspace (the side panel's App) on it and times what a user waits for.
import { render } from 'preact';
import css from '../components/styles.css?inline';
import { TextContext } from '../components/text';
import { App } from '../entrypoints/sidepanel/App';
import { openDatabase } from '../lib/db/database';
import { rebuildPeople } from '../lib/db/people';
import { recordStats } from '../lib/db/stats';
import { storeValues } from '../lib/db/values';
import { profileId, type Match, type Profile } from '../lib/model';
import { generateCustomers, generateOrders } from '../lib/sample/crm';
import { generatePersonas } from '../lib/sample/personas';
import { createText } from '../lib/ui/text';
import { computeValues } from '../lib/value';
import { selectPeopleWindowed, type PeopleQuery } from '../lib/views/people';

const AS_OF = '2026-11-01';

/** A CRM of `customers` with their orders, `profiles` captured people (a fifth of them customers), values and the directory. */
async function fill(customers: number, profiles: number): Promise<Record<string, number>> {
  const t0 = performance.now();
  const db = openDatabase();
  const crm = generateCustomers({ customers, seed: 11, asOf: AS_OF });
  const orders = generateOrders(
    crm.map((c) => c.customer),
    { seed: 11, asOf: AS_OF },
  );
  const personas = generatePersonas(crm, { seed: 12, customerProfiles: Math.round(profiles / 5), strangers: profiles - Math.round(profiles / 5) - Math.round(profiles / 20), namesakes: Math.round(profiles / 20) });
  const now = Date.parse(`${AS_OF}T00:00:00Z`);
  const stored: Profile[] = personas.map((p) => ({ ...p.profile, id: profileId(p.profile.platform, p.profile.key), firstSeenAt: now, lastSeenAt: now, seenOn: [] }));
  // The matcher's work is measured elsewhere (bench/match.ts): here the customers' own profiles are linked.
  const matches: Match[] = personas.map((p, i) => ({
    profileId: stored[i]!.id,
    customerId: p.truth,
    score: p.truth ? 0.995 : 0,
    status: p.truth ? 'auto' : 'none',
    evidence: [],
    decidedBy: 'matcher',
    decidedAt: now,
    rejectedCustomerIds: [],
  }));
  for (let i = 0; i < crm.length; i += 10_000) await db.customers.bulkPut(crm.slice(i, i + 10_000).map((c) => c.customer));
  // The orders are not written: the workspace's list never reads them (values are computed below
  // from the array), and writing 400,000 rows would only lengthen the run.
  await db.profiles.bulkPut(stored);
  await db.matches.bulkPut(matches);
  const t1 = performance.now();
  const run = computeValues({ customers: crm.map((c) => c.customer), orders, profiles: stored, matches }, {}, AS_OF);
  await storeValues(db, run, now);
  const t2 = performance.now();
  const people = await rebuildPeople(db);
  const t3 = performance.now();
  // Again, with nothing changed: what an import of a few customers or a CRM pull costs.
  await rebuildPeople(db);
  const t4 = performance.now();
  // As the service worker does after its work: the workspace reads these counts instead of counting.
  await recordStats(db, now);
  db.close();
  return { customers: crm.length, orders: orders.length, profiles: stored.length, people, writeMs: t1 - t0, valuesMs: t2 - t1, directoryMs: t3 - t2, directoryUnchangedMs: t4 - t3 };
}

function rowsShown(): number {
  return document.querySelectorAll('.vrow button.person-line').length;
}

/** Resolve when `done()` holds, checking at every frame; the time is taken when it first holds. */
function whenTrue(done: () => boolean): Promise<number> {
  return new Promise((resolve) => {
    const check = () => (done() ? resolve(performance.now()) : requestAnimationFrame(check));
    check();
  });
}

/** Open the workspace as the side panel does and time it until the people list shows its first rows. */
async function open(): Promise<{ sinceNavigationMs: number; renderToRowsMs: number; rows: number; listed: string | null }> {
  const style = document.createElement('style');
  style.textContent = css;
  document.head.append(style);
  const root = document.createElement('div');
  root.style.height = '900px';
  document.body.append(root);
  const t0 = performance.now();
  render(
    <TextContext.Provider value={createText('en', {})}>
      <App />
    </TextContext.Provider>,
    root,
  );
  const t1 = await whenTrue(() => rowsShown() >= 10);
  return { sinceNavigationMs: t1, renderToRowsMs: t1 - t0, rows: rowsShown(), listed: document.querySelector('[role=status]')?.textContent ?? null };
}

/** Scroll the list to a row and time until that row is drawn with its data. */
async function scrollTo(index: number): Promise<number> {
  const list = document.querySelector<HTMLElement>('.vlist')!;
  const t0 = performance.now();
  list.scrollTop = index * 52;
  const t1 = await whenTrue(() => !!document.querySelector(`.vrow[aria-posinset="${index + 1}"] button.person-line`));
  return t1 - t0;
}

/** One query as the list runs it (search and filters, in its order) with its first screen of refs, timed. */
let connection: ReturnType<typeof openDatabase> | undefined;

async function select(query: PeopleQuery): Promise<{ ms: number; selectMs: number; firstWindowMs: number; found: number; firstScreen: number }> {
  // One open connection, as the workspace has: opening the database is not part of a query.
  if (!connection) {
    connection = openDatabase();
    await connection.open();
    // A connection's first transaction sets it up (tens of ms at 10,000 people, more at 100,000): the
    // workspace pays that once when it opens (the open figure includes it), a query does not.
    await connection.meta.get('stats');
  }
  const db = connection;
  const t0 = performance.now();
  const selection = await selectPeopleWindowed(db, query);
  const t1 = performance.now();
  const first = await selection.window(0, 40);
  const t2 = performance.now();
  return { ms: t2 - t0, selectMs: t1 - t0, firstWindowMs: t2 - t1, found: selection.total, firstScreen: first.length };
}

(globalThis as unknown as { earshotBench: unknown }).earshotBench = { fill, open, scrollTo, select };
