/**
 * `earshot sync --tasks` (issue 21): the next best actions a user chose, sent
 * from the command line as tasks to the stand-in CRM, once per action however
 * often the command runs; none for a customer who must not be profiled or a
 * captured person who is not a customer.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../lib/cli/main';
import { actionId, type Action } from '../../../lib/model';
import { taskKey } from '../../../lib/crm/task-payload';
import { weeklyTaskKey } from '../../../lib/cli/task-items';
import { startCrmServer, type CrmServer } from '../../crm-server/server';

let dir: string;
let server: CrmServer;
const T0 = Date.UTC(2026, 10, 20, 9, 30);

function action(kind: Action['kind'], personRef: string, extra: Partial<Action> = {}): Action {
  return { id: actionId(kind, personRef), personRef, kind, segment: 'Champions', status: 'open', figures: { netValue: 412.5, influence: 71, engagementValue: 980 }, expectedValue: 49, currency: 'EUR', createdAt: T0, updatedAt: T0, ...extra };
}

const chosen = [
  action('thank-champion', 'customer:C-1001'),
  action('thank-champion', 'customer:C-1003'),
  // Objected in customers.csv: never sent.
  action('thank-champion', 'customer:C-1002'),
  // A captured person who is no customer: nothing to attach a task to.
  action('answer-detractor', 'profile:trustpilot:5f1e2d3c', { link: 'https://www.trustpilot.com/reviews/1' }),
];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'earshot-sync-tasks-'));
  server = await startCrmServer();
  await writeFile(
    join(dir, 'customers.csv'),
    'customer_id,first_name,last_name,email,phone,city,country,company,website,handles,do_not_profile\r\n' +
      'C-1001,Janneke,van den Berg,janneke.vdberg@ziggo.nl,,Utrecht,NL,,,,\r\n' +
      'C-1002,Анна,Иванова,anna.ivanova@mail.ru,,Den Haag,NL,,,,yes\r\n' +
      'C-1003,Pieter,de Vries,pieter@example.nl,,Zwolle,NL,,,,no\r\n',
  );
  await writeFile(join(dir, 'actions.jsonl'), `${chosen.map((a) => JSON.stringify(a)).join('\n')}\n{"id":"broken"}\n`);
});

afterEach(async () => {
  expect(server.violations).toEqual([]);
  await server.stop();
  await rm(dir, { recursive: true, force: true });
});

async function cli(...argv: string[]) {
  let stderr = '';
  const code = await runCli(argv, { stdout: { write: () => undefined }, stderr: { write: (s: string) => (stderr += s) }, cwd: dir });
  const report = stderr.split('\n').filter((l) => l.startsWith('{')).pop();
  return { code, stderr, report: report === undefined ? undefined : (JSON.parse(report) as Record<string, unknown>) };
}

const tokens = { hubspot: 'pat-test-token', pipedrive: 'pd-test-token', webhook: 'whsec-test-0123456789abcdef' } as const;
const send = (target: keyof typeof tokens, ...extra: string[]) =>
  cli('sync', '--target', target, '--customers', 'customers.csv', '--tasks', 'actions.jsonl', '--url', target === 'webhook' ? `${server.url}/hooks/earshot` : server.url, '--token', tokens[target], ...extra);

/** Make the contacts the tasks go to, as an earlier sync (or the shop) did. */
async function contactsExist(target: 'hubspot' | 'pipedrive') {
  const matches = ['C-1001', 'C-1003'].map((id, i) => JSON.stringify({ profileId: `instagram:p${i}`, customerId: id, score: 0.99, decision: 'auto', evidence: [] }));
  await writeFile(join(dir, 'matches.jsonl'), `${matches.join('\n')}\n`);
  const run = await cli('sync', '--target', target, '--customers', 'customers.csv', '--matches', 'matches.jsonl', '--skip-notes', '--url', server.url, '--token', tokens[target]);
  expect(run.code).toBe(0);
}

