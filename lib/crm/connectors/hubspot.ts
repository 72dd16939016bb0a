/**
 * HubSpot, through a private app's access token the user pastes.
 *
 * Paths use HubSpot's date-based versions (/crm/objects/2026-03/...): the
 * numeric /crm/v3 paths are legacy and are being retired (docs/crm-sync.md
 * cites the sources). Only the version constant changes when HubSpot ships the
 * next one.
 *
 * - On connect: Earshot's property group and custom contact properties are
 *   created; 409 "already exists" is success, so connecting again is harmless.
 * - People: batch upsert by email, or by Earshot's unique customer-id property
 *   when there is no email, 100 per call, every value a string; contacts whose
 *   HubSpot id is known are updated by id. Upserts are idempotent by nature.
 * - Tags: a multi-checkbox property whose options are extended as new tags appear.
 * - Notes: one per linked profile with the match evidence, associated with the
 *   contact. Each carries a marker with its key: before writing, Earshot looks
 *   for it among the contact's notes (a retry after a timeout finds it); after
 *   writing it looks again and removes a second copy, which a browser's own
 *   resend of a POST on a dropped connection can create unseen.
 */
import { z } from '../../zod';
import { PLATFORMS, type Customer } from '../../model';
import { SyncError, checkCrmUrl, clip, isSyncError, originPattern, readJson, requestJson, send, trimBase, type HttpRequest } from '../http';
import { crmChoice } from '../choice';
import { writeTagsChecked, type TagSnapshot } from '../team/tag-write';
import type { FieldVersion } from '../team/history';
import {
  evidenceAsText,
  carriesMarker,
  isEarshotNote,
  linksAsText,
  noteHtml,
  noteKeyIn,
  valuesAsText,
  type PersonPayload,
} from '../sync-payload';
import { TASK_MARKER, taskBodyWithMarker, type TaskPayload } from '../task-payload';
import { REPORT_MARKER, reportBodyWithMarker } from '../report-delivery';
import type {
  ConnectResult,
  Connector,
  ConnectorDeps,
  ConnectorDescription,
  ConnectionSettings,
  EraseItem,
  ItemOutcome,
  NoteItem,
  Outcomes,
  PersonItem,
  PullPage,
  TaskItem,
  WithdrawItem,
} from './types';

/** The date-based API version Earshot calls (HubSpot ships one each March and September). */
export const HUBSPOT_API_VERSION = '2026-03';
export const HUBSPOT_DEFAULT_BASE = 'https://api.hubapi.com';
const SERVICE = 'HubSpot';
const BATCH = 100;
/** HubSpot-defined association type "note to contact". */
export const NOTE_TO_CONTACT = 202;
export const PROPERTY_GROUP = 'earshot';
/** The contact property with the customer's choice about profiling (read on pull, set on an objection). */
export const DO_NOT_PROFILE_PROPERTY = 'earshot_do_not_profile';

const paths = {
  contacts: `/crm/objects/${HUBSPOT_API_VERSION}/contacts`,
  notes: `/crm/objects/${HUBSPOT_API_VERSION}/notes`,
  properties: `/crm/properties/${HUBSPOT_API_VERSION}/contacts`,
  noteAssociations: `/crm/associations/${HUBSPOT_API_VERSION}/contacts/notes/batch/read`,
  tasks: `/crm/objects/${HUBSPOT_API_VERSION}/tasks`,
  taskAssociations: `/crm/associations/${HUBSPOT_API_VERSION}/contacts/tasks/batch/read`,
};

/** HubSpot-defined association type "task to contact". */
export const TASK_TO_CONTACT = 204;

/** An action's status as HubSpot's task status: a snoozed action is a deferred task. */
const TASK_STATUS = { open: 'NOT_STARTED', done: 'COMPLETED', snoozed: 'DEFERRED' } as const;

/** A custom contact property Earshot creates on connect. */
export interface HubSpotProperty {
  name: string;
  label: string;
  description: string;
  type: 'string' | 'number' | 'enumeration' | 'datetime' | 'bool';
  fieldType: 'text' | 'textarea' | 'number' | 'checkbox' | 'date' | 'booleancheckbox';
  hasUniqueValue?: boolean;
  options?: { label: string; value: string; displayOrder: number }[];
}

