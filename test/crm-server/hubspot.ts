/**
 * The stand-in's HubSpot: contacts, Earshot's custom properties (with type
 * and option checks as HubSpot makes them), notes and their associations.
 */
import { count, track, type CrmState, type Exchange, type Reply, type VendorOptions } from './types';

type Hub = CrmState['hubspot'];
type Input = { id?: string; idProperty?: string; properties?: Record<string, string>; objectWriteTraceId?: string };
type BatchError = { status: 'error'; category: string; message: string; context: Record<string, string[]> };

const STANDARD = ['email', 'firstname', 'lastname', 'phone', 'city', 'country', 'company', 'website'];

export function seedHubSpot(hub: Hub): void {
  for (const name of STANDARD) {
    hub.properties[name] ??= { name, label: name, type: 'string', fieldType: 'text', groupName: 'contactinformation', options: [] };
  }
  hub.properties.email!.hasUniqueValue = true;
}

const error = (status: number, category: string, message: string): Reply => ({ status, json: { status: 'error', category, message } });

function batch(results: unknown[], errors: BatchError[], now: number, okStatus = 200): Reply {
  const at = new Date(now).toISOString();
  return {
    status: errors.length > 0 ? 207 : okStatus,
    json: { status: 'COMPLETE', results, ...(errors.length > 0 ? { errors, numErrors: errors.length } : {}), startedAt: at, completedAt: at },
  };
}

function view(c: Hub['contacts'][string], only?: readonly string[], trace?: string, isNew?: boolean, withHistory?: readonly string[]) {
  const properties = only ? Object.fromEntries(only.map((k) => [k, c.properties[k] ?? null])) : { ...c.properties };
  const history = withHistory ? { propertiesWithHistory: Object.fromEntries(withHistory.map((k) => [k, (c.history?.[k] ?? []).map((v) => ({ ...v }))])) } : {};
  return { id: c.id, properties, ...history, createdAt: c.createdAt, updatedAt: c.updatedAt, archived: false, ...(isNew !== undefined ? { new: isNew } : {}), ...(trace ? { objectWriteTraceId: trace } : {}) };
}

function findBy(hub: Hub, property: string, value: string) {
  const wanted = property === 'email' ? value.toLowerCase() : value;
  return Object.values(hub.contacts).find((c) => (property === 'email' ? (c.properties.email ?? '').toLowerCase() : c.properties[property]) === wanted);
}

/** HubSpot's checks on property values: the property exists, enumeration values are options, numbers are numbers, unique values stay unique. */
function checkProperties(hub: Hub, properties: Record<string, string>, contactId: string | undefined): string | null {
  for (const [name, value] of Object.entries(properties)) {
    const p = hub.properties[name];
    if (!p) return `PROPERTY_DOESNT_EXIST: Property "${name}" does not exist`;
    if (value === '') continue;
    if (p.type === 'enumeration') {
      const allowed = new Set(p.options.map((o) => o.value));
      const bad = value.split(';').find((v) => !allowed.has(v));
      if (bad !== undefined) return `INVALID_OPTION: ${JSON.stringify(bad)} was not one of the allowed options for ${name}`;
    }
    if (p.type === 'number' && !/^-?\d+(\.\d+)?$/.test(value)) return `INVALID_INTEGER: ${JSON.stringify(value)} is not a valid number for ${name}`;
    if (p.type === 'datetime' && Number.isNaN(Date.parse(value))) return `INVALID_DATE: ${JSON.stringify(value)} is not a valid date-time for ${name}`;
    if (p.hasUniqueValue) {
      const other = findBy(hub, name, value);
      if (other && other.id !== contactId) return `CONFLICT: another contact already has ${name}=${value}`;
    }
  }
  return null;
}

