import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EarshotDatabase } from '../../../lib/db/database';
import { clearStorageProblem, isQuotaError, recordStorageProblem, storageProblem, STORAGE_PROBLEM_KEY } from '../../../lib/db/storage';
import { deleteDatabase, openFreshDatabase } from '../fresh-db';

const quota = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

let db: EarshotDatabase;
beforeEach(async () => void (db = await openFreshDatabase('storage')));
afterEach(async () => {
  vi.restoreAllMocks();
  await deleteDatabase(db);
});

describe('isQuotaError', () => {
  it('knows the browser\'s DOMException and each way Dexie wraps it', () => {
    expect(quota().code).toBe(22);
    expect(isQuotaError(quota())).toBe(true);
    expect(isQuotaError(new Dexie.QuotaExceededError('full', quota()))).toBe(true);
    // A transaction aborted because the disk was full: Dexie's AbortError around the DOMException.
    expect(isQuotaError(new Dexie.AbortError('Transaction aborted', quota()))).toBe(true);
    expect(isQuotaError(new Dexie.BulkError('2 of 3 failed', { 1: new Dexie.ConstraintError('dup'), 2: quota() }))).toBe(true);
    expect(isQuotaError(new Dexie.ModifyError('modify failed', [quota()], 0, []))).toBe(true);
    expect(isQuotaError(new Error('write failed', { cause: quota() }))).toBe(true);
    // Firefox's legacy name.
    expect(isQuotaError({ name: 'NS_ERROR_DOM_QUOTA_REACHED', message: '' })).toBe(true);
  });

  it('knows it when a real Dexie write fails with it', async () => {
    const full = () => {
      throw quota();
    };
    db.values.hook('creating', full);
    const value = { personRef: 'profile:x', kind: 'profile' as const, segment: 's', financial: 0, influence: 0, engagement: 0, value: {} } as unknown as Parameters<typeof db.values.put>[0];
    const failures = await Promise.all([
      db.values.put(value).catch((e: unknown) => e),
      db.values.bulkPut([value, { ...value, personRef: 'profile:y' }]).catch((e: unknown) => e),
      db.transaction('rw', db.values, db.meta, async () => {
        await db.meta.put({ key: 'k', value: 1, updatedAt: 0 });
        await db.values.add(value);
      }).catch((e: unknown) => e),
    ]);
    for (const failure of failures) {
      expect(failure).toBeInstanceOf(Dexie.DexieError);
      expect(isQuotaError(failure)).toBe(true);
    }
    expect(await db.meta.get('k')).toBeUndefined();
  });

  it('says no to every other failure, and to a message that merely mentions quota', () => {
    expect(isQuotaError(new DOMException('dup', 'ConstraintError'))).toBe(false);
    expect(isQuotaError(new Dexie.ConstraintError('dup'))).toBe(false);
    expect(isQuotaError(new Dexie.AbortError('Transaction aborted'))).toBe(false);
    expect(isQuotaError(new Error('QuotaExceededError'))).toBe(false);
    expect(isQuotaError('QuotaExceededError')).toBe(false);
    expect(isQuotaError(undefined)).toBe(false);
    expect(isQuotaError(null)).toBe(false);
    const loop: { name: string; inner?: unknown } = { name: 'Error' };
    loop.inner = loop;
    expect(isQuotaError(loop)).toBe(false);
  });
});

describe('the storage problem record', () => {
  it('is written for a quota error only, read back checked, and cleared', async () => {
    expect(await recordStorageProblem(db, 'work', new Error('something else'), 5)).toBe(false);
    expect(await storageProblem(db)).toBeNull();
    expect(await recordStorageProblem(db, 'outbox', new Dexie.AbortError('aborted', quota()), 6)).toBe(true);
    expect(await storageProblem(db)).toEqual({ at: 6, code: 'quota', where: 'outbox', message: expect.stringContaining('aborted') });
    await clearStorageProblem(db);
    expect(await storageProblem(db)).toBeNull();
    // Storage is a boundary: a record of another shape counts as none.
    await db.meta.put({ key: STORAGE_PROBLEM_KEY, value: { at: 'yesterday' }, updatedAt: 0 });
    expect(await storageProblem(db)).toBeNull();
  });

  it('never throws, even when the note itself cannot be written', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    db.close();
    expect(await recordStorageProblem(db, 'work', quota(), 1)).toBe(true);
  });
});
