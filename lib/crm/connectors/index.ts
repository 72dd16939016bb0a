/**
 * The connectors, one line each. CSV is an export, not a connection: it has
 * no token and pushes nothing, so it is not registered here (lib/crm/export.ts).
 */
import type { ConnectorId } from '../../model';
import { SyncError } from '../http';
import { createHubSpotConnector, hubspotDescription } from './hubspot';
import { createPipedriveConnector, pipedriveDescription } from './pipedrive';
import { createWebhookConnector, webhookDescription } from './webhook';
import type { ConnectionSettings, Connector, ConnectorDeps, ConnectorDescription } from './types';

export type PushConnectorId = Exclude<ConnectorId, 'csv'>;

const REGISTRY: Record<PushConnectorId, { describe(): ConnectorDescription; create(c: ConnectionSettings, d: ConnectorDeps): Connector }> = {
  hubspot: { describe: hubspotDescription, create: createHubSpotConnector },
  pipedrive: { describe: pipedriveDescription, create: createPipedriveConnector },
  webhook: { describe: webhookDescription, create: createWebhookConnector },
};

export const PUSH_CONNECTORS = Object.keys(REGISTRY) as PushConnectorId[];

export function isPushConnector(id: string): id is PushConnectorId {
  return Object.hasOwn(REGISTRY, id);
}

export function describeConnector(id: ConnectorId): ConnectorDescription {
  if (!isPushConnector(id)) throw new SyncError('CSV is an export: download it from the workspace instead of connecting it.', { kind: 'rejected', transient: false, mayHaveApplied: false });
  return REGISTRY[id].describe();
}

export function createConnector(connector: ConnectorId, connection: ConnectionSettings, deps: ConnectorDeps): Connector {
  if (!isPushConnector(connector)) return describeConnector(connector) as never;
  return REGISTRY[connector].create(connection, deps);
}

/** The settings a user typed, with defaults filled in and unknown keys dropped; throws on a missing required one. */
export function normaliseSettings(id: PushConnectorId, typed: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of REGISTRY[id].describe().fields) {
    if (field.kind === 'secret') continue;
    const value = (typed[field.name] ?? '').trim() || field.default || '';
    if (!value && field.required) {
      throw new SyncError(`${REGISTRY[id].describe().label}: "${field.name}" is required.`, { kind: 'rejected', transient: false, mayHaveApplied: false });
    }
    if (value) out[field.name] = value;
  }
  return out;
}

export type { Connector, ConnectorDescription } from './types';
