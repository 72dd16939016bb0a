import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../lib/cli/main';
import { CsvParser } from '../../../lib/crm/csv';
import { startCrmServer, type CrmServer } from '../../crm-server/server';

let dir: string;
let server: CrmServer;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'earshot-sync-cli-'));
  server = await startCrmServer();
  await writeFile(
    join(dir, 'customers.csv'),
    'customer_id,first_name,last_name,email,phone,city,country,company,website,handles\r\n' +
      'C-1001,Janneke,van den Berg,janneke.vdberg@ziggo.nl,,Utrecht,NL,,,instagram:janneke.vd\r\n' +
      'C-1002,Анна,Иванова,anna.ivanova@mail.ru,,Den Haag,NL,,,\r\n' +
      'C-1003,Pieter,de Vries,,,Zwolle,NL,,,\r\n',
  );
  const evidence = [
    { field: 'handle', comparison: 'known-handle', weight: 12.5 },
    { field: 'surname', comparison: 'exact', weight: 8.4 },
  ];
  await writeFile(
    join(dir, 'matches.jsonl'),
    [
      { profileId: 'p1', customerId: 'C-1001', score: 0.99, decision: 'auto', evidence },
      { profileId: 'p2', customerId: 'C-1002', score: 0.7, decision: 'review', evidence: [] },
      { profileId: 'p3', customerId: null, score: 0.1, decision: 'none', evidence: [] },
      { profileId: 'trustpilot:5f1e2d3c', customerId: 'C-1003', score: 0.93, decision: 'auto', evidence: [{ field: 'surname', comparison: 'exact', weight: 8 }] },
    ]
      .map((l) => JSON.stringify(l))
      .join('\n') + '\n{"profileId": "broken", "score": 2}\n',
  );
  await writeFile(
    join(dir, 'profiles.jsonl'),
    `${JSON.stringify({ id: 'p1', platform: 'instagram', handle: 'janneke.vd', displayName: 'Janneke 🌿', profileUrl: 'https://www.instagram.com/janneke.vd/', followers: 12400 })}\n`,
  );
});

afterEach(async () => {
  expect(server.violations).toEqual([]);
  await server.stop();
  await rm(dir, { recursive: true, force: true });
});

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, cwd: dir });
  // stderr: the messages, then the report as one JSON line.
  const lines = stderr.split('\n');
  const report = lines.filter((l) => l.startsWith('{')).pop();
  const messages = lines.filter((l) => !l.startsWith('{')).join('\n');
  return { code, stdout, stderr: messages, report: report === undefined ? undefined : (JSON.parse(report) as Record<string, unknown>) };
}

const base = ['sync', '--customers', 'customers.csv', '--matches', 'matches.jsonl', '--profiles', 'profiles.jsonl'];

