/**
 * Team sync on HubSpot: the decisions live in the contact property
 * earshot_decisions (a text property, 65,536 characters), tags in
 * earshot_tags. Read back through the contacts list (paged, only Earshot's
 * properties); written by batch update of the one property, checked by a
 * batch read (lib/crm/team/write-loop.ts).
 */
import { z } from '../../zod';
import { SyncError, checkCrmUrl, clip, readJson, requestJson, send, trimBase, type HttpRequest } from '../http';
import { writeDecisionsChecked, type FieldSnapshot } from '../team/write-loop';
import { DO_NOT_PROFILE_PROPERTY, HUBSPOT_API_VERSION, HUBSPOT_DEFAULT_BASE, HUBSPOT_PROPERTIES, PROPERTY_GROUP, PropertyVersion, propertyHistory } from './hubspot';
import { crmChoice } from '../choice';
import type { ConnectionSettings, ConnectorDeps } from './types';
import type { TeamChannel, TeamReadPage, TeamRecord } from './team-types';

const SERVICE = 'HubSpot';
const PAGE = 100;
export const DECISIONS_PROPERTY = 'earshot_decisions';
const contacts = `/crm/objects/${HUBSPOT_API_VERSION}/contacts`;
const properties = `/crm/properties/${HUBSPOT_API_VERSION}/contacts`;


const Page = z
  .object({
    results: z.array(z.unknown()),
    paging: z.object({ next: z.object({ after: z.string().min(1) }).loose().optional() }).loose().optional(),
  })
  .loose();
const Contact = z
  .object({
    id: z.string().min(1),
    properties: z
      .object({
        earshot_customer_id: z.string().nullable().optional(),
        earshot_decisions: z.string().max(65_536, 'longer than a HubSpot text property holds').nullable().optional(),
        earshot_tags: z.string().nullable().optional(),
      })
      .loose(),
  })
  .loose();
const BatchRead = z.object({ results: z.array(Contact) }).loose();
const DecisionsRead = z.object({ results: z.array(Contact.extend({ propertiesWithHistory: z.object({ earshot_decisions: z.array(PropertyVersion).optional() }).loose().optional() })) }).loose();
const TagsProperty = z.object({ options: z.array(z.object({ label: z.string(), value: z.string() }).loose()).default([]) }).loose();

const stringOrNull = (value: unknown): string | null => (typeof value === 'string' ? value : null);

export function createHubSpotTeamChannel(connection: ConnectionSettings, deps: ConnectorDeps): TeamChannel {
  const base = trimBase(checkCrmUrl(connection.settings.baseUrl || HUBSPOT_DEFAULT_BASE, 'The HubSpot API address'));
  const token = connection.secret.trim();
  // The customer's choice, in Earshot's property and the shop's own (as the customer pull reads it).
  const choiceProperties = [DO_NOT_PROFILE_PROPERTY, ...(connection.settings.doNotProfileField?.trim() ? [connection.settings.doNotProfileField.trim()] : [])];
  const request = (r: Omit<HttpRequest, 'url'> & { path: string }): HttpRequest => ({ ...r, url: base + r.path, headers: { authorization: `Bearer ${token}`, ...r.headers } });
  const call = <S extends z.ZodType>(r: Omit<HttpRequest, 'url'> & { path: string }, schema: S, what: string) => requestJson(deps, SERVICE, request(r), schema, what);

  /** Tag labels by option value (the contact holds values; people typed the labels). */
  async function tagLabels(): Promise<Map<string, string>> {
    const read = await send(deps, SERVICE, request({ method: 'GET', path: `${properties}/earshot_tags`, allow: [404] }));
    if (read.status === 404) return new Map();
    return new Map(readJson(SERVICE, read, TagsProperty, 'Reading the tags property').options.map((o) => [o.value, o.label]));
  }

  /** The decisions field now, with its history: the check after a write looks there for teammates' writes ours replaced. */
  async function readField(crmId: string): Promise<FieldSnapshot> {
    const answer = await call(
      { method: 'POST', path: `${contacts}/batch/read`, json: { inputs: [{ id: crmId }], properties: [DECISIONS_PROPERTY], propertiesWithHistory: [DECISIONS_PROPERTY] } },
      DecisionsRead,
      'Reading the team decisions of a contact',
    );
    const contact = answer.results.find((r) => r.id === crmId);
    if (!contact) throw new SyncError(`${SERVICE} has no contact ${clip(crmId, 40)} to write the team decisions on.`, { kind: 'not-found', transient: false, mayHaveApplied: false });
    const history = contact.propertiesWithHistory?.earshot_decisions;
    return { text: contact.properties.earshot_decisions ?? null, ...(history ? { history: propertyHistory(history, (text) => text) } : {}) };
  }

  return {
    decisionsField: DECISIONS_PROPERTY,

    async prepare() {
      // Installs connected before team sync have no such property yet.
      const spec = HUBSPOT_PROPERTIES.find((p) => p.name === DECISIONS_PROPERTY)!;
      await send(deps, SERVICE, request({ method: 'POST', path: properties, json: { ...spec, groupName: PROPERTY_GROUP, formField: false }, allow: [409] }));
    },

    async readPage(cursor): Promise<TeamReadPage> {
      const query = new URLSearchParams({ limit: String(PAGE), archived: 'false', properties: ['earshot_customer_id', DECISIONS_PROPERTY, 'earshot_tags', ...choiceProperties].join(',') });
      if (cursor) query.set('after', cursor);
      const page = await call({ method: 'GET', path: `${contacts}?${query}` }, Page, 'Reading what Earshot wrote on contacts');
      const labels = page.results.length > 0 ? await tagLabels() : new Map<string, string>();
      const out: TeamReadPage = { records: [], problems: [], next: page.paging?.next?.after ?? null };
      for (const raw of page.results) {
        const parsed = Contact.safeParse(raw);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          const id = z.object({ id: z.union([z.string(), z.number()]) }).loose().safeParse(raw);
          out.problems.push({ crmId: id.success ? String(id.data.id) : '(no id)', field: issue?.path.join('.') || '(record)', message: issue?.message ?? 'not a contact' });
          continue;
        }
        const p = parsed.data.properties;
        const record: TeamRecord = {
          crmId: parsed.data.id,
          ...(p.earshot_customer_id ? { customerId: p.earshot_customer_id } : {}),
          decisionsText: p.earshot_decisions ?? '',
          tags: (p.earshot_tags ?? '').split(';').filter((v) => v !== '').map((v) => labels.get(v) ?? v),
          ...(crmChoice(choiceProperties.map((name) => stringOrNull(p[name]))) === true ? { doNotProfile: true as const } : {}),
        };
        out.records.push(record);
      }
      return out;
    },

    async writeDecisions(target, decisions) {
      await writeDecisionsChecked(
        {
          read: () => readField(target.crmId),
          write: async (text) => {
            await call({ method: 'POST', path: `${contacts}/batch/update`, json: { inputs: [{ id: target.crmId, properties: { [DECISIONS_PROPERTY]: text } }] } }, BatchRead, 'Writing the team decisions of a contact');
          },
        },
        target.customerId,
        decisions,
      );
    },
  };
}
