import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { defineCommand, optionalString, requireString, UsageError, InputError, type CliIo, type OptionValues } from '../command';
import { readCsv } from '../read';
import { openSource, optionalSource, type Source } from '../source';
import { openOutput, writeAll } from '../output';
import { CapturedPeople, gatherPeople, profileLines, type Person } from '../people';
import { Progress } from '../progress';
import { csvFormat, formatOption } from '../format';
import { mustNotProfile, type Customer, type Order } from '../../model';
import { describeIssues } from '../../zod';
import { explainDecision } from '../../match/explain';
import { slotKey } from '../../match/joint';
import { matchProfiles, toMatchLine, type ComparedPairs, type MatchResult } from '../../match/match';
import { defaultMatcherParams, readMatcherParams, type MatcherParams } from '../../match/params';
import { MatchThresholds } from '../../match/settings';
import { MemoryCandidateStore, type CandidateStore } from '../../match/store';
import type { CustomerRecord } from '../../match/features';
import { ENGINE_OPTIONS, ENGINE_USAGE, openChosenEngine, readEngineChoice, type EngineChoice } from '../engine-option';
import type { SqlEngine } from '../../warehouse/engine';
import { trainMatcher } from '../../match/train';
import { customerRecord } from '../../match/features';
import { jsonLine } from '../printable';

/** Fewer profiles than this teach EM too little: the defaults are used. */
const MIN_PROFILES_TO_TRAIN = 200;
/**
 * Profiles are matched this many at a time as they are read, so memory does not grow with them.
 * It is the number of profiles the parameters are learned from (trainMatcher's maxProfiles), so
 * learning sees what it would see with every profile at hand.
 */
const BATCH = 20_000;
const NEED = 'profiles to match';

/** The columns of `--format csv`, for a spreadsheet: who, who they may be, and why. */
const CSV_COLUMNS = ['profile_id', 'platform', 'name', 'profile_url', 'customer_id', 'customer_name', 'decision', 'score', 'reason'] as const;

