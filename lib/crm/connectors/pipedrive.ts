/**
 * Pipedrive, through the user's personal API token (sent in the x-api-token
 * header, as API v2 requires).
 *
 * Pipedrive has no upsert: a person is searched by email (v2 persons/search,
 * exact match), then updated (PATCH) or created (POST). Search reads an index
 * that lags behind writes, so it cannot tell whether an attempt that timed
 * out created the person; a retry therefore also lists the persons changed
 * since the job was made (a plain database read) before creating anyone.
 * The person's Pipedrive id is remembered by the outbox after the first
 * push, so later updates go straight to it.
 *
 * Earshot's data goes into custom person fields it creates on connect; tags
 * become person labels (options of the label field, added as tags appear).
 * An update merges the tags with what a teammate wrote since this install's
 * last read, and checks the write (lib/crm/team/tag-write.ts).
 * Notes use the v1 notes endpoints, the only ones Pipedrive offers for notes.
 */
import { z } from '../../zod';
import type { Customer } from '../../model';
import { SyncError, checkCrmUrl, clip, originPattern, requestJson, trimBase, type HttpRequest } from '../http';
import { crmChoice } from '../choice';
import { carriesMarker, evidenceAsText, isEarshotNote, linksAsText, noteHtml, valuesAsText, type PersonPayload } from '../sync-payload';
import { TASK_MARKER, taskBodyWithMarker, type TaskPayload } from '../task-payload';
import { reportBodyWithMarker } from '../report-delivery';
import { writeTagsChecked, type TagIo } from '../team/tag-write';
import { personFieldHistory } from './pipedrive-changelog';
import type {
  ConnectResult,
  Connector,
  ConnectorDeps,
  ConnectorDescription,
  ConnectionSettings,
  CrmTarget,
  EraseItem,
  ItemOutcome,
  NoteItem,
  Outcomes,
  PersonItem,
  PullPage,
  TaskItem,
  WithdrawItem,
} from './types';

export const PIPEDRIVE_DEFAULT_BASE = 'https://api.pipedrive.com';
const SERVICE = 'Pipedrive';
/** Persons are written one request each; a batch is how many the outbox hands over at once. */
const BATCH = 20;
const PAGE = 500;

/** Earshot's custom person fields: setting key -> name and Pipedrive field type. */
export const PIPEDRIVE_FIELDS = {
  customerId: { name: 'Earshot customer ID', type: 'varchar' },
  profiles: { name: 'Earshot social profiles', type: 'text' },
  score: { name: 'Earshot best match score', type: 'double' },
  evidence: { name: 'Earshot match evidence', type: 'text' },
  tags: { name: 'Earshot tags', type: 'text' },
  values: { name: 'Earshot values', type: 'text' },
  personaId: { name: 'Earshot persona ID', type: 'varchar' },
  persona: { name: 'Earshot persona', type: 'varchar' },
  offer: { name: 'Earshot offer', type: 'varchar' },
  offerGain: { name: 'Earshot offer expected gain', type: 'double' },
  offerReason: { name: 'Earshot offer reason', type: 'text' },
  updatedAt: { name: 'Earshot last update', type: 'varchar' },
  /** The customer's choice: "yes" when they must not be profiled; read on pull, set on an objection, never cleared. */
  doNotProfile: { name: 'Earshot do not profile', type: 'varchar' },
  /** The team's decisions on this customer (docs/team-sync.md), a large text field; written by team sync, not by the outbox. */
  decisions: { name: 'Earshot team decisions', type: 'text' },
} as const;
export type PipedriveFieldKey = keyof typeof PIPEDRIVE_FIELDS;
type FieldKey = PipedriveFieldKey;
const FIELD_KEYS = Object.keys(PIPEDRIVE_FIELDS) as FieldKey[];
/** The setting holding the code of the shop's own objection field, when they named one. */
export const OWN_CHOICE_SETTING = 'field:ownDoNotProfile';
export const settingOf = (key: FieldKey) => `field:${key}`;
/** Pipedrive's built-in person label field (a multiple-options field). */
const LABEL_FIELD_CODES = ['label_ids', 'label'];

