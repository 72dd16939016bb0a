import { EventEmitter, once } from 'node:events';
import { defineCommand, optionalString, UsageError, type CliIo } from '../command';
import { GROUPINGS, type Grouping } from '../../persona';
import type { CustomerValue, ValueRun } from '../../value';
import { jsonLine } from '../printable';
import { readValueInputs, valueInputs, VALUE_INPUT_OPTIONS } from '../value-inputs';
import { groupLines, personasOf } from '../personas-output';

export default defineCommand({
  name: 'value',
  summary: 'value customers: RFM, P(alive), predicted CLV, net value, influence and engagement value',
  usage: `
earshot value --customers customers.csv --orders orders.csv [--profiles profiles.jsonl] [--captures pages.jsonl]
              [--matches matches.jsonl] [--as-of DATE] [--unit days|weeks] [--currency CODE] [--rates USD=0.92,...] [--settings FILE] [--explain]
              [--by segment|persona|rfm [--state personas.json]]

Fits BG/NBD (purchases, P(alive)) and Gamma-Gamma (spend) on the orders up to
the as-of day and values every customer. Prints one JSON line per customer on
stdout, and one JSON line per fitted model on stderr, e.g.
  {"model":"bgnbd","unit":"weeks","r":0.243,"alpha":4.414,"a":0.793,"b":2.426,"ll":-9582.4,"customers":2357}
With too few customers or repeat buyers the models are not fitted: stderr says
why ({"model":"historical","reason":...}) and customers get historical value.

  --customers FILE   customers CSV (customer_id,...; an extra referred_by column gives referral value)
  --orders FILE      orders CSV (order_id,customer_id,date,amount,currency,cost_to_serve)
  --profiles FILE    captured people, one JSON object per line (influence from their counts)
  --captures FILE    captured pages, one per line as \`earshot extract\` prints them: their people (id
                     platform:key, merged with --profiles) and their reviews and posts, counted as the
                     extension counts them (engagement, review authority, brand relevance with ownBrands)
  --matches FILE     output of \`earshot match\`: auto-linked profiles count for their customer (by profile id)
  --as-of DATE       end of the observation period (default today); later orders are left out
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
`,
  options: {
    ...VALUE_INPUT_OPTIONS,
    explain: { type: 'boolean' },
    by: { type: 'string' },
    state: { type: 'string' },
  },
  async run(values, _positionals, io) {
    const inputs = await readValueInputs(values, io);
    const by = optionalString(values, 'by');
    if (by !== undefined && !(GROUPINGS as readonly string[]).includes(by)) throw new UsageError(`--by ${by}: expected segment, persona or rfm`);
    const run = valueInputs(inputs, io);
    for (const line of modelLines(run)) io.stderr.write(`${JSON.stringify(line)}\n`);
    if (by !== undefined) {
      for (const line of groupLines(await personasOf(values, io, inputs, run), by as Grouping)) io.stdout.write(jsonLine(line));
      return 0;
    }

    const explain = values.explain === true;
    let buffer = '';
    for (const customer of run.customers) {
      buffer += jsonLine(explain ? customer : shortLine(customer));
      if (buffer.length > 1 << 16) {
        await write(io.stdout, buffer);
        buffer = '';
      }
    }
    await write(io.stdout, buffer);
    return 0;
  },
});

/** Write, waiting for a stream to drain when it asks to (100,000 explained customers are hundreds of MB). */
async function write(out: CliIo['stdout'], text: string): Promise<void> {
  if (out.write(text) === false && out instanceof EventEmitter) await once(out, 'drain');
}

/** The stderr lines describing the models, as the issue fixes them. */
function modelLines(run: ValueRun): Record<string, unknown>[] {
  const { models } = run;
  const lines: Record<string, unknown>[] = [];
  if (models.bgnbd) {
    const m = models.bgnbd;
    lines.push({ model: 'bgnbd', unit: m.unit, r: sig(m.r), alpha: sig(m.alpha), a: sig(m.a), b: sig(m.b), ll: round(m.ll, 2), customers: m.customers, converged: m.converged });
  }
  if (models.gammaGamma) {
    const m = models.gammaGamma;
    lines.push({ model: 'gammagamma', p: sig(m.p), q: sig(m.q), v: sig(m.v), ll: round(m.ll, 2), customers: m.customers, converged: m.converged });
  }
  if (models.purchases === 'historical') lines.push({ model: 'historical', reason: models.reason });
  else if (models.spend === 'historical') lines.push({ model: 'historical-spend', reason: models.spendReason });
  return lines;
}

/** One customer in a line: the figures a spreadsheet wants, rounded for reading. */
function shortLine(c: CustomerValue): Record<string, unknown> {
  const { summary, rfm, prediction, cost, influence, engagement } = c;
  return {
    customerId: c.customerId,
    orders: summary.orders,
    purchases: summary.purchases,
    revenue: round(summary.revenue, 2),
    rfm: rfm ? { r: rfm.recency.value, f: rfm.frequency.value, m: rfm.monetary.value, segment: rfm.segment } : null,
    model: prediction.model,
    pAlive: roundOrNull(prediction.pAlive?.value, 4),
    expectedPurchases: roundOrNull(prediction.expectedPurchases?.value, 4),
    expectedSpend: roundOrNull(prediction.expectedSpend?.value, 2),
    clv: round(prediction.clv.value, 2),
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
  };
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
