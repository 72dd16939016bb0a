/**
 * The connectors that share team decisions, one line each.
 */
import type { ConnectorId } from '../../model';
import { createHubSpotTeamChannel } from './hubspot-team';
import { createPipedriveTeamChannel } from './pipedrive-team';
import { createWebhookTeamChannel } from './webhook-team';
import type { TeamChannel } from './team-types';
import type { ConnectionSettings, ConnectorDeps } from './types';

const CHANNELS: Partial<Record<ConnectorId, (c: ConnectionSettings, d: ConnectorDeps) => TeamChannel>> = {
  hubspot: createHubSpotTeamChannel,
  pipedrive: createPipedriveTeamChannel,
  webhook: createWebhookTeamChannel,
};

export function createTeamChannel(connector: ConnectorId, connection: ConnectionSettings, deps: ConnectorDeps): TeamChannel | null {
  return CHANNELS[connector]?.(connection, deps) ?? null;
}

/** Whether this CRM shares team decisions at all. */
export function sharesDecisions(connector: ConnectorId): boolean {
  return CHANNELS[connector] !== undefined;
}