describe('earshot sync --tasks', () => {
  it('HubSpot: one task per chosen action on the contact, none for an objecting customer or a non-customer, none twice', async () => {
    await contactsExist('hubspot');
    const run = await send('hubspot');
    expect(run.stderr).toContain('actions.jsonl:5: ');
    expect(run.code).toBe(0);
    expect(run.report).toMatchObject({ tasks: 2, tasksNotCustomers: 1, tasksNotProfiled: 1, sent: 2, failed: 0 });
    const tasks = Object.values(server.state.hubspot.tasks ?? {});
    expect(tasks).toHaveLength(2);
    expect(tasks.map((t) => t.properties.hs_task_subject)).toEqual(['Thank and involve this Champion', 'Thank and involve this Champion']);
    expect(tasks.every((t) => t.properties.hs_task_body?.includes(`earshot-task:${taskKey(chosen[0]!.id)}`) || t.properties.hs_task_body?.includes(`earshot-task:${taskKey(chosen[1]!.id)}`))).toBe(true);
    const again = await send('hubspot');
    expect(again.code).toBe(0);
    expect(server.writes('hubspot.task.created')).toBe(2);
    expect(Object.values(server.state.hubspot.tasks ?? {})).toHaveLength(2);
  });

  it('Pipedrive: an activity on the person, in the chosen language, found again on a second run', async () => {
    await contactsExist('pipedrive');
    const run = await send('pipedrive', '--language', 'nl');
    expect(run.code).toBe(0);
    expect(run.report).toMatchObject({ sent: 2, failed: 0 });
    const activities = Object.values(server.state.pipedrive.activities ?? {});
    expect(activities).toHaveLength(2);
    expect(activities[0]!.subject).not.toBe('Thank and involve this Champion');
    expect((await send('pipedrive', '--language', 'nl')).code).toBe(0);
    expect(server.writes('pipedrive.activity.created')).toBe(2);
    expect(Object.values(server.state.pipedrive.activities ?? {})).toHaveLength(2);
  });

  it('webhook: one task event per action and week; the same run again repeats its ids, which the receiver drops', async () => {
    const run = await send('webhook');
    expect(run.code).toBe(0);
    expect(server.writes('webhook.task')).toBe(2);
    const ids = Object.keys(server.state.webhook.events).filter((id) => server.state.webhook.events[id]!.event.type === 'task');
    expect(ids.sort()).toEqual([chosen[0]!, chosen[1]!].map((a) => weeklyTaskKey(a.id, Date.now())).sort());
    await send('webhook');
    expect(server.writes('webhook.task')).toBe(2);
    expect(server.writes('webhook.event.duplicate')).toBe(2);
  });

  it('a task for a contact the CRM does not have is reported, not lost silently; --tasks refuses a CSV target', async () => {
    const run = await send('hubspot');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Not sent to HubSpot: 2 changes of 2 (2 tasks), for 2 people.');
    expect(run.stderr).toContain('HubSpot has no contact for customer C-1001 to give the task to.');
    const csv = await cli('sync', '--target', 'csv', '--customers', 'customers.csv', '--tasks', 'actions.jsonl');
    expect(csv.stderr).toContain('--tasks: tasks are sent to a CRM or webhook, not written to a CSV file');
  });

  it('keys a task per action, person and week', () => {
    const monday = Date.UTC(2026, 11, 7);
    expect(weeklyTaskKey(chosen[0]!.id, monday)).toBe(weeklyTaskKey(chosen[0]!.id, monday + 6 * 86_400_000));
    expect(weeklyTaskKey(chosen[0]!.id, monday)).not.toBe(weeklyTaskKey(chosen[0]!.id, monday + 7 * 86_400_000));
    expect(weeklyTaskKey(chosen[0]!.id, monday)).not.toBe(weeklyTaskKey(chosen[1]!.id, monday));
    expect(weeklyTaskKey(chosen[0]!.id, monday)).toMatch(/-2026-W50$/);
  });
});

describe('earshot report --actions', () => {
  it('is an option of the weekly report only', async () => {
    const run = await cli('report', '--matches', 'm.jsonl', '--values', 'v.jsonl', '--actions', 'a.jsonl');
    expect(run.stderr).toContain('--actions: not an option of the pipeline page (without --week)');
  });
});