describe('earshot sync', () => {
  it('writes a Salesforce import file of the automatically linked customers, naming bad input lines', async () => {
    const run = await cli(...base, '--target', 'csv', '--format', 'salesforce', '--out', 'salesforce.csv');
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^matches\.jsonl:5: .*customerId: Invalid input: expected string, received undefined.*; this line is skipped\n$/);
    expect(run.stderr).toContain('score: Too big: expected number to be <=1');
    expect(run.report).toMatchObject({ target: 'csv', people: 2, links: 2, format: 'salesforce' });
    const parser = new CsvParser();
    const text = await readFile(join(dir, 'salesforce.csv'), 'utf8');
    expect(text.startsWith('\uFEFFEmail,')).toBe(true);
    const rows = [...parser.push(text), ...parser.end()].map((r) => r.fields);
    expect(rows.map((r) => r.slice(0, 4))).toEqual([
      ['Email', 'First Name', 'Last Name', 'Earshot_Customer_ID__c'],
      ['janneke.vdberg@ziggo.nl', 'Janneke', 'van den Berg', 'C-1001'],
      ['', 'Pieter', 'de Vries', 'C-1003'],
    ]);
    expect(rows[1]![4]).toBe('instagram @janneke.vd — https://www.instagram.com/janneke.vd/ (matched automatically, 0.99)');
    expect(rows[1]![7]).toBe('instagram @janneke.vd: Handle is the one your CRM has for this customer on +12.5; Surname agrees +8.4');
    expect(rows[2]![4]).toBe('trustpilot @5f1e2d3c (matched automatically, 0.93)');
  });

  it('pushes contacts and evidence notes to HubSpot, creating its properties first', async () => {
    const run = await cli(...base, '--target', 'hubspot', '--url', server.url, '--token', 'pat-test-token');
    expect(run.stderr).toContain('matches.jsonl:5:');
    expect(run.code).toBe(0);
    expect(run.report).toMatchObject({ target: 'hubspot', people: 2, links: 2, sent: 4, failed: 0 });
    const contacts = Object.values(server.state.hubspot.contacts);
    expect(contacts.map((c) => c.properties.earshot_customer_id).sort()).toEqual(['C-1001', 'C-1003']);
    expect(server.writes('hubspot.note.created')).toBe(2);
    expect(server.writes('hubspot.property.created')).toBe(15);
    // Again: properties exist (409), contacts are updated, notes are found, not written twice.
    const again = await cli(...base, '--target', 'hubspot', '--url', server.url, '--token', 'pat-test-token');
    expect(again.code).toBe(0);
    expect(Object.values(server.state.hubspot.contacts)).toHaveLength(2);
    expect(server.writes('hubspot.note.created')).toBe(2);
  });

  it('delivers to a webhook through a run of 500s, with the token from the environment', async () => {
    server.inject({ kind: '500', match: 'deliverEvents', times: 2, bodyIncludes: 'person.updated' });
    process.env.EARSHOT_CRM_TOKEN = 'whsec-test-0123456789abcdef';
    try {
      const run = await cli(...base, '--target', 'webhook', '--url', `${server.url}/hooks/earshot`, '--retry-base-ms', '5');
      expect(run.code).toBe(0);
      // People: two 500s then through (3 calls); notes: 1 call.
      expect(run.report).toMatchObject({ sent: 4, failed: 0, calls: 4 });
    } finally {
      delete process.env.EARSHOT_CRM_TOKEN;
    }
    expect(server.writes('webhook.person.updated')).toBe(2);
    expect(server.writes('webhook.person.linked')).toBe(2);
  });

  it('reports a refused contact and exits 1; explains a wrong target and a missing token', async () => {
    server.options.rejectIds.add('janneke.vdberg@ziggo.nl');
    const run = await cli(...base, '--target', 'hubspot', '--url', server.url, '--token', 'pat-test-token', '--skip-notes');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('customer C-1001: HubSpot rejected this contact (INVALID_EMAIL): INVALID_EMAIL: janneke.vdberg@ziggo.nl is not a valid email address');
    expect(run.report).toMatchObject({ sent: 1, failed: 1 });
    expect((await cli(...base, '--target', 'salesforce')).stderr).toContain('--target salesforce: expected one of webhook, csv, hubspot, pipedrive');
    expect((await cli(...base, '--target', 'hubspot', '--url', server.url)).stderr).toContain('--token is required (or set EARSHOT_CRM_TOKEN)');
  });
});

describe('earshot sync to Pipedrive', () => {
  it('attaches the note of a customer without an email to the person its update created', async () => {
    const run = await cli(...base, '--target', 'pipedrive', '--url', server.url, '--token', 'pd-test-token');
    expect(run.code).toBe(0);
    expect(run.report).toMatchObject({ sent: 4, failed: 0 });
    const pieter = Object.values(server.state.pipedrive.persons).find((p) => p.name === 'Pieter de Vries')!;
    expect(Object.values(server.state.pipedrive.notes).filter((n) => n.person_id === pieter.id)).toHaveLength(1);
  });
});

describe('earshot sync when the CRM is unwell', () => {
  const tokens = { hubspot: 'pat-test-token', pipedrive: 'pd-test-token', webhook: 'whsec-test-0123456789abcdef' } as const;
  const urls = { hubspot: () => server.url, pipedrive: () => server.url, webhook: () => `${server.url}/hooks/earshot` } as const;
  // The first call each connector makes when it connects: the token check (HubSpot, Pipedrive) or the signed ping (webhook).
  const firstCall = { hubspot: { match: 'listContacts' }, pipedrive: { match: 'getPersonFields' }, webhook: { match: 'deliverEvents', bodyIncludes: '"type":"ping"' } } as const;

  it.each(['hubspot', 'pipedrive', 'webhook'] as const)('retries the %s connect step through a 429 and a 500, as every other call', async (target) => {
    server.inject({ kind: '429', retryAfter: '0', ...firstCall[target] }, { kind: '500', ...firstCall[target] });
    const run = await cli(...base, '--target', target, '--url', urls[target](), '--token', tokens[target], '--retry-base-ms', '5');
    expect(run.stderr).not.toContain('Earshot waits and tries again');
    expect(run.code).toBe(0);
    expect(run.report).toMatchObject({ sent: 4, failed: 0 });
    const first = server.requests.filter((r) => r.operationId === firstCall[target].match).slice(0, 3);
    expect(first.map((r) => (typeof r.status === 'number' && r.status < 300 ? 'ok' : r.status))).toEqual([429, 500, 'ok']);
  });
});