export function pipedriveDescription(): ConnectorDescription {
  return {
    id: 'pipedrive',
    label: 'Pipedrive',
    fields: [
      { name: 'apiToken', kind: 'secret', required: true },
      { name: 'baseUrl', kind: 'url', required: false, default: PIPEDRIVE_DEFAULT_BASE, placeholder: 'https://yourcompany.pipedrive.com' },
      // The name of the shop's own consent / objection person field, read besides Earshot's on every pull.
      { name: 'doNotProfileField', kind: 'text', required: false, placeholder: 'GDPR objection' },
      // Who gets the weekly report's activity (a Pipedrive user id); without one, the token's own user.
      { name: 'reportOwner', kind: 'text', required: false, placeholder: '12345' },
    ],
    batchSize: BATCH,
    pulls: true,
    hostPermission: (settings) => originPattern(checkCrmUrl(settings.baseUrl || PIPEDRIVE_DEFAULT_BASE, 'The Pipedrive address')),
  };
}

// ---- answers, as Pipedrive documents them ----------------------------------------------------

const Option = z.object({ id: z.number().int(), label: z.string() }).loose();
const PersonField = z
  .object({ field_code: z.string().min(1), field_name: z.string(), field_type: z.string(), options: z.array(Option).nullable().optional() })
  .loose();
const Cursor = z.object({ next_cursor: z.string().nullable().optional() }).loose();
const FieldsPage = z.object({ success: z.literal(true), data: z.array(PersonField), additional_data: Cursor.optional() }).loose();
const FieldAnswer = z.object({ success: z.literal(true), data: PersonField }).loose();
const OptionsAnswer = z.object({ success: z.literal(true), data: z.array(Option) }).loose();
const Email = z.object({ value: z.string(), primary: z.boolean().optional(), label: z.string().nullable().optional() }).loose();
export const Person = z
  .object({
    id: z.number().int(),
    name: z.string().nullable().optional(),
    first_name: z.string().nullable().optional(),
    last_name: z.string().nullable().optional(),
    emails: z.array(Email).nullable().optional(),
    phones: z.array(Email).nullable().optional(),
    label_ids: z.array(z.number().int()).nullable().optional(),
    custom_fields: z.record(z.string(), z.unknown()).nullable().optional(),
  })
  .loose();
export const PersonAnswer = z.object({ success: z.literal(true), data: Person }).loose();
type Person = z.output<typeof Person>;
export const PersonsPage = z.object({ success: z.literal(true), data: z.array(Person).nullable(), additional_data: Cursor.optional() }).loose();
const SearchAnswer = z
  .object({
    success: z.literal(true),
    data: z.object({
      items: z.array(z.object({ result_score: z.number().optional(), item: z.object({ id: z.number().int(), emails: z.array(z.string()).nullable().optional() }).loose() }).loose()),
    }).loose(),
  })
  .loose();
const Note = z.object({ id: z.number().int(), content: z.string().nullable().optional(), person_id: z.number().int().nullable().optional() }).loose();
const NoteAnswer = z.object({ success: z.literal(true), data: Note }).loose();
const NotesPage = z
  .object({
    success: z.literal(true),
    data: z.array(Note).nullable(),
    additional_data: z.object({ pagination: z.object({ more_items_in_collection: z.boolean().optional(), next_start: z.number().int().optional() }).loose().optional() }).loose().optional(),
  })
  .loose();
const Deleted = z.object({ success: z.literal(true) }).loose();
const Activity = z.object({ id: z.number().int(), note: z.string().nullable().optional(), done: z.boolean().optional() }).loose();
const ActivityAnswer = z.object({ success: z.literal(true), data: Activity }).loose();
const ActivitiesPage = z.object({ success: z.literal(true), data: z.array(Activity).nullable(), additional_data: Cursor.optional() }).loose();

/** An action as a Pipedrive task: its note holds the reason and the marker a retry looks for. */
function activityFields(task: TaskPayload) {
  return { subject: task.subject, type: 'task', due_date: task.dueDate, done: task.status === 'done', note: taskBodyWithMarker(task) };
}

/** A JSON call to the user's Pipedrive with their token; the answer checked against the schema. */
export function pipedriveCaller(connection: ConnectionSettings, deps: ConnectorDeps) {
  const base = trimBase(checkCrmUrl(connection.settings.baseUrl || PIPEDRIVE_DEFAULT_BASE, 'The Pipedrive address'));
  const token = connection.secret.trim();
  if (!token) throw new SyncError('Paste your Pipedrive API token to connect.', { kind: 'auth', transient: false, mayHaveApplied: false });
  const request = (r: Omit<HttpRequest, 'url'> & { path: string }): HttpRequest => ({ ...r, url: base + r.path, headers: { 'x-api-token': token, ...r.headers } });
  return <S extends z.ZodType>(r: Omit<HttpRequest, 'url'> & { path: string }, schema: S, what: string) => requestJson(deps, SERVICE, request(r), schema, what);
}