export default defineCommand({
  name: 'match',
  summary: 'link captured profiles to customers, with a score and the evidence for each decision',
  usage: `
earshot match --customers customers.csv (--captures pages.jsonl | --profiles profiles.jsonl) [--orders orders.csv]
              [--out FILE] [--format jsonl|csv] [--no-train | --params FILE] [--save-params FILE]
              [--auto P] [--review P] [--explain]
              [--engine memory|duckdb|postgres] [--db postgres://...] [--duckdb-memory 4GB] [--duckdb-threads N]

Writes one line per captured person in the matches.jsonl format:
  {"profileId":"...","customerId":"..."|null,"score":0.93,"decision":"auto"|"review"|"none","evidence":[...]}
auto = linked without a person; review = suggested for a person to confirm;
none = no customer above the review threshold. The same matcher as the
extension: Fellegi-Sunter scoring over names, handles, email addresses,
websites and places; a handle the CRM knows or the customer's email address
in the bio links outright; a name alone is never linked automatically.
A person's id is platform:key (the id the extension stores them under) unless
a profiles.jsonl line gives one. Profiles are matched ${BATCH.toLocaleString('en')} at a time as they are
read; one competing with a profile of an earlier batch for a customer on the
same platform is weighed against what that one holds, as in the extension.

  --customers FILE     customers CSV (customer_id,first_name,last_name,email,...,handles)
  --captures FILE      captured pages, one per line, as \`earshot extract\` prints them; - reads stdin
  --profiles FILE      captured people, one JSON object per line ({"platform","key" or "id","displayName",...});
                       - reads stdin. With both, a person in both is merged as the extension merges them
  --orders FILE        orders CSV: adds the revenue of the linked customers to the summary
  --out FILE           write the matches here (it appears when complete) instead of stdout
  --format F           jsonl (default) or csv: one row per profile with ${CSV_COLUMNS.join(', ')},
                       for a spreadsheet (cells starting = + - @ are neutralised)
  --no-train           use the default parameters; without it, with ${MIN_PROFILES_TO_TRAIN} profiles or more, the
                       parameters are first learned from these customers and the first ${BATCH.toLocaleString('en')} profiles (u from
                       random pairs and namesakes, m by expectation-maximisation, the share of customers)
  --params FILE        parameters saved by --save-params (instead of learning or the defaults)
  --save-params FILE   save the parameters used, e.g. after learning them
  --auto P             auto-link threshold (default ${MatchThresholds.parse({}).auto})
  --review P           review threshold (default ${MatchThresholds.parse({}).review})
  --explain            add "explanation": the decision and its evidence in words, to each line
${ENGINE_USAGE}
                       With duckdb or postgres the customers and their blocking keys are tables in
                       the engine (match_customers, match_keys, ...) and each batch's candidates are
                       chosen there; the matcher then decides as in memory, with the same results.

The summary (counts, parameters, seconds) goes to stderr.
`,
  options: {
    customers: { type: 'string' },
    profiles: { type: 'string' },
    captures: { type: 'string' },
    orders: { type: 'string' },
    out: { type: 'string' },
    format: { type: 'string' },
    'no-train': { type: 'boolean' },
    params: { type: 'string' },
    'save-params': { type: 'string' },
    auto: { type: 'string' },
    review: { type: 'string' },
    explain: { type: 'boolean' },
    ...ENGINE_OPTIONS,
  },
  async run(values, _positionals, io) {
    const started = performance.now();
    const format = formatOption(values);
    const customersSource = openSource(io, 'customers', requireString(values, 'customers'));
    const profilesSource = optionalSource(io, 'profiles', optionalString(values, 'profiles'));
    const capturesSource = optionalSource(io, 'captures', optionalString(values, 'captures'));
    if (!profilesSource && !capturesSource) throw new UsageError('give the people to match: --captures pages.jsonl (as `earshot extract` writes) or --profiles profiles.jsonl');
    const ordersSource = optionalSource(io, 'orders', optionalString(values, 'orders'));
    const thresholds = readThresholds(values);
    const explicitParams = await readParams(io, optionalString(values, 'params'));
    const engine = readEngineChoice(values);
    const progress = new Progress(io, 'match');
    const opened = await openStore(engine);
    try {
      const { store } = opened;

      // The customers go straight into the index: their records are not kept besides.
      const names = format === 'csv' ? new Map<string, string>() : null;
      progress.phase('reading customers', 'customers');
      const customers = await readCustomers(io, customersSource, (record) => store.add(record), names, progress);

      const linked = new Set<string>();
      const tally = { profiles: 0, auto: 0, review: 0, none: 0 };
      let params = explicitParams ?? defaultMatcherParams();
      let training: Record<string, unknown> | string = 'defaults';
      // The pairs learning compared (the first batch's), so matching does not compare them again.
      let compared: ComparedPairs | undefined;
      const lines = async function* (): AsyncGenerator<string> {
        if (format === 'csv') yield csvFormat.header(CSV_COLUMNS);
        const held = new Map<string, number>();
        let first = true;
        progress.phase('matching', 'profiles');
        for await (const batch of personBatches(io, { profiles: profilesSource, captures: capturesSource })) {
          if (first) {
            first = false;
            const learned = await learnParams(store, batch, params, values, explicitParams !== undefined);
            params = learned.params;
            training = learned.training;
            compared = learned.compared;
          }
          const results = await matchProfiles(store, batch, { params, thresholds, held, ...(compared ? { compared } : {}) });
          for (let i = 0; i < batch.length; i++) {
            const person = batch[i]!;
            const r = results[i]!;
            tally[r.decision]++;
            if (r.decision === 'auto' && r.customerId !== null) {
              linked.add(r.customerId);
              // What this link holds of its (platform, customer) slot, for the batches after it.
              const slot = slotKey(person.platform, r.customerId);
              held.set(slot, (held.get(slot) ?? 0) + r.score);
            }
            yield format === 'csv' ? csvRow(person, r, names!, values.explain === true) : matchLine(person, r, values.explain === true);
          }
          tally.profiles += batch.length;
          progress.update(tally.profiles);
        }
      };
      try {
        await writeAll(openOutput(io, optionalString(values, 'out')), lines());
      } finally {
        progress.end();
      }

      const savePath = optionalString(values, 'save-params');
      if (savePath) await writeFile(resolve(io.cwd, savePath), `${JSON.stringify(params, null, 2)}\n`);
      const summary: Record<string, unknown> = { ...(engine.name === 'memory' ? {} : { engine: engine.name }), customers, ...tally };
      if (ordersSource) summary.linkedRevenue = await linkedRevenue(io, ordersSource, linked);
      summary.parameters = training;
      summary.seconds = round((performance.now() - started) / 1000, 3);
      io.stderr.write(jsonLine(summary));
      return 0;
    } finally {
      await opened.sql?.close();
    }
  },
});

/** The store customers are read into: in memory, or tables in the chosen SQL engine. */
async function openStore(choice: EngineChoice): Promise<{ store: CandidateStore & { add(record: CustomerRecord): void | Promise<void> }; sql?: SqlEngine }> {
  if (choice.name === 'memory') return { store: new MemoryCandidateStore() };
  const sql = await openChosenEngine(choice);
  try {
    const { SqlCandidateStore } = await import('../../warehouse/candidate-store');
    return { store: await SqlCandidateStore.create(sql), sql };
  } catch (error) {
    await sql.close();
    throw error;
  }
}

async function readCustomers(io: CliIo, source: Source, add: (record: CustomerRecord) => void | Promise<void>, names: Map<string, string> | null, progress: Progress): Promise<number> {
  let count = 0;
  await readCsv(source, { io, kind: 'customers', need: 'customers to match against', rowsRequired: true }, async (batch) => {
    for (const row of batch.rows) {
      const customer = row as Customer;
      // A customer who must not be profiled is never a candidate (as MemoryCandidateStore.fromCustomers).
      if (mustNotProfile(customer)) continue;
      await add(customerRecord(customer));
      names?.set(customer.id, [customer.firstName, customer.lastName].filter(Boolean).join(' '));
    }
    count += batch.rows.length;
    progress.update(count);
  });
  return count;
}

