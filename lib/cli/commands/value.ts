import { defineCommand, optionalString, UsageError } from '../command';
import { openOutput, writeAll } from '../output';
import { Progress } from '../progress';
import { csvFormat, formatOption } from '../format';
import type { CsvValue } from '../../crm/csv';
import type { Customer } from '../../model';
import { GROUPINGS, type Grouping } from '../../persona';
import type { CustomerValue, HoldoutReport, PurchaseModelFit, ValueRun } from '../../value';
import { valueNote } from '../../value/notes';
import type { CustomerSummary } from '../../value/types';
import { jsonLine } from '../printable';
import { notProfiledHistories, readValueInputs, valueBasis, valueFieldsOf, valueInputs, VALUE_INPUT_OPTIONS } from '../value-inputs';
import { groupLines, personasOf } from '../personas-output';

export default defineCommand({
  name: 'value',
  summary: 'value customers: RFM, P(alive), predicted CLV with its range, net value, influence and engagement value',
  usage: `
earshot value --customers customers.csv --orders orders.csv [--profiles profiles.jsonl] [--captures pages.jsonl]
              [--matches matches.jsonl] [--as-of DATE] [--model auto|bgnbd|mbgnbd|paretonbd] [--holdout WEEKS]
              [--unit days|weeks] [--currency CODE] [--rates USD=0.92,...] [--settings FILE] [--explain]
              [--by segment|persona|rfm [--state personas.json]] [--format jsonl|csv] [--out FILE]

Fits a purchase model (BG/NBD, MBG/NBD or Pareto/NBD: with --model auto the
one with the lowest error on the end of the history held back) and a spend
model (Gamma-Gamma, or each customer's own mean shrunk towards everyone's when
spend and frequency are correlated) on the orders up to the as-of day, and
values every customer. A customer who must not be profiled (customers.csv
do_not_profile) is left out of the models and gets only their purchase history,
marked "profiled":false. Prints one JSON line per customer on stdout (with 80%
ranges: clvLow, clvHigh, purchasesLow, purchasesHigh), and on stderr one JSON
line per fitted model, e.g.
  {"model":"paretonbd","unit":"weeks","r":0.5534,"alpha":10.58,"s":0.6061,"beta":11.66,"ll":-9594.97,"customers":2357}
and a {"selection":...} line saying which model was used and why. With too
few customers, repeat buyers or too short a history no model is fitted:
stderr says why ({"model":"historical","code":...,"reason":...}) and
customers get historical value.
A customer's "note" says why figures that look contradictory are not (P(alive)
1 for someone who bought once, long ago, beside RFM "about to sleep").

With --holdout WEEKS the as-of day ends the calibration period: the models
fitted on the orders up to it forecast the WEEKS after it, and one more line
per model compares the forecasts with what happened:
  {"holdout":{"model":"bgnbd","weeks":39,"from":"1997-10-01","to":"1998-06-30","actual":1882,"predicted":1653.4,
   "byRepeatPurchases":[{"x":0,"customers":1411,"predicted":0.225,"actual":0.237},...],
   "meanAbsoluteError":...,"topDecileHit":...,"weekly":[{"week":40,"actual":...,"predicted":...},...]}}
Without --as-of the calibration ends WEEKS before the last order.

  --customers FILE   customers CSV (customer_id,...; an extra referred_by column gives referral value); - reads stdin
  --orders FILE      orders CSV (order_id,customer_id,date,amount,currency,cost_to_serve); - reads stdin
  --captures FILE    captured pages, one per line as \`earshot extract\` prints them: their people (id
                     platform:key) and their reviews and posts, counted as the extension counts them
                     (engagement, review authority, brand relevance with ownBrands); - reads stdin
  --profiles FILE    captured people, one JSON object per line (influence from their counts); merged
                     with --captures as the extension merges them; - reads stdin
  --matches FILE     output of \`earshot match\`: auto-linked profiles count for their customer (by profile
                     id); - reads stdin. Without --captures or --profiles the linked people are known by
                     their id alone, so their counts (and influence) are 0
  --as-of DATE       end of the observation period (default today); later orders are left out
                     (with --holdout: the end of the calibration period)
  --model M          auto (default), bgnbd, mbgnbd or paretonbd
  --holdout WEEKS    check the models on the WEEKS after the as-of day (see above)
  --unit U           days or weeks (default weeks): the unit of t_x, T and alpha
  --currency CODE    the shop's currency, also for orders without one (default EUR)
  --rates LIST       exchange rates to the shop's currency: USD=0.92,GBP=1.17
  --settings FILE    value settings as JSON (margin, horizonMonths, discountRate, ownBrands, ...)
  --explain          print every number with its formula and inputs instead of the short line
  --by G             one line per group instead of per customer: engagement segment, persona or RFM segment, e.g.
                     {"by":"persona","group":"P2","customers":412,"clv":{"sum":…,"mean":…,"p10":…,"p90":…},
                      "costToServe":…,"influence":…,"engagement":…,"atRisk":0.12,...}
                     with the retention spend that maximises a customer's value (Blattberg & Deighton)
  --state FILE       with --by persona: the personas file \`earshot personas --state\` keeps (same ids and names)
  --format F         jsonl (default) or csv: one row per customer with the short line's figures,
                     for a spreadsheet (cells starting = + - @ are neutralised)
  --out FILE         write here (it appears when complete) instead of stdout
`,
  options: {
    ...VALUE_INPUT_OPTIONS,
    explain: { type: 'boolean' },
    by: { type: 'string' },
    state: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
  },
  async run(values, _positionals, io) {
    const format = formatOption(values);
    const explain = values.explain === true;
    if (explain && format === 'csv') throw new UsageError('--explain prints the whole value record as JSON; a CSV holds the short line: choose one');
    const by = optionalString(values, 'by');
    if (by !== undefined && !(GROUPINGS as readonly string[]).includes(by)) throw new UsageError(`--by ${by}: expected segment, persona or rfm`);
    if (by !== undefined && format === 'csv') throw new UsageError('--by prints one JSON line per group; --format csv holds one row per customer: choose one');
    const progress = new Progress(io, 'value');
    // Opened once the inputs are read and valued: a file that cannot be written to is not left half made.
    const output = () => openOutput(io, optionalString(values, 'out'));
    try {
      if (by !== undefined) {
        // Personas read every field of a customer.
        const inputs = await readValueInputs(values, io, progress);
        const run = valueInputs(inputs, io, progress);
        progress.end();
        for (const line of modelLines(run.models)) io.stderr.write(jsonLine(line));
        await writeAll(output(), groupLines(await personasOf(values, io, inputs, run), by as Grouping).map((line) => jsonLine(line)));
        return 0;
      }
      // Of each customer only what the figures (and a CSV row's name and address) need is kept.
      const inputs = await readValueInputs(values, io, progress, (customer, settings) => ({
        ...valueFieldsOf(customer, settings),
        ...(format === 'csv' ? { firstName: customer.firstName, lastName: customer.lastName, email: customer.email } : {}),
      }));
      // One customer's value at a time, written as it is computed: all of them at once were most of the memory.
      const basis = valueBasis(inputs, io, progress);
      progress.end();
      for (const line of modelLines(basis.run.models)) io.stderr.write(jsonLine(line));
      const contact = format === 'csv' ? new Map(inputs.customers.map((c) => [c.id, c])) : null;
      const histories = notProfiledHistories(inputs);
      const lines = function* (): Generator<string> {
        if (contact) yield csvFormat.header(CSV_COLUMNS);
        progress.phase('writing the values', 'customers', basis.count);
        for (let i = 0; i < basis.count; i++) {
          const customer = basis.customer(i);
          const note = valueNote(customer);
          if (contact) yield csvRow(shortLine(customer, note), contact, basis.run.settings.currency);
          else yield jsonLine(explain ? { ...customer, note } : shortLine(customer, note));
          if (i % 1024 === 0) progress.update(i);
        }
        // Customers who must not be profiled: their purchase history alone (a CSV has no place for it).
        if (!contact) for (const history of histories) yield jsonLine(historyLine(history));
      };
      await writeAll(output(), lines());
      return 0;
    } finally {
      progress.end();
    }
  },
});

