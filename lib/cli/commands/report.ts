import { defineCommand, optionalString, requireString, UsageError } from '../command';
import { readCsv } from '../read';
import { readJsonLines } from '../jsonl';
import { optionalSource, openSource } from '../source';
import { openOutput, writeAll } from '../output';
import { CapturedPeople, gatherPeople } from '../people';
import { reportHtml, type ReportPerson } from '../report-html';
import { ValueLine } from '../value-line';
import { displayName, isLinked, MatchLine, type Customer } from '../../model';

const DEFAULT_LIMIT = 2000;

export default defineCommand({
  name: 'report',
  summary: "write one HTML page with the pipeline's results, to open offline",
  usage: `
earshot report --matches matches.jsonl --values values.jsonl [--customers customers.csv]
               [--captures pages.jsonl] [--profiles profiles.jsonl] [--currency CODE]
               [--title TEXT] [--limit N] [--out report.html]

Writes one self-contained HTML page: how many people were captured and linked,
the linked people with their customer's values (net value, CLV, P(alive),
influence, segment and the value's note), and the quadrant chart of net value
against influence as in the workspace. It loads nothing from elsewhere and
opens offline; every name and note is shown as text.

  --matches FILE     output of \`earshot match\`; - reads stdin
  --values FILE      output of \`earshot value\` (JSON lines); - reads stdin
  --customers FILE   customers CSV, for the customers' names (else their ids)
  --captures FILE    captured pages, for the people's names (else their ids)
  --profiles FILE    captured people (profiles.jsonl), the same
  --currency CODE    the currency the values are in (default EUR)
  --title TEXT       the page's title
  --limit N          list and chart the N linked people of highest net value (default ${DEFAULT_LIMIT})
  --out FILE         write here (it appears when complete) instead of stdout
`,
  options: {
    matches: { type: 'string' },
    values: { type: 'string' },
    customers: { type: 'string' },
    captures: { type: 'string' },
    profiles: { type: 'string' },
    currency: { type: 'string' },
    title: { type: 'string' },
    limit: { type: 'string' },
    out: { type: 'string' },
  },
  async run(values, _positionals, io) {
    const matchesSource = openSource(io, 'matches', requireString(values, 'matches'));
    const valuesSource = openSource(io, 'values', requireString(values, 'values'));
    const customersSource = optionalSource(io, 'customers', optionalString(values, 'customers'));
    const profilesSource = optionalSource(io, 'profiles', optionalString(values, 'profiles'));
    const capturesSource = optionalSource(io, 'captures', optionalString(values, 'captures'));
    const currency = (optionalString(values, 'currency') ?? 'EUR').toUpperCase();
    if (!/^[A-Z]{3}$/.test(currency)) throw new UsageError(`--currency ${currency}: expected a code such as EUR`);
    const limitText = optionalString(values, 'limit');
    const limit = limitText === undefined ? DEFAULT_LIMIT : Number(limitText);
    if (!Number.isInteger(limit) || limit <= 0) throw new UsageError(`--limit ${limitText}: expected a positive whole number`);

    // Only what the page shows is kept: the linked people, their customers' names and value lines.
    const counts = { profiles: 0, auto: 0, review: 0, none: 0, customers: 0 };
    const linked: ReportPerson[] = [];
    for await (const { value: m } of readJsonLines(matchesSource, MatchLine, { io, need: 'matches to report', unique: { field: 'profileId', of: (l) => l.profileId } })) {
      counts.profiles++;
      counts[m.decision]++;
      if (m.customerId !== null && isLinked({ status: m.decision, customerId: m.customerId })) linked.push({ profileId: m.profileId, customerId: m.customerId, score: m.score, value: undefined });
    }
    const byCustomer = new Map<string, ReportPerson[]>();
    for (const p of linked) byCustomer.set(p.customerId, [...(byCustomer.get(p.customerId) ?? []), p]);

    for await (const { value: v } of readJsonLines(valuesSource, ValueLine, { io, need: 'values to report', unique: { field: 'customerId', of: (l) => l.customerId } })) {
      counts.customers++;
      for (const p of byCustomer.get(v.customerId) ?? []) p.value = v;
    }
    if (customersSource) {
      await readCsv(customersSource, { io, kind: 'customers', need: 'customers to name', rowsRequired: true }, (batch) => {
        for (const row of batch.rows) {
          const customer = row as Customer;
          for (const p of byCustomer.get(customer.id) ?? []) p.customerName = displayName(customer);
        }
      });
    }
    if (profilesSource || capturesSource) {
      const ids = new Set(linked.map((p) => p.profileId));
      const people = new CapturedPeople({ now: 0, ownBrands: [], keep: (id) => ids.has(id) });
      await gatherPeople(io, { profiles: profilesSource, captures: capturesSource }, people, 'people to name');
      const named = new Map(people.profiles().map((p) => [p.id, p]));
      for (const p of linked) {
        const person = named.get(p.profileId);
        if (person?.displayName) p.displayName = person.displayName;
      }
    }

    const ranked = linked.sort((a, b) => (b.value?.netValue ?? -Infinity) - (a.value?.netValue ?? -Infinity)).slice(0, limit);
    const title = optionalString(values, 'title') ?? 'Earshot: captured people and their value';
    const html = reportHtml({ title, currency, made: new Date(io.now?.() ?? Date.now()).toISOString().slice(0, 16).replace('T', ' ') + ' UTC', counts, people: ranked, linked: linked.length });
    await writeAll(openOutput(io, optionalString(values, 'out')), [html]);
    io.stderr.write(`${JSON.stringify({ ...counts, linked: linked.length, shown: ranked.length })}\n`);
    return 0;
  },
});
