/**
 * People for the sync tests: customers of a Dutch shop with Dutch, English
 * and Russian names, the profiles linked to them, and the matcher's evidence
 * as it reports it. Helpers start the stand-in CRM and build connectors on it.
 */
import { expect } from 'vitest';
import { startCrmServer, type CrmServer, type CrmServerOptions } from '../../crm-server/server';
import type { Connector, ConnectorDeps, EraseItem, NoteItem, PersonItem, TaskItem } from '../../../lib/crm/connectors/types';
import { createPipedriveConnector } from '../../../lib/crm/connectors/pipedrive';
import { createConnector } from '../../../lib/crm/connectors';
import { Outbox } from '../../../lib/outbox/engine';
import { cliText } from '../../../lib/cli/locales';
import type { EarshotDatabase } from '../../../lib/db/database';
import { deleteDatabase } from '../fresh-db';
import type { TaskPayload } from '../../../lib/crm/task-payload';
import type { LinkPayload, NotePayload, PersonPayload } from '../../../lib/crm/sync-payload';
import { actionId, type Action, type Customer, type Match, type Profile } from '../../../lib/model';

export const T0 = Date.UTC(2026, 10, 20, 9, 30);

export const janneke: Customer = {
  id: 'C-1001',
  firstName: 'Janneke',
  lastName: 'van den Berg',
  email: 'janneke.vdberg@ziggo.nl',
  city: 'Utrecht',
  country: 'NL',
  handles: [],
  custom: {},
  source: 'csv',
  updatedAt: T0,
};
export const anna: Customer = {
  id: 'C-1002',
  firstName: 'Анна',
  lastName: 'Иванова',
  email: 'anna.ivanova@mail.ru',
  city: 'Den Haag',
  country: 'NL',
  handles: [],
  custom: {},
  source: 'csv',
  updatedAt: T0,
};
/** A customer the shop knows without an email address. */
export const pieter: Customer = { id: 'C-1003', firstName: 'Pieter', lastName: 'de Vries', city: 'Zwolle', handles: [], custom: {}, source: 'csv', updatedAt: T0 };

export const jannekeInstagram: Profile = {
  id: 'instagram:janneke.vd',
  platform: 'instagram',
  key: 'janneke.vd',
  displayName: 'Janneke 🌿 van den Berg',
  handle: 'janneke.vd',
  profileUrl: 'https://www.instagram.com/janneke.vd/',
  followers: 12400,
  firstSeenAt: T0,
  lastSeenAt: T0,
  seenOn: [],
};
export const annaYoutube: Profile = {
  id: 'youtube:@annaivanovabakes',
  platform: 'youtube',
  key: '@annaivanovabakes',
  displayName: 'Anna Ivanova bakes',
  handle: '@annaivanovabakes',
  profileUrl: 'https://www.youtube.com/@annaivanovabakes',
  followers: 48200,
  firstSeenAt: T0,
  lastSeenAt: T0,
  seenOn: [],
};
export const pieterTrustpilot: Profile = {
  id: 'trustpilot:5f1e2d3c4b5a69788796a5b4',
  platform: 'trustpilot',
  key: '5f1e2d3c4b5a69788796a5b4',
  displayName: 'Pieter de V.',
  profileUrl: 'https://www.trustpilot.com/users/5f1e2d3c4b5a69788796a5b4',
  reviewCount: 37,
  firstSeenAt: T0,
  lastSeenAt: T0,
  seenOn: [],
};

