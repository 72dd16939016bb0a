/**
 * The one message contract between content scripts, the service worker and the
 * extension pages. Every message is a member of a zod discriminated union on
 * `type`; each type names who may send it and the shape of its answer.
 *
 * Content scripts import only the types from here (never zod): the runtime
 * checks happen in the service worker, which owns the database.
 */
import { describeIssues, z } from './zod';
import { CapturedPage, ConnectorId, Customer, NonEmpty, NoteText, Order, PersonRef, TagLabel } from './model';
import { BlankingSummary, ProvidedColumns } from './crm/merge';
import { PersonaEdit, PersonaId } from './persona/types';

/** Who sent a message, as the service worker sees it. */
export type SenderKind = 'content' | 'page';

const ProfileIds = z.array(NonEmpty).max(2000);
const ImportKind = z.enum(['customers', 'orders']);
const RowErrorSchema = z.object({ line: z.number().int(), field: z.string(), message: z.string() });

function message<T extends string, S extends z.ZodRawShape, R extends z.ZodType>(
  type: T,
  from: readonly SenderKind[],
  shape: S,
  response: R,
) {
  return { type, from, request: z.object({ type: z.literal(type), ...shape }).strict(), response };
}

/** Every message kind. Adding one is one entry here and one handler. */
export const MESSAGES = {
  // content script -> service worker
  'capture/report': message(
    'capture/report',
    ['content', 'page'],
    // partial: what a broken layout still yielded (stored, but the page stays broken).
    { page: CapturedPage, partial: z.boolean().optional() },
    z.object({ profiles: z.number().int(), contributions: z.number().int() }),
  ),
  'capture/broken': message(
    'capture/broken',
    ['content'],
    { url: z.string().max(4000), site: NonEmpty.max(40), problem: z.string().max(500) },
    z.object({}),
  ),
  // A module that finds nobody on a page it handles asks for the generic extractor (injected into
  // its frame); only a frame of a site with a module may ask (the routing guarantee).
  'capture/fallback': message('capture/fallback', ['content'], {}, z.object({ injected: z.boolean() })),
  // The words of each badge, composed by the service worker in the user's language: a content
  // script shows them and holds nothing else about the people it shows them for.
  'badges/get': message(
    'badges/get',
    ['content'],
    { profileIds: ProfileIds.max(500) },
    z.object({
      /** False when the user switched badges off (or on a site that forbids overlays): remove them all. */
      enabled: z.boolean(),
      badges: z.array(
        z.object({
          profileId: z.string(),
          words: z.string(),
          tone: z.enum(['customer', 'suggested', 'stranger', 'warn']),
        }),
      ),
    }),
  ),

  // extension pages -> service worker
  'sample/load': message(
    'sample/load',
    ['page'],
    {},
    z.object({ customers: z.number().int(), orders: z.number().int(), profiles: z.number().int() }),
  ),
  'capture/request': message(
    'capture/request',
    ['page'],
    { tabId: z.number().int().nonnegative() },
    z.object({ profiles: z.number().int(), contributions: z.number().int(), site: z.string() }),
  ),
  'match/confirm': message(
    'match/confirm',
    ['page'],
    // settles: chosen from a listed team conflict; it outranks every earlier decision on the pair.
    { profileId: NonEmpty, customerId: NonEmpty, settles: z.boolean().optional() },
    z.object({}),
  ),
  'match/reject': message(
    'match/reject',
    ['page'],
    { profileId: NonEmpty, customerId: NonEmpty.nullable(), settles: z.boolean().optional() },
    z.object({}),
  ),
  'tag/add': message('tag/add', ['page'], { personRef: PersonRef, label: TagLabel }, z.object({})),
  'tag/remove': message('tag/remove', ['page'], { personRef: PersonRef, label: TagLabel }, z.object({})),
  /** A person's note; empty text removes it. */
  'note/set': message('note/set', ['page'], { personRef: PersonRef, text: NoteText }, z.object({})),
  // An import: the page parses the file (it holds the File) and sends typed rows
  // in batches; the service worker stages them in IndexedDB and moves them into
  // place in one transaction on commit, so an import is all or nothing.
  'import/begin': message(
    'import/begin',
    ['page'],
    { kind: ImportKind, fileName: z.string().max(300) },
    z.object({ importId: z.string() }),
  ),
  'import/rows': message(
    'import/rows',
    ['page'],
    {
      importId: NonEmpty,
      rows: z.array(z.object({ line: z.number().int().positive(), row: z.union([Customer, Order]) })).max(5000),
    },
    z.object({ staged: z.number().int() }),
  ),
  // Commit says which columns the file had: a stored record changes only in those (lib/crm/merge.ts);
  // without them, only where a row has a value.
  'import/commit': message(
    'import/commit',
    ['page'],
    { importId: NonEmpty, provided: ProvidedColumns.optional(), allowBlanking: z.boolean().default(false) },
    z.object({ customers: z.number().int(), orders: z.number().int(), errors: z.array(RowErrorSchema), blanked: BlankingSummary.optional() }),
  ),
  'import/cancel': message('import/cancel', ['page'], { importId: NonEmpty }, z.object({})),

  // Privacy: erase a person everywhere; prune captures now (e.g. when storage is full).
  'person/erase': message(
    'person/erase',
    ['page'],
    { personRef: PersonRef, includeCustomerRecord: z.boolean().default(false) },
    z.object({
      profiles: z.number().int(),
      contributions: z.number().int(),
      matches: z.number().int(),
      tags: z.number().int(),
      syncJobs: z.number().int(),
      customer: z.number().int(),
    }),
  ),
  /** Make the to-do list of next best actions current from the stored values. */
  'actions/refresh': message('actions/refresh', ['page'], {}, z.object({ stored: z.number().int(), removed: z.number().int() })),
  /** Done, snoozed for a week, or back on the list. */
  'action/change': message('action/change', ['page'], { id: NonEmpty.max(400), change: z.enum(['done', 'snooze', 'reopen']) }, z.object({ status: z.enum(['open', 'done', 'snoozed']) })),
  /**
   * Send next best actions to the connected CRMs as tasks: these (by id), or every open one. Actions about
   * captured people who are not customers have no CRM record and stay on the list (notCustomers).
   */
  'actions/send': message(
    'actions/send',
    ['page'],
    { ids: z.array(NonEmpty.max(400)).min(1).max(100_000).optional() },
    z.object({ actions: z.number().int(), queued: z.number().int(), notCustomers: z.number().int(), connectors: z.array(z.string()) }),
  ),
  /** A weekly report made by schedule was opened: it is no longer announced. */
  'report/seen': message('report/seen', ['page'], { week: z.string().regex(/^\d{4}-W\d{2}$/) }, z.object({ found: z.boolean() })),
  /** A customer objects to profiling (GDPR Art. 21): recorded, what was held dropped, the CRM told. */
  'person/object': message(
    'person/object',
    ['page'],
    { personRef: PersonRef },
    z.object({ links: z.number().int(), values: z.number().int(), actions: z.number().int(), queued: z.number().int() }),
  ),
  'data/prune': message(
    'data/prune',
    ['page'],
    { olderThanDays: z.number().int().min(0).max(3650) },
    z.object({ profiles: z.number().int(), contributions: z.number().int() }),
  ),
  /** Settings that decide matches or values changed: redo what depends on them. */
  'settings/changed': message('settings/changed', ['page'], { rematch: z.boolean() }, z.object({})),
  /** A backup was restored in the workspace: rebuild what is derived from the data. */
  'data/restored': message('data/restored', ['page'], {}, z.object({})),

  // CRM connections and the sync outbox (extension pages only: tokens never
  // pass through a content script).
  'crm/connect': message(
    'crm/connect',
    ['page'],
    { connector: ConnectorId, settings: z.record(z.string().max(60), z.string().max(2000)), secret: z.string().max(4000) },
    z.object({ connector: ConnectorId, summary: z.string() }),
  ),
  'crm/disconnect': message('crm/disconnect', ['page'], { connector: ConnectorId }, z.object({})),
  'crm/pull': message('crm/pull', ['page'], { connector: ConnectorId }, z.object({ customers: z.number().int() })),
  'sync/run': message(
    'sync/run',
    ['page'],
    {},
    z.object({
      done: z.number().int(),
      parked: z.number().int(),
      pending: z.number().int(),
      // Team sync (docs/team-sync.md): decisions received and written, conflicts listed, what could not be read.
      team: z.object({ received: z.number().int(), written: z.number().int(), conflicts: z.number().int(), problems: z.array(z.string()) }).optional(),
    }),
  ),
  'sync/retry': message('sync/retry', ['page'], { jobId: NonEmpty }, z.object({})),

  // Personas: a person names a persona and tags it (kept by its id across runs; an empty name goes back to the automatic one).
  'persona/edit': message('persona/edit', ['page'], { persona: PersonaId, name: PersonaEdit.shape.name, tags: PersonaEdit.shape.tags }, z.object({ queued: z.number().int() })),
} as const;