function apply(hub: Hub, state: CrmState, contact: Hub['contacts'][string], properties: Record<string, string>, at: string): void {
  for (const [k, v] of Object.entries(properties)) {
    const value = k === 'email' ? v.toLowerCase() : v;
    // A property's history gets a version when its value changes, newest first as HubSpot lists it.
    if ((contact.properties[k] ?? '') !== value) ((contact.history ??= {})[k] ??= []).unshift({ value, timestamp: at, sourceType: 'INTEGRATION' });
    if (value === '') delete contact.properties[k];
    else contact.properties[k] = value;
  }
  contact.updatedAt = at;
  // Per person: Earshot's customer id (two customers may share one contact's email).
  track(state, `hubspot:${contact.properties.earshot_customer_id ?? contact.id}`, properties.earshot_updated_at);
}

type AssociatedInput = { properties: Record<string, string>; associations?: { to: { id: string } }[]; objectWriteTraceId?: string };

/** Batch create of objects associated with contacts (notes, tasks): each refers to contacts that exist, or is an error of its own. */
function createAssociated(hub: Hub, inputs: readonly AssociatedInput[], at: string, now: number, newId: () => string, store: (id: string, input: AssociatedInput, contactIds: string[]) => void): Reply {
  const results: unknown[] = [];
  const errors: BatchError[] = [];
  for (const input of inputs) {
    const contactIds = (input.associations ?? []).map((a) => a.to.id);
    const missing = contactIds.find((id) => !hub.contacts[id]);
    if (missing) {
      errors.push({ status: 'error', category: 'VALIDATION_ERROR', message: `Contact ${missing} does not exist`, context: { ids: [missing], ...(input.objectWriteTraceId ? { objectWriteTraceId: [input.objectWriteTraceId] } : {}) } });
      continue;
    }
    const id = newId();
    store(id, input, contactIds);
    results.push({ id, properties: { ...input.properties }, createdAt: at, updatedAt: at, archived: false, ...(input.objectWriteTraceId ? { objectWriteTraceId: input.objectWriteTraceId } : {}) });
  }
  return batch(results, errors, now, 201);
}

/** The objects (notes, tasks) associated with each contact asked about, a page per contact. */
function associationPages(inputs: readonly { id: string; after?: string }[], objects: readonly { id: string; contactIds: string[] }[], size: number, typeId: number, at: string): Reply {
  const results = inputs.map((input) => {
    const all = objects.filter((o) => o.contactIds.includes(input.id)).sort((a, b) => Number(a.id) - Number(b.id));
    const start = Number(input.after ?? 0);
    const page = all.slice(start, start + size);
    return {
      from: { id: input.id },
      to: page.map((o) => ({ toObjectId: o.id, associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId, label: null }] })),
      ...(start + size < all.length ? { paging: { next: { after: String(start + size) } } } : {}),
    };
  });
  return { status: 200, json: { status: 'COMPLETE', results, startedAt: at, completedAt: at } };
}