function historyLine(s: CustomerSummary): Record<string, unknown> {
  return {
    customerId: s.customerId,
    profiled: false,
    orders: s.orders,
    purchases: s.purchases,
    refunds: s.refunds,
    revenue: round(s.revenue, 2),
    costToServe: round(s.costToServe, 2),
    firstPurchase: s.firstPurchase,
    lastPurchase: s.lastPurchase,
  };
}

/** The stderr lines describing the models (docs/FORMATS.md, "earshot value"). */
function modelLines(models: ValueRun['models']): Record<string, unknown>[] {
  const lines: Record<string, unknown>[] = [];
  for (const fit of [models.bgnbd, models.mbgnbd, models.paretonbd]) if (fit) lines.push(fitLine(fit));
  if (models.gammaGamma) {
    const m = models.gammaGamma;
    lines.push({ model: 'gammagamma', p: sig(m.p), q: sig(m.q), v: sig(m.v), ll: round(m.ll, 2), customers: m.customers, converged: m.converged, correlation: roundOrNull(models.spendCheck?.correlation ?? undefined, 4) });
  }
  const selection = models.selection;
  if (selection) {
    for (const report of selection.holdout) lines.push({ holdout: holdoutLine(report) });
    lines.push({
      selection: {
        model: selection.model,
        by: selection.by,
        reason: selection.reason.key,
        figures: selection.reason.figures,
        text: selection.text,
        calibrationEnd: selection.calibrationEnd,
        holdoutWeeks: selection.holdoutWeeks,
        ...(selection.holdoutSkipped ? { holdoutSkipped: selection.holdoutSkipped } : {}),
      },
    });
  }
  if (models.purchases === 'historical') lines.push({ model: 'historical', code: models.refusal?.code ?? null, figures: models.refusal?.figures ?? {}, reason: models.reason });
  else if (models.spend === 'shrunk') lines.push({ model: 'shrunk-spend', reason: models.spendReason, correlation: roundOrNull(models.spendCheck?.correlation ?? undefined, 4) });
  return lines;
}

