// The team's conflicts in the review tab: the view computed from the decisions held here, rendered with
// Preact into linkedom's DOM in English, Dutch and Russian from the real locale files.
import { parseHTML } from 'linkedom';
import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TextContext } from '../../../components/text';
import { TeamConflicts } from '../../../components/TeamConflicts';
import type { EarshotDatabase } from '../../../lib/db/database';
import { recordLocalDecision } from '../../../lib/db/team';
import { teamConflictViews, type ConflictView } from '../../../lib/views/team';
import type { UiLanguage } from '../../../lib/ui/text';
import { localeText } from '../locale-text';
import { deleteDatabase, openFreshDatabase } from '../fresh-db';

let db: EarshotDatabase;
const T = Date.UTC(2026, 11, 7, 10, 0);
const P = 'instagram:janneke.vd';

beforeEach(async () => {
  db = await openFreshDatabase('team-view');
  await db.customers.bulkPut([
    { id: 'C1', firstName: 'Janneke', lastName: 'van den Berg', handles: [], custom: {}, source: 'csv', updatedAt: 0 },
    { id: 'C2', firstName: 'Jan', lastName: 'Berg', handles: [], custom: {}, source: 'csv', updatedAt: 0 },
  ]);
  await db.profiles.put({ id: P, platform: 'instagram', key: 'janneke.vd', displayName: 'Janneke 🌿', firstSeenAt: 0, lastSeenAt: 0, seenOn: [] });
});
afterEach(() => deleteDatabase(db));

async function show(language: UiLanguage, conflicts: ConflictView[], chosen: string[] = []) {
  const { document } = parseHTML('<!doctype html><html><body><div id="root"></div></body></html>');
  (globalThis as unknown as { document: unknown }).document = document;
  const root = document.getElementById('root')! as unknown as Element;
  const onChoose = async (profileId: string, kind: string, customerId: string) => void chosen.push(`${kind}:${profileId}>${customerId}`);
  render(<TextContext.Provider value={await localeText(language)}>{<TeamConflicts conflicts={conflicts} onChoose={onChoose} />}</TextContext.Provider>, root);
  return root;
}

describe('team conflicts in the workspace', () => {
  it('lists who decided what and when, and disappears once someone settles it', async () => {
    await recordLocalDecision(db, { kind: 'confirm', profileId: P, customerId: 'C1', author: 'anna@shop.nl', at: T, settles: false });
    await recordLocalDecision(db, { kind: 'reject', profileId: P, customerId: 'C1', author: 'Bram', at: T + 60_000, settles: false });
    const views = await teamConflictViews(db);
    expect(views).toEqual([
      {
        profileId: P,
        profileName: 'Janneke 🌿',
        kind: 'confirmed-and-rejected',
        opinions: [
          { customerId: 'C1', customerName: 'Janneke van den Berg', kind: 'confirm', author: 'anna@shop.nl', at: T },
          { customerId: 'C1', customerName: 'Janneke van den Berg', kind: 'reject', author: 'Bram', at: T + 60_000 },
        ],
      },
    ]);
    const chosen: string[] = [];
    const root = await show('en', views, chosen);
    expect(root.querySelector('h2')?.textContent).toBe('1 decision your team disagrees on');
    const lines = [...root.querySelectorAll('li li')].map((li) => li.textContent ?? '');
    expect(lines[0]).toMatch(/^anna@shop\.nl linked it to Janneke van den Berg \(/);
    expect(lines[1]).toMatch(/^Bram said it is not Janneke van den Berg \(/);
    const buttons = [...root.querySelectorAll('button')].map((b) => b.textContent);
    expect(buttons).toEqual(['Link to Janneke van den Berg', 'Not Janneke van den Berg']);

    await recordLocalDecision(db, { kind: 'reject', profileId: P, customerId: 'C1', author: 'carla', at: T + 120_000, settles: true });
    expect(await teamConflictViews(db)).toEqual([]);
  });

  it('offers one choice per customer when a profile was confirmed to two, in Dutch and Russian too', async () => {
    await recordLocalDecision(db, { kind: 'confirm', profileId: P, customerId: 'C1', author: 'anna', at: T, settles: false });
    await recordLocalDecision(db, { kind: 'confirm', profileId: P, customerId: 'C2', author: 'bram', at: T + 1000, settles: false });
    const views = await teamConflictViews(db);
    expect(views.map((v) => v.kind)).toEqual(['two-customers']);
    const nl = await show('nl', views);
    expect([...nl.querySelectorAll('button')].map((b) => b.textContent)).toEqual(['Koppel aan Janneke van den Berg', 'Koppel aan Jan Berg']);
    const ru = await show('ru', views);
    expect(ru.querySelector('h2')?.textContent).toBe('1 решение, в котором ваша команда расходится');
  });

  it('shows nothing when the team agrees', async () => {
    expect((await show('en', [])).innerHTML).toBe('');
  });
});
