/**
 * `earshot report --week W`: the weekly report (lib/report) as one JSON object,
 * or with --html as a self-contained page.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { optionalString, requireString, UsageError, type CliIo, type OptionValues } from './command';
import { readCsv } from './read';
import { collectJsonLines } from './jsonl';
import { openSource, optionalSource } from './source';
import { CapturedPeople, gatherPeople } from './people';
import { cliText, isUiLanguage } from './locales';
import { readLinks, readSettings } from './value-inputs';
import type { Customer, Order } from '../model';
import { CustomerValue } from '../value/types';
import { actionsFor } from '../actions/rules';
import { isDue, refreshTodo } from '../actions/todo';
import { writeLinesAtomically } from './output';
import { jsonLine } from './printable';
import { dayOfTime, parseWeek, weekKey, weekStart } from '../calendar/iso-week';
import { reportPeopleFromRecords } from '../report/people';
import { buildWeeklyReport } from '../report/weekly';
import { renderWeeklyHtml } from '../report/weekly-html';

export async function weeklyReport(values: OptionValues, io: CliIo): Promise<number> {
    const now = Date.now();
    const week = optionalString(values, 'week') ?? weekKey(dayOfTime(now));
    const parsedWeek = parseWeek(week);
    if ('problem' in parsedWeek) throw new UsageError(`--week ${week}: ${parsedWeek.problem}`);
    const language = optionalString(values, 'language') ?? 'en';
    if (!isUiLanguage(language)) throw new UsageError(`--language ${language}: expected en, nl or ru`);
    const { settings } = await readSettings(io, values);

    const customersSource = openSource(io, 'customers', requireString(values, 'customers'));
    const ordersSource = openSource(io, 'orders', requireString(values, 'orders'));
    const valuesSource = openSource(io, 'values', requireString(values, 'values'));
    const profilesSource = optionalSource(io, 'profiles', optionalString(values, 'profiles'));
    const capturesSource = optionalSource(io, 'captures', optionalString(values, 'captures'));
    const matchesSource = optionalSource(io, 'matches', optionalString(values, 'matches'));
    const customers: Customer[] = [];
    await readCsv(customersSource, { io, kind: 'customers', need: 'customers to report on', rowsRequired: true }, (batch) => {
      customers.push(...(batch.rows as Customer[]));
    });
    const orders: Order[] = [];
    await readCsv(ordersSource, { io, kind: 'orders', defaultCurrency: settings.currency, need: 'orders to report on', rowsRequired: false, badRowSuffix: '; row skipped' }, (batch) => {
      orders.push(...(batch.rows as Order[]));
    });
    const valueLines = await collectJsonLines(valuesSource, CustomerValue, {
      io,
      need: 'values from `earshot value --explain` to report',
      unique: { field: 'customerId', of: (v) => v.customerId },
    });
    const captured = new CapturedPeople({ now, ownBrands: settings.ownBrands });
    await gatherPeople(io, { profiles: profilesSource, captures: capturesSource }, captured, 'people to report on');
    const matches = matchesSource ? await readLinks(io, matchesSource) : [];

    const { people, forActions, notProfiled } = reportPeopleFromRecords({
      customers,
      orders,
      profiles: captured.profiles(),
      contributions: captured.contributions(),
      matches,
      values: new Map(valueLines.map((value) => [value.customerId, value])),
      competitorBrands: settings.competitorBrands,
      week,
    });
    // The actions as of the end of the week reported on.
    const context = { asOfDay: weekStart(week) + 6, currency: settings.currency, competitorBrands: settings.competitorBrands, knowledgeValuePerReview: settings.knowledgeValuePerReview };
    const actions = refreshTodo([], forActions.flatMap((p) => actionsFor(p, context)), now).put;
    const report = buildWeeklyReport({ week, people, actions, detractorMaxRating: settings.detractorMaxRating, notProfiled, currency: settings.currency, now });

    const actionsOption = optionalString(values, 'actions');
    if (actionsOption) {
      // The open ones, as the to-do list shows them: what a user picks from to send as tasks.
      await writeLinesAtomically(resolve(io.cwd, actionsOption), actions.filter((a) => isDue(a, now)).map(jsonLine));
    }
    const htmlOption = optionalString(values, 'html');
    if (htmlOption) {
      await writeFile(resolve(io.cwd, htmlOption), renderWeeklyHtml(report, cliText(language), now), 'utf8');
      io.stdout.write(`${JSON.stringify({ week, html: htmlOption, items: report.items.length, newDetractors: report.newDetractors.length, drops: report.drops.length, actions: report.actions.open })}\n`);
    } else {
      io.stdout.write(`${JSON.stringify(report)}\n`);
    }
    return 0;
}
