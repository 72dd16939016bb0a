/**
 * Storage problems the user must hear about. When the browser refuses to
 * store more (the origin's quota is used up), the failing write is lost, but
 * the service worker records the problem here so the interface can say so and
 * offer to prune; a successful prune clears it.
 */
import { z } from '../zod';
import type { EarshotDatabase } from './database';
import { deleteMeta, metaKey, readMetaIfValid, writeMeta } from './meta';

export const STORAGE_PROBLEM_KEY = 'storage.problem';

/** Where a write failed: a capture or other message, follow-up work, the CRM outbox, scheduled retention. */
export const STORAGE_AREAS = ['capture', 'message', 'work', 'outbox', 'retention', 'report'] as const;
export type StorageArea = (typeof STORAGE_AREAS)[number];

export const StorageProblem = z.object({
  at: z.number(),
  code: z.literal('quota'),
  where: z.enum(STORAGE_AREAS),
  message: z.string().max(500),
});
export type StorageProblem = z.infer<typeof StorageProblem>;
const STORAGE_PROBLEM = metaKey(STORAGE_PROBLEM_KEY, StorageProblem);

/** Names browsers and Dexie give "storage is full" (Firefox's legacy one included). */
const QUOTA_NAMES = new Set(['QuotaExceededError', 'QuotaExceeded', 'NS_ERROR_DOM_QUOTA_REACHED']);
/** DOMException's legacy QUOTA_EXCEEDED_ERR code (old Safari reports only the code). */
const QUOTA_CODE = 22;

/**
 * IndexedDB's "storage is full", as the browser or Dexie reports it: the
 * DOMException itself, Dexie's QuotaExceededError, or a Dexie AbortError /
 * BulkError / ModifyError whose inner error or failures hold it.
 */
export function isQuotaError(error: unknown): boolean {
  const seen = new Set<unknown>();
  const visit = (e: unknown, depth: number): boolean => {
    if (!e || typeof e !== 'object' || depth > 4 || seen.has(e)) return false;
    seen.add(e);
    const { name, code, inner, cause, failures } = e as { name?: unknown; code?: unknown; inner?: unknown; cause?: unknown; failures?: unknown };
    if (typeof name === 'string' && QUOTA_NAMES.has(name)) return true;
    if (code === QUOTA_CODE && typeof DOMException !== 'undefined' && e instanceof DOMException) return true;
    if (visit(inner, depth + 1) || visit(cause, depth + 1)) return true;
    // BulkError / ModifyError: one failure per row (an array, or a record by position).
    const list = Array.isArray(failures) ? failures : failures && typeof failures === 'object' ? Object.values(failures) : [];
    return list.slice(0, 20).some((f) => visit(f, depth + 1));
  };
  return visit(error, 0);
}

/**
 * Record a quota failure where the interface finds it. Returns whether the
 * error was one; other errors are the caller's to report. Never throws: a
 * database too full to take even this note still lets the caller go on.
 */
export async function recordStorageProblem(db: EarshotDatabase, where: StorageArea, error: unknown, now: number): Promise<boolean> {
  if (!isQuotaError(error)) return false;
  const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
  const problem: StorageProblem = { at: now, code: 'quota', where, message };
  try {
    await writeMeta(db, STORAGE_PROBLEM, problem, now);
  } catch (failure) {
    console.error('Earshot: could not record that storage is full', failure);
  }
  return true;
}

/** The last storage problem, or null when there is none (for the interface). */
export async function storageProblem(db: EarshotDatabase): Promise<StorageProblem | null> {
  // A record this version cannot read counts as none.
  return (await readMetaIfValid(db, STORAGE_PROBLEM)) ?? null;
}

/** After a prune made room: the problem is solved until a write fails again. */
export async function clearStorageProblem(db: EarshotDatabase): Promise<void> {
  await deleteMeta(db, STORAGE_PROBLEM);
}

/** A background job failed: log it and, when storage is full, record it for the interface. */
export async function reportFailure(db: EarshotDatabase, where: StorageArea, error: unknown, now: number): Promise<void> {
  console.error(`Earshot: ${where} failed`, error);
  await recordStorageProblem(db, where, error, now);
}
