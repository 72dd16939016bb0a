import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockedPairs, scorePairs, trainDedupe, unpair } from '../../../lib/match/engine/linkage';
import { compareAll } from '../../../lib/match/engine/model';
import { FEBRL_COMPARISONS, febrlBlockingKeys, parseFebrl, type FebrlRecord } from '../../../lib/match/febrl';
import type { SqlEngine } from '../../../lib/warehouse/engine';
import { FEBRL_SQL_COMPARISONS, FEBRL_TABLE } from '../../../lib/warehouse/febrl';
import { blockDedupe, compareSql, loadRecords, randomPairs, scoreSql, trainSql } from '../../../lib/warehouse/pipeline';
import { ENGINES } from './engines';

const data = (name: string) => readFileSync(fileURLToPath(new URL(`../../../bench/data/linkage/${name}`, import.meta.url)), 'utf8');

/** Records made to reach the edges of the string functions: transpositions with an edit between them, empty sides, short strings. */
function edgeRecords(): FebrlRecord[] {
  const blank: FebrlRecord = { id: '', givenName: '', surname: '', streetNumber: '', address1: '', address2: '', suburb: '', postcode: '', state: '', dateOfBirth: '', socSecId: '' };
  const values = [
    ['ca', 'abc', '1234', '19800101', '1234567'],
    ['abc', 'ca', '1243', '19800110', '1243657'],
    ['martha', 'marhta', '2134', '18000101', '2143567'],
    ['dwayne', 'duane', '', '', '7654321'],
    ['a', 'b', '1', '1', '1'],
    ['dixon', 'dicksonx', '12345', '19800101x', '123'],
    ['', 'jones', '1234', '19811001', '1234576'],
  ];
  return values.map(([given, surname, postcode, dob, ssn], i) => ({ ...blank, id: `edge-${i}`, givenName: given!, surname: surname!, suburb: surname!, address1: given!, postcode: postcode!, dateOfBirth: dob!, socSecId: ssn! }));
}

describe.each(ENGINES)('the Febrl model as SQL on $name', (engineUnderTest) => {
  if (engineUnderTest.unavailable) {
    it.skip(`skipped: ${engineUnderTest.unavailable}`, () => undefined);
    return;
  }
  const records = [...parseFebrl(data('febrl1.csv')), ...edgeRecords()];
  const memoryPairs = blockedPairs(records, febrlBlockingKeys);
  // Candidate pairs agree on much; random pairs and every pair of the edge records reach the other levels.
  const edgeStart = records.length - edgeRecords().length;
  const checkPairs: [number, number][] = [...memoryPairs.map(unpair), ...randomPairs(records.length, undefined, 8_000, 7)];
  for (let i = edgeStart; i < records.length; i++) for (let j = edgeStart; j < records.length; j++) if (i !== j) checkPairs.push([i, j]);
  let engine: SqlEngine;
  let sqlLevels: Map<string, number[]>;

  beforeAll(async () => {
    engine = await engineUnderTest.open();
    await loadRecords(engine, 'records', records, FEBRL_TABLE);
    await engine.load('check_pairs', [{ name: 'l', type: 'INTEGER' }, { name: 'r', type: 'INTEGER' }], checkPairs);
    await compareSql(engine, 'check_pairs', 'records', 'records', FEBRL_SQL_COMPARISONS, 'check_levels');
    const rows = await engine.rows(`SELECT * FROM check_levels`);
    sqlLevels = new Map(rows.map((row) => [`${String(row.l)}:${String(row.r)}`, FEBRL_SQL_COMPARISONS.map((_, k) => Number(row[`level_${k}`]))]));
  }, 120_000);
  afterAll(async () => {
    await engine?.close();
    engineUnderTest.stop();
  });

  it.each(FEBRL_COMPARISONS.map((c, k) => ({ field: c.field, k })))('gives the in-memory level of $field on every pair', ({ k }) => {
    const mismatches: string[] = [];
    for (const [i, j] of checkPairs) {
      const memory = FEBRL_COMPARISONS[k]!.compare(records[i]!, records[j]!);
      const sql = sqlLevels.get(`${i}:${j}`)![k];
      if (memory !== sql) mismatches.push(`${records[i]!.id} / ${records[j]!.id}: memory ${memory}, SQL ${sql}`);
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
    // Every level of the field is reached, so no branch goes untested.
    const reached = new Set(checkPairs.map(([i, j]) => FEBRL_COMPARISONS[k]!.compare(records[i]!, records[j]!)));
    expect(FEBRL_COMPARISONS[k]!.levels.every((_, l) => reached.has(l))).toBe(true);
  });

  it('blocks, learns and scores as the in-memory engine: the same pairs, parameters, decisions and scores within 1e-9', async () => {
    const pairCount = await blockDedupe(engine, 'records', 'pairs');
    const sqlPairs = (await engine.rows('SELECT l, r FROM pairs')).map((row) => `${String(row.l)}:${String(row.r)}`).sort();
    expect(pairCount).toBe(memoryPairs.length);
    expect(sqlPairs).toEqual(memoryPairs.map((key) => unpair(key).join(':')).sort());

    const memory = trainDedupe(records, FEBRL_COMPARISONS, memoryPairs, { uPairs: 8_000 });
    await compareSql(engine, 'pairs', 'records', 'records', FEBRL_SQL_COMPARISONS, 'pair_levels');
    const sql = await trainSql(engine, { left: 'records', leftSize: records.length, candidateLevels: 'pair_levels', candidatePairs: pairCount }, FEBRL_COMPARISONS, FEBRL_SQL_COMPARISONS, { uPairs: 8_000 });
    expect(sql.em.iterations).toBe(memory.em.iterations);
    expect(Math.abs(sql.params.prior - memory.params.prior) / memory.params.prior).toBeLessThan(1e-9);
    sql.params.fields.forEach((f, k) => {
      f.m.forEach((m, l) => expect(Math.abs(m - memory.params.fields[k]!.m[l]!)).toBeLessThan(1e-12));
      f.u.forEach((u, l) => expect(u).toBe(memory.params.fields[k]!.u[l]));
    });

    await scoreSql(engine, 'pair_levels', memory.params, 'scores');
    const memoryScores = scorePairs(records, FEBRL_COMPARISONS, memory.params, memoryPairs);
    const byPair = new Map((await engine.rows('SELECT l, r, probability FROM scores')).map((row) => [`${String(row.l)}:${String(row.r)}`, Number(row.probability)]));
    let largest = 0;
    let differentDecisions = 0;
    memoryPairs.forEach((key, p) => {
      const sqlScore = byPair.get(unpair(key).join(':'))!;
      largest = Math.max(largest, Math.abs(sqlScore - memoryScores[p]!));
      if (sqlScore >= 0.5 !== memoryScores[p]! >= 0.5) differentDecisions++;
    });
    expect(largest).toBeLessThan(1e-9);
    expect(differentDecisions).toBe(0);
    // The levels behind the scores are the in-memory ones too.
    const vector = new Int8Array(FEBRL_COMPARISONS.length);
    const [i, j] = unpair(memoryPairs[0]!);
    expect([...compareAll(FEBRL_COMPARISONS, records[i]!, records[j]!, vector)]).toEqual(sqlLevels.get(`${i}:${j}`));
  }, 120_000);
});
