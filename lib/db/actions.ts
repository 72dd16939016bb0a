/**
 * The to-do list in IndexedDB: proposals made again from the stored values and
 * what people wrote (lib/actions/rules.ts), merged with what the user did
 * (lib/actions/todo.ts), and done / snooze / reopen. People without a stored
 * value (customers who must not be profiled) get no action.
 */
import { actionsFor, type ActionProposal } from '../actions/rules';
import { markDone, refreshTodo, reopen, snooze } from '../actions/todo';
import { dayOfTime } from '../calendar/iso-week';
import { Action, type Contribution } from '../model';
import type { ValueSettings } from '../value/settings';
import type { EarshotDatabase } from './database';
import { ValueRecord } from '../value';

export type ActionSettings = Pick<ValueSettings, 'currency' | 'competitorBrands' | 'knowledgeValuePerReview'>;

/** A snooze puts an action away for a week. */
export const SNOOZE_MS = 7 * 86_400_000;

export async function proposeActions(db: EarshotDatabase, settings: ActionSettings, now: number): Promise<ActionProposal[]> {
  const [values, rows, contributions] = await Promise.all([db.values.toArray(), db.people.toArray(), db.contributions.toArray()]);
  const profilesOf = new Map(rows.map((r) => [r.ref, r.profileIds]));
  const byProfile = new Map<string, Contribution[]>();
  for (const c of contributions) {
    const list = byProfile.get(c.profileId);
    if (list) list.push(c);
    else byProfile.set(c.profileId, [c]);
  }
  const context = { asOfDay: dayOfTime(now), currency: settings.currency, competitorBrands: settings.competitorBrands, knowledgeValuePerReview: settings.knowledgeValuePerReview };
  return values.flatMap((raw) => {
    const record = ValueRecord.safeParse(raw);
    if (!record.success) return [];
    const profileIds = profilesOf.get(record.data.personRef) ?? [];
    return actionsFor({ personRef: record.data.personRef, value: record.data.value, contributions: profileIds.flatMap((id) => byProfile.get(id) ?? []) }, context);
  });
}

/** Make the to-do list current; returns how many actions are stored and how many were dropped. */
export async function refreshActions(db: EarshotDatabase, settings: ActionSettings, now: number): Promise<{ stored: number; removed: number }> {
  const proposals = await proposeActions(db, settings, now);
  return db.transaction('rw', db.actions, async () => {
    const stored = (await db.actions.toArray()).flatMap((a) => {
      const parsed = Action.safeParse(a);
      return parsed.success ? [parsed.data] : [];
    });
    const { put, remove } = refreshTodo(stored, proposals, now);
    await db.actions.bulkDelete(remove);
    await db.actions.bulkPut(put);
    return { stored: await db.actions.count(), removed: remove.length };
  });
}

export type ActionChange = 'done' | 'snooze' | 'reopen';

export async function changeAction(db: EarshotDatabase, id: string, change: ActionChange, now: number): Promise<Action> {
  return db.transaction('rw', db.actions, async () => {
    const parsed = Action.safeParse(await db.actions.get(id));
    if (!parsed.success) throw new Error(`No action "${id}" on the to-do list`);
    const next = change === 'done' ? markDone(parsed.data, now) : change === 'snooze' ? snooze(parsed.data, now + SNOOZE_MS, now) : reopen(parsed.data, now);
    await db.actions.put(next);
    return next;
  });
}
