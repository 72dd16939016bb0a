import { z } from '../zod';
import { Timestamp } from './common';

export const AUDIT_ACTIONS = [
  'import',
  'sample-loaded',
  'match-confirmed',
  'match-rejected',
  'erase',
  'retention',
  'export',
  'backup',
  'restore',
  'crm-connected',
  'crm-disconnected',
  'sync-parked',
  'settings-changed',
  // A customer's objection to profiling recorded here, and what was dropped because a customer must not be profiled.
  'objection',
  'profiling-stopped',
] as const;

/**
 * A record of something done to the data. It states what happened and how
 * much, never the personal data itself: an erasure must stay erased.
 */
export const AuditEntry = z.object({
  seq: z.number().int().positive().optional(),
  at: Timestamp,
  action: z.enum(AUDIT_ACTIONS),
  actor: z.enum(['user', 'system']),
  summary: z.string().max(500),
  counts: z.record(z.string(), z.number().int().nonnegative()).default({}),
});
export type AuditEntry = z.infer<typeof AuditEntry>;
