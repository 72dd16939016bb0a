import { z } from './zod';
import { MatchThresholds } from './match/settings';
import { ValueSettings } from './value/settings';
import { PersonaSettings } from './persona/settings';
import { ReportSchedule } from './report/schedule';
import { ReportDelivery } from './report/delivery';
import { TeamAuthor } from './model/team';

export const LANGUAGES = ['auto', 'en', 'nl', 'ru'] as const;

/** Every setting of the extension; each domain owns the schema of its part. */
export const Settings = z.object({
  thresholds: MatchThresholds.default(MatchThresholds.parse({})),
  value: ValueSettings.default(ValueSettings.parse({})),
  /** Personas, retention and acquisition economics, offers (lib/persona). */
  personas: PersonaSettings.default(PersonaSettings.parse({})),
  /** Site modules the user switched off (captured nowhere). */
  disabledSites: z.array(z.string()).default([]),
  /** Unmatched captures are erased after this many days without being seen. */
  retentionDays: z.number().int().min(1).max(3650).default(30),
  /** Show small value badges on review and social pages. */
  pageBadges: z.boolean().default(true),
  language: z.enum(LANGUAGES).default('auto'),
  /** When the weekly report is made by itself (lib/report/schedule.ts). */
  weeklyReport: ReportSchedule.default(ReportSchedule.parse({})),
  /** Where each week's report is delivered: the webhook, HubSpot, Pipedrive; none by default (lib/report/delivery.ts). */
  reportDelivery: ReportDelivery.default(ReportDelivery.parse({})),
  /**
   * Who this user is to their teammates: written with each decision shared through the CRM. Unset, the
   * install's generated id stands in (docs/team-sync.md).
   */
  teamAuthor: TeamAuthor.optional(),
});
export type Settings = z.infer<typeof Settings>;

export const DEFAULT_SETTINGS: Settings = Settings.parse({});
