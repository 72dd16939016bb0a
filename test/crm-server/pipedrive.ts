/**
 * The stand-in's Pipedrive: persons with custom fields and labels, person
 * fields and their options, v1 notes, the person changelog (each custom
 * field's changes, v1), and a search index that lags behind
 * writes (as Pipedrive's does), so "search, then create" can be tested for
 * duplicates after a timeout.
 */
import { createHash } from 'node:crypto';
import { count, track, type CrmState, type Exchange, type Reply, type VendorOptions } from './types';

type Pd = CrmState['pipedrive'];
type Person = Pd['persons'][string];

export function seedPipedrive(pd: Pd): void {
  if (pd.fields.length > 0) return;
  pd.fields.push(
    { field_code: 'name', field_name: 'Name', field_type: 'varchar', options: null, is_custom_field: false },
    { field_code: 'emails', field_name: 'Email', field_type: 'varchar', options: null, is_custom_field: false },
    { field_code: 'label_ids', field_name: 'Labels', field_type: 'set', options: [{ id: 1, label: 'Customer' }, { id: 2, label: 'Hot lead' }], is_custom_field: false },
  );
}

const fail = (status: number, message: string): Reply => ({ status, json: { success: false, error: message } });
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function person(p: Person) {
  return { ...p, emails: p.emails.map((e) => ({ ...e })), phones: p.phones.map((e) => ({ ...e })), label_ids: [...p.label_ids], custom_fields: { ...p.custom_fields } };
}

type Write = { name?: string; emails?: Person['emails']; phones?: Person['phones']; label_ids?: number[]; custom_fields?: Record<string, string | number | null> };

/** Pipedrive's field-type reference: `text` is "Long text (up to 65k characters)"; the stand-in holds k to 1,000. */
export const PIPEDRIVE_LONG_TEXT = 65_000;

function check(pd: Pd, write: Write): string | null {
  for (const [code, value] of Object.entries(write.custom_fields ?? {})) {
    const field = pd.fields.find((f) => f.field_code === code && f.is_custom_field);
    if (!field) return `Unknown custom field ${code}`;
    if (field.field_type === 'text' && typeof value === 'string' && value.length > PIPEDRIVE_LONG_TEXT) return `The value of ${field.field_name} is longer than ${PIPEDRIVE_LONG_TEXT} characters`;
  }
  const labels = new Set((pd.fields.find((f) => f.field_code === 'label_ids')?.options ?? []).map((o) => o.id));
  const bad = (write.label_ids ?? []).find((l) => !labels.has(l));
  return bad === undefined ? null : `Label ${bad} does not exist`;
}

function updatedMarker(pd: Pd, write: Write): string | number | null | undefined {
  const code = pd.fields.find((f) => f.field_name === 'Earshot last update')?.field_code;
  return code ? write.custom_fields?.[code] : undefined;
}

const dateTime = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, '');
const text = (v: string | number | null | undefined) => (v === null || v === undefined ? null : String(v));

/** A custom field's change, as Pipedrive's person changelog records it (only a value that changed is recorded). */
function logChange(pd: Pd, p: Person, fieldKey: string, value: string | number | null, now: number, userAgent: string | string[] | undefined): void {
  const before = text(p.custom_fields[fieldKey]);
  if (before === text(value)) return;
  const log = ((pd.changelog ??= {})[String(p.id)] ??= []);
  log.push({ field_key: fieldKey, old_value: before, new_value: text(value), actor_user_id: 1, time: dateTime(now), change_source: 'api', change_source_user_agent: typeof userAgent === 'string' ? userAgent : null, is_bulk_update_flag: false });
}