function fitLine(fit: PurchaseModelFit): Record<string, unknown> {
  const params = fit.model === 'paretonbd' ? { r: sig(fit.r), alpha: sig(fit.alpha), s: sig(fit.s), beta: sig(fit.beta) } : { r: sig(fit.r), alpha: sig(fit.alpha), a: sig(fit.a), b: sig(fit.b) };
  return { model: fit.model, unit: fit.unit, ...params, ll: round(fit.ll, 2), customers: fit.customers, converged: fit.converged };
}

/** The held-back check of one model, rounded for reading (the contract). */
function holdoutLine(report: HoldoutReport): Record<string, unknown> {
  return {
    model: report.model,
    weeks: report.weeks,
    from: report.from,
    to: report.to,
    customers: report.customers,
    actual: report.actual,
    predicted: round(report.predicted, 1),
    byRepeatPurchases: report.byRepeatPurchases.map((row) => ({ x: row.x, customers: row.customers, predicted: round(row.predicted, 3), actual: round(row.actual, 3) })),
    meanAbsoluteError: round(report.meanAbsoluteError, 4),
    rootMeanSquaredError: round(report.rootMeanSquaredError, 4),
    topDecileHit: roundOrNull(report.topDecileHit ?? undefined, 4),
    weekly: report.weekly.map((w) => ({ week: w.week, actual: w.actual, predicted: round(w.predicted, 1) })),
    spend: { actual: round(report.spend.actual, 2), predicted: round(report.spend.predicted, 2), meanAbsoluteError: round(report.spend.meanAbsoluteError, 2) },
    fit: fitLine(report.fit),
  };
}

