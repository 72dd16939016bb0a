/**
 * Sending without a database (the command line's batch push from files):
 * the outbox's batching and its retry decision (lib/crm/retry.ts), with the
 * items held in memory.
 *
 * People go first, then notes, then tasks. A note or task whose person's
 * update was not sent is held back: it would be attached to a record that may not exist. A note
 * whose person's update went is sent to the record that update named (as
 * the outbox remembers it), so a person found by neither email nor search
 * still gets their note. A CRM that
 * asks for a longer pause than Earshot takes stops the run at once: nothing
 * more is sent to it, and every item left says until when the CRM asked to
 * wait, as the extension's outbox parks its jobs.
 */
import type { Connector, NoteItem, Outcomes, PersonItem, TaskItem } from './connectors/types';
import { SyncError, asSyncError } from './http';
import { DEFAULT_RETRY_POLICY, decideRetry, type RetryDeps } from './retry';
import { HELD_BACK_TEXT } from './sync-words';

export type DirectItem = { kind: 'person'; item: PersonItem } | { kind: 'note'; item: NoteItem } | { kind: 'task'; item: TaskItem };

/** Why an item was not sent, as the summary counts it. */
export type FailureGroup = 'gave-up' | 'asked-to-wait' | 'refused' | 'held-back';

export interface DirectFailure {
  key: string;
  customerId: string;
  kind: DirectItem['kind'];
  /** In the words the extension's outbox uses for the same situation (lib/crm/sync-words.ts). */
  reason: string;
  group: FailureGroup;
  /** The group with the last error's kind and status ("gave-up server 500"): failures that share it are one reason. */
  cause: string;
}

export interface DirectReport {
  done: number;
  parked: DirectFailure[];
  /** Calls made to the connector. */
  attempts: number;
  /** The moment the CRM asked Earshot to wait for, when that stopped the run. */
  until?: number;
}

interface Waiting {
  entry: DirectItem;
  attempts: number;
  dueAt: number;
  /** Why it waits (the retry's words), for the announcement of a pause. */
  reason: string;
}

export async function deliverDirect(connector: Connector, items: readonly DirectItem[], deps: RetryDeps): Promise<DirectReport> {
  const policy = { ...DEFAULT_RETRY_POLICY, ...deps.policy };
  const report: DirectReport = { done: 0, parked: [], attempts: 0 };
  const size = Math.max(1, connector.description.batchSize);
  const fail = ({ entry }: Waiting, reason: string, group: FailureGroup, cause: string) =>
    report.parked.push({ key: entry.item.key, customerId: entry.item.target.customerId, kind: entry.kind, reason, group, cause });
  /** Set when the CRM asked for a longer pause than Earshot takes: the rest is not sent. */
  let stop: { reason: string; cause: string } | undefined;
  /** The CRM's record id of each customer whose update went. */
  const crmIds = new Map<string, string>();

  for (const kind of ['person', 'note', 'task'] as const) {
    const unsent = new Set(report.parked.filter((p) => p.kind === 'person').map((p) => p.customerId));
    let waiting: Waiting[] = [];
    for (const entry of items) {
      if (entry.kind !== kind) continue;
      const customerId = entry.item.target.customerId;
      const crmId = entry.item.target.crmId ?? crmIds.get(customerId);
      const w = { entry: crmId ? withCrmId(entry, crmId) : entry, attempts: 0, dueAt: 0, reason: '' };
      if (kind !== 'person' && unsent.has(customerId)) fail(w, HELD_BACK_TEXT, 'held-back', 'held-back');
      else waiting.push(w);
    }
    while (waiting.length > 0) {
      if (stop) {
        for (const w of waiting) fail(w, stop.reason, 'asked-to-wait', stop.cause);
        break;
      }
      const now = deps.now();
      const due = waiting.filter((w) => w.dueAt <= now);
      if (due.length === 0) {
        const first = waiting.reduce((a, b) => (b.dueAt < a.dueAt ? b : a));
        deps.onWait?.(first.dueAt - now, first.reason);
        await deps.sleep(first.dueAt - now);
        continue;
      }
      const next = waiting.filter((w) => w.dueAt > now);
      for (let i = 0; i < due.length; i += size) {
        const chunk = due.slice(i, i + size).map((w) => ({ ...w, attempts: w.attempts + 1 }));
        if (stop) {
          next.push(...chunk.map((c) => ({ ...c, attempts: c.attempts - 1 })));
          continue;
        }
        report.attempts += 1;
        const outcomes = await push(connector, kind, chunk);
        // One draw per call: what failed together comes back together, as one batch.
        const draw = deps.random();
        const attempt = Math.max(...chunk.map((c) => c.attempts));
        const failedAt = deps.now();
        for (const c of chunk) {
          const o = outcomes.get(c.entry.item.key) ?? { ok: false, error: new SyncError('The CRM did not say whether this arrived; a retry looks before it writes.', { kind: 'server', transient: true, mayHaveApplied: true }) };
          if (o.ok) {
            report.done += 1;
            if (o.crmId && c.entry.kind === 'person') crmIds.set(c.entry.item.target.customerId, o.crmId);
            continue;
          }
          const decision = decideRetry(o.error, c.attempts, { policy, draw: () => draw, now: failedAt, backoffAttempt: attempt, ...(deps.maxWaitMs !== undefined ? { maxWaitMs: deps.maxWaitMs } : {}) });
          if (decision.retry) {
            next.push({ ...c, dueAt: failedAt + decision.delayMs, reason: decision.reason });
            continue;
          }
          const { group, cause } = failureOf(o.error, decision.until);
          fail(c, decision.reason, group, cause);
          if (decision.until !== undefined && !stop) {
            stop = { reason: decision.reason, cause };
            report.until = decision.until;
          }
        }
      }
      waiting = next;
    }
  }
  return report;
}

function withCrmId(entry: DirectItem, crmId: string): DirectItem {
  // Spelt out per kind: TypeScript cannot keep a spread of the union tied to its kind.
  if (entry.kind === 'person') return { kind: 'person', item: { ...entry.item, target: { ...entry.item.target, crmId } } };
  if (entry.kind === 'note') return { kind: 'note', item: { ...entry.item, target: { ...entry.item.target, crmId } } };
  return { kind: 'task', item: { ...entry.item, target: { ...entry.item.target, crmId } } };
}

/** How a failure that ended the retries is counted: its group, and the cause failures sharing it have in common. */
export function failureOf(last: SyncError, until: number | undefined): { group: FailureGroup; cause: string } {
  const group: FailureGroup = until !== undefined ? 'asked-to-wait' : last.transient ? 'gave-up' : 'refused';
  return { group, cause: `${group} ${last.details.kind} ${last.details.status ?? ''}`.trim() };
}

/** One call for a chunk; a call that fails as a whole fails each of its items. */
async function push(connector: Connector, kind: DirectItem['kind'], chunk: readonly Waiting[]): Promise<Outcomes> {
  // Told it is a retry, a connector looks before it creates anything.
  const items = chunk.map((c) => ({ ...c.entry.item, retry: c.attempts > 1 }));
  try {
    if (kind === 'person') return await connector.pushPersons(items as PersonItem[]);
    if (kind === 'note') return await connector.pushNotes(items as NoteItem[]);
    return await connector.pushTasks(items as TaskItem[]);
  } catch (error) {
    const e = asSyncError(error);
    return new Map(chunk.map((c) => [c.entry.item.key, { ok: false, error: e }]));
  }
}
