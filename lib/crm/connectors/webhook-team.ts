/**
 * Team sync through the webhook (docs/webhook.md, "Team decisions"): this
 * install's decisions go to the receiver as signed `team.decisions` events;
 * everyone's come back from the receiver's pull endpoint,
 * `GET <webhook address>/decisions?cursor=…`, whose request Earshot signs and
 * whose answer the receiver signs, both with the shared secret. A receiver
 * keeps records, not a text field: there is no field limit and no
 * read-modify-write, and a record can never be overwritten by a teammate.
 * Tags and opt-outs do not come back this way (the receiver gets them in
 * `person.updated`; docs/team-sync.md, "Not yet").
 */
import { z } from '../../zod';
import { SyncError, readJson, send } from '../http';
import { DecisionsPage, PulledDecision, fromWire, pullSigningMessage, toWire } from './webhook-decisions';
import { deliverEvents, refusedEvent, signWebhook, verifyWebhook, webhookEndpoint } from './webhook';
import type { TeamDecision } from '../../model';
import type { ConnectionSettings, ConnectorDeps } from './types';
import type { TeamChannel, TeamReadPage, TeamRecord, TeamRecordProblem } from './team-types';

const SERVICE = 'The webhook';

/** The pull endpoint: the webhook's address with `/decisions` added to its path. */
export function decisionsAddress(webhookUrl: string, cursor: string | null): URL {
  const url = new URL(webhookUrl);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/decisions`;
  url.search = cursor ? `?${new URLSearchParams({ cursor })}` : '';
  return url;
}

/** The page's records by customer; a record that cannot be read is a problem naming it and its field. */
export function readDecisionsPage(decisions: readonly unknown[]): { records: TeamRecord[]; problems: TeamRecordProblem[] } {
  const byCustomer = new Map<string, TeamDecision[]>();
  const problems: TeamRecordProblem[] = [];
  decisions.forEach((raw, index) => {
    const parsed = PulledDecision.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const customer = z.object({ customerId: z.string().min(1) }).loose().safeParse(raw);
      problems.push({
        crmId: customer.success ? customer.data.customerId : `(record ${index + 1})`,
        field: `decisions[${index}]${issue?.path.length ? `.${issue.path.join('.')}` : ''}`,
        message: issue?.message ?? 'not a decision',
      });
      return;
    }
    const list = byCustomer.get(parsed.data.customerId) ?? [];
    list.push(fromWire(parsed.data.customerId, parsed.data));
    byCustomer.set(parsed.data.customerId, list);
  });
  // The receiver keys records by Earshot's customer id: it is the contact's id here.
  const records = [...byCustomer].map(([customerId, list]): TeamRecord => ({ crmId: customerId, customerId, decisions: list }));
  return { records, problems };
}

export function createWebhookTeamChannel(connection: ConnectionSettings, deps: ConnectorDeps): TeamChannel {
  const endpoint = webhookEndpoint(connection);
  const newId = deps.newId ?? (() => crypto.randomUUID());

  return {
    decisionsField: 'team decisions',
    customersAreContacts: true,

    async prepare() {
      // Nothing to create: the receiver keeps what it is sent.
    },

    async readPage(cursor): Promise<TeamReadPage> {
      const url = decisionsAddress(endpoint.url, cursor);
      const timestamp = Math.floor(deps.now() / 1000);
      const signature = await signWebhook(endpoint.secret, timestamp, pullSigningMessage(url.pathname + url.search));
      const answer = await send(deps, SERVICE, { method: 'GET', url: url.href, headers: { 'earshot-timestamp': String(timestamp), 'earshot-signature': signature } });
      // Decisions change who is linked to whom: only a receiver holding the secret may send them.
      const verified = await verifyWebhook(endpoint.secret, { timestamp: answer.headers.get('earshot-timestamp'), signature: answer.headers.get('earshot-signature') }, answer.text, timestamp);
      if (!verified.ok) {
        throw new SyncError(`${SERVICE}'s decisions page at ${url.pathname} is not signed with the shared secret (${verified.reason}); nothing from it is applied.`, { kind: 'auth', transient: false, mayHaveApplied: false });
      }
      const page = readJson(SERVICE, answer, DecisionsPage, 'Reading the team decisions');
      return { ...readDecisionsPage(page.decisions), next: page.next };
    },

    async writeDecisions(target, decisions) {
      const event = { id: `decisions-${newId()}`, type: 'team.decisions' as const, occurredAt: new Date(deps.now()).toISOString(), customerId: target.customerId, decisions: decisions.map(toWire) };
      const reason = (await deliverEvents(endpoint, deps, [event])).get(event.id);
      if (reason !== undefined) throw refusedEvent(reason);
    },
  };
}
