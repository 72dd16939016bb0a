/**
 * The handlers for data coming in or going: CSV imports (staged, then committed
 * in one transaction), the sample shop, a restored backup, pruning, and
 * settings that change what the recorded work must do.
 */
import { beginImport, cancelImport, commitImport, stageRows } from '../db/imports';
import { expireUnmatched } from '../db/privacy';
import { clearStorageProblem } from '../db/storage';
import type { BackgroundDeps } from './handler-deps';
import type { Handlers } from './router';
import { loadSampleData, SAMPLE_BRANDS } from './sample';

export type DataMessageType = 'import/begin' | 'import/rows' | 'import/commit' | 'import/cancel' | 'sample/load' | 'data/restored' | 'data/prune' | 'settings/changed';

export function createDataHandlers(deps: BackgroundDeps): Pick<Handlers, DataMessageType> {
  const { db } = deps;

  return {
    'import/begin': async ({ kind, fileName }) => {
      const journal = await beginImport(db, kind, fileName, deps.now(), deps.newId());
      return { importId: journal.importId };
    },

    'import/rows': async ({ importId, rows }) => ({ staged: await stageRows(db, importId, rows, deps.now()) }),

    'import/commit': async ({ importId, provided, allowBlanking }) => {
      const result = await commitImport(db, importId, provided ?? null, allowBlanking);
      await db.audit.add({
        at: deps.now(),
        action: 'import',
        actor: 'user',
        summary: 'Imported a CSV file',
        counts: { customers: result.customers, orders: result.orders, rejected: result.errors.length },
      });
      await deps.dataChanged({ customers: result.customers > 0, orders: result.orders > 0 });
      return result;
    },

    'import/cancel': async ({ importId }) => {
      await cancelImport(db, importId);
      return {};
    },

    'sample/load': async () => {
      await deps.adoptOwnBrands(SAMPLE_BRANDS);
      const settings = await deps.settings();
      const loaded = await loadSampleData(db, deps.now(), settings.value.ownBrands);
      await deps.dataChanged({ customers: true, orders: true });
      return loaded;
    },

    'data/restored': async () => {
      await deps.dataChanged({ customers: true, orders: true });
      return {};
    },

    'data/prune': async ({ olderThanDays }) => {
      const result = await expireUnmatched(db, deps.now(), olderThanDays);
      // Room was made: the interface stops showing "storage is full" until a write fails again.
      await clearStorageProblem(db);
      return { profiles: result.profiles, contributions: result.contributions };
    },

    'settings/changed': async ({ rematch }) => {
      // New thresholds decide every captured person again; value settings only move the figures.
      if (rematch) await deps.dataChanged({ profiles: (await db.profiles.toCollection().primaryKeys()) as string[] });
      else await deps.dataChanged({ orders: true });
      return {};
    },
  };
}
