import { writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { defineCommand, optionalString, requireString, UsageError } from '../command';
import { importCsvFile, inputPath } from '../read';
import { printRowErrors, readJsonLines } from '../files';
import { cliText, isUiLanguage } from '../locales';
import { collectCaptures, readSettings } from '../value-inputs';
import { CapturedPage, MatchLine, ProfileLine, type Customer, type Order } from '../../model';
import { CustomerValue } from '../../value/types';
import { actionsFor } from '../../actions/rules';
import { refreshTodo } from '../../actions/todo';
import { dayOfTime, parseWeek, weekKey, weekStart } from '../../calendar/iso-week';
import { reportPeopleFromRecords } from '../../report/people';
import { buildWeeklyReport } from '../../report/weekly';
import { renderWeeklyHtml } from '../../report/weekly-html';

export default defineCommand({
  name: 'report',
  summary: 'the weekly report: new reviews and posts by customers, detractors, loud voices, channel changes, satisfaction drops, next best actions',
  usage: `
earshot report --week 2026-W49 --customers customers.csv --orders orders.csv --values values.jsonl
               [--captures pages.jsonl] [--profiles profiles.jsonl] [--matches matches.jsonl]
               [--settings FILE] [--html FILE] [--language en|nl|ru]

Reports one ISO week (default: the current one) as one JSON object on stdout,
or with --html as a self-contained page to save or print (every text escaped).
The people's segments and the actions come from \`earshot value --explain\`
(--values); what they wrote from the captured pages and the links from
\`earshot match\`. Customers who must not be profiled (customers.csv
do_not_profile) are counted, never listed. Satisfaction drops follow the stated
rule: the last 4 weeks against the 8 before, at least 5 ratings in each, half
a star lower, the difference at least twice its standard error.

  --week W          ISO week, e.g. 2026-W49
  --values FILE     output of earshot value --explain (one customer per line)
  --settings FILE   value settings as JSON (ownBrands, competitorBrands, detractorMaxRating, currency, ...)
  --html FILE       write the report page here (stdout then gets a one-line summary)
  --language L      the page's language: en (default), nl or ru
`,
  options: {
    week: { type: 'string' },
    customers: { type: 'string' },
    orders: { type: 'string' },
    values: { type: 'string' },
    captures: { type: 'string' },
    profiles: { type: 'string' },
    matches: { type: 'string' },
    settings: { type: 'string' },
    html: { type: 'string' },
    language: { type: 'string' },
  },
  async run(values, _positionals, io) {
    const now = Date.now();
    const week = optionalString(values, 'week') ?? weekKey(dayOfTime(now));
    const parsedWeek = parseWeek(week);
    if ('problem' in parsedWeek) throw new UsageError(`--week ${week}: ${parsedWeek.problem}`);
    const language = optionalString(values, 'language') ?? 'en';
    if (!isUiLanguage(language)) throw new UsageError(`--language ${language}: expected en, nl or ru`);
    const { settings } = await readSettings(io, values);

    const customersPath = inputPath(io.cwd, requireString(values, 'customers'), 'customers');
    const ordersPath = inputPath(io.cwd, requireString(values, 'orders'), 'orders');
    const customers: Customer[] = [];
    await importCsvFile(customersPath, { kind: 'customers' }, (batch) => {
      customers.push(...(batch.rows as Customer[]));
      printRowErrors(io, basename(customersPath), batch.errors);
    });
    const orders: Order[] = [];
    await importCsvFile(ordersPath, { kind: 'orders', defaultCurrency: settings.currency }, (batch) => {
      orders.push(...(batch.rows as Order[]));
      printRowErrors(io, basename(ordersPath), batch.errors, '; row skipped');
    });
    const valueLines = await readJsonLines(inputPath(io.cwd, requireString(values, 'values'), 'values'), CustomerValue);
    const profilesOption = optionalString(values, 'profiles');
    const capturesOption = optionalString(values, 'captures');
    const matchesOption = optionalString(values, 'matches');
    const lines = profilesOption ? (await readJsonLines(inputPath(io.cwd, profilesOption, 'profiles'), ProfileLine)).map(({ value }) => value) : [];
    const pages = capturesOption ? (await readJsonLines(inputPath(io.cwd, capturesOption, 'captures'), CapturedPage)).map(({ value }) => value) : [];
    const captured = collectCaptures(pages, lines, settings.ownBrands, now);
    const matches = matchesOption
      ? (await readJsonLines(inputPath(io.cwd, matchesOption, 'matches'), MatchLine)).map(({ value }) => ({ profileId: value.profileId, customerId: value.customerId, status: value.decision }))
      : [];

    const { people, forActions, notProfiled } = reportPeopleFromRecords({
      customers,
      orders,
      profiles: captured.profiles,
      contributions: captured.contributions,
      matches,
      values: new Map(valueLines.map(({ value }) => [value.customerId, value])),
      competitorBrands: settings.competitorBrands,
    });
    // The actions as of the end of the week reported on.
    const context = { asOfDay: weekStart(week) + 6, currency: settings.currency, competitorBrands: settings.competitorBrands, knowledgeValuePerReview: settings.knowledgeValuePerReview };
    const actions = refreshTodo([], forActions.flatMap((p) => actionsFor(p, context)), now).put;
    const report = buildWeeklyReport({ week, people, actions, detractorMaxRating: settings.detractorMaxRating, notProfiled, currency: settings.currency, now });

    const htmlOption = optionalString(values, 'html');
    if (htmlOption) {
      await writeFile(resolve(io.cwd, htmlOption), renderWeeklyHtml(report, cliText(language), now), 'utf8');
      io.stdout.write(`${JSON.stringify({ week, html: htmlOption, items: report.items.length, newDetractors: report.newDetractors.length, drops: report.drops.length, actions: report.actions.open })}\n`);
    } else {
      io.stdout.write(`${JSON.stringify(report)}\n`);
    }
    return 0;
  },
});
