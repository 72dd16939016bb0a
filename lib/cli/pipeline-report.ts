/**
 * `earshot report` without --week: the pipeline's results (matches and values)
 * as one HTML page that opens offline.
 */
import { optionalString, requireString, UsageError, type CliIo, type OptionValues } from './command';
import { readCsv } from './read';
import { readJsonLines } from './jsonl';
import { optionalSource, openSource } from './source';
import { openOutput, writeAll } from './output';
import { CapturedPeople, gatherPeople } from './people';
import { reportHtml, type ReportPerson } from './report-html';
import { ValueLine } from './value-line';
import { displayName, isLinked, MatchLine, type Customer } from '../model';

export const DEFAULT_LIMIT = 2000;

export async function pipelineReport(values: OptionValues, io: CliIo): Promise<number> {
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
}
