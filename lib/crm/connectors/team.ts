/**
 * The connectors that share team decisions, one line each. Pipedrive and the
 * webhook do not yet (docs/team-sync.md, "Not yet"): their installs keep
 * deciding alone.
 */
import type { ConnectorId } from '../../model';
import { createHubSpotTeamChannel } from './hubspot-team';
import type { TeamChannel } from './team-types';
import type { ConnectionSettings, ConnectorDeps } from './types';

const CHANNELS: Partial<Record<ConnectorId, (c: ConnectionSettings, d: ConnectorDeps) => TeamChannel>> = {
  hubspot: createHubSpotTeamChannel,
};

export function createTeamChannel(connector: ConnectorId, connection: ConnectionSettings, deps: ConnectorDeps): TeamChannel | null {
  return CHANNELS[connector]?.(connection, deps) ?? null;
}