export function createPipedriveConnector(connection: ConnectionSettings, deps: ConnectorDeps): Connector {
  const call = pipedriveCaller(connection, deps);
  const description = pipedriveDescription();
  const settings = connection.settings;
  let labels: Map<string, number> | null = null;

  function fieldCode(key: FieldKey): string {
    const code = settings[settingOf(key)];
    if (!code) throw new SyncError(`${SERVICE}: Earshot's field "${PIPEDRIVE_FIELDS[key].name}" is not set up; connect Pipedrive again.`, { kind: 'rejected', transient: false, mayHaveApplied: false });
    return code;
  }

  async function allFields(): Promise<z.output<typeof PersonField>[]> {
    const fields: z.output<typeof PersonField>[] = [];
    let cursor: string | null | undefined = null;
    do {
      const query = new URLSearchParams({ limit: String(PAGE) });
      if (cursor) query.set('cursor', cursor);
      const page: z.output<typeof FieldsPage> = await call({ method: 'GET', path: `/api/v2/personFields?${query}` }, FieldsPage, 'Reading person fields');
      fields.push(...page.data);
      cursor = page.additional_data?.next_cursor;
    } while (cursor);
    return fields;
  }

  /** Label ids for tag names, adding missing labels to the label field. */
  async function labelIds(tags: readonly string[], create: boolean): Promise<Map<string, number>> {
    const code = settings.labelField;
    const wanted = [...new Set(tags.map((t) => t.trim()))];
    if (!code || wanted.length === 0) return new Map();
    if (!labels || (create && wanted.some((t) => !labels!.has(t.toLowerCase())))) {
      const field = await call({ method: 'GET', path: `/api/v2/personFields/${encodeURIComponent(code)}` }, FieldAnswer, 'Reading person labels');
      labels = new Map((field.data.options ?? []).map((o) => [o.label.trim().toLowerCase(), o.id]));
    }
    const missing = wanted.filter((t) => !labels!.has(t.toLowerCase()));
    if (create && missing.length > 0) {
      const added = await call({ method: 'POST', path: `/api/v2/personFields/${encodeURIComponent(code)}/options`, json: missing.map((label) => ({ label })) }, OptionsAnswer, 'Adding tags as person labels');
      for (const o of added.data) labels.set(o.label.trim().toLowerCase(), o.id);
    }
    return new Map(wanted.flatMap((t) => (labels!.has(t.toLowerCase()) ? [[t.toLowerCase(), labels!.get(t.toLowerCase())!] as const] : [])));
  }

  function customFields(person: PersonPayload): Record<string, string | number | null> {
    const best = person.links[0];
    const text = (s: string) => (s === '' ? null : s);
    // Set, never cleared: the CRM may have recorded an objection since Earshot last read it.
    const choice = person.doNotProfile ? { [fieldCode('doNotProfile')]: 'yes' } : {};
    return {
      ...choice,
      [fieldCode('customerId')]: person.customerId,
      [fieldCode('profiles')]: text(linksAsText(person.links)),
      [fieldCode('score')]: best ? Math.round(best.score * 10_000) / 10_000 : null,
      [fieldCode('evidence')]: text(evidenceAsText(person.links)),
      [fieldCode('tags')]: text(person.tags.join('; ')),
      [fieldCode('values')]: text(valuesAsText(person.values)),
      // null clears: a customer who left their persona, has no offer or may not be profiled keeps nothing stale.
      [fieldCode('personaId')]: person.persona?.id ?? null,
      [fieldCode('persona')]: person.persona?.name ?? null,
      [fieldCode('offer')]: person.offer?.label ?? null,
      [fieldCode('offerGain')]: person.offer?.gain ?? null,
      [fieldCode('offerReason')]: text(person.offer?.reason ?? ''),
      [fieldCode('updatedAt')]: new Date(person.changedAt).toISOString(),
    };
  }

  async function searchByEmail(email: string): Promise<number | undefined> {
    const query = new URLSearchParams({ term: email.trim(), fields: 'email', exact_match: 'true', limit: '10' });
    const found = await call({ method: 'GET', path: `/api/v2/persons/search?${query}` }, SearchAnswer, 'Searching the person by email');
    const wanted = email.trim().toLowerCase();
    // exact_match is case-insensitive but may still return near misses of other fields: check the email.
    const hit = found.data.items.find((i) => (i.item.emails ?? []).some((e) => e.trim().toLowerCase() === wanted)) ?? found.data.items[0];
    return hit?.item.id;
  }

  async function searchByCustomerId(customerId: string): Promise<number | undefined> {
    const query = new URLSearchParams({ term: customerId, fields: 'custom_fields', exact_match: 'true', limit: '10' });
    const found = await call({ method: 'GET', path: `/api/v2/persons/search?${query}` }, SearchAnswer, 'Searching the person by Earshot customer ID');
    return found.data.items[0]?.item.id;
  }

  /** Persons changed since `since`, read from the database (not the search index). */
  async function changedSince(since: number, target: CrmTarget): Promise<number | undefined> {
    const code = settings[settingOf('customerId')];
    const email = target.email?.trim().toLowerCase();
    let cursor: string | null | undefined = null;
    do {
      // A minute of slack for clocks that disagree.
      const query = new URLSearchParams({ updated_since: new Date(since - 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z'), limit: String(PAGE) });
      if (cursor) query.set('cursor', cursor);
      const page: z.output<typeof PersonsPage> = await call({ method: 'GET', path: `/api/v2/persons?${query}` }, PersonsPage, 'Looking for a person an earlier attempt created');
      const hit = (page.data ?? []).find(
        (p) => (code && p.custom_fields?.[code] === target.customerId) || (email && (p.emails ?? []).some((e) => e.value.trim().toLowerCase() === email)),
      );
      if (hit) return hit.id;
      cursor = page.additional_data?.next_cursor;
    } while (cursor);
    return undefined;
  }

  async function findPerson(item: PersonItem | NoteItem | EraseItem | TaskItem | WithdrawItem): Promise<number | undefined> {
    if (item.target.crmId && /^\d+$/.test(item.target.crmId)) return Number(item.target.crmId);
    if (item.target.email) {
      const id = await searchByEmail(item.target.email);
      if (id !== undefined) return id;
    }
    if (item.retry) return changedSince(item.since, item.target);
    return undefined;
  }

  async function readPerson(id: number): Promise<Person> {
    return (await call({ method: 'GET', path: `/api/v2/persons/${id}` }, PersonAnswer, 'Reading the person')).data;
  }

  /**
   * Updates the person with its tags merged with what a teammate wrote since
   * this install's last read (lib/crm/team/tag-write.ts): read "Earshot tags"
   * and its changelog, merge three ways, write, read again. A customer who objected is written
   * without merging: their tags are cleared, whoever set them.
   */
  async function updatePerson(item: PersonItem, id: number): Promise<void> {
    let read: Person | null = null;
    const io: TagIo<PersonItem> = {
      read: async (some) => {
        read = await readPerson(id);
        if (some.length === 0 || item.person.doNotProfile) return new Map();
        const field = fieldCode('tags');
        const raw = read.custom_fields?.[field];
        // The changelog shows a teammate's whole write that ours, made from an older read, replaced.
        const history = await personFieldHistory(call, id, field, typeof raw === 'string' ? raw : null, tagsInField);
        return new Map([[item.key, { tags: tagsInField(raw), ...(history ? { history } : {}) }]]);
      },
      write: async (planned) => {
        for (const { tags } of planned) {
          const before = read ?? (await readPerson(id));
          // Every Earshot tag in play is a label this write manages; the user's own labels stay.
          const managed = [...item.previousTags, ...item.person.tags, ...tagsInField(before.custom_fields?.[fieldCode('tags')]), ...tags];
          const ids = await labelIds(managed, true);
          const ours = new Set(ids.values());
          const wanted = tags.flatMap((t) => (ids.has(t.trim().toLowerCase()) ? [ids.get(t.trim().toLowerCase())!] : []));
          const label_ids = ours.size > 0 ? [...new Set([...(before.label_ids ?? []).filter((l) => !ours.has(l)), ...wanted])] : undefined;
          const custom_fields = customFields({ ...item.person, tags });
          await call({ method: 'PATCH', path: `/api/v2/persons/${id}`, json: { custom_fields, ...(label_ids ? { label_ids } : {}) } }, PersonAnswer, 'Updating the person');
        }
        return new Set(planned.map((p) => p.item.key));
      },
    };
    const kept = await writeTagsChecked(io, (i) => i.key, [{ item, local: item.person.tags, base: item.previousTags }]);
    const error = kept.get(item.key);
    if (error) throw error;
  }

  async function writePerson(item: PersonItem): Promise<string> {
    const { person } = item;
    const id = await findPerson(item);
    if (id !== undefined) {
      await updatePerson(item, id);
      return String(id);
    }
    const ids = await labelIds(person.tags, true);
    const wantedLabels = person.tags.flatMap((t) => (ids.has(t.trim().toLowerCase()) ? [ids.get(t.trim().toLowerCase())!] : []));
    const name = [person.firstName, person.lastName].filter(Boolean).join(' ') || person.email || `Customer ${person.customerId}`;
    const created = await call({
      method: 'POST',
      path: '/api/v2/persons',
      json: {
        name,
        ...(person.email ? { emails: [{ value: person.email, primary: true, label: 'work' }] } : {}),
        custom_fields: customFields(person),
        ...(wantedLabels.length > 0 ? { label_ids: wantedLabels } : {}),
      },
    }, PersonAnswer, 'Creating the person');
    return String(created.data.id);
  }

  async function notesOf(personId: number): Promise<z.output<typeof Note>[]> {
    const notes: z.output<typeof Note>[] = [];
    let start = 0;
    for (;;) {
      const query = new URLSearchParams({ person_id: String(personId), start: String(start), limit: String(PAGE) });
      const page = await call({ method: 'GET', path: `/api/v1/notes?${query}` }, NotesPage, "Reading the person's notes");
      notes.push(...(page.data ?? []));
      const pagination = page.additional_data?.pagination;
      if (!pagination?.more_items_in_collection || pagination.next_start === undefined) return notes;
      start = pagination.next_start;
    }
  }

  /** Earshot's tasks among the person's activities (with a key: that task's), oldest first. */
  async function earshotActivities(personId: number, key?: string): Promise<number[]> {
    const ids: number[] = [];
    let cursor: string | null | undefined = null;
    do {
      const query = new URLSearchParams({ person_id: String(personId), limit: String(PAGE) });
      if (cursor) query.set('cursor', cursor);
      const page: z.output<typeof ActivitiesPage> = await call({ method: 'GET', path: `/api/v2/activities?${query}` }, ActivitiesPage, "Reading the person's activities");
      ids.push(...(page.data ?? []).filter((a) => carriesMarker(a.note, TASK_MARKER, key)).map((a) => a.id));
      cursor = page.additional_data?.next_cursor;
    } while (cursor);
    return ids.sort((a, b) => a - b);
  }

  /** Create the task, or update it when Pipedrive has it (by the id Earshot kept, or found by its key). */
  async function writeTask(item: TaskItem): Promise<{ personId?: number; taskId: number }> {
    const fields = activityFields(item.task);
    if (item.taskId && /^\d+$/.test(item.taskId)) {
      const updated = await call({ method: 'PATCH', path: `/api/v2/activities/${item.taskId}`, json: fields }, ActivityAnswer, 'Updating the task');
      return { taskId: updated.data.id };
    }
    const personId = await findPerson(item);
    if (personId === undefined) {
      throw new SyncError(`${SERVICE} has no person for customer ${clip(item.target.customerId, 40)} to give the task to.`, { kind: 'not-found', transient: false, mayHaveApplied: false });
    }
    // Look first: sent before (its id forgotten, or an attempt that timed out), the task is updated, not made twice.
    const [existing] = await earshotActivities(personId, item.task.key);
    const written = existing === undefined
      ? await call({ method: 'POST', path: '/api/v2/activities', json: { ...fields, person_id: personId } }, ActivityAnswer, 'Adding the task')
      : await call({ method: 'PATCH', path: `/api/v2/activities/${existing}`, json: fields }, ActivityAnswer, 'Updating the task');
    return { personId, taskId: written.data.id };
  }

  /** Items one by one; a transient failure stops the batch (the CRM is unwell or rate-limiting). */
  async function eachItem<T extends { key: string }>(items: readonly T[], fn: (item: T) => Promise<string | undefined | ItemOutcome>): Promise<Outcomes> {
    const out: Outcomes = new Map();
    for (const [i, item] of items.entries()) {
      try {
        const done = await fn(item);
        out.set(item.key, typeof done === 'object' ? done : done === undefined ? { ok: true } : { ok: true, crmId: done });
      } catch (error) {
        if (!(error instanceof SyncError)) throw error;
        out.set(item.key, { ok: false, error });
        if (error.transient) {
          for (const rest of items.slice(i + 1)) out.set(rest.key, { ok: false, error: deferred(error) });
          return out;
        }
      }
    }
    return out;
  }

  return {
    description,

    async connect(): Promise<ConnectResult> {
      const fields = await allFields();
      const derived: Record<string, string> = {};
      let created = 0;
      for (const key of FIELD_KEYS) {
        const spec = PIPEDRIVE_FIELDS[key];
        let field = fields.find((f) => f.field_name === spec.name);
        if (!field) {
          field = (await call({ method: 'POST', path: '/api/v2/personFields', json: { field_name: spec.name, field_type: spec.type } }, FieldAnswer, `Creating the field "${spec.name}"`)).data;
          created += 1;
        }
        derived[settingOf(key)] = field.field_code;
      }
      const labelField = fields.find((f) => LABEL_FIELD_CODES.includes(f.field_code));
      if (labelField) derived.labelField = labelField.field_code;
      const ownName = settings.doNotProfileField?.trim();
      if (ownName) {
        const own = fields.find((f) => f.field_name.trim().toLowerCase() === ownName.toLowerCase());
        if (!own) throw new SyncError(`${SERVICE} has no person field named "${clip(ownName, 60)}" to read objections from; check its name under Data fields.`, { kind: 'rejected', transient: false, mayHaveApplied: false });
        derived[OWN_CHOICE_SETTING] = own.field_code;
      }
      return {
        summary: `Connected to Pipedrive: ${created} Earshot person fields created${FIELD_KEYS.length - created ? `, ${FIELD_KEYS.length - created} already there` : ''}${labelField ? '; tags become person labels' : ''}.`,
        settings: derived,
      };
    },

    async pullCustomers(cursor): Promise<PullPage> {
      const choiceCodes = [settings[settingOf('doNotProfile')], settings[OWN_CHOICE_SETTING]].filter((c): c is string => !!c);
      const query = new URLSearchParams({ limit: String(PAGE) });
      if (cursor) query.set('cursor', cursor);
      const page = await call({ method: 'GET', path: `/api/v2/persons?${query}` }, PersonsPage, 'Reading persons');
      const now = deps.now();
      const customers = (page.data ?? []).map((p): Customer => {
        const primary = (list: z.output<typeof Email>[] | null | undefined) => (list ?? []).find((e) => e.primary)?.value ?? (list ?? [])[0]?.value;
        const [first, ...rest] = (p.name ?? '').trim().split(/\s+/);
        const fields = {
          firstName: p.first_name?.trim() || first || undefined,
          lastName: p.last_name?.trim() || rest.join(' ') || undefined,
          email: primary(p.emails)?.trim() || undefined,
          phone: primary(p.phones)?.trim() || undefined,
        };
        const doNotProfile = crmChoice(choiceCodes.map((code) => choiceValue(p.custom_fields?.[code])));
        return { id: String(p.id), ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)), ...(doNotProfile === undefined ? {} : { doNotProfile }), handles: [], custom: {}, source: 'pipedrive', updatedAt: now };
      });
      return { customers, next: page.additional_data?.next_cursor ?? null };
    },

    pushPersons: (items) => eachItem(items, writePerson),

    // An activity about no person, for the owner: the report's figures, due the day it was made.
    deliverReports: (items) =>
      eachItem(items, async (item) => {
        const owner = Number(settings.reportOwner?.trim() || Number.NaN);
        const fields = {
          subject: item.delivery.subject.slice(0, 255),
          type: 'task',
          due_date: new Date(item.delivery.madeAt).toISOString().slice(0, 10),
          done: false,
          note: reportBodyWithMarker(item.delivery, item.idempotencyKey),
          ...(Number.isInteger(owner) && owner > 0 ? { owner_id: owner } : {}),
        };
        const written = await call({ method: 'POST', path: '/api/v2/activities', json: fields }, ActivityAnswer, "Adding the weekly report's task");
        return { ok: true, taskId: String(written.data.id) };
      }),

    pushNotes: (items) =>
      eachItem(items, async (item) => {
        const personId = await findPerson(item);
        if (personId === undefined) {
          throw new SyncError(`${SERVICE} has no person for customer ${clip(item.target.customerId, 40)} to attach the note to.`, { kind: 'not-found', transient: false, mayHaveApplied: false });
        }
        // Look first: a timed-out attempt or an earlier connection may have written it already.
        const mine = async () => (await notesOf(personId)).filter((n) => isEarshotNote(n.content, item.idempotencyKey)).sort((a, b) => a.id - b.id);
        let copies = await mine();
        if (copies.length === 0) {
          await call({ method: 'POST', path: '/api/v1/notes', json: { content: noteHtml(item.note, item.idempotencyKey), person_id: personId } }, NoteAnswer, 'Adding the note');
          // Look again: a browser may resend a POST whose connection dropped, unseen by Earshot.
          copies = await mine();
        }
        for (const extra of copies.slice(1)) await call({ method: 'DELETE', path: `/api/v1/notes/${extra.id}` }, Deleted, 'Removing a second copy of the note');
        return String(personId);
      }),

    pushTasks: (items) =>
      eachItem(items, async (item) => {
        const { personId, taskId } = await writeTask(item);
        return { ok: true, taskId: String(taskId), ...(personId !== undefined ? { crmId: String(personId) } : {}) };
      }),

    withdrawTasks: (items) =>
      eachItem(items, async (item) => {
        const personId = (await findPerson(item)) ?? (await searchByCustomerId(item.target.customerId));
        // Found by their key on the person, so a task whose id Earshot never learnt goes too; no person, no task.
        const ids = personId === undefined ? [] : await earshotActivities(personId, item.withdrawal.key);
        for (const id of ids) await call({ method: 'DELETE', path: `/api/v2/activities/${id}` }, Deleted, "Withdrawing Earshot's task");
        return undefined;
      }),

    erasePersons: (items) =>
      eachItem(items, async (item) => {
        const personId = (await findPerson(item)) ?? (await searchByCustomerId(item.target.customerId));
        if (personId === undefined) return undefined;
        // Everything Earshot wrote but the customer's recorded choice, which the shop must keep honouring.
        const cleared = Object.fromEntries(FIELD_KEYS.flatMap((k) => (k !== 'doNotProfile' && settings[settingOf(k)] ? [[settings[settingOf(k)]!, null]] : [])));
        const ours = new Set((await labelIds(item.erase.tags, false)).values());
        let label_ids: number[] | undefined;
        if (ours.size > 0) {
          const current = await call({ method: 'GET', path: `/api/v2/persons/${personId}` }, PersonAnswer, 'Reading the person');
          label_ids = (current.data.label_ids ?? []).filter((l) => !ours.has(l));
        }
        await call({ method: 'PATCH', path: `/api/v2/persons/${personId}`, json: { custom_fields: cleared, ...(label_ids ? { label_ids } : {}) } }, PersonAnswer, "Clearing Earshot's fields");
        for (const note of (await notesOf(personId)).filter((n) => isEarshotNote(n.content))) {
          await call({ method: 'DELETE', path: `/api/v1/notes/${note.id}` }, Deleted, "Removing Earshot's note");
        }
        // The tasks Earshot gave them say why they were profiled: they go too.
        for (const id of await earshotActivities(personId)) {
          await call({ method: 'DELETE', path: `/api/v2/activities/${id}` }, Deleted, "Removing Earshot's task");
        }
        return undefined;
      }),
  };
}

/** The labels in the "Earshot tags" field, which the outbox writes joined by "; ". */
export function tagsInField(value: unknown): string[] {
  return typeof value === 'string' ? value.split(';').map((t) => t.trim()).filter((t) => t !== '') : [];
}

/** A custom field's value as Pipedrive returns it: text, a number, an option ({ id, label }) or a list of them. */
export function choiceValue(value: unknown): string | number | boolean | null | undefined {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value && typeof value === 'object' && 'label' in value) return String((value as { label: unknown }).label);
  return undefined;
}

/** A later item of a batch stopped by a transient failure: not attempted, tried again with the rest. */
function deferred(cause: SyncError): SyncError {
  return new SyncError(cause.message, { ...cause.details, mayHaveApplied: false });
}
