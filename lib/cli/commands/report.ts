import { defineCommand, optionalString, UsageError, type OptionValues } from '../command';
import { DEFAULT_LIMIT, pipelineReport } from '../pipeline-report';
import { weeklyReport } from '../weekly-report';

/** Options only one of the two reports reads: given to the other, they are a mistake, not silently ignored. */
const WEEKLY_ONLY = ['orders', 'settings', 'html', 'language', 'actions'] as const;
const PIPELINE_ONLY = ['currency', 'title', 'limit', 'out'] as const;

export default defineCommand({
  name: 'report',
  summary: "one HTML page with the pipeline's results to open offline; with --week, the weekly report",
  usage: `
earshot report --matches matches.jsonl --values values.jsonl [--customers customers.csv]
               [--captures pages.jsonl] [--profiles profiles.jsonl] [--currency CODE]
               [--title TEXT] [--limit N] [--out report.html]
earshot report --week 2026-W49 --customers customers.csv --orders orders.csv --values values.jsonl
               [--captures pages.jsonl] [--profiles profiles.jsonl] [--matches matches.jsonl]
               [--settings FILE] [--html FILE] [--language en|nl|ru] [--actions FILE]

Without --week: writes one self-contained HTML page: how many people were
captured and linked, the linked people with their customer's values (net
value, CLV, P(alive), influence, segment and the value's note), and the
quadrant chart of net value against influence as in the workspace. It loads
nothing from elsewhere and opens offline; every name and note is shown as text.

  --matches FILE     output of \`earshot match\`; - reads stdin
  --values FILE      output of \`earshot value\` (JSON lines); - reads stdin
  --customers FILE   customers CSV, for the customers' names (else their ids)
  --captures FILE    captured pages, for the people's names (else their ids)
  --profiles FILE    captured people (profiles.jsonl), the same
  --currency CODE    the currency the values are in (default EUR)
  --title TEXT       the page's title
  --limit N          list and chart the N linked people of highest net value (default ${DEFAULT_LIMIT})
  --out FILE         write here (it appears when complete) instead of stdout

With --week: reports one ISO week: new reviews and posts by customers,
detractors, loud voices, channel changes, satisfaction drops and next best
actions, as one JSON object on stdout, or with --html as a self-contained page
to save or print (every text escaped). The people's segments and the actions
come from \`earshot value --explain\` (--values); what they wrote from the
captured pages and the links from \`earshot match\`. Customers who must not be
profiled (customers.csv do_not_profile) are counted, never listed.
Satisfaction drops follow the stated rule: the last 4 weeks against the 8
before, at least 5 ratings in each, half a star lower, the difference at least
twice its standard error.

  --week W           ISO week, e.g. 2026-W49
  --values FILE      output of earshot value --explain (one customer per line); - reads stdin
  --settings FILE    value settings as JSON (ownBrands, competitorBrands, detractorMaxRating, currency, ...)
  --html FILE        write the report page here (stdout then gets a one-line summary)
  --language L       the page's language: en (default), nl or ru
  --actions FILE     also write the open next best actions as JSON lines: keep
                     the ones to act on and send them with earshot sync --tasks
`,
  options: {
    week: { type: 'string' },
    matches: { type: 'string' },
    values: { type: 'string' },
    customers: { type: 'string' },
    orders: { type: 'string' },
    captures: { type: 'string' },
    profiles: { type: 'string' },
    settings: { type: 'string' },
    html: { type: 'string' },
    language: { type: 'string' },
    actions: { type: 'string' },
    currency: { type: 'string' },
    title: { type: 'string' },
    limit: { type: 'string' },
    out: { type: 'string' },
  },
  async run(values, _positionals, io) {
    const weekly = optionalString(values, 'week') !== undefined;
    refuseOptions(values, weekly ? PIPELINE_ONLY : WEEKLY_ONLY, weekly ? 'the weekly report (--week)' : 'the pipeline page (without --week)');
    return weekly ? weeklyReport(values, io) : pipelineReport(values, io);
  },
});

function refuseOptions(values: OptionValues, names: readonly string[], report: string): void {
  const given = names.filter((name) => values[name] !== undefined);
  if (given.length > 0) throw new UsageError(`${given.map((n) => `--${n}`).join(', ')}: not an option of ${report}`);
}