type ShortLine = ReturnType<typeof shortLine>;

/** One customer in a line: the figures a spreadsheet wants, rounded for reading, and the note on them. */
function shortLine(c: CustomerValue, note: string | null) {
  const { summary, rfm, prediction, cost, influence, engagement } = c;
  return {
    customerId: c.customerId,
    orders: summary.orders,
    purchases: summary.purchases,
    revenue: round(summary.revenue, 2),
    rfm: rfm ? { r: rfm.recency.value, f: rfm.frequency.value, m: rfm.monetary.value, segment: rfm.segment } : null,
    model: prediction.model,
    pAlive: roundOrNull(prediction.pAlive?.value, 4),
    pAliveNote: prediction.pAliveNote,
    expectedPurchases: roundOrNull(prediction.expectedPurchases?.value, 4),
    purchasesLow: prediction.range?.purchases.low ?? null,
    purchasesHigh: prediction.range?.purchases.high ?? null,
    expectedSpend: roundOrNull(prediction.expectedSpend?.value, 2),
    clv: round(prediction.clv.value, 2),
    clvLow: roundOrNull(prediction.range?.clv.low, 2),
    clvHigh: roundOrNull(prediction.range?.clv.high, 2),
    costToServe: round(cost.toDate.value, 2),
    futureCost: roundOrNull(cost.future?.value, 2),
    netValue: round(cost.netValue.value, 2),
    influence: {
      score: round(influence.score.value, 1),
      reach: round(influence.reach.value, 1),
      engagement: roundOrNull(influence.engagement?.value, 1),
      authority: round(influence.authority.value, 1),
      brandRelevance: roundOrNull(influence.brandRelevance?.value, 1),
      profiles: influence.profileIds.length,
    },
    engagementValue: round(engagement.value.value, 2),
    segment: engagement.segment,
    uncertain: engagement.uncertain,
    note,
  };
}

/** The columns of `--format csv`: the short line, flat, with the customer's name and address to recognise them by. */
const CSV_COLUMNS = [
  'customer_id', 'name', 'email', 'currency', 'orders', 'purchases', 'revenue', 'rfm_r', 'rfm_f', 'rfm_m', 'rfm_segment', 'model', 'p_alive',
  'p_alive_note', 'expected_purchases', 'purchases_low', 'purchases_high', 'expected_spend', 'clv', 'clv_low', 'clv_high', 'cost_to_serve',
  'future_cost', 'net_value', 'influence', 'reach', 'engagement', 'authority', 'brand_relevance', 'profiles', 'engagement_value', 'segment',
  'uncertain', 'note',
] as const;

function csvRow(line: ShortLine, customers: ReadonlyMap<string, Pick<Customer, 'firstName' | 'lastName' | 'email'>>, currency: string): string {
  const who = customers.get(line.customerId);
  const { influence: i, rfm } = line;
  const name = who ? [who.firstName, who.lastName].filter(Boolean).join(' ') : '';
  const cells: CsvValue[] = [
    line.customerId, name, who?.email ?? '', currency, line.orders, line.purchases, line.revenue, rfm?.r, rfm?.f, rfm?.m, rfm?.segment, line.model, line.pAlive,
    line.pAliveNote, line.expectedPurchases, line.purchasesLow, line.purchasesHigh, line.expectedSpend, line.clv, line.clvLow, line.clvHigh, line.costToServe,
    line.futureCost, line.netValue, i.score, i.reach, i.engagement, i.authority, i.brandRelevance, i.profiles, line.engagementValue, line.segment,
    line.uncertain, line.note,
  ];
  return csvFormat.row(cells);
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  const r = Math.round(n * f) / f;
  return Object.is(r, -0) ? 0 : r;
}

function roundOrNull(n: number | undefined, digits: number): number | null {
  return n === undefined ? null : round(n, digits);
}

/** Six significant digits: model parameters to compare with published ones. */
function sig(n: number): number {
  return Number(n.toPrecision(6));
}