export const HUBSPOT_PROPERTIES: readonly HubSpotProperty[] = [
  {
    name: 'earshot_customer_id',
    label: 'Earshot customer ID',
    description: 'The customer id Earshot knows this contact by; unique, so Earshot can update the contact without an email.',
    type: 'string',
    fieldType: 'text',
    hasUniqueValue: true,
  },
  { name: 'earshot_profiles', label: 'Earshot social profiles', description: 'Review and social profiles linked to this contact.', type: 'string', fieldType: 'textarea' },
  {
    name: 'earshot_platforms',
    label: 'Earshot platforms',
    description: 'Platforms on which this contact has a linked profile.',
    type: 'enumeration',
    fieldType: 'checkbox',
    options: PLATFORMS.map((p, i) => ({ label: p, value: p, displayOrder: i })),
  },
  { name: 'earshot_match_score', label: 'Earshot best match score', description: 'Probability (0-1) of the strongest linked profile.', type: 'number', fieldType: 'number' },
  { name: 'earshot_match_evidence', label: 'Earshot match evidence', description: 'Why each profile was linked, field by field.', type: 'string', fieldType: 'textarea' },
  { name: 'earshot_tags', label: 'Earshot tags', description: 'Tags your community managers put on this person in Earshot.', type: 'enumeration', fieldType: 'checkbox', options: [] },
  { name: 'earshot_values', label: 'Earshot values', description: 'Financial and influence values Earshot computed.', type: 'string', fieldType: 'textarea' },
  { name: 'earshot_persona_id', label: 'Earshot persona ID', description: "The persona's stable id (P1, P2, ...): it stays the same across Earshot's runs and renames.", type: 'string', fieldType: 'text' },
  { name: 'earshot_persona', label: 'Earshot persona', description: 'The persona this customer belongs to, by its name in Earshot (renamed there, renamed here on the next sync).', type: 'string', fieldType: 'text' },
  { name: 'earshot_offer', label: 'Earshot offer', description: 'The individual offer the numbers support: a discount level, a free-shipping threshold, a programme or a gifted product.', type: 'string', fieldType: 'text' },
  { name: 'earshot_offer_gain', label: 'Earshot offer expected gain', description: 'The expected gain of the offer, in the shop currency.', type: 'number', fieldType: 'number' },
  { name: 'earshot_offer_reason', label: 'Earshot offer reason', description: 'Why Earshot proposes this offer, with the figures behind it.', type: 'string', fieldType: 'textarea' },
  {
    name: 'earshot_decisions',
    label: 'Earshot team decisions',
    description: 'Who in your team confirmed or rejected which profile for this contact, and when (one line each; written and read by Earshot, docs/team-sync.md).',
    type: 'string',
    fieldType: 'textarea',
  },
  { name: 'earshot_updated_at', label: 'Earshot last update', description: 'When Earshot last changed what it knows about this person.', type: 'datetime', fieldType: 'date' },
  {
    name: DO_NOT_PROFILE_PROPERTY,
    label: 'Earshot: do not profile',
    description: 'The customer must not be profiled (their objection, GDPR Art. 21, or your own records). Earshot reads it, sets it when an objection is recorded in Earshot, and never clears it.',
    type: 'bool',
    fieldType: 'booleancheckbox',
    options: [
      { label: 'Yes', value: 'true', displayOrder: 0 },
      { label: 'No', value: 'false', displayOrder: 1 },
    ],
  },
];

/** What an erasure clears: everything Earshot wrote but the customer's recorded choice, which the shop must keep honouring. */
const EARSHOT_PROPERTY_NAMES = HUBSPOT_PROPERTIES.map((p) => p.name).filter((n) => n !== DO_NOT_PROFILE_PROPERTY);

/** The multi-checkbox option value for a tag: lower case, no ';' (HubSpot's value separator). */
export function tagOptionValue(label: string): string {
  return label.trim().toLowerCase().replaceAll(';', ',').slice(0, 100);
}

export function hubspotDescription(): ConnectorDescription {
  return {
    id: 'hubspot',
    label: 'HubSpot',
    fields: [
      { name: 'accessToken', kind: 'secret', required: true, placeholder: 'pat-eu1-…' },
      { name: 'baseUrl', kind: 'url', required: false, default: HUBSPOT_DEFAULT_BASE },
      // The shop's own consent / objection property, read besides Earshot's on every pull.
      { name: 'doNotProfileField', kind: 'text', required: false, placeholder: 'gdpr_objection' },
      // Who gets the weekly report's task (a HubSpot owner id); without one the task is nobody's.
      { name: 'reportOwner', kind: 'text', required: false, placeholder: '12345678' },
    ],
    batchSize: BATCH,
    pulls: true,
    hostPermission: (settings) => originPattern(checkCrmUrl(settings.baseUrl || HUBSPOT_DEFAULT_BASE, 'The HubSpot API address')),
  };
}

// ---- answers, as HubSpot documents them -------------------------------------------------------

const Props = z.record(z.string(), z.string().nullable());
const SimpleObject = z
  .object({ id: z.string().min(1), properties: Props.default({}), objectWriteTraceId: z.string().optional() })
  .loose();
const BatchError = z
  .object({
    message: z.string(),
    category: z.string().optional(),
    context: z.record(z.string(), z.array(z.string())).optional(),
  })
  .loose();
const BatchResult = z.object({ status: z.string(), results: z.array(SimpleObject), errors: z.array(BatchError).optional() }).loose();
/** One value a property held (HubSpot's PropertyHistory). */
export const PropertyVersion = z.object({ value: z.string(), timestamp: z.iso.datetime({ offset: true }), sourceType: z.string(), sourceId: z.string().nullable().optional() }).loose();
const TagsRead = BatchResult.extend({
  results: z.array(SimpleObject.extend({ propertiesWithHistory: z.object({ earshot_tags: z.array(PropertyVersion).optional() }).loose().optional() })),
});

/**
 * A property's history as HubSpot lists it (newest first), oldest first. Values written in the same
 * millisecond keep HubSpot's order between them.
 */
export function propertyHistory<V>(history: readonly z.output<typeof PropertyVersion>[], valueOf: (text: string) => V): FieldVersion<V>[] {
  return [...history]
    .reverse()
    .sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp))
    .map((v) => ({ id: `${v.timestamp} ${v.sourceId ?? ''} ${v.value}`, value: valueOf(v.value) }));
}