export function hubspot(x: Exchange, state: CrmState, options: VendorOptions): Reply {
  const hub = state.hubspot;
  const at = new Date(x.now).toISOString();
  const body = x.body as { inputs?: Input[]; idProperty?: string; properties?: string[]; propertiesWithHistory?: string[]; options?: Hub['properties'][string]['options'] } & Record<string, unknown>;
  const newId = () => String(hub.nextId++);

  switch (x.m.operationId) {
    case 'listContacts': {
      const limit = Number(x.query.get('limit') ?? 10);
      const after = Number(x.query.get('after') ?? 0);
      const only = (x.query.get('properties') ?? 'email,firstname,lastname').split(',');
      const all = Object.values(hub.contacts).sort((a, b) => Number(a.id) - Number(b.id)).filter((c) => Number(c.id) > after);
      const page = all.slice(0, limit);
      return { status: 200, json: { results: page.map((c) => view(c, only)), ...(all.length > limit ? { paging: { next: { after: page.at(-1)!.id } } } : {}) } };
    }

    case 'upsertContacts':
    case 'updateContacts': {
      const inputs = body.inputs ?? [];
      const byId = x.m.operationId === 'updateContacts';
      const ids = inputs.map((i) => (i.idProperty === 'email' ? i.id!.toLowerCase() : i.id!));
      if (new Set(ids).size !== ids.length) return error(400, 'VALIDATION_ERROR', 'Duplicate IDs found in batch input');
      const results: unknown[] = [];
      const errors: BatchError[] = [];
      const plan: (() => void)[] = [];
      for (const input of inputs) {
        const properties = { ...input.properties };
        const existing = byId ? hub.contacts[input.id!] : findBy(hub, input.idProperty!, input.id!);
        let problem = options.rejectIds.has(input.id!) ? `INVALID_EMAIL: ${input.id} is not a valid email address` : null;
        if (!problem && byId && !existing) problem = `OBJECT_NOT_FOUND: no contact ${input.id}`;
        if (!byId && !existing) properties[input.idProperty!] ??= input.id!;
        problem ??= checkProperties(hub, properties, existing?.id);
        if (problem) {
          errors.push({ status: 'error', category: problem.split(':')[0]!, message: problem, context: { ids: [input.id!] } });
          continue;
        }
        plan.push(() => {
          let contact = existing;
          if (!contact) {
            const id = newId();
            contact = hub.contacts[id] = { id, properties: {}, createdAt: at, updatedAt: at };
          }
          apply(hub, state, contact, properties, at);
          count(state, existing ? 'hubspot.contact.updated' : 'hubspot.contact.created');
          results.push(view(contact, Object.keys(contact.properties), input.objectWriteTraceId, !existing));
        });
      }
      if (errors.length > 0 && options.batchValidation === 'whole') return error(400, 'VALIDATION_ERROR', errors.map((e) => e.message).join('; '));
      for (const step of plan) step();
      return batch(results, errors, x.now);
    }

    case 'readContacts': {
      const idProperty = body.idProperty;
      const results: unknown[] = [];
      const errors: BatchError[] = [];
      for (const input of body.inputs ?? []) {
        const c = idProperty ? findBy(hub, idProperty, input.id!) : hub.contacts[input.id!];
        if (c) results.push(view(c, body.properties, undefined, undefined, body.propertiesWithHistory));
        else errors.push({ status: 'error', category: 'OBJECT_NOT_FOUND', message: `Could not get some CONTACT objects, they may be deleted or not exist. Check that ids are valid.`, context: { ids: [input.id!] } });
      }
      return batch(results, errors, x.now);
    }

    case 'createNotes':
      return createAssociated(hub, (body.inputs ?? []) as AssociatedInput[], at, x.now, newId, (id, input, contactIds) => {
        hub.notes[id] = { id, properties: { ...input.properties }, contactIds, createdAt: at, archived: false };
        count(state, 'hubspot.note.created');
      });

    case 'readNotes': {
      const results = (body.inputs ?? []).flatMap((i) => {
        const n = hub.notes[i.id!];
        return n && !n.archived ? [{ id: n.id, properties: { hs_note_body: n.properties.hs_note_body ?? null }, createdAt: n.createdAt, updatedAt: n.createdAt, archived: false }] : [];
      });
      return batch(results, [], x.now);
    }

    case 'archiveNotes': {
      for (const i of body.inputs ?? []) {
        const n = hub.notes[i.id!];
        if (n && !n.archived) {
          n.archived = true;
          count(state, 'hubspot.note.archived');
        }
      }
      return { status: 204 };
    }

    case 'readNoteAssociations':
      return associationPages((body.inputs ?? []) as { id: string; after?: string }[], Object.values(hub.notes).filter((n) => !n.archived), options.associationPageSize, 202, at);

    case 'createTasks':
      return createAssociated(hub, (body.inputs ?? []) as AssociatedInput[], at, x.now, newId, (id, input, contactIds) => {
        (hub.tasks ??= {})[id] = { id, properties: { ...input.properties }, contactIds, createdAt: at, updatedAt: at };
        count(state, 'hubspot.task.created');
      });

    case 'updateTasks': {
      const tasks = (hub.tasks ??= {});
      const results: unknown[] = [];
      const errors: BatchError[] = [];
      for (const input of body.inputs ?? []) {
        const task = tasks[input.id!];
        if (!task) {
          errors.push({ status: 'error', category: 'OBJECT_NOT_FOUND', message: `OBJECT_NOT_FOUND: no task ${input.id}`, context: { ids: [input.id!] } });
          continue;
        }
        Object.assign(task.properties, input.properties ?? {});
        task.updatedAt = at;
        count(state, 'hubspot.task.updated');
        results.push({ id: task.id, properties: { ...task.properties }, createdAt: task.createdAt, updatedAt: at, archived: false, ...(input.objectWriteTraceId ? { objectWriteTraceId: input.objectWriteTraceId } : {}) });
      }
      return batch(results, errors, x.now);
    }

    case 'readTasks': {
      const tasks = hub.tasks ?? {};
      const results = (body.inputs ?? []).flatMap((i) => {
        const t = tasks[i.id!];
        return t ? [{ id: t.id, properties: Object.fromEntries((body.properties ?? []).map((k) => [k, t.properties[k] ?? null])), createdAt: t.createdAt, updatedAt: t.updatedAt, archived: false }] : [];
      });
      return batch(results, [], x.now);
    }

    case 'archiveTasks': {
      for (const i of body.inputs ?? []) {
        if (hub.tasks?.[i.id!]) {
          delete hub.tasks[i.id!];
          count(state, 'hubspot.task.archived');
        }
      }
      return { status: 204 };
    }

    case 'readTaskAssociations':
      return associationPages((body.inputs ?? []) as { id: string; after?: string }[], Object.values(hub.tasks ?? {}), options.associationPageSize, 204, at);

    case 'createProperty': {
      const p = body as unknown as Hub['properties'][string] & { formField?: boolean };
      if (hub.properties[p.name]) return error(409, 'OBJECT_ALREADY_EXISTS', `A property named '${p.name}' already exists.`);
      if (!hub.groups[p.groupName] && p.groupName !== 'contactinformation') return error(400, 'VALIDATION_ERROR', `Property group ${p.groupName} does not exist`);
      const { formField: _formField, ...rest } = p;
      hub.properties[p.name] = { ...rest, options: p.options ?? [] };
      count(state, 'hubspot.property.created');
      return { status: 201, json: hub.properties[p.name] };
    }

    case 'createPropertyGroup': {
      const g = body as unknown as { name: string; label: string; displayOrder?: number };
      if (hub.groups[g.name]) return error(409, 'OBJECT_ALREADY_EXISTS', `A property group named '${g.name}' already exists.`);
      hub.groups[g.name] = g;
      count(state, 'hubspot.group.created');
      return { status: 201, json: { ...g, archived: false } };
    }

    case 'readProperty': {
      const p = hub.properties[x.m.params.propertyName!];
      return p ? { status: 200, json: p } : error(404, 'OBJECT_NOT_FOUND', `Unable to find property ${x.m.params.propertyName}`);
    }

    case 'updateProperty': {
      const p = hub.properties[x.m.params.propertyName!];
      if (!p) return error(404, 'OBJECT_NOT_FOUND', `Unable to find property ${x.m.params.propertyName}`);
      const values = (body.options ?? []).map((o) => o.value);
      if (new Set(values).size !== values.length) return error(400, 'VALIDATION_ERROR', 'Duplicate option values');
      // Removing an option a contact still uses is refused, as HubSpot does for values in use.
      const removed = p.options.filter((o) => !values.includes(o.value)).map((o) => o.value);
      const inUse = removed.find((v) => Object.values(hub.contacts).some((c) => (c.properties[p.name] ?? '').split(';').includes(v)));
      if (inUse) return error(400, 'VALIDATION_ERROR', `Option ${inUse} is in use`);
      p.options = body.options ?? [];
      count(state, 'hubspot.property.options-updated');
      return { status: 200, json: p };
    }
  }
  return error(501, 'NOT_IMPLEMENTED', `the stand-in does not implement ${x.m.operationId}`);
}
