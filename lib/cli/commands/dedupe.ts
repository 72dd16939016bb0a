import { defineCommand, InputError, optionalString, requireString, UsageError } from '../command';
import { ENGINE_OPTIONS, ENGINE_USAGE, openChosenEngine, readEngineChoice, type EngineChoice } from '../engine-option';
import { openSource } from '../source';
import { openOutput, writeAll } from '../output';
import { jsonLine } from '../printable';
import type { TrainOptions } from '../../match/engine/linkage';
import { parseFebrl, type FebrlRecord } from '../../match/febrl';
import { dedupeInMemory, dedupeInSql, type Deduplicated } from '../../warehouse/dedupe';

export default defineCommand({
  name: 'dedupe',
  summary: 'find the records of one person in a Febrl-format file, in memory or as SQL on DuckDB or PostgreSQL',
  usage: `
earshot dedupe --records people.csv|- [--engine memory|duckdb|postgres] [--db postgres://...]
               [--duckdb-memory 4GB] [--duckdb-threads N] [--u-pairs N] [--threshold P] [--all] [--out FILE]

Reads person records in the Febrl format (rec_id, given_name, surname, street_number,
address_1, address_2, suburb, postcode, state, date_of_birth, soc_sec_id), blocks them into
candidate pairs, learns the model (u from random pairs, m by EM) and scores every pair.
Writes one line per pair at or above the threshold:
  {"left":"rec-1-org","right":"rec-1-dup-0","score":0.9993,"decision":"match"}
Every engine runs the same model: --engine duckdb and --engine postgres run blocking,
comparison levels, learning's pattern counts and scoring as SQL (docs/warehouse.md) and
give the in-memory engine's pairs, decisions and scores (within 1e-9).

  --records FILE       the records (Febrl CSV); - reads stdin
${ENGINE_USAGE}
                       (dedupe's tables: records, pairs, scores, ...)
  --u-pairs N          random pairs u is learned from (default 200000; the same pairs on every engine)
  --threshold P        lowest probability written (default 0.5)
  --all                write every candidate pair, with decision "non-match" below the threshold
  --out FILE           write here (it appears when complete) instead of stdout

The summary (records, candidate pairs, matches, EM iterations, seconds) goes to stderr.
`,
  options: {
    records: { type: 'string' },
    ...ENGINE_OPTIONS,
    'u-pairs': { type: 'string' },
    threshold: { type: 'string' },
    all: { type: 'boolean' },
    out: { type: 'string' },
  },
  async run(values, _positionals, io) {
    const started = performance.now();
    const engine = readEngineChoice(values);
    const threshold = readThreshold(optionalString(values, 'threshold'));
    const source = openSource(io, 'records', requireString(values, 'records'));
    let records: FebrlRecord[];
    try {
      let text = '';
      for await (const chunk of source.text()) text += chunk;
      records = parseFebrl(text);
    } catch (error) {
      throw new InputError(`${source.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (records.length < 2) throw new InputError(`${source.name}: ${records.length} records: nothing to deduplicate`);

    const uPairs = readCount(optionalString(values, 'u-pairs'));
    const result = await deduplicate(engine, records, { train: uPairs === undefined ? {} : { uPairs } });
    const all = values.all === true;
    const matches = result.pairs.filter((p) => p.probability >= threshold).length;
    const lines = function* () {
      for (const p of result.pairs) {
        const match = p.probability >= threshold;
        if (!match && !all) continue;
        yield jsonLine({ left: records[p.left]!.id, right: records[p.right]!.id, score: p.probability, decision: match ? 'match' : 'non-match' });
      }
    };
    await writeAll(openOutput(io, optionalString(values, 'out')), lines());
    const seconds = Math.round(performance.now() - started) / 1000;
    io.stderr.write(jsonLine({ engine: engine.name, records: records.length, candidatePairs: result.pairs.length, matches, emIterations: result.emIterations, seconds }));
    return 0;
  },
});

function readThreshold(text: string | undefined): number {
  if (text === undefined) return 0.5;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new UsageError(`--threshold ${text}: expected a probability between 0 and 1`);
  return n;
}

function readCount(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--u-pairs ${text}: expected a whole number above 0`);
  return n;
}

async function deduplicate(engine: EngineChoice, records: readonly FebrlRecord[], options: { train: TrainOptions }): Promise<Deduplicated> {
  if (engine.name === 'memory') return dedupeInMemory(records, options.train);
  const sql = await openChosenEngine(engine);
  try {
    return await dedupeInSql(sql, records, options.train);
  } finally {
    await sql.close();
  }
}
