/**
 * Pipedrive's person changelog (`GET /v1/persons/{id}/changelog`, "List
 * updates about person field values"; v1 only) as one field's history. It is
 * what HubSpot's propertiesWithHistory is to the checked writes
 * (lib/crm/team/history.ts): Pipedrive has no conditional update, and only
 * the changelog shows a teammate's write made, read-write-check whole,
 * between this install's read and its write (docs/team-sync.md).
 *
 * Each change gives field_key, old_value, new_value, actor_user_id, time
 * ("YYYY-MM-DD HH:MM:SS") and change_source, newest first, cursor-paged.
 */
import { z } from '../../zod';
import type { FieldVersion } from '../team/history';
import type { pipedriveCaller } from './pipedrive';

type PipedriveCall = ReturnType<typeof pipedriveCaller>;

/** A value as the changelog gives it: text, or a number for numeric fields; null when the field was empty. */
const Value = z
  .union([z.string(), z.number()])
  .nullable()
  .optional()
  .transform((v) => (v === null || v === undefined ? null : String(v)));

export const FieldChange = z
  .object({
    field_key: z.string().min(1),
    old_value: Value,
    new_value: Value,
    actor_user_id: z.number().int().nullable().optional(),
    time: z.string().refine((t) => !Number.isNaN(changeTime(t)), 'not a date and time'),
    change_source: z.string().nullable().optional(),
  })
  .loose();
export type FieldChange = z.output<typeof FieldChange>;

export const ChangelogPage = z
  .object({
    success: z.literal(true),
    data: z.array(FieldChange).nullable(),
    additional_data: z.object({ next_cursor: z.string().nullable().optional() }).loose().optional(),
  })
  .loose();

/** Pipedrive gives "2024-02-12 09:14:35" (UTC, no zone); an ISO time with its zone is read as such. */
function changeTime(time: string): number {
  const iso = time.includes('T') ? time : `${time.replace(' ', 'T')}Z`;
  return Date.parse(iso);
}

/** Persons with longer changelogs than this many pages are written without the history (the plain check stands). */
export const CHANGELOG_MAX_PAGES = 10;
export const CHANGELOG_PAGE = 500;

/**
 * One field's values, oldest first, from the person's changes as listed
 * (newest first), ending with the version that holds `current` (the value
 * read with the person: a change listed after it came after that read). The
 * first version is the value before the oldest change (the value the person
 * was created with, or none). Each version's id is its place in the field's
 * changes, which a later read of the append-only log gives again.
 *
 * Undefined, so the caller's check of the current value stands alone, when
 * the changes do not follow on from each other (one change's old value is not
 * the one before's new value: a change missing, or a value cut short) or none
 * of them holds `current`.
 */
export function changelogVersions(changes: readonly FieldChange[], fieldKey: string, current: string | null): FieldVersion<string | null>[] | undefined {
  // Oldest first; changes in the same second keep the listed order between them.
  const ofField = changes
    .filter((c) => c.field_key === fieldKey)
    .reverse()
    .map((c, i) => ({ c, i, at: changeTime(c.time) }))
    .sort((a, b) => a.at - b.at || a.i - b.i)
    .map(({ c }) => c);
  const versions: FieldVersion<string | null>[] = [{ id: '0', value: ofField.length > 0 ? ofField[0]!.old_value : current }];
  for (const [i, change] of ofField.entries()) {
    if (change.old_value !== versions[i]!.value) return undefined;
    versions.push({ id: String(i + 1), value: change.new_value });
  }
  const read = versions.map((v) => v.value).lastIndexOf(current);
  return read === -1 ? undefined : versions.slice(0, read + 1);
}

/** Reads every page of a person's changelog; undefined when it is longer than CHANGELOG_MAX_PAGES pages. */
export async function readChangelog(page: (cursor: string | null) => Promise<z.output<typeof ChangelogPage>>): Promise<FieldChange[] | undefined> {
  const changes: FieldChange[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < CHANGELOG_MAX_PAGES; pages += 1) {
    const answer = await page(cursor);
    changes.push(...(answer.data ?? []));
    cursor = answer.additional_data?.next_cursor ?? null;
    if (!cursor) return changes;
  }
  return undefined;
}

/** One person field's history, read from Pipedrive (see changelogVersions), each value as `valueOf` reads it. */
export async function personFieldHistory<V>(
  call: PipedriveCall,
  personId: string | number,
  fieldKey: string,
  current: string | null,
  valueOf: (text: string | null) => V,
): Promise<FieldVersion<V>[] | undefined> {
  const changes = await readChangelog((cursor) => {
    const query = new URLSearchParams({ limit: String(CHANGELOG_PAGE) });
    if (cursor) query.set('cursor', cursor);
    return call({ method: 'GET', path: `/api/v1/persons/${encodeURIComponent(String(personId))}/changelog?${query}` }, ChangelogPage, 'Reading the changes of a person');
  });
  return changes && changelogVersions(changes, fieldKey, current)?.map((v) => ({ id: v.id, value: valueOf(v.value) }));
}