export const jannekeMatch: Match = {
  profileId: jannekeInstagram.id,
  customerId: janneke.id,
  score: 0.97,
  status: 'confirmed',
  evidence: [
    { field: 'surname', comparison: 'exact', weight: 8.4 },
    { field: 'given', comparison: 'exact', weight: 6.1 },
    { field: 'place', comparison: 'city', weight: 2.2 },
    { field: 'prior', comparison: 'base-rate', weight: -11.6 },
  ],
  decidedBy: 'user',
  decidedAt: T0 + 60_000,
  rejectedCustomerIds: [],
};
export const annaMatch: Match = {
  profileId: annaYoutube.id,
  customerId: anna.id,
  score: 0.91,
  status: 'auto',
  evidence: [
    { field: 'surname', comparison: 'transliteration', weight: 7.3 },
    { field: 'given', comparison: 'transliteration', weight: 4.9 },
    { field: 'handle', comparison: 'email-local-part', weight: 5.6 },
  ],
  decidedBy: 'matcher',
  decidedAt: T0 + 120_000,
  rejectedCustomerIds: [],
};
export const pieterMatch: Match = {
  profileId: pieterTrustpilot.id,
  customerId: pieter.id,
  score: 0.88,
  status: 'confirmed',
  evidence: [
    { field: 'surname', comparison: 'exact', weight: 8.0 },
    { field: 'given', comparison: 'initial', weight: 1.9 },
    { field: 'place', comparison: 'other-place', weight: -2.3 },
  ],
  decidedBy: 'user',
  decidedAt: T0 + 180_000,
  rejectedCustomerIds: [],
};

const link = (m: Match, p: Profile, evidence: string): LinkPayload => ({
  profileId: p.id,
  platform: p.platform,
  ...(p.handle ? { handle: p.handle } : {}),
  displayName: p.displayName,
  ...(p.profileUrl ? { profileUrl: p.profileUrl } : {}),
  score: m.score,
  status: m.status === 'confirmed' ? 'confirmed' : 'auto',
  evidence,
  ...(p.followers !== undefined ? { followers: p.followers } : {}),
  ...(p.reviewCount !== undefined ? { reviewCount: p.reviewCount } : {}),
});

// Evidence sentences written out by hand from the matcher's wording table (not produced by the code under test).
export const jannekeLink = link(jannekeMatch, jannekeInstagram, 'Surname agrees +8.4; First name agrees +6.1; Lives in the same city +2.2');
export const annaLink = link(annaMatch, annaYoutube, "Surname agrees, written differently +7.3; First name agrees, written differently +4.9; Handle matches the customer's email address +5.6");
export const pieterLink = link(pieterMatch, pieterTrustpilot, 'Surname agrees +8.0; First initial agrees +1.9; Lives elsewhere −2.3');

export function personOf(c: Customer, links: LinkPayload[], tags: string[], changedAt = T0 + 300_000, values?: PersonPayload['values']): PersonPayload {
  return {
    customerId: c.id,
    ...(c.email ? { email: c.email } : {}),
    ...(c.firstName ? { firstName: c.firstName } : {}),
    ...(c.lastName ? { lastName: c.lastName } : {}),
    links,
    tags,
    ...(values ? { values } : {}),
    changedAt,
  };
}

export function personItem(key: string, person: PersonPayload, extra: Partial<PersonItem> = {}): PersonItem {
  return {
    key,
    idempotencyKey: `earshot-upsert-person-${key}`,
    retry: false,
    since: T0,
    previousTags: [],
    target: { customerId: person.customerId, ...(person.email ? { email: person.email } : {}) },
    person,
    ...extra,
  };
}

export function noteItem(key: string, customer: Customer, l: LinkPayload, decidedBy: NotePayload['decidedBy'], extra: Partial<NoteItem> = {}): NoteItem {
  return {
    key,
    idempotencyKey: `earshot-note-${key}`,
    retry: false,
    since: T0,
    target: { customerId: customer.id, ...(customer.email ? { email: customer.email } : {}) },
    note: { customerId: customer.id, link: l, decidedBy, decidedAt: T0 + 60_000 },
    ...extra,
  };
}

export function eraseItem(key: string, customer: Customer, tags: string[] = [], extra: Partial<EraseItem> = {}): EraseItem {
  return {
    key,
    idempotencyKey: `earshot-erase-${key}`,
    retry: false,
    since: T0,
    target: { customerId: customer.id, ...(customer.email ? { email: customer.email } : {}) },
    erase: { customerId: customer.id, ...(customer.email ? { email: customer.email } : {}), tags },
    ...extra,
  };
}

export async function withServer<T>(fn: (server: CrmServer) => Promise<T>, options: CrmServerOptions = {}): Promise<T> {
  const server = await startCrmServer(options);
  try {
    return await fn(server);
  } finally {
    await server.stop();
  }
}