type Messages = typeof MESSAGES;
export type MessageType = keyof Messages;
export type RequestOf<K extends MessageType> = z.input<Messages[K]['request']>;
export type ParsedRequestOf<K extends MessageType> = z.output<Messages[K]['request']>;
export type ResponseOf<K extends MessageType> = z.output<Messages[K]['response']>;
export type RowError = z.infer<typeof RowErrorSchema>;

/** What the service worker answers: the typed response, or an error that says why. */
export type Reply<K extends MessageType> =
  | { ok: true; data: ResponseOf<K> }
  | { ok: false; error: { code: ErrorCode; message: string } };

/** quota: the browser refused to store more; the user can prune old captures. */
export type ErrorCode = 'malformed' | 'unknown-type' | 'forbidden' | 'failed' | 'quota';

/** The union of every valid request, for handlers that switch on `type`. */
export const AnyRequest = z.discriminatedUnion(
  'type',
  Object.values(MESSAGES).map((m) => m.request) as unknown as [
    Messages[MessageType]['request'],
    ...Messages[MessageType]['request'][],
  ],
);
export type AnyRequest = z.output<typeof AnyRequest>;

/**
 * service worker -> content script: the people a page's badges show have changed. It carries
 * no data about anyone; the content script asks again (badges/get), through the checks there.
 * A type only, so content scripts import no zod for it.
 */
