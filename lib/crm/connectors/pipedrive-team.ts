/**
 * Team sync on Pipedrive: the decisions live in the person field "Earshot
 * team decisions" (a large text field, `text` in the API: "Long text (up to
 * 65k characters)" in Pipedrive's field-type reference), the tags in the
 * field "Earshot tags" the outbox writes. Read back through the persons list
 * (v2, cursor-paged); written by updating the one field, checked by reading
 * the person again with the field's changelog (lib/crm/team/write-loop.ts,
 * pipedrive-changelog.ts).
 */
import type { z } from '../../zod';
import { crmChoice } from '../choice';
import { writeDecisionsChecked } from '../team/write-loop';
import { personFieldHistory } from './pipedrive-changelog';
import {
  OWN_CHOICE_SETTING,
  PIPEDRIVE_FIELDS,
  PersonAnswer,
  PersonsPage,
  choiceValue,
  createPipedriveConnector,
  pipedriveCaller,
  settingOf,
  tagsInField,
  type PipedriveFieldKey,
} from './pipedrive';
import type { ConnectionSettings, ConnectorDeps } from './types';
import type { TeamChannel, TeamReadPage, TeamRecord } from './team-types';

/**
 * Pipedrive documents "up to 65k characters" for a long text field without
 * saying whether k is 1,000 or 1,024: Earshot keeps to the smaller.
 */
export const PIPEDRIVE_TEXT_LIMIT = 65_000;
const PAGE = 500;

type Person = z.output<typeof PersonAnswer>['data'];

export function createPipedriveTeamChannel(connection: ConnectionSettings, deps: ConnectorDeps): TeamChannel {
  const call = pipedriveCaller(connection, deps);
  // Field codes differ per Pipedrive account; prepare() finds (or creates) them.
  let codes: Record<string, string> = { ...connection.settings };
  const code = (key: PipedriveFieldKey) => codes[settingOf(key)];

  function decisionsOf(person: Person): string | null {
    const value = person.custom_fields?.[code('decisions') ?? ''];
    return typeof value === 'string' ? value : null;
  }

  /** What the person holds; a decisions field that cannot be read is a problem, and the rest (tags, opt-out) still counts. */
  function record(person: Person): { record: TeamRecord; problem: string | null } {
    const fields = person.custom_fields ?? {};
    const raw = fields[code('decisions') ?? ''];
    const problem =
      raw !== undefined && raw !== null && typeof raw !== 'string'
        ? 'not text'
        : typeof raw === 'string' && raw.length > PIPEDRIVE_TEXT_LIMIT
          ? `longer than a Pipedrive large text field holds (${PIPEDRIVE_TEXT_LIMIT})`
          : null;
    const decisions = problem === null && typeof raw === 'string' ? raw : null;
    const customerId = fields[code('customerId') ?? ''];
    const tags = fields[code('tags') ?? ''];
    const choiceCodes = [code('doNotProfile'), codes[OWN_CHOICE_SETTING]].filter((c): c is string => !!c);
    return {
      problem,
      record: {
        crmId: String(person.id),
        ...(typeof customerId === 'string' && customerId !== '' ? { customerId } : {}),
        decisionsText: decisions ?? '',
        tags: tagsInField(tags),
        ...(crmChoice(choiceCodes.map((c) => choiceValue(fields[c]))) === true ? { doNotProfile: true as const } : {}),
      },
    };
  }

  return {
    decisionsField: PIPEDRIVE_FIELDS.decisions.name,

    async prepare() {
      // Connecting again finds Earshot's fields and creates the missing ones (installs connected before team sync lack this one).
      const found = await createPipedriveConnector(connection, deps).connect();
      codes = { ...codes, ...found.settings };
    },

    async readPage(cursor): Promise<TeamReadPage> {
      const query = new URLSearchParams({ limit: String(PAGE) });
      if (cursor) query.set('cursor', cursor);
      const page = await call({ method: 'GET', path: `/api/v2/persons?${query}` }, PersonsPage, 'Reading what Earshot wrote on persons');
      const out: TeamReadPage = { records: [], problems: [], next: page.additional_data?.next_cursor ?? null };
      for (const person of page.data ?? []) {
        const { record: read, problem } = record(person);
        if (problem !== null) out.problems.push({ crmId: String(person.id), field: PIPEDRIVE_FIELDS.decisions.name, message: problem });
        out.records.push(read);
      }
      return out;
    },

    async writeDecisions(target, decisions) {
      await writeDecisionsChecked(
        {
          read: async () => {
            const text = decisionsOf((await call({ method: 'GET', path: `/api/v2/persons/${encodeURIComponent(target.crmId)}` }, PersonAnswer, 'Reading the team decisions of a person')).data);
            // The changelog shows a teammate's write that ours, made from an older read, replaced.
            const field = code('decisions');
            const history = field ? await personFieldHistory(call, target.crmId, field, text, (value) => value ?? '') : undefined;
            return { text, ...(history ? { history } : {}) };
          },
          write: async (text) => {
            const field = code('decisions');
            if (!field) throw new Error('prepare() runs before writing');
            await call(
              { method: 'PATCH', path: `/api/v2/persons/${encodeURIComponent(target.crmId)}`, json: { custom_fields: { [field]: text === '' ? null : text } } },
              PersonAnswer,
              'Writing the team decisions of a person',
            );
          },
        },
        target.customerId,
        decisions,
        PIPEDRIVE_TEXT_LIMIT,
      );
    },
  };
}
