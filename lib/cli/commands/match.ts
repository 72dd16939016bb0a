import { readFile, writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { defineCommand, optionalString, requireString, UsageError, type CliIo, type OptionValues } from '../command';
import { importCsvFile, inputPath } from '../read';
import { printRowErrors, readJsonLines, writeLinesAtomically } from '../files';
import { ProfileLine, type Customer, type Order } from '../../model';
import { describeIssues } from '../../messages';
import { explainDecision } from '../../match/explain';
import { matchProfiles, toMatchLine, type ComparedPairs } from '../../match/match';
import { defaultMatcherParams, readMatcherParams, type MatcherParams } from '../../match/params';
import { MatchThresholds } from '../../match/settings';
import { MemoryCandidateStore } from '../../match/store';
import { trainMatcher } from '../../match/train';
import { jsonLine, warn } from '../printable';

/** Fewer profiles than this teach EM too little: the defaults are used. */
const MIN_PROFILES_TO_TRAIN = 200;

export default defineCommand({
  name: 'match',
  summary: 'link captured profiles to customers, with a score and the evidence for each decision',
  usage: `
earshot match --customers customers.csv --profiles profiles.jsonl [--orders orders.csv] [--out matches.jsonl]
              [--no-train | --params FILE] [--save-params FILE] [--auto P] [--review P] [--explain]

Writes one line per profile in the matches.jsonl format:
  {"profileId":"...","customerId":"..."|null,"score":0.93,"decision":"auto"|"review"|"none","evidence":[...]}
auto = linked without a person; review = suggested for a person to confirm;
none = no customer above the review threshold. The same matcher as the
extension: Fellegi-Sunter scoring over names, handles, email addresses,
websites and places; a handle the CRM knows or the customer's email address
in the bio links outright; a name alone is never linked automatically.

  --customers FILE     customers CSV (customer_id,first_name,last_name,email,...,handles)
  --profiles FILE      captured people, one JSON object per line ({"id","platform","displayName",...})
  --orders FILE        orders CSV: adds the revenue of the linked customers to the summary
  --out FILE           write the matches here instead of stdout (the summary then goes to stdout)
  --no-train           use the default parameters; without it, with ${MIN_PROFILES_TO_TRAIN} profiles or more, the
                       parameters are first learned from these customers and profiles (u from random
                       pairs and namesakes, m by expectation-maximisation, the share of customers)
  --params FILE        parameters saved by --save-params (instead of learning or the defaults)
  --save-params FILE   save the parameters used, e.g. after --train
  --auto P             auto-link threshold (default ${MatchThresholds.parse({}).auto})
  --review P           review threshold (default ${MatchThresholds.parse({}).review})
  --explain            add "explanation": the decision and its evidence in words, to each line
`,
  options: {
    customers: { type: 'string' },
    profiles: { type: 'string' },
    orders: { type: 'string' },
    out: { type: 'string' },
    'no-train': { type: 'boolean' },
    params: { type: 'string' },
    'save-params': { type: 'string' },
    auto: { type: 'string' },
    review: { type: 'string' },
    explain: { type: 'boolean' },
  },
  async run(values, _positionals, io) {
    const started = performance.now();
    const customersPath = inputPath(io.cwd, requireString(values, 'customers'), 'customers');
    const profilesPath = inputPath(io.cwd, requireString(values, 'profiles'), 'profiles');
    const ordersOption = optionalString(values, 'orders');
    const ordersPath = ordersOption === undefined ? undefined : inputPath(io.cwd, ordersOption, 'orders');
    const thresholds = readThresholds(values);

    const customers: Customer[] = [];
    await importCsvFile(customersPath, { kind: 'customers' }, (batch) => {
      for (const row of batch.rows) customers.push(row as Customer);
      printRowErrors(io, basename(customersPath), batch.errors);
    });
    const profiles = await readProfiles(profilesPath, io);
    const store = MemoryCandidateStore.fromCustomers(customers);

    let params: MatcherParams = defaultMatcherParams();
    const paramsPath = optionalString(values, 'params');
    if (paramsPath) {
      const file = inputPath(io.cwd, paramsPath, 'params');
      let json: unknown;
      try {
        json = JSON.parse(await readFile(file, 'utf8'));
      } catch {
        throw new UsageError(`--params ${paramsPath}: not JSON`);
      }
      const read = readMatcherParams(json);
      if (read.problem) throw new UsageError(`--params ${paramsPath}: ${read.problem}`);
      params = read.params;
    }
    let training: Record<string, unknown> | string = 'defaults';
    let compared: ComparedPairs | undefined;
    if (paramsPath) training = 'from --params';
    else if (values['no-train'] === true) training = 'defaults (--no-train)';
    else if (profiles.length < MIN_PROFILES_TO_TRAIN) training = `defaults (fewer than ${MIN_PROFILES_TO_TRAIN} profiles to learn from)`;
    else {
      const report = await trainMatcher(store, profiles, params);
      params = report.params;
      compared = report.compared;
      training = {
        randomPairs: report.randomPairs,
        namesakePairs: report.namesakePairs,
        candidatePairs: report.candidatePairs,
        emIterations: report.emIterations,
        customerShare: round(report.customerShare, 3),
      };
    }
    const savePath = optionalString(values, 'save-params');
    if (savePath) await writeFile(resolve(io.cwd, savePath), `${JSON.stringify(params, null, 2)}\n`);

    const results = await matchProfiles(store, profiles, { params, thresholds, ...(compared ? { compared } : {}) });
    const explain = values.explain === true;
    const lines = results.map((r, i) => {
      const line: Record<string, unknown> = { ...toMatchLine(profiles[i]!.id, r) };
      if (explain) line.explanation = explainDecision(r.reason, r.details);
      return jsonLine(line);
    });

    const outPath = optionalString(values, 'out');
    if (outPath) await writeLinesAtomically(resolve(io.cwd, outPath), lines);
    else for (const line of lines) io.stdout.write(line);

    const decisions = { auto: 0, review: 0, none: 0 };
    for (const r of results) decisions[r.decision]++;
    const summary: Record<string, unknown> = { customers: customers.length, profiles: profiles.length, ...decisions };
    if (ordersPath) summary.linkedRevenue = await linkedRevenue(ordersPath, results.filter((r) => r.decision === 'auto').map((r) => r.customerId!), io);
    summary.parameters = training;
    summary.seconds = round((performance.now() - started) / 1000, 3);
    (outPath ? io.stdout : io.stderr).write(jsonLine(summary));
    return 0;
  },
});

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

/** Profiles from a JSON-lines file; a bad line or a repeated id is reported with its number and skipped. */
async function readProfiles(path: string, io: CliIo): Promise<ProfileLine[]> {
  const seen = new Map<string, number>();
  const out: ProfileLine[] = [];
  for (const { value, line, file } of await readJsonLines(path, ProfileLine, { onBadLine: 'skip', io })) {
    const first = seen.get(value.id);
    if (first !== undefined) {
      warn(io, `${file}:${line}: id "${value.id}" appears again (first on line ${first}); skipped`);
      continue;
    }
    seen.set(value.id, line);
    out.push(value);
  }
  return out;
}

/** Revenue and orders of the auto-linked customers, per currency. */
async function linkedRevenue(path: string, linked: readonly string[], io: CliIo): Promise<Record<string, { customers: number; orders: number; amount: number }>> {
  const ids = new Set(linked);
  const byCurrency: Record<string, { customers: Set<string>; orders: number; amount: number }> = {};
  await importCsvFile(path, { kind: 'orders' }, (batch) => {
    for (const row of batch.rows) {
      const order = row as Order;
      if (!ids.has(order.customerId)) continue;
      const entry = (byCurrency[order.currency] ??= { customers: new Set(), orders: 0, amount: 0 });
      entry.customers.add(order.customerId);
      entry.orders++;
      entry.amount += order.amount;
    }
    printRowErrors(io, basename(path), batch.errors);
  });
  return Object.fromEntries(Object.entries(byCurrency).map(([c, e]) => [c, { customers: e.customers.size, orders: e.orders, amount: round(e.amount, 2) }]));
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;
