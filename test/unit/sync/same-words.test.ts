/**
 * The same situation, the same words: what the command line prints about a
 * change and the reason the extension's outbox stores for it (shown in the
 * options page and on the person) come from one set of sentences
 * (lib/crm/sync-words.ts). Each case runs one customer through both against
 * the same misbehaving stand-in CRM and compares the texts.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../lib/cli/main';
import type { EarshotDatabase } from '../../../lib/db/database';
import { deleteDatabase, openFreshDatabase } from '../fresh-db';
import { createConnector } from '../../../lib/crm/connectors';
import { Outbox } from '../../../lib/outbox/engine';
import { enqueueUpdates } from '../../../lib/db/outbox-queue';
import { startCrmServer, type CrmServer, type Fault } from '../../crm-server/server';
import { T0, httpDeps, janneke, jannekeInstagram, jannekeMatch } from './fixtures';

const TOKEN = 'pat-test-token';
let server: CrmServer;
let db: EarshotDatabase;
let dir: string;

beforeEach(async () => {
  server = await startCrmServer();
  db = await openFreshDatabase('same-words');
  dir = await mkdtemp(join(tmpdir(), 'earshot-same-words-'));
  await db.customers.put(janneke);
  await db.profiles.put(jannekeInstagram);
  await db.matches.put(jannekeMatch);
  await db.connections.put({ connector: 'hubspot', settings: { baseUrl: server.url }, secret: TOKEN, connectedAt: T0 });
  await writeFile(join(dir, 'customers.csv'), 'customer_id,first_name,last_name,email\r\nC-1001,Janneke,van den Berg,janneke.vdberg@ziggo.nl\r\n');
  await writeFile(join(dir, 'matches.jsonl'), `${JSON.stringify({ profileId: jannekeInstagram.id, customerId: 'C-1001', score: 0.97, decision: 'auto', evidence: [] })}\n`);
});

afterEach(async () => {
  expect(server.violations).toEqual([]);
  await server.stop();
  await deleteDatabase(db);
  await rm(dir, { recursive: true, force: true });
});

/** The command line, as a marketer runs it, with --verbose: its stderr. */
async function cliSays(fault: Fault): Promise<string> {
  server.inject(fault);
  let stderr = '';
  const io = { stdout: { write: () => true }, stderr: { write: (s: string) => (stderr += s) }, cwd: dir };
  await runCli(['sync', '--target', 'hubspot', '--url', server.url, '--token', TOKEN, '--customers', 'customers.csv', '--matches', 'matches.jsonl', '--retry-base-ms', '1', '--verbose'], io);
  return stderr;
}

/** The extension's outbox, with the command line's number of attempts: the reason its job shows after one pass. */
async function outboxSays(fault: Fault): Promise<string | undefined> {
  server.inject(fault);
  await enqueueUpdates(db, [janneke.id], Date.now());
  // The real clock, as the command line and the service worker run on it (waits of a few ms).
  const outbox = new Outbox({
    db,
    connectorFor: async (id) => createConnector(id, (await db.connections.get(id))!, httpDeps()),
    now: () => Date.now(),
    random: () => 0.5,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    policy: { baseMs: 1, maxAttempts: 8 },
  });
  await outbox.settle({ maxWaitMs: 60_000 });
  return (await db.syncJobs.orderBy('seq').first())?.lastError;
}

describe('the command line and the extension describe the same situation in the same words', () => {
  it('a CRM that keeps failing: gave up after the attempts', async () => {
    const fault: Fault = { kind: '500', match: 'upsertContacts', times: 100 };
    const extension = await outboxSays(fault);
    expect(extension).toBe('Gave up after 8 attempts; the last one: HubSpot had a problem on its side (500): Internal error');
    expect(await cliSays(fault)).toContain(`  customer C-1001: ${extension}\n`);
  });

  it('a CRM asking for a pause longer than Earshot takes: until when it asked', async () => {
    const fault: Fault = { kind: '429', match: 'upsertContacts', retryAfter: 'Fri, 20 Nov 2099 09:30:00 GMT' };
    const extension = await outboxSays(fault);
    expect(extension).toBe(
      'HubSpot asked to wait until 2099-11-20 09:30 UTC, longer than Earshot waits (5 min); its answer: HubSpot asked Earshot to slow down (429 Too Many Requests): You have reached your secondly limit.',
    );
    expect(await cliSays(fault)).toContain(`  customer C-1001: ${extension}\n`);
  });

  it('a pause Earshot takes: why it waits and which attempt comes next', async () => {
    const fault: Fault = { kind: '429', match: 'upsertContacts', retryAfter: '3' };
    server.inject(fault);
    await enqueueUpdates(db, [janneke.id], Date.now());
    const outbox = new Outbox({ db, connectorFor: async (id) => createConnector(id, (await db.connections.get(id))!, httpDeps()), now: () => Date.now(), random: () => 0.5, sleep: async () => undefined, policy: { maxAttempts: 8 } });
    await outbox.drain();
    const extension = (await db.syncJobs.orderBy('seq').first())?.lastError;
    expect(extension).toBe('HubSpot asked Earshot to slow down (429 Too Many Requests): You have reached your secondly limit. Earshot tries again (attempt 2 of 8).');
    expect(await cliSays(fault)).toContain(`earshot sync: waiting 3 s before trying again: ${extension}\n`);
  });
});
