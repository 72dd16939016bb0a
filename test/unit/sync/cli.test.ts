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
  return { code, stdout, stderr };
}

const base = ['sync', '--customers', 'customers.csv', '--matches', 'matches.jsonl', '--profiles', 'profiles.jsonl'];

describe('earshot sync', () => {
  it('writes a Salesforce import file of the automatically linked customers, naming bad input lines', async () => {
    const run = await cli(...base, '--target', 'csv', '--format', 'salesforce', '--out', 'salesforce.csv');
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^matches\.jsonl:5: .*customerId: Invalid input: expected string, received undefined.*; skipped\n$/);
    expect(run.stderr).toContain('score: Too big: expected number to be <=1');
    expect(JSON.parse(run.stdout)).toMatchObject({ target: 'csv', people: 2, links: 2, format: 'salesforce' });
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
    expect(JSON.parse(run.stdout)).toMatchObject({ target: 'hubspot', people: 2, links: 2, sent: 4, failed: 0 });
    const contacts = Object.values(server.state.hubspot.contacts);
    expect(contacts.map((c) => c.properties.earshot_customer_id).sort()).toEqual(['C-1001', 'C-1003']);
    expect(server.writes('hubspot.note.created')).toBe(2);
    expect(server.writes('hubspot.property.created')).toBe(8);
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
      expect(JSON.parse(run.stdout)).toMatchObject({ sent: 4, failed: 0, calls: 4 });
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
    expect(JSON.parse(run.stdout)).toMatchObject({ sent: 1, failed: 1 });
    expect((await cli(...base, '--target', 'salesforce')).stderr).toContain('--target salesforce: expected one of webhook, csv, hubspot, pipedrive');
    expect((await cli(...base, '--target', 'hubspot', '--url', server.url)).stderr).toContain('--token is required (or set EARSHOT_CRM_TOKEN)');
  });
});
