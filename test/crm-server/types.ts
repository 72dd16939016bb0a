/** Shapes shared by the stand-in CRM server and its vendors. */
import type { MatchedOperation } from './validator';

export interface Exchange {
  m: MatchedOperation;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  /** The JSON body, parsed (undefined when there is none). */
  body: unknown;
  raw: string;
  /** The path with its query, as requested (a signed pull names it). */
  path: string;
  now: number;
}

export interface Reply {
  status: number;
  json?: unknown;
  headers?: Record<string, string>;
}

/** Everything the stand-in keeps: plain JSON, so it survives a restart (and could be written to a file). */
export interface CrmState {
  hubspot: {
    contacts: Record<string, {
      id: string;
      properties: Record<string, string>;
      /** Each property's values, newest first (what `propertiesWithHistory` serves); absent in a state saved before history. */
      history?: Record<string, { value: string; timestamp: string; sourceType: string }[]>;
      createdAt: string;
      updatedAt: string;
    }>;
    notes: Record<string, { id: string; properties: Record<string, string>; contactIds: string[]; createdAt: string; archived: boolean }>;
    /** Tasks (Earshot's next best actions); absent in a state saved before tasks existed. */
    tasks?: Record<string, { id: string; properties: Record<string, string>; contactIds: string[]; createdAt: string; updatedAt: string }>;
    properties: Record<string, { name: string; label: string; type: string; fieldType: string; groupName: string; hasUniqueValue?: boolean; description?: string; options: { label: string; value: string; displayOrder?: number; hidden?: boolean }[] }>;
    groups: Record<string, { name: string; label: string; displayOrder?: number }>;
    nextId: number;
  };
  pipedrive: {
    persons: Record<string, {
      id: number;
      name: string;
      first_name: string | null;
      last_name: string | null;
      emails: { value: string; primary?: boolean; label?: string }[];
      phones: { value: string; primary?: boolean; label?: string }[];
      label_ids: number[];
      custom_fields: Record<string, string | number | null>;
      add_time: string;
      update_time: string;
    }>;
    fields: { field_code: string; field_name: string; field_type: string; options: { id: number; label: string }[] | null; is_custom_field: boolean }[];
    notes: Record<string, { id: number; content: string; person_id: number; add_time: string }>;
    /** Activities of type task (Earshot's next best actions); absent in a state saved before tasks existed. */
    activities?: Record<string, { id: number; subject: string; type: string; done: boolean; due_date: string; person_id: number | null; owner_id?: number; note: string | null; add_time: string; update_time: string }>;
    /**
     * Per person id, each change of a custom field's value, oldest first (what `GET /v1/persons/{id}/changelog`
     * serves, newest first); absent in a state saved before the changelog.
     */
    changelog?: Record<string, { field_key: string; old_value: string | null; new_value: string | null; actor_user_id: number; time: string; change_source: string; change_source_user_agent: string | null; is_bulk_update_flag: boolean }[]>;
    nextId: number;
    nextOptionId: number;
  };
  webhook: {
    /** Events by id, with how often each arrived. */
    events: Record<string, { event: Record<string, unknown>; deliveries: number }>;
    badSignatures: number;
    /**
     * Team decisions received in `team.decisions` events, each once, in the order they arrived
     * (what the pull endpoint serves); absent in a state saved before team sync.
     */
    decisions?: Record<string, unknown>[];
  };
  /** Every applied write, by kind (contact-created, note-created, ...). */
  counts: Record<string, number>;
  /**
   * Per person (hubspot:<Earshot customer id>, pipedrive:<person id>,
   * webhook:<customer id>), the "Earshot last update" values applied, in the
   * order they arrived. The benchmark checks order and exactly-once on it.
   */
  history: Record<string, string[]>;
  /** An update that repeated the last one applied (a retry after an unknown outcome): no effect. */
  replays: number;
  /** An update older than one already applied: must never happen. */
  outOfOrder: number;
}

export function emptyState(): CrmState {
  return {
    hubspot: { contacts: {}, notes: {}, tasks: {}, properties: {}, groups: {}, nextId: 1001 },
    pipedrive: { persons: {}, fields: [], notes: {}, activities: {}, changelog: {}, nextId: 1, nextOptionId: 100 },
    webhook: { events: {}, badSignatures: 0, decisions: [] },
    counts: {},
    history: {},
    replays: 0,
    outOfOrder: 0,
  };
}

export function count(state: CrmState, kind: string, by = 1): void {
  state.counts[kind] = (state.counts[kind] ?? 0) + by;
}

/** Record an applied "last update" value for a person and check it only moves forward. */
export function track(state: CrmState, person: string, value: string | number | null | undefined): void {
  if (value === null || value === undefined || value === '') return;
  const text = typeof value === 'number' ? new Date(value).toISOString() : value;
  const history = (state.history[person] ??= []);
  const last = history.at(-1);
  if (last === text) state.replays += 1;
  else if (last !== undefined && text < last) state.outOfOrder += 1;
  else history.push(text);
}

export interface VendorOptions {
  hubspotToken: string;
  pipedriveToken: string;
  webhookSecret: string;
  /** HubSpot: 'partial' answers 207 with per-record errors; 'whole' refuses the batch with 400 (as HubSpot does for some errors). */
  batchValidation: 'partial' | 'whole';
  /** Ids (emails, customer ids, event ids) the CRM refuses as invalid. */
  rejectIds: Set<string>;
  /** Pipedrive's search index lags behind writes by this long. */
  searchLagMs: number;
  /** HubSpot association pages hold this many notes. */
  associationPageSize: number;
  /** The webhook's pull endpoint serves this many decisions a page. */
  decisionsPageSize: number;
}

export type VendorHandler = (x: Exchange, state: CrmState, options: VendorOptions) => Reply;