describe('earshot sync says once what it could not send', () => {
  /** 60 customers with an automatic link each: 60 person updates and 60 notes. */
  async function manyPeople() {
    const rows = Array.from({ length: 60 }, (_, i) => `K-${i},Klant,Nummer ${i},klant${i}@example.nl,,Utrecht,NL,,,`);
    await writeFile(join(dir, 'many.csv'), `customer_id,first_name,last_name,email,phone,city,country,company,website,handles\r\n${rows.join('\r\n')}\r\n`);
    const evidence = [{ field: 'surname', comparison: 'exact', weight: 8 }];
    await writeFile(join(dir, 'many.jsonl'), rows.map((_, i) => JSON.stringify({ profileId: `instagram:klant${i}`, customerId: `K-${i}`, score: 0.95, decision: 'auto', evidence })).join('\n') + '\n');
  }
  const many = ['sync', '--customers', 'many.csv', '--matches', 'many.jsonl', '--target', 'hubspot', '--url', '', '--token', 'pat-test-token', '--retry-base-ms', '1'];
  const hubspot = (...extra: string[]) => cli(...many.map((a) => (a === '' ? server.url : a)), ...extra);

  it('gives up on a CRM that keeps failing with one summary: how many, for whom, where, why, and what the next run does', async () => {
    await manyPeople();
    server.inject({ kind: '500', match: 'upsertContacts', times: 1_000 });
    const run = await hubspot();
    expect(run.code).toBe(1);
    expect(run.report).toMatchObject({ people: 60, sent: 0, failed: 120 });
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toEqual([
      'earshot sync: Not sent to HubSpot: 120 changes of 120 (60 person updates and 60 notes), for 60 people.',
      'earshot sync: Why, by the last answer:',
      'earshot sync:   60 person updates: Gave up after 8 attempts; the last one: HubSpot had a problem on its side (500): Internal error',
      "earshot sync:   60 notes: Held back: it follows the person's update, which was not sent.",
      'earshot sync: Next run: The same command sends what was not sent again, and what already arrived is not written twice (people are updated in place, notes and tasks are looked for first).',
      'earshot sync: Each change and its reason: add --verbose, or --failures FILE.',
    ]);
    expect(run.stderr).not.toMatch(/will try again|tries again/);
    // The notes were held back, not sent to a contact that does not exist: the only contact reads are the
    // tag reads before each person update (one per attempt; a failed update has no check after it).
    const calls = (operationId: string) => server.requests.filter((r) => r.operationId === operationId).length;
    expect(calls('createNotes')).toBe(0);
    expect(calls('readContacts')).toBe(calls('upsertContacts'));
  });

  it('lists each change behind --verbose, or in a --failures file', async () => {
    await manyPeople();
    server.inject({ kind: '500', match: 'upsertContacts', times: 1_000 });
    const verbose = await hubspot('--verbose');
    const perChange = verbose.stderr.split('\n').filter((l) => l.startsWith('  customer '));
    expect(perChange).toHaveLength(120);
    expect(perChange[0]).toBe('  customer K-0: Gave up after 8 attempts; the last one: HubSpot had a problem on its side (500): Internal error');
    expect(perChange[60]).toBe("  customer K-0 (note): Held back: it follows the person's update, which was not sent.");

    const saved = await hubspot('--failures', 'not-sent.jsonl');
    expect(saved.stderr).toContain(`Each change and its reason: ${join(dir, 'not-sent.jsonl')}`);
    expect(saved.stderr.split('\n').filter((l) => l.startsWith('  customer '))).toEqual([]);
    const rows = (await readFile(join(dir, 'not-sent.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { customerId: string; kind: string; reason: string });
    expect(rows).toHaveLength(120);
    expect(rows[119]).toEqual({ customerId: 'K-59', kind: 'note', reason: "Held back: it follows the person's update, which was not sent." });
  });

  it('counts failures of one kind together and gives one example when their details differ', async () => {
    await manyPeople();
    server.options.rejectIds.add('klant3@example.nl');
    server.options.rejectIds.add('klant7@example.nl');
    const run = await hubspot('--skip-notes');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('earshot sync: Not sent to HubSpot: 2 changes of 60 (2 person updates), for 2 people.\n');
    expect(run.stderr).toContain(
      'earshot sync:   2 person updates, e.g. customer K-3: HubSpot rejected this contact (INVALID_EMAIL): INVALID_EMAIL: klant3@example.nl is not a valid email address\n',
    );
  });

  it('groups different reasons, counts the people once, and says which will be refused again', async () => {
    server.options.rejectIds.add('janneke.vdberg@ziggo.nl');
    server.inject({ kind: '500', match: 'upsertContacts', bodyIncludes: 'C-1003', times: 1_000 });
    const run = await cli(...base, '--target', 'hubspot', '--url', server.url, '--token', 'pat-test-token', '--retry-base-ms', '1');
    expect(run.code).toBe(1);
    const summary = run.stderr.split('\n').filter((l) => l.startsWith('earshot sync:'));
    expect(summary).toEqual([
      'earshot sync: Not sent to HubSpot: 4 changes of 4 (2 person updates and 2 notes), for 2 people.',
      'earshot sync: Why, by the last answer:',
      "earshot sync:   2 notes: Held back: it follows the person's update, which was not sent.",
      'earshot sync:   customer C-1001: HubSpot rejected this contact (INVALID_EMAIL): INVALID_EMAIL: janneke.vdberg@ziggo.nl is not a valid email address',
      'earshot sync:   customer C-1003: Gave up after 8 attempts; the last one: HubSpot had a problem on its side (500): Internal error',
      'earshot sync: Next run: The same command sends what was not sent again, and what already arrived is not written twice (people are updated in place, notes and tasks are looked for first). 1 refused change will be refused again until what HubSpot named is fixed.',
      'earshot sync: Each change and its reason: add --verbose, or --failures FILE.',
    ]);
  });
});

describe('earshot sync and a CRM asking for a long pause', () => {
  it('does not wait for a Retry-After of 999999999 seconds: it stops at once and names the moment the CRM asked for', async () => {
    server.inject({ kind: '429', match: 'upsertContacts', retryAfter: '999999999' });
    const started = Date.now();
    const run = await cli(...base, '--target', 'hubspot', '--url', server.url, '--token', 'pat-test-token');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(run.code).toBe(1);
    const until = /asked to wait until (\d{4}-\d\d-\d\d \d\d:\d\d) UTC, longer than Earshot waits \(5 min\)/.exec(run.stderr);
    expect(until).not.toBeNull();
    expect(Date.parse(`${until![1]}Z`) - started).toBeGreaterThan(999_999_000_000);
    expect(run.stderr).toContain('earshot sync:   2 person updates: HubSpot asked to wait until');
    expect(run.stderr).toContain("earshot sync:   2 notes: Held back: it follows the person's update, which was not sent.");
    expect(run.stderr).toContain(`Next run: HubSpot asked to wait until ${until![1]} UTC: run the same command after that.`);
    // One call was answered 429; nothing more was sent to a CRM that asked for quiet.
    expect(server.requests.filter((r) => r.operationId === 'upsertContacts').map((r) => r.status)).toEqual([429]);
    expect(server.requests.filter((r) => r.operationId === 'createNotes')).toEqual([]);
  });

  it('says on stderr how long and why it waits when a pause is longer than 2 s', async () => {
    server.inject({ kind: '429', match: 'upsertContacts', retryAfter: '3' });
    const run = await cli(...base, '--target', 'hubspot', '--url', server.url, '--token', 'pat-test-token', '--retry-base-ms', '1');
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      'earshot sync: waiting 3 s before trying again: HubSpot asked Earshot to slow down (429 Too Many Requests): You have reached your secondly limit. Earshot tries again (attempt 2 of 8).\n',
    );
  });

  it('does not wait for a long Retry-After on the connect step either', async () => {
    server.inject({ kind: '503', match: 'listContacts', retryAfter: new Date(Date.now() + 3_600_000).toUTCString() });
    const run = await cli(...base, '--target', 'hubspot', '--url', server.url, '--token', 'pat-test-token');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('earshot sync: Not sent to HubSpot: 4 changes of 4 (2 person updates and 2 notes), for 2 people.');
    expect(run.stderr).toMatch(/2 person updates and 2 notes: Connecting failed: HubSpot asked to wait until \d{4}-\d\d-\d\d \d\d:\d\d UTC, longer than Earshot waits \(5 min\); its answer: HubSpot had a problem on its side \(503\): Internal error/);
    expect(server.requests.filter((r) => r.operationId === 'listContacts')).toHaveLength(1);
  });
});
