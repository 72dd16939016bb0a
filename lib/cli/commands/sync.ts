import { resolve } from 'node:path';
import { defineCommand, optionalString, requireString, UsageError, type CliIo } from '../command';
import { readCsv } from '../read';
import { collectJsonLines } from '../jsonl';
import { openSource, optionalSource } from '../source';
import { openOutput, writeAll, writeLinesAtomically } from '../output';
import { CapturedPeople, gatherPeople, personFor, type Person } from '../people';
import { failureLine, notSentSummary } from '../sync-summary';
import { jsonLine, warn } from '../printable';
import { createConnector, describeConnector, isPushConnector, normaliseSettings, type PushConnectorId } from '../../crm/connectors';
import { exportCsv, EXPORT_FORMATS, type ExportFormat } from '../../crm/export';
import { noteKey } from '../../db/outbox-queue';
import { deliverDirect, failureOf, type DirectItem, type DirectReport } from '../../crm/deliver-direct';
import { RetryStopped, withRetries, type RetryDeps } from '../../crm/retry';
import { durationText } from '../../crm/sync-words';
import { buildPersonPayload, linkPayload } from '../../crm/sync-payload';
import { MatchLine, type Customer, type Match } from '../../model';
import { readTaskItems, type TaskItems } from '../task-items';
import { cliText, isUiLanguage } from '../locales';

const TARGETS = ['webhook', 'csv', 'hubspot', 'pipedrive'] as const;
type Target = (typeof TARGETS)[number];
/** A pause longer than this is announced on stderr: a silent wait looks like a hang. */
const ANNOUNCE_WAIT_MS = 2_000;