export function pipedrive(x: Exchange, state: CrmState, options: VendorOptions): Reply {
  const pd = state.pipedrive;
  const now = x.now;
  const limit = Number(x.query.get('limit') ?? 100);

  switch (x.m.operationId) {
    case 'getPersonFields': {
      const start = Number(x.query.get('cursor') ?? 0);
      const page = pd.fields.slice(start, start + limit);
      return { status: 200, json: { success: true, data: page, additional_data: { next_cursor: start + limit < pd.fields.length ? String(start + limit) : null } } };
    }
    case 'addPersonField': {
      const { field_name, field_type } = x.body as { field_name: string; field_type: string };
      const field = { field_code: createHash('sha1').update(`field:${field_name}`).digest('hex'), field_name, field_type, options: null, is_custom_field: true };
      pd.fields.push(field);
      count(state, 'pipedrive.field.created');
      return { status: 200, json: { success: true, data: field } };
    }
    case 'getPersonField': {
      const field = pd.fields.find((f) => f.field_code === x.m.params.field_code);
      return field ? { status: 200, json: { success: true, data: field } } : fail(404, 'Field not found');
    }
    case 'addPersonFieldOptions': {
      const field = pd.fields.find((f) => f.field_code === x.m.params.field_code);
      if (!field || !['set', 'enum'].includes(field.field_type)) return fail(400, 'The field has no options');
      const added = (x.body as { label: string }[]).map((o) => ({ id: pd.nextOptionId++, label: o.label }));
      field.options = [...(field.options ?? []), ...added];
      count(state, 'pipedrive.label.created', added.length);
      return { status: 200, json: { success: true, data: added } };
    }
    case 'getPersons': {
      const after = Number(x.query.get('cursor') ?? 0);
      const since = x.query.get('updated_since');
      const all = Object.values(pd.persons)
        .filter((p) => p.id > after && (!since || Date.parse(p.update_time) >= Date.parse(since)))
        .sort((a, b) => a.id - b.id);
      const page = all.slice(0, limit);
      return { status: 200, json: { success: true, data: page.map(person), additional_data: { next_cursor: all.length > limit ? String(page.at(-1)!.id) : null } } };
    }
    case 'searchPersons': {
      const term = (x.query.get('term') ?? '').trim().toLowerCase();
      const fields = (x.query.get('fields') ?? 'custom_fields,email,notes,phone,name').split(',');
      const exact = x.query.get('exact_match') === 'true';
      const hit = (v: string) => (exact ? v.toLowerCase() === term : v.toLowerCase().includes(term));
      const items = Object.values(pd.persons)
        // The index has not seen what was written in the last searchLagMs.
        .filter((p) => Date.parse(p.add_time) + options.searchLagMs <= now)
        .filter((p) => (fields.includes('email') && p.emails.some((e) => hit(e.value))) || (fields.includes('name') && hit(p.name)) || (fields.includes('custom_fields') && Object.values(p.custom_fields).some((v) => typeof v === 'string' && hit(v))))
        .slice(0, limit)
        .map((p) => ({ result_score: 1, item: { id: p.id, type: 'person', name: p.name, emails: p.emails.map((e) => e.value), phones: p.phones.map((e) => e.value), custom_fields: Object.values(p.custom_fields).filter((v): v is string => typeof v === 'string') } }));
      return { status: 200, json: { success: true, data: { items }, additional_data: { next_cursor: null } } };
    }
    case 'addPerson': {
      const write = x.body as Write;
      if (write.emails?.some((e) => options.rejectIds.has(e.value))) return fail(400, 'Invalid email address');
      const problem = check(pd, write);
      if (problem) return fail(400, problem);
      const id = pd.nextId++;
      const [first, ...rest] = (write.name ?? '').split(' ');
      pd.persons[id] = {
        id,
        name: write.name ?? '',
        first_name: first || null,
        last_name: rest.join(' ') || null,
        emails: write.emails ?? [],
        phones: write.phones ?? [],
        label_ids: write.label_ids ?? [],
        custom_fields: Object.fromEntries(Object.entries(write.custom_fields ?? {}).filter(([, v]) => v !== null)),
        add_time: iso(now),
        update_time: iso(now),
      };
      count(state, 'pipedrive.person.created');
      track(state, `pipedrive:${id}`, updatedMarker(pd, write));
      return { status: 200, json: { success: true, data: person(pd.persons[id]!) } };
    }
    case 'getPerson': {
      const p = pd.persons[x.m.params.id!];
      return p ? { status: 200, json: { success: true, data: person(p) } } : fail(404, 'Person not found');
    }
    case 'updatePerson': {
      const p = pd.persons[x.m.params.id!];
      if (!p) return fail(404, 'Person not found');
      const write = x.body as Write;
      const problem = check(pd, write);
      if (problem) return fail(400, problem);
      if (write.name) p.name = write.name;
      if (write.emails) p.emails = write.emails;
      if (write.label_ids) p.label_ids = write.label_ids;
      for (const [k, v] of Object.entries(write.custom_fields ?? {})) {
        logChange(pd, p, k, v, now, x.headers['user-agent']);
        if (v === null) delete p.custom_fields[k];
        else p.custom_fields[k] = v;
      }
      p.update_time = iso(now);
      count(state, 'pipedrive.person.updated');
      track(state, `pipedrive:${p.id}`, updatedMarker(pd, write));
      return { status: 200, json: { success: true, data: person(p) } };
    }
    case 'getPersonChangelog': {
      const id = x.m.params.id!;
      if (!pd.persons[id]) return fail(404, 'Person not found');
      // Newest first, as Pipedrive's reference lists them; the cursor is opaque to the client.
      const all = [...(pd.changelog?.[id] ?? [])].reverse();
      const start = Number(x.query.get('cursor') ?? 0);
      const page = all.slice(start, start + limit);
      const next = start + limit < all.length ? String(start + limit) : null;
      return { status: 200, json: { success: true, data: page.map((c) => ({ ...c })), additional_data: { next_cursor: next } } };
    }
    case 'getNotes': {
      const personId = Number(x.query.get('person_id'));
      const start = Number(x.query.get('start') ?? 0);
      const all = Object.values(pd.notes).filter((n) => n.person_id === personId).sort((a, b) => a.id - b.id);
      const page = all.slice(start, start + limit);
      const more = start + limit < all.length;
      return { status: 200, json: { success: true, data: page.length ? page : null, additional_data: { pagination: { start, limit, more_items_in_collection: more, ...(more ? { next_start: start + limit } : {}) } } } };
    }
    case 'addNote': {
      const { content, person_id } = x.body as { content: string; person_id: number };
      if (!pd.persons[person_id]) return fail(400, `Person ${person_id} does not exist`);
      const id = pd.nextId++;
      pd.notes[id] = { id, content, person_id, add_time: iso(now) };
      count(state, 'pipedrive.note.created');
      return { status: 201, json: { success: true, data: pd.notes[id] } };
    }
    case 'getActivities': {
      const personId = Number(x.query.get('person_id'));
      const after = Number(x.query.get('cursor') ?? 0);
      const all = Object.values(pd.activities ?? {}).filter((a) => a.person_id === personId && a.id > after).sort((a, b) => a.id - b.id);
      const page = all.slice(0, limit);
      return { status: 200, json: { success: true, data: page.length ? page.map((a) => ({ ...a })) : null, additional_data: { next_cursor: all.length > limit ? String(page.at(-1)!.id) : null } } };
    }
    case 'addActivity': {
      const write = x.body as { subject: string; type: string; due_date: string; done: boolean; person_id?: number; owner_id?: number; note?: string };
      if (write.person_id !== undefined && !pd.persons[write.person_id]) return fail(400, `Person ${write.person_id} does not exist`);
      const id = pd.nextId++;
      const activities = (pd.activities ??= {});
      activities[id] = { id, subject: write.subject, type: write.type, done: write.done, due_date: write.due_date, person_id: write.person_id ?? null, ...(write.owner_id ? { owner_id: write.owner_id } : {}), note: write.note ?? null, add_time: iso(now), update_time: iso(now) };
      count(state, 'pipedrive.activity.created');
      return { status: 200, json: { success: true, data: { ...activities[id] } } };
    }
    case 'updateActivity': {
      const activity = (pd.activities ?? {})[x.m.params.id!];
      if (!activity) return fail(404, 'Activity not found');
      const write = x.body as Partial<Omit<typeof activity, 'id'>>;
      if (write.person_id !== undefined && write.person_id !== null && !pd.persons[write.person_id]) return fail(400, `Person ${write.person_id} does not exist`);
      Object.assign(activity, write, { update_time: iso(now) });
      count(state, 'pipedrive.activity.updated');
      return { status: 200, json: { success: true, data: { ...activity } } };
    }
    case 'deleteActivity': {
      const id = x.m.params.id!;
      if (!pd.activities?.[id]) return fail(404, 'Activity not found');
      delete pd.activities[id];
      count(state, 'pipedrive.activity.deleted');
      return { status: 200, json: { success: true, data: { id: Number(id) } } };
    }
    case 'deleteNote': {
      const id = x.m.params.id!;
      if (!pd.notes[id]) return fail(404, 'Note not found');
      delete pd.notes[id];
      count(state, 'pipedrive.note.deleted');
      return { status: 200, json: { success: true, data: { id: Number(id) } } };
    }
  }
  return fail(501, `the stand-in does not implement ${x.m.operationId}`);
}