export interface BadgesChanged {
  type: 'badges/changed';
}

/** The facts about a sender that decide what it may send (from runtime.MessageSender). */
export interface SenderInfo {
  /** The sending extension's id; must be ours. */
  id?: string;
  /** The URL of the frame that sent it. */
  url?: string;
  /** Present when a tab's content script sent it. */
  tabId?: number;
  /** The frame of that tab (0: the top frame). */
  frameId?: number;
}

export class MessageRejected extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'MessageRejected';
  }
}

/**
 * Decide whether a sender is one of our content scripts or one of our pages.
 * Anything else (another extension, a web page through externally_connectable,
 * a forged id) is refused.
 */
export function classifySender(sender: SenderInfo, ownId: string, ownOrigin: string): SenderKind {
  if (sender.id !== ownId) throw new MessageRejected('forbidden', 'message from another extension or a web page refused');
  const url = sender.url ?? '';
  if (url.startsWith(ownOrigin)) return 'page';
  if (sender.tabId !== undefined && /^https?:\/\//.test(url)) return 'content';
  throw new MessageRejected('forbidden', `message from an unexpected sender (${url.slice(0, 80) || 'no url'}) refused`);
}

/**
 * Validate a raw message for a sender: it must be an object with a known `type`,
 * the sender must be allowed to send that type, and the body must match its schema.
 */
export function validateMessage(raw: unknown, from: SenderKind): AnyRequest {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new MessageRejected('malformed', 'a message must be an object with a "type"');
  }
  const type = (raw as { type?: unknown }).type;
  if (typeof type !== 'string' || !Object.hasOwn(MESSAGES, type)) {
    throw new MessageRejected('unknown-type', `unknown message type ${JSON.stringify(String(type)).slice(0, 80)}`);
  }
  const definition = MESSAGES[type as MessageType];
  if (!(definition.from as readonly SenderKind[]).includes(from)) {
    throw new MessageRejected('forbidden', `a ${from === 'content' ? 'content script' : 'extension page'} may not send ${type}`);
  }
  const parsed = definition.request.safeParse(raw);
  if (!parsed.success) {
    throw new MessageRejected('malformed', `${type}: ${describeIssues(parsed.error)}`);
  }
  return parsed.data as AnyRequest;
}