/** After a test on the stand-in and a database: every request and answer kept to the descriptions; both gone. */
export async function endServerAndDatabase(server: CrmServer, db: EarshotDatabase): Promise<void> {
  expect(server.violations).toEqual([]);
  expect(server.responseViolations).toEqual([]);
  await server.stop();
  await deleteDatabase(db);
}

export function httpDeps(timeoutMs = 2_000): ConnectorDeps {
  return { fetch: (url, init) => fetch(url, init), now: () => Date.now(), timeoutMs };
}

/** Pipedrive connected to the stand-in: built again with the field keys its connect derived, as the extension keeps them. */
export async function connectedPipedrive(server: CrmServer): Promise<Connector> {
  const { settings } = await createPipedriveConnector({ settings: { baseUrl: server.url }, secret: 'pd-test-token' }, httpDeps()).connect();
  return createPipedriveConnector({ settings: { baseUrl: server.url, ...settings }, secret: 'pd-test-token' }, httpDeps());
}

/** A next best action about Janneke, not sent yet. */
export const thankJanneke: Action = {
  id: actionId('thank-champion', 'customer:C-1001'),
  personRef: 'customer:C-1001',
  kind: 'thank-champion',
  segment: 'Champions',
  status: 'open',
  figures: { netValue: 412.5, influence: 71, engagementValue: 980 },
  expectedValue: 49,
  currency: 'EUR',
  createdAt: T0,
  updatedAt: T0,
};

/** Another action, about Anna. */
export const askAnna: Action = { ...thankJanneke, id: actionId('ask-testimonial', 'customer:C-1002'), personRef: 'customer:C-1002', kind: 'ask-testimonial', figures: { rating: 5, date: '2026-11-02', reviews: 2 } };

export function taskItem(key: string, task: TaskPayload, extra: Partial<TaskItem> = {}): TaskItem {
  return { key, idempotencyKey: `earshot-upsert-task-${key}`, retry: false, since: T0, target: { customerId: task.customerId, email: janneke.email! }, task, ...extra };
}

/** The outbox over the connections stored in `db`, on a test clock that its sleeps move on. */
export function outboxOnClock(db: EarshotDatabase, now: () => number, advance: (ms: number) => void): Outbox {
  return new Outbox({
    db,
    connectorFor: async (id) => {
      const row = await db.connections.get(id);
      return row ? createConnector(id, row, { fetch: (url, init) => fetch(url, init), now, timeoutMs: 2_000 }) : null;
    },
    now,
    random: () => 0.5,
    sleep: async (ms) => advance(ms),
    reportText: async () => cliText('en'),
  });
}

/** Pipedrive with Janneke's person in it, and the target a task or withdrawal about her names. */
export async function pipedriveWithJanneke(server: CrmServer): Promise<{ pipedrive: Connector; personId: number; target: { customerId: string; crmId: string } }> {
  const pipedrive = await connectedPipedrive(server);
  await pipedrive.pushPersons([personItem('j1', personOf(janneke, [jannekeLink], []))]);
  const personId = Object.values(server.state.pipedrive.persons)[0]!.id;
  return { pipedrive, personId, target: { customerId: janneke.id, crmId: String(personId) } };
}

/** A promise that something happened, and the call that says it did. */
export function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

/**
 * One install's HTTP, in steps named by the method, the call's last two path
 * parts and its count ("POST batch/update 1"): `before` may hold a step until
 * another install got somewhere, `after` says a step was answered.
 */
export function steppedDeps(before: (step: string) => Promise<void> | void, after: (step: string) => void): ConnectorDeps {
  const seen = new Map<string, number>();
  return {
    // Held steps wait for the other install: a wait is not a slow CRM.
    ...httpDeps(30_000),
    fetch: async (url, init) => {
      const path = `${init?.method ?? 'GET'} ${new URL(url).pathname.split('/').slice(-2).join('/')}`;
      const step = `${path} ${(seen.get(path) ?? 0) + 1}`;
      seen.set(path, (seen.get(path) ?? 0) + 1);
      await before(step);
      const answer = await fetch(url, init);
      after(step);
      return answer;
    },
  };
}