export default defineCommand({
  name: 'sync',
  summary: 'send matches (and their evidence) to a CRM or webhook, or write them as a CSV for its import',
  usage: `
earshot sync --target webhook|csv|hubspot|pipedrive --customers customers.csv --matches matches.jsonl
             [--captures pages.jsonl | --profiles profiles.jsonl] [--url URL] [--token TOKEN] [--out file.csv]
             [--format hubspot|salesforce] [--verbose] [--failures FILE]
earshot sync --target webhook|hubspot|pipedrive --customers customers.csv --tasks actions.jsonl
             [--language en|nl|ru] [--matches matches.jsonl ...] [--url URL] [--token TOKEN]

For every customer with a profile linked automatically (decision "auto" in
matches.jsonl), sends what the extension sends: the contact's Earshot fields
(profiles, platforms, best score, evidence in words) and one note per linked
profile with its evidence. The same connectors and payloads as the extension;
retries on network errors, timeouts, 429 and 5xx with the same backoff, the
connect step included. A pause of more than 2 s is announced on stderr; a CRM
asking for more than 5 minutes (Retry-After) stops the run with the time it
named. What was not sent is summed up once, by reason; exit code 1. The
report goes to stderr as one JSON line.

With --tasks, also (or, without --matches, only) sends the next best actions
in the file as tasks: HubSpot tasks on the contact, Pipedrive activities on the
person, the webhook's task event; the contact must exist in the CRM already.
The file holds actions as JSON lines (\`earshot report --week W --actions FILE\`
writes the open ones; keep the lines of those you choose). One task per action
however often it is sent: the CRMs' tasks are looked for before one is made, and
within one ISO week the webhook gets the same event id again. No task for a
customer who must not be profiled, nor for a captured person who is no customer.

  --target T          webhook, hubspot, pipedrive, or csv (a file for the CRM's import tool)
  --customers FILE    customers CSV (customer_id,first_name,last_name,email,...)
  --matches FILE      output of \`earshot match\`; - reads stdin
  --captures FILE     the captured pages matched (gives handles, names and profile URLs)
  --profiles FILE     the same from profiles.jsonl
  --url URL           webhook address; or the API address for hubspot / pipedrive
                      (default https://api.hubapi.com / https://api.pipedrive.com)
  --token TOKEN       HubSpot private-app token, Pipedrive API token or the webhook's signing
                      secret. Better: set EARSHOT_CRM_TOKEN, which other users cannot see in
                      the process list
  --out FILE          csv: where to write (default: stdout)
  --format F          csv: hubspot (default) or salesforce
  --skip-notes        send the contact fields only
  --tasks FILE        actions to send as tasks (JSON lines, see above)
  --language L        the tasks' words: en (default), nl or ru
  --retry-base-ms N   first retry waits up to N ms, doubling each time (default 2000)
  --verbose           print each change that was not sent, with its reason
  --failures FILE     write each change that was not sent as a JSON line (customerId, kind, reason)
`,
  options: {
    target: { type: 'string' },
    customers: { type: 'string' },
    matches: { type: 'string' },
    profiles: { type: 'string' },
    captures: { type: 'string' },
    url: { type: 'string' },
    token: { type: 'string' },
    out: { type: 'string' },
    format: { type: 'string' },
    'skip-notes': { type: 'boolean' },
    'retry-base-ms': { type: 'string' },
    verbose: { type: 'boolean' },
    failures: { type: 'string' },
    tasks: { type: 'string' },
    language: { type: 'string' },
  },
  async run(values, _positionals, io) {
    const started = performance.now();
    const target = requireString(values, 'target');
    if (!(TARGETS as readonly string[]).includes(target)) throw new UsageError(`--target ${target}: expected one of ${TARGETS.join(', ')}`);
    const tasksPath = optionalString(values, 'tasks');
    if (tasksPath !== undefined && target === 'csv') throw new UsageError('--tasks: tasks are sent to a CRM or webhook, not written to a CSV file');
    const language = optionalString(values, 'language') ?? 'en';
    if (!isUiLanguage(language)) throw new UsageError(`--language ${language}: expected en, nl or ru`);
    const customersSource = openSource(io, 'customers', requireString(values, 'customers'));
    // With --tasks alone there are no matches to send.
    const matchesPath = tasksPath === undefined ? requireString(values, 'matches') : optionalString(values, 'matches');
    const matchesSource = optionalSource(io, 'matches', matchesPath);
    const tasksSource = optionalSource(io, 'tasks', tasksPath);
    const profilesSource = optionalSource(io, 'profiles', optionalString(values, 'profiles'));
    const capturesSource = optionalSource(io, 'captures', optionalString(values, 'captures'));
    const now = Date.now();

    const customers = new Map<string, Customer>();
    await readCsv(customersSource, { io, kind: 'customers', need: 'customers to sync', rowsRequired: true }, (batch) => {
      for (const row of batch.rows) customers.set(row.id, row as Customer);
    });
    const matchLines = matchesSource ? await collectJsonLines(matchesSource, MatchLine, { io, need: 'matches to sync', unique: { field: 'profileId', of: (m) => m.profileId } }) : [];
    const linked = new Set(matchLines.filter((m) => m.decision === 'auto').map((m) => m.profileId));
    const known = new CapturedPeople({ now, ownBrands: [], keep: (id) => linked.has(id) });
    await gatherPeople(io, { profiles: profilesSource, captures: capturesSource }, known, 'profiles to describe the matches');

    const people = buildPeople(customers, matchLines, new Map(known.profiles().map((p) => [p.id, p])), now);
    const tasks: TaskItems = tasksSource ? await readTaskItems(io, tasksSource, customers, cliText(language), now) : { items: [], notCustomers: 0, notProfiled: 0 };
    const report: Record<string, unknown> = {
      target,
      people: people.length,
      links: people.reduce((n, p) => n + p.links.length, 0),
      ...(tasksSource ? { tasks: tasks.items.length, tasksNotCustomers: tasks.notCustomers, tasksNotProfiled: tasks.notProfiled } : {}),
    };

    if (target === 'csv') {
      const format = (optionalString(values, 'format') ?? 'hubspot') as ExportFormat;
      if (!EXPORT_FORMATS.includes(format)) throw new UsageError(`--format ${format}: expected ${EXPORT_FORMATS.join(' or ')}`);
      const output = openOutput(io, optionalString(values, 'out'));
      await writeAll(output, [exportCsv(people.map((p) => p.payload), format)]);
      io.stderr.write(jsonLine({ ...report, out: output.path ?? 'stdout', format, seconds: seconds(started) }));
      return 0;
    }

    const connectorId = target as Exclude<Target, 'csv'>;
    if (!isPushConnector(connectorId)) throw new UsageError(`--target ${target} cannot be sent to`);
    const secret = optionalString(values, 'token') ?? process.env.EARSHOT_CRM_TOKEN ?? '';
    if (!secret) throw new UsageError('--token is required (or set EARSHOT_CRM_TOKEN)');
    const baseMs = Number(optionalString(values, 'retry-base-ms') ?? 2_000);
    if (!Number.isFinite(baseMs) || baseMs < 0) throw new UsageError('--retry-base-ms: expected a number of milliseconds');
    const failuresPath = optionalString(values, 'failures');
    const deps = { fetch: (url: string, init: RequestInit) => fetch(url, init), now: () => Date.now(), timeoutMs: 30_000 };
    const retry: RetryDeps = {
      now: () => Date.now(),
      random: Math.random,
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      policy: { baseMs, capMs: Math.max(baseMs, 60_000), maxAttempts: 8 },
      onWait: (ms, reason) => {
        if (ms > ANNOUNCE_WAIT_MS) warn(io, `earshot sync: waiting ${durationText(ms)} before trying again: ${reason}`);
      },
    };

    const items: DirectItem[] = [];
    for (const person of people) {
      const target = { customerId: person.payload.customerId, ...(person.payload.email ? { email: person.payload.email } : {}) };
      const base = { target, retry: false, since: now };
      items.push({ kind: 'person', item: { ...base, key: `person:${person.payload.customerId}`, idempotencyKey: `earshot-cli-${person.payload.customerId}-${now}`, person: person.payload, previousTags: [] } });
      if (values['skip-notes'] === true) continue;
      for (const note of person.notes) {
        const key = noteKey(person.payload.customerId, note.link.profileId);
        items.push({ kind: 'note', item: { ...base, key: `note:${key}`, idempotencyKey: key, note } });
      }
    }
    items.push(...tasks.items);

    let settings = normaliseSettings(connectorId, settingsFor(connectorId, optionalString(values, 'url')));
    let summary: string | undefined;
    let result: DirectReport;
    try {
      // Prepare the CRM (properties, fields) exactly as connecting in the extension does, retried like every other call.
      const prepared = await withRetries(() => createConnector(connectorId, { settings, secret }, deps).connect(), retry);
      summary = prepared.summary;
      settings = { ...settings, ...prepared.settings };
      result = await deliverDirect(createConnector(connectorId, { settings, secret }, deps), items, retry);
    } catch (error) {
      if (!(error instanceof RetryStopped)) throw error;
      // Connecting failed: nothing was sent, and every change says why.
      const { group, cause } = failureOf(error.last, error.until);
      const parked = items.map(({ kind, item }) => ({ key: item.key, customerId: item.target.customerId, kind, reason: `Connecting failed: ${error.message}`, group, cause }));
      result = { done: 0, parked, attempts: 0, ...(error.until !== undefined ? { until: error.until } : {}) };
    }
    await reportNotSent(io, describeConnector(connectorId).label, result, items.length, { verbose: values.verbose === true, failuresPath: failuresPath && resolve(io.cwd, failuresPath) });
    io.stderr.write(jsonLine({ ...report, ...(summary ? { summary } : {}), sent: result.done, calls: result.attempts, failed: result.parked.length, seconds: seconds(started) }));
    return result.parked.length > 0 ? 1 : 0;
  },
});

