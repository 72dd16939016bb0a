import { describe, expect, it } from 'vitest';
import { ChangelogPage, changelogVersions, readChangelog, CHANGELOG_MAX_PAGES, type FieldChange } from '../../../lib/crm/connectors/pipedrive-changelog';

const FIELD = 'a1b2c3';
/** Changes as Pipedrive lists them: newest first. */
const change = (old_value: string | null, new_value: string | null, time = '2026-12-07 10:00:00', field_key = FIELD): FieldChange =>
  ChangelogPage.parse({ success: true, data: [{ field_key, old_value, new_value, actor_user_id: 26, time, change_source: 'api' }] }).data![0]!;

describe("Pipedrive's person changelog as one field's history", () => {
  it('gives the values oldest first, starting with the one before the oldest change, each with its place as id', () => {
    const listed = [change('b', 'c'), change(null, 'b'), change('x', 'y', undefined, 'other-field')];
    expect(changelogVersions(listed, FIELD, 'c')).toEqual([
      { id: '0', value: null },
      { id: '1', value: 'b' },
      { id: '2', value: 'c' },
    ]);
  });

  it('orders by time first, and keeps the listed order within one second', () => {
    const listed = [change('b', 'c', '2026-12-07 10:00:05'), change('a', 'b', '2026-12-07 10:00:05'), change(null, 'a', '2026-12-07 10:00:01')];
    expect(changelogVersions([listed[2]!, ...listed.slice(0, 2)], FIELD, 'c')?.map((v) => v.value)).toEqual([null, 'a', 'b', 'c']);
  });

  it('ends with the value read: a change listed after it came after the read', () => {
    const listed = [change('b', 'c'), change('a', 'b')];
    expect(changelogVersions(listed, FIELD, 'b')?.map((v) => v.id)).toEqual(['0', '1']);
  });

  it('is one version, the value read, when the field never changed', () => {
    expect(changelogVersions([], FIELD, 'created with')).toEqual([{ id: '0', value: 'created with' }]);
    expect(changelogVersions([], FIELD, null)).toEqual([{ id: '0', value: null }]);
  });

  it('gives nothing when the changes do not follow on from each other, or none holds the value read', () => {
    expect(changelogVersions([change('b', 'c'), change(null, 'a')], FIELD, 'c')).toBeUndefined();
    expect(changelogVersions([change(null, 'a')], FIELD, 'cut short')).toBeUndefined();
  });

  it('refuses a change whose time is not a time, naming the field', () => {
    const parsed = ChangelogPage.safeParse({ success: true, data: [{ field_key: FIELD, old_value: null, new_value: 'a', actor_user_id: 1, time: 'yesterday', change_source: 'api' }] });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['data', 0, 'time']);
  });

  it('reads every page, and gives up past the page limit', async () => {
    const pages = (count: number) => async (cursor: string | null) => {
      const at = Number(cursor ?? 0);
      return { success: true as const, data: [change(null, `v${at}`)], additional_data: { next_cursor: at + 1 < count ? String(at + 1) : null } };
    };
    expect(await readChangelog(pages(3))).toHaveLength(3);
    expect(await readChangelog(pages(CHANGELOG_MAX_PAGES + 1))).toBeUndefined();
  });
});
