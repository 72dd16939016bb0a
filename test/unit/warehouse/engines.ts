/**
 * The engines the warehouse tests run on: DuckDB always, PostgreSQL on a
 * throwaway local cluster when a server is installed (Debian's postgresql;
 * .ci/run installs it). Without one the PostgreSQL suites are skipped, saying so.
 */
import { afterAll, beforeAll, it } from 'vitest';
import { openDuckDb } from '../../../lib/warehouse/duckdb';
import type { SqlEngine } from '../../../lib/warehouse/engine';
import { findPostgresBin, startLocalPostgres, type LocalPostgres } from '../../../lib/warehouse/local-postgres';
import { openPostgres } from '../../../lib/warehouse/postgres';

export interface EngineUnderTest {
  name: 'duckdb' | 'postgres';
  /** Why the engine cannot run here, or undefined when it can. */
  unavailable: string | undefined;
  open(): Promise<SqlEngine>;
  /** Stop what open() started (the PostgreSQL cluster). */
  stop(): void;
}

const postgresBin = findPostgresBin();
let cluster: LocalPostgres | undefined;
// Each open() gets a fresh database, so the tables of one test never meet another's.
let databases = 0;

export const ENGINES: readonly EngineUnderTest[] = [
  { name: 'duckdb', unavailable: undefined, open: () => openDuckDb(), stop: () => undefined },
  {
    name: 'postgres',
    unavailable: postgresBin ? undefined : 'no PostgreSQL server binaries (initdb, pg_ctl) under /usr/lib/postgresql: install Debian postgresql to run these tests',
    async open() {
      cluster ??= await startLocalPostgres(postgresBin!);
      const admin = await openPostgres(cluster.url);
      const name = `earshot_test_${++databases}`;
      await admin.exec(`CREATE DATABASE ${name}`);
      await admin.close();
      return openPostgres(cluster.url.replace(/\/postgres$/, `/${name}`));
    },
    stop() {
      cluster?.stop();
      cluster = undefined;
    },
  },
];

/**
 * Inside a describe per engine: skip the suite, saying why, when the engine cannot run here; else open it
 * before the suite and close and stop it after. Returns the opened engine's getter, or undefined when skipped.
 */
export function engineForSuite(engineUnderTest: EngineUnderTest): (() => SqlEngine) | undefined {
  if (engineUnderTest.unavailable) {
    it.skip(`skipped: ${engineUnderTest.unavailable}`, () => undefined);
    return undefined;
  }
  let engine: SqlEngine | undefined;
  beforeAll(async () => {
    engine = await engineUnderTest.open();
  }, 60_000);
  afterAll(async () => {
    await engine?.close();
    engineUnderTest.stop();
  });
  return () => {
    if (!engine) throw new Error(`${engineUnderTest.name} was not opened`);
    return engine;
  };
}