/** Once: what was not sent and why; each change behind --verbose or in the --failures file. */
async function reportNotSent(io: CliIo, target: string, result: DirectReport, total: number, options: { verbose: boolean; failuresPath: string | undefined }): Promise<void> {
  if (result.parked.length === 0) return;
  if (options.failuresPath) {
    await writeLinesAtomically(options.failuresPath, result.parked.map((f) => jsonLine({ customerId: f.customerId, kind: f.kind, reason: f.reason })));
  }
  const hint = options.failuresPath ? `Each change and its reason: ${options.failuresPath}` : options.verbose ? null : 'Each change and its reason: add --verbose, or --failures FILE.';
  for (const line of notSentSummary(target, result, total, hint)) warn(io, `earshot sync: ${line}`);
  if (options.verbose) for (const f of result.parked) warn(io, `  ${failureLine(f)}`);
}

function settingsFor(target: PushConnectorId, url: string | undefined): Record<string, string> {
  if (target === 'webhook') {
    if (!url) throw new UsageError('--url is required for a webhook');
    return { url };
  }
  return url ? { baseUrl: url } : {};
}

/** Customers with at least one automatically linked profile, as payloads plus one note per link. */
function buildPeople(customers: ReadonlyMap<string, Customer>, lines: readonly MatchLine[], profiles: ReadonlyMap<string, Person>, now: number) {
  const byCustomer = new Map<string, Match[]>();
  for (const line of lines) {
    if (line.decision !== 'auto' || line.customerId === null || !customers.has(line.customerId)) continue;
    const match: Match = { profileId: line.profileId, customerId: line.customerId, score: line.score, status: 'auto', evidence: line.evidence, decidedBy: 'matcher', decidedAt: now, rejectedCustomerIds: [] };
    byCustomer.set(line.customerId, [...(byCustomer.get(line.customerId) ?? []), match]);
  }
  return [...byCustomer].map(([customerId, matches]) => {
    const known = new Map(matches.map((m) => [m.profileId, asProfile(m.profileId, profiles.get(m.profileId), now)]));
    const payload = buildPersonPayload({ customer: customers.get(customerId)!, matches, profiles: known, tags: [], changedAt: now });
    const notes = matches.map((m) => ({ customerId, link: linkPayload(m, known.get(m.profileId)!), decidedBy: 'matcher' as const, decidedAt: now }));
    return { payload, notes, links: payload.links };
  });
}

/** A person as the payload builder reads them: merged from pages already, or made from their line or id. */
function asProfile(id: string, person: Person | undefined, now: number) {
  return person && 'seenOn' in person ? person : personFor(id, person, now);
}

const seconds = (started: number) => Math.round(performance.now() - started) / 1000;