const ContactsPage = z
  .object({
    results: z.array(SimpleObject),
    paging: z.object({ next: z.object({ after: z.string().min(1) }).loose().optional() }).loose().optional(),
  })
  .loose();
const PropertyAnswer = z
  .object({
    name: z.string(),
    options: z.array(z.object({ label: z.string(), value: z.string(), displayOrder: z.number().optional(), hidden: z.boolean().optional() }).loose()).default([]),
  })
  .loose();
const AssociationsAnswer = z
  .object({
    results: z.array(
      z
        .object({
          from: z.object({ id: z.string() }).loose(),
          to: z.array(z.object({ toObjectId: z.union([z.string(), z.number().int()]).transform(String) }).loose()),
          paging: z.object({ next: z.object({ after: z.string() }).loose().optional() }).loose().optional(),
        })
        .loose(),
    ),
  })
  .loose();

type IdMode = 'id' | 'email' | 'earshot_customer_id';

export function createHubSpotConnector(connection: ConnectionSettings, deps: ConnectorDeps): Connector {
  const base = trimBase(checkCrmUrl(connection.settings.baseUrl || HUBSPOT_DEFAULT_BASE, 'The HubSpot API address'));
  const token = connection.secret.trim();
  if (!token) throw new SyncError('Paste a HubSpot private-app access token to connect.', { kind: 'auth', transient: false, mayHaveApplied: false });
  const description = hubspotDescription();
  const ownChoice = connection.settings.doNotProfileField?.trim() || undefined;
  /** Tag option values HubSpot is known to have (null until read once per connector instance). */
  let tagOptions: Map<string, { label: string; value: string; displayOrder?: number }> | null = null;

  const request = (r: Omit<HttpRequest, 'url'> & { path: string }): HttpRequest => ({
    ...r,
    url: base + r.path,
    headers: { authorization: `Bearer ${token}`, ...r.headers },
  });
  const call = <S extends z.ZodType>(r: Omit<HttpRequest, 'url'> & { path: string }, schema: S, what: string) =>
    requestJson(deps, SERVICE, request(r), schema, what);

  async function createProperty(property: HubSpotProperty): Promise<'created' | 'existed'> {
    const result = await send(deps, SERVICE, request({
      method: 'POST',
      path: paths.properties,
      json: { ...property, groupName: PROPERTY_GROUP, formField: false },
      allow: [409],
    }));
    return result.status === 409 ? 'existed' : 'created';
  }

  async function ensureTagOptions(labels: readonly string[]): Promise<void> {
    const wanted = new Map(labels.map((l) => [tagOptionValue(l), l.trim()]));
    if (wanted.size === 0) return;
    if (tagOptions && [...wanted.keys()].every((v) => tagOptions!.has(v))) return;
    const read = await send(deps, SERVICE, request({ method: 'GET', path: `${paths.properties}/earshot_tags`, allow: [404] }));
    if (read.status === 404) {
      // Someone deleted the property in HubSpot: create it again.
      await createProperty(HUBSPOT_PROPERTIES.find((p) => p.name === 'earshot_tags')!);
      tagOptions = new Map();
    } else {
      const property = readJson(SERVICE, read, PropertyAnswer, 'Reading the tags property');
      tagOptions = new Map(property.options.map((o) => [o.value, o]));
    }
    const missing = [...wanted].filter(([value]) => !tagOptions!.has(value));
    if (missing.length === 0) return;
    // PATCH replaces the whole option list: send what exists plus the new ones.
    const existing = [...tagOptions.values()];
    const options = [
      ...existing.map((o, i) => ({ label: o.label, value: o.value, displayOrder: o.displayOrder ?? i })),
      ...missing.map(([value, label], i) => ({ label, value, displayOrder: existing.length + i })),
    ];
    const updated = await call({ method: 'PATCH', path: `${paths.properties}/earshot_tags`, json: { options } }, PropertyAnswer, 'Adding new tags as options of the tags property');
    tagOptions = new Map(updated.options.map((o) => [o.value, o]));
  }

  function contactProperties(person: PersonPayload, mode: IdMode): Record<string, string> {
    const best = person.links[0];
    const properties: Record<string, string> = {
      earshot_customer_id: person.customerId,
      earshot_profiles: linksAsText(person.links),
      earshot_platforms: [...new Set(person.links.map((l) => l.platform))].join(';'),
      earshot_match_score: best ? String(Math.round(best.score * 10_000) / 10_000) : '',
      earshot_match_evidence: evidenceAsText(person.links),
      earshot_tags: person.tags.map(tagOptionValue).join(';'),
      earshot_values: valuesAsText(person.values),
      // Empty clears: a customer who left their persona, has no offer or may not be profiled keeps nothing stale.
      earshot_persona_id: person.persona?.id ?? '',
      earshot_persona: person.persona?.name ?? '',
      earshot_offer: person.offer?.label ?? '',
      earshot_offer_gain: person.offer ? String(person.offer.gain) : '',
      earshot_offer_reason: person.offer?.reason ?? '',
      earshot_updated_at: new Date(person.changedAt).toISOString(),
    };
    // Set, never cleared: the CRM may have recorded an objection since Earshot last read it.
    if (person.doNotProfile) properties[DO_NOT_PROFILE_PROPERTY] = 'true';
    // A contact HubSpot creates from this upsert should carry the name; one known by id keeps HubSpot's.
    if (mode !== 'id') {
      if (person.firstName) properties.firstname = person.firstName;
      if (person.lastName) properties.lastname = person.lastName;
    }
    if (mode === 'earshot_customer_id' && person.email) properties.email = person.email;
    return properties;
  }

  function modeOf(item: PersonItem | EraseItem | NoteItem): IdMode {
    if (item.target.crmId) return 'id';
    if (item.target.email) return 'email';
    return 'earshot_customer_id';
  }

  function idValue(item: PersonItem, mode: IdMode): string {
    if (mode === 'id') return item.target.crmId!;
    if (mode === 'email') return item.target.email!.trim().toLowerCase();
    return item.target.customerId;
  }

  /**
   * One batch call for items sharing an id mode, then whatever it left unresolved:
   * a whole-batch rejection is split in halves, and items a partial answer does
   * not account for are sent on their own, so one bad contact parks alone.
   */
  async function writeContacts(mode: IdMode, items: readonly PersonItem[], out: Outcomes): Promise<void> {
    if (items.length === 0) return;
    const inputs = items.map((item) => {
      const properties = contactProperties(item.person, mode);
      return mode === 'id'
        ? { id: item.target.crmId!, properties, objectWriteTraceId: item.key }
        : { id: idValue(item, mode), idProperty: mode, properties, objectWriteTraceId: item.key };
    });
    const path = mode === 'id' ? `${paths.contacts}/batch/update` : `${paths.contacts}/batch/upsert`;
    let answer: z.output<typeof BatchResult>;
    try {
      answer = await call({ method: 'POST', path, json: { inputs } }, BatchResult, `Writing ${items.length} contact${items.length === 1 ? '' : 's'}`);
    } catch (error) {
      if (isSyncError(error) && !error.transient && error.details.kind === 'rejected') {
        if (items.length === 1) {
          out.set(items[0]!.key, { ok: false, error });
          return;
        }
        const half = Math.ceil(items.length / 2);
        await writeContacts(mode, items.slice(0, half), out);
        await writeContacts(mode, items.slice(half), out);
        return;
      }
      throw error;
    }
    const byTrace = new Map(items.map((i) => [i.key, i]));
    const byId = new Map(items.map((i) => [idValue(i, mode), i]));
    for (const result of answer.results) {
      const echoed = mode === 'id' ? result.id : (result.properties[mode] ?? '');
      const item =
        (result.objectWriteTraceId ? byTrace.get(result.objectWriteTraceId) : undefined) ??
        byId.get(mode === 'email' ? echoed.toLowerCase() : echoed);
      if (item) out.set(item.key, { ok: true, crmId: result.id });
    }
    const errors = answer.errors ?? [];
    for (const error of errors) {
      const keys = [...(error.context?.objectWriteTraceId ?? []), ...(error.context?.ids ?? [])];
      for (const k of keys) {
        const item = byTrace.get(k) ?? byId.get(mode === 'email' ? k.toLowerCase() : k);
        if (item && !out.has(item.key)) out.set(item.key, { ok: false, error: itemError(error.message, error.category) });
      }
    }
    const unresolved = items.filter((i) => !out.has(i.key));
    if (unresolved.length === 0) return;
    if (items.length > 1) {
      for (const item of unresolved) await writeContacts(mode, [item], out);
      return;
    }
    const only = unresolved[0]!;
    out.set(only.key, errors[0]
      ? { ok: false, error: itemError(errors[0].message, errors[0].category) }
      : { ok: false, error: new SyncError(`${SERVICE} did not confirm this contact; a retry looks before it writes.`, { kind: 'server', service: SERVICE, transient: true, mayHaveApplied: true }) });
  }

  /**
   * The tags of the items' contacts now, by item key, found as the write finds them (id, email or
   * Earshot's customer id), with the property's history: the check after a write looks in it for a
   * teammate's write that came between this install's read and its write (lib/crm/team/tag-write.ts).
   */
  async function contactTags(mode: IdMode, items: readonly PersonItem[]): Promise<Map<string, TagSnapshot>> {
    if (items.length === 0) return new Map();
    const found = (value: string) => (mode === 'email' ? value.toLowerCase() : value);
    const result = await send(deps, SERVICE, request({
      method: 'POST',
      path: `${paths.contacts}/batch/read`,
      json: {
        ...(mode === 'id' ? {} : { idProperty: mode }),
        properties: ['earshot_tags', ...(mode === 'id' ? [] : [mode])],
        propertiesWithHistory: ['earshot_tags'],
        inputs: [...new Set(items.map((i) => found(idValue(i, mode))))].map((id) => ({ id })),
      },
      allow: [207],
    }));
    const answer = readJson(SERVICE, result, TagsRead, 'Reading the tags of contacts');
    const byId = new Map(answer.results.map((r) => [found(mode === 'id' ? r.id : (r.properties[mode] ?? '')), r]));
    // The contact holds option values; people typed the labels.
    const labels = (values: string) => values.split(';').filter((v) => v !== '').map((v) => tagOptions?.get(v)?.label ?? v);
    const tags = new Map<string, TagSnapshot>();
    for (const item of items) {
      const contact = byId.get(found(idValue(item, mode)));
      if (contact === undefined) continue;
      const history = contact.propertiesWithHistory?.earshot_tags;
      tags.set(item.key, {
        tags: labels(contact.properties.earshot_tags ?? ''),
        ...(history ? { history: propertyHistory(history, labels) } : {}),
      });
    }
    return tags;
  }

  /** Writes the contacts with their tags merged with what a teammate wrote since (lib/crm/team/tag-write.ts). */
  async function writeContactsMergingTags(mode: IdMode, items: readonly PersonItem[], out: Outcomes): Promise<void> {
    const io = {
      // A customer who objected keeps nothing Earshot wrote, whoever tagged them: no merge, the tags are cleared.
      read: (some: readonly PersonItem[]) => contactTags(mode, some.filter((item) => !item.person.doNotProfile)),
      write: async (planned: readonly { item: PersonItem; tags: string[] }[]) => {
        await ensureTagOptions(planned.flatMap((p) => p.tags));
        await writeContacts(mode, planned.map((p) => ({ ...p.item, person: { ...p.item.person, tags: p.tags } })), out);
        return new Set(planned.flatMap((p) => (out.get(p.item.key)?.ok ? [p.item.key] : [])));
      },
    };
    const write = async (some: readonly PersonItem[]) => {
      const kept = await writeTagsChecked(io, (item) => item.key, some.map((item) => ({ item, local: item.person.tags, base: item.previousTags })));
      for (const [key, error] of kept) out.set(key, { ok: false, error });
    };
    await write(items);
    // Options are replaced as a whole list: a teammate's PATCH from an older list can drop ours.
    // Read the list again and write those contacts again, once, from a fresh read of their tags.
    const lostOption = items.filter((item) => optionMissing(out.get(item.key)));
    if (lostOption.length > 0) {
      tagOptions = null;
      await write(lostOption);
    }
  }

  /** HubSpot contact ids for items without one: by Earshot's customer id, then by email. */
  async function resolveContactIds(items: readonly (NoteItem | EraseItem | TaskItem | WithdrawItem)[]): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    for (const item of items) if (item.target.crmId) ids.set(item.key, item.target.crmId);
    for (const idProperty of ['earshot_customer_id', 'email'] as const) {
      const missing = items.filter((i) => !ids.has(i.key) && (idProperty === 'email' ? !!i.target.email : true));
      if (missing.length === 0) continue;
      const value = (i: NoteItem | EraseItem | TaskItem | WithdrawItem) => (idProperty === 'email' ? i.target.email!.trim().toLowerCase() : i.target.customerId);
      const result = await send(deps, SERVICE, request({
        method: 'POST',
        path: `${paths.contacts}/batch/read`,
        json: { idProperty, properties: [idProperty], inputs: [...new Set(missing.map(value))].map((id) => ({ id })) },
        allow: [207],
      }));
      const answer = readJson(SERVICE, result, BatchResult, 'Finding contacts');
      const found = new Map(answer.results.map((r) => [(r.properties[idProperty] ?? '').toLowerCase(), r.id]));
      for (const item of missing) {
        const id = found.get(value(item).toLowerCase());
        if (id) ids.set(item.key, id);
      }
    }
    return ids;
  }

  /** Every note id associated with each contact (all pages). */
  const notesOf = (contactIds: readonly string[]) => associatedWith(contactIds, 'notes');

  /** Every note or task id associated with each contact (all pages). */
  async function associatedWith(contactIds: readonly string[], kind: 'notes' | 'tasks'): Promise<Map<string, string[]>> {
    const notes = new Map<string, string[]>(contactIds.map((id) => [id, []]));
    let inputs = [...new Set(contactIds)].map((id) => ({ id }) as { id: string; after?: string });
    while (inputs.length > 0) {
      const path = kind === 'notes' ? paths.noteAssociations : paths.taskAssociations;
      const answer = await send(deps, SERVICE, request({ method: 'POST', path, json: { inputs }, allow: [207] }));
      const read = readJson(SERVICE, answer, AssociationsAnswer, `Reading the ${kind} of contacts`);
      const next: { id: string; after: string }[] = [];
      for (const r of read.results) {
        notes.get(r.from.id)?.push(...r.to.map((t) => t.toObjectId));
        if (r.paging?.next?.after) next.push({ id: r.from.id, after: r.paging.next.after });
      }
      inputs = next;
    }
    return notes;
  }

  /** Earshot's notes on these contacts: note key -> note ids, oldest first. */
  async function earshotNotes(contactIds: readonly string[]): Promise<Map<string, string[]>> {
    const notes = await notesOf(contactIds);
    const bodies = await noteBodies([...new Set([...notes.values()].flat())]);
    const byKey = new Map<string, string[]>();
    for (const [id, body] of bodies) {
      const key = noteKeyIn(body);
      if (key) byKey.set(key, [...(byKey.get(key) ?? []), id]);
    }
    for (const ids of byKey.values()) ids.sort((a, b) => Number(a) - Number(b));
    return byKey;
  }

  const noteBodies = (noteIds: readonly string[]) => bodiesOf('notes', noteIds);

  /** The bodies of notes or tasks by id. */
  async function bodiesOf(kind: 'notes' | 'tasks', ids: readonly string[]): Promise<Map<string, string>> {
    const property = kind === 'notes' ? 'hs_note_body' : 'hs_task_body';
    const bodies = new Map<string, string>();
    for (let i = 0; i < ids.length; i += BATCH) {
      const answer = await send(deps, SERVICE, request({
        method: 'POST',
        path: `${paths[kind]}/batch/read`,
        json: { properties: [property], inputs: ids.slice(i, i + BATCH).map((id) => ({ id })) },
        allow: [207],
      }));
      for (const r of readJson(SERVICE, answer, BatchResult, `Reading ${kind}`).results) bodies.set(r.id, r.properties[property] ?? '');
    }
    return bodies;
  }

  /** Earshot's tasks on these contacts: task id -> body, oldest first. */
  async function tasksOf(contactIds: readonly string[]): Promise<[string, string][]> {
    const ids = [...new Set([...(await associatedWith(contactIds, 'tasks')).values()].flat())].sort((a, b) => Number(a) - Number(b));
    return [...(await bodiesOf('tasks', ids))].filter(([, body]) => carriesMarker(body, TASK_MARKER));
  }

  /** Earshot's tasks with these keys on these contacts: task key -> task id (the oldest when a resend made two). */
  async function earshotTasks(contactIds: readonly string[], keys: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for (const [id, body] of await tasksOf(contactIds)) {
      const key = keys.find((k) => carriesMarker(body, TASK_MARKER, k));
      if (key !== undefined && !found.has(key)) found.set(key, id);
    }
    return found;
  }

  /** Remove notes or tasks by id. */
  async function archive(kind: 'notes' | 'tasks', ids: readonly string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += BATCH) {
      await send(deps, SERVICE, request({ method: 'POST', path: `${paths[kind]}/batch/archive`, json: { inputs: ids.slice(i, i + BATCH).map((id) => ({ id })) } }));
    }
  }

  function taskProperties(task: TaskPayload): Record<string, string> {
    return {
      hs_task_subject: task.subject,
      hs_task_body: taskBodyWithMarker(task),
      // HubSpot keeps a task's due date in hs_timestamp; noon UTC keeps the day in every time zone of Europe.
      hs_timestamp: `${task.dueDate}T12:00:00.000Z`,
      hs_task_status: TASK_STATUS[task.status],
      hs_task_type: 'TODO',
    };
  }

  /** Update tasks HubSpot knows by id; a task deleted there is reported, not silently created again. */
  async function updateTasks(items: readonly { item: TaskItem; id: string }[], out: Outcomes): Promise<void> {
    for (let i = 0; i < items.length; i += BATCH) {
      const chunk = items.slice(i, i + BATCH);
      const inputs = chunk.map(({ item, id }) => ({ id, properties: taskProperties(item.task), objectWriteTraceId: item.key }));
      const answer = await call({ method: 'POST', path: `${paths.tasks}/batch/update`, json: { inputs } }, BatchResult, `Updating ${inputs.length} task${inputs.length === 1 ? '' : 's'}`);
      const updated = new Set(answer.results.map((r) => r.id));
      for (const { item, id } of chunk) {
        out.set(item.key, updated.has(id)
          ? { ok: true, taskId: id }
          : { ok: false, error: new SyncError(`${SERVICE} has no task ${clip(id, 20)} any more (deleted there?); Earshot does not create it again by itself.`, { kind: 'not-found', transient: false, mayHaveApplied: false }) });
      }
    }
  }

  return {
    description,

    async connect(): Promise<ConnectResult> {
      await call({ method: 'GET', path: `${paths.contacts}?limit=1` }, ContactsPage, 'Checking the access token');
      await send(deps, SERVICE, request({
        method: 'POST',
        path: `${paths.properties}/groups`,
        json: { name: PROPERTY_GROUP, label: 'Earshot', displayOrder: -1 },
        allow: [409],
      }));
      let created = 0;
      for (const property of HUBSPOT_PROPERTIES) if ((await createProperty(property)) === 'created') created += 1;
      const existed = HUBSPOT_PROPERTIES.length - created;
      return {
        summary: `Connected to HubSpot (API ${HUBSPOT_API_VERSION}): ${created} Earshot contact properties created${existed ? `, ${existed} already there` : ''}.`,
      };
    },

    async pullCustomers(cursor): Promise<PullPage> {
      const choiceProperties = [DO_NOT_PROFILE_PROPERTY, ...(ownChoice ? [ownChoice] : [])];
      const query = new URLSearchParams({ limit: String(BATCH), archived: 'false', properties: ['email', 'firstname', 'lastname', 'phone', 'city', 'country', 'company', 'website', ...choiceProperties].join(',') });
      if (cursor) query.set('after', cursor);
      const page = await call({ method: 'GET', path: `${paths.contacts}?${query}` }, ContactsPage, 'Reading contacts');
      const now = deps.now();
      const customers = page.results.map((r): Customer => {
        const p = r.properties;
        const text = (key: string) => (p[key] ?? '').trim() || undefined;
        const fields = { firstName: text('firstname'), lastName: text('lastname'), email: text('email'), phone: text('phone'), city: text('city'), country: text('country'), company: text('company'), website: text('website') };
        const doNotProfile = crmChoice(choiceProperties.map((name) => p[name]));
        return { id: r.id, ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)), ...(doNotProfile === undefined ? {} : { doNotProfile }), handles: [], custom: {}, source: 'hubspot', updatedAt: now };
      });
      return { customers, next: page.paging?.next?.after ?? null };
    },

    async pushPersons(items): Promise<Outcomes> {
      const out: Outcomes = new Map();
      await ensureTagOptions(items.flatMap((i) => i.person.tags));
      for (const mode of ['id', 'email', 'earshot_customer_id'] as const) {
        let group = items.filter((i) => modeOf(i) === mode);
        // One batch may not name the same contact twice: later duplicates go in a later call.
        while (group.length > 0) {
          const seen = new Set<string>();
          const now: PersonItem[] = [];
          const later: PersonItem[] = [];
          for (const item of group) {
            const id = idValue(item, mode);
            (seen.has(id) ? later : now).push(item);
            seen.add(id);
          }
          for (let i = 0; i < now.length; i += BATCH) {
            const chunk = now.slice(i, i + BATCH);
            try {
              await writeContactsMergingTags(mode, chunk, out);
            } catch (error) {
              // This call failed as a whole; the calls before it stand.
              if (!isSyncError(error)) throw error;
              for (const item of chunk) if (!out.has(item.key)) out.set(item.key, { ok: false, error });
              // Asked to slow down: the calls after it are not made (they fail the same way, unsent).
              if (error.details.kind === 'rate-limited') {
                for (const item of items) if (!out.has(item.key)) out.set(item.key, { ok: false, error: new SyncError(error.message, { ...error.details, mayHaveApplied: false }) });
                return out;
              }
            }
          }
          group = later;
        }
      }
      return out;
    },

    async pushNotes(items): Promise<Outcomes> {
      const out: Outcomes = new Map();
      const contactIds = await resolveContactIds(items);
      const ready: NoteItem[] = [];
      for (const item of items) {
        if (contactIds.has(item.key)) ready.push(item);
        else out.set(item.key, { ok: false, error: new SyncError(`${SERVICE} has no contact for customer ${clip(item.target.customerId, 40)} to attach the note to.`, { kind: 'not-found', transient: false, mayHaveApplied: false }) });
      }
      if (ready.length === 0) return out;
      const contacts = [...new Set(ready.map((i) => contactIds.get(i.key)!))];
      // Look first: an attempt that timed out, or an earlier connection, may have written the
      // note already (a note's key depends only on customer and profile).
      const before = await earshotNotes(contacts);
      const toCreate = ready.filter((item) => {
        if (!before.has(item.idempotencyKey)) return true;
        out.set(item.key, { ok: true, crmId: contactIds.get(item.key)! });
        return false;
      });
      if (toCreate.length > 0) {
        const inputs = toCreate.map((item) => ({
          properties: { hs_note_body: noteHtml(item.note, item.idempotencyKey), hs_timestamp: new Date(item.note.decidedAt).toISOString() },
          associations: [{ to: { id: contactIds.get(item.key)! }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: NOTE_TO_CONTACT }] }],
          objectWriteTraceId: item.key,
        }));
        const answer = await call({ method: 'POST', path: `${paths.notes}/batch/create`, json: { inputs } }, BatchResult, `Adding ${inputs.length} note${inputs.length === 1 ? '' : 's'}`);
        for (const result of answer.results) {
          const item = toCreate.find((i) => i.key === result.objectWriteTraceId || isEarshotNote(result.properties.hs_note_body, i.idempotencyKey));
          if (item) out.set(item.key, { ok: true, crmId: contactIds.get(item.key)! });
        }
        for (const error of answer.errors ?? []) {
          for (const k of error.context?.objectWriteTraceId ?? []) if (!out.has(k) && toCreate.some((i) => i.key === k)) out.set(k, { ok: false, error: itemError(error.message, error.category) });
        }
      }
      // Look again: a browser may resend a POST whose connection dropped before the answer,
      // unseen by Earshot. Two notes with one key are one note written twice: keep the first.
      const after = toCreate.length > 0 ? await earshotNotes(contacts) : before;
      await archive('notes', [...after.values()].flatMap((ids) => ids.slice(1)));
      return out;
    },

    async pushTasks(items): Promise<Outcomes> {
      const out: Outcomes = new Map();
      const known = items.filter((i) => i.taskId !== undefined).map((item) => ({ item, id: item.taskId! }));
      const unknown = items.filter((i) => i.taskId === undefined);
      const contactIds = unknown.length > 0 ? await resolveContactIds(unknown) : new Map<string, string>();
      const ready: TaskItem[] = [];
      for (const item of unknown) {
        if (contactIds.has(item.key)) ready.push(item);
        else out.set(item.key, { ok: false, error: new SyncError(`${SERVICE} has no contact for customer ${clip(item.target.customerId, 40)} to give the task to.`, { kind: 'not-found', transient: false, mayHaveApplied: false }) });
      }
      // Look first: sent before (its id forgotten, or an attempt that timed out), the task is updated, not made twice.
      const existing = ready.length > 0 ? await earshotTasks([...new Set(ready.map((i) => contactIds.get(i.key)!))], ready.map((i) => i.task.key)) : new Map<string, string>();
      const toUpdate = [...known, ...ready.filter((i) => existing.has(i.task.key)).map((item) => ({ item, id: existing.get(item.task.key)! }))];
      await updateTasks(toUpdate, out);
      const toCreate = ready.filter((i) => !existing.has(i.task.key));
      for (let i = 0; i < toCreate.length; i += BATCH) {
        const chunk = toCreate.slice(i, i + BATCH);
        const inputs = chunk.map((item) => ({
          properties: taskProperties(item.task),
          associations: [{ to: { id: contactIds.get(item.key)! }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: TASK_TO_CONTACT }] }],
          objectWriteTraceId: item.key,
        }));
        const answer = await call({ method: 'POST', path: `${paths.tasks}/batch/create`, json: { inputs } }, BatchResult, `Adding ${inputs.length} task${inputs.length === 1 ? '' : 's'}`);
        for (const result of answer.results) {
          const item = chunk.find((c) => c.key === result.objectWriteTraceId || carriesMarker(result.properties.hs_task_body, TASK_MARKER, c.task.key));
          if (item) out.set(item.key, { ok: true, crmId: contactIds.get(item.key)!, taskId: result.id });
        }
        for (const error of answer.errors ?? []) {
          for (const k of error.context?.objectWriteTraceId ?? []) if (!out.has(k) && chunk.some((c) => c.key === k)) out.set(k, { ok: false, error: itemError(error.message, error.category) });
        }
      }
      return out;
    },

    // A task about no contact, for the owner the user named: the report's figures, and the page left to Earshot.
    async deliverReports(items): Promise<Outcomes> {
      const out: Outcomes = new Map();
      const owner = connection.settings.reportOwner?.trim();
      for (let i = 0; i < items.length; i += BATCH) {
        const chunk = items.slice(i, i + BATCH);
        const inputs = chunk.map((item) => ({
          properties: {
            hs_task_subject: item.delivery.subject,
            hs_task_body: reportBodyWithMarker(item.delivery, item.idempotencyKey),
            hs_timestamp: new Date(item.delivery.madeAt).toISOString(),
            hs_task_status: 'NOT_STARTED',
            hs_task_type: 'TODO',
            ...(owner ? { hubspot_owner_id: owner } : {}),
          },
          objectWriteTraceId: item.key,
        }));
        const answer = await call({ method: 'POST', path: `${paths.tasks}/batch/create`, json: { inputs } }, BatchResult, `Adding the weekly report's task`);
        for (const result of answer.results) {
          const item = chunk.find((c) => c.key === result.objectWriteTraceId || carriesMarker(result.properties.hs_task_body, REPORT_MARKER, c.idempotencyKey));
          if (item) out.set(item.key, { ok: true, taskId: result.id });
        }
        for (const error of answer.errors ?? []) {
          for (const k of error.context?.objectWriteTraceId ?? []) if (!out.has(k) && chunk.some((c) => c.key === k)) out.set(k, { ok: false, error: itemError(error.message, error.category) });
        }
      }
      return out;
    },

    async withdrawTasks(items): Promise<Outcomes> {
      const out: Outcomes = new Map();
      const contactIds = await resolveContactIds(items);
      const found = items.filter((i) => contactIds.has(i.key));
      // Found by their key on the contact (every copy a lost answer may have made); no contact, no task.
      const tasks = found.length > 0 ? await tasksOf([...new Set(found.map((i) => contactIds.get(i.key)!))]) : [];
      const ids = tasks.filter(([, body]) => found.some((i) => carriesMarker(body, TASK_MARKER, i.withdrawal.key))).map(([id]) => id);
      await archive('tasks', ids);
      for (const item of items) out.set(item.key, { ok: true, ...(contactIds.has(item.key) ? { crmId: contactIds.get(item.key)! } : {}) });
      return out;
    },

    async erasePersons(items): Promise<Outcomes> {
      const out: Outcomes = new Map();
      const contactIds = await resolveContactIds(items);
      // Nobody to erase in HubSpot: done.
      for (const item of items) if (!contactIds.has(item.key)) out.set(item.key, { ok: true });
      const found = items.filter((i) => contactIds.has(i.key));
      if (found.length === 0) return out;
      const cleared = Object.fromEntries(EARSHOT_PROPERTY_NAMES.map((n) => [n, '']));
      const ids = [...new Set(found.map((i) => contactIds.get(i.key)!))];
      await call({ method: 'POST', path: `${paths.contacts}/batch/update`, json: { inputs: ids.map((id) => ({ id, properties: cleared })) } }, BatchResult, `Clearing Earshot's properties on ${ids.length} contact${ids.length === 1 ? '' : 's'}`);
      const notes = await notesOf(ids);
      const bodies = await noteBodies([...new Set([...notes.values()].flat())]);
      await archive('notes', [...bodies].filter(([, body]) => isEarshotNote(body)).map(([id]) => id));
      // The tasks Earshot gave them say why they were profiled: they go too.
      await archive('tasks', (await tasksOf(ids)).map(([id]) => id));
      for (const item of found) out.set(item.key, { ok: true });
      return out;
    },
  };
}

/** An error HubSpot reported for one record of a batch: the data is wrong, a person must look. */
/** HubSpot's category for a value that is not one of a property's options. */
const INVALID_OPTION = 'INVALID_OPTION';

function optionMissing(outcome: ItemOutcome | undefined): boolean {
  return outcome?.ok === false && outcome.error.message.startsWith(`${SERVICE} rejected this contact (${INVALID_OPTION})`);
}

function itemError(message: string, category: string | undefined): SyncError {
  return new SyncError(`${SERVICE} rejected this contact${category ? ` (${category})` : ''}: ${clip(message, 200)}`, {
    kind: 'rejected',
    transient: false,
    mayHaveApplied: false,
  });
}