/**
 * The people to match, a batch at a time. profiles.jsonl alone is read as it goes; captured
 * pages are read whole first, because a person seen on several pages is matched once, merged.
 */
async function* personBatches(io: CliIo, inputs: { profiles: Source | undefined; captures: Source | undefined }): AsyncGenerator<Person[]> {
  let batch: Person[] = [];
  if (inputs.profiles && !inputs.captures) {
    for await (const { value } of profileLines(io, inputs.profiles, NEED)) {
      batch.push(value);
      if (batch.length === BATCH) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
    return;
  }
  const people = new CapturedPeople({ now: Date.now(), ownBrands: [] });
  await gatherPeople(io, inputs, people, NEED);
  const all = people.profiles();
  if (all.length === 0) throw new InputError(`${[inputs.profiles, inputs.captures].flatMap((s) => (s ? [s.name] : [])).join(', ')}: no people on the captured pages: no ${NEED}`);
  for (let start = 0; start < all.length; start += BATCH) yield all.slice(start, start + BATCH);
}

/** The parameters to match with: given, learned from the first batch, or the defaults, and what the summary says of them. */
/** What learning gives matching: the parameters, how they were found, and the pairs it compared. */
interface Learned {
  params: MatcherParams;
  training: Record<string, unknown> | string;
  compared?: ComparedPairs;
}

async function learnParams(store: CandidateStore, profiles: readonly Person[], start: MatcherParams, values: OptionValues, given: boolean): Promise<Learned> {
  if (given) return { params: start, training: 'from --params' as const };
  if (values['no-train'] === true) return { params: start, training: 'defaults (--no-train)' as const };
  if (profiles.length < MIN_PROFILES_TO_TRAIN) return { params: start, training: `defaults (fewer than ${MIN_PROFILES_TO_TRAIN} profiles to learn from)` };
  const report = await trainMatcher(store, profiles, start, { maxProfiles: BATCH });
  return {
    params: report.params,
    compared: report.compared,
    training: {
      randomPairs: report.randomPairs,
      namesakePairs: report.namesakePairs,
      candidatePairs: report.candidatePairs,
      emIterations: report.emIterations,
      customerShare: round(report.customerShare, 3),
    },
  };
}

async function readParams(io: CliIo, given: string | undefined): Promise<MatcherParams | undefined> {
  if (!given) return undefined;
  const source = openSource(io, 'params', given);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(source.path ?? '', 'utf8'));
  } catch {
    throw new UsageError(`--params ${given}: not JSON`);
  }
  const read = readMatcherParams(json);
  if (read.problem) throw new UsageError(`--params ${given}: ${read.problem}`);
  return read.params;
}

function readThresholds(values: OptionValues): MatchThresholds {
  const probability = (name: string) => {
    const text = optionalString(values, name);
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!Number.isFinite(n) || n < 0 || n > 1) throw new UsageError(`--${name} ${text}: expected a probability between 0 and 1`);
    return n;
  };
  const parsed = MatchThresholds.safeParse({ auto: probability('auto'), review: probability('review') });
  if (!parsed.success) throw new UsageError(describeIssues(parsed.error));
  return parsed.data;
}

function matchLine(person: Person, r: MatchResult, explain: boolean): string {
  const line: Record<string, unknown> = { ...toMatchLine(person.id, r) };
  if (explain) line.explanation = explainDecision(r.reason, r.details);
  return jsonLine(line);
}

function csvRow(person: Person, r: MatchResult, names: ReadonlyMap<string, string>, explain: boolean): string {
  const words = explainDecision(r.reason, r.details);
  return csvFormat.row([
    person.id,
    person.platform,
    person.displayName ?? person.handle ?? '',
    person.profileUrl ?? '',
    r.customerId ?? '',
    r.customerId ? (names.get(r.customerId) ?? '') : '',
    r.decision,
    r.score.toFixed(4),
    explain ? words.join(' / ') : words[0]!,
  ]);
}

/** Revenue and orders of the auto-linked customers, per currency. */
async function linkedRevenue(io: CliIo, source: Source, linked: ReadonlySet<string>): Promise<Record<string, { customers: number; orders: number; amount: number }>> {
  const byCurrency: Record<string, { customers: Set<string>; orders: number; amount: number }> = {};
  await readCsv(source, { io, kind: 'orders', need: 'orders to sum', rowsRequired: false }, (batch) => {
    for (const row of batch.rows) {
      const order = row as Order;
      if (!linked.has(order.customerId)) continue;
      const entry = (byCurrency[order.currency] ??= { customers: new Set(), orders: 0, amount: 0 });
      entry.customers.add(order.customerId);
      entry.orders++;
      entry.amount += order.amount;
    }
  });
  return Object.fromEntries(Object.entries(byCurrency).map(([c, e]) => [c, { customers: e.customers.size, orders: e.orders, amount: round(e.amount, 2) }]));
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;
