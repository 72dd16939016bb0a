/**
 * CSV export of matches, values and tags for CRMs Earshot does not connect to,
 * shaped for their own import tools:
 *
 * - HubSpot's import (Contacts, "update existing by email"): headers are the
 *   property labels Earshot creates on connect (lib/crm/connectors/hubspot.ts),
 *   so HubSpot maps every column by itself; multi-checkbox values are
 *   separated by ";".
 * - Salesforce's Data Import Wizard (Contacts or Leads, matched by email):
 *   standard fields by their labels, Earshot's by custom-field API names
 *   (Earshot_Tags__c …) the admin creates once; multi-select picklist values
 *   are separated by ";".
 *
 * Every cell goes through csvField, which quotes as RFC 4180 requires and
 * neutralises spreadsheet formulas (a cell starting = + - @ gets a leading ').
 * One row per customer; UTF-8 with a byte order mark so Excel reads accents.
 */
import { csvLine } from './csv';
import { HUBSPOT_PROPERTIES, tagOptionValue } from './connectors/hubspot';
import { evidenceAsText, linksAsText, valuesAsText, type PersonPayload } from './sync-payload';

export const EXPORT_FORMATS = ['hubspot', 'salesforce'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

interface Column {
  header: string;
  cell(p: PersonPayload): string;
}

const label = (name: string) => HUBSPOT_PROPERTIES.find((p) => p.name === name)!.label;
const platforms = (p: PersonPayload) => [...new Set(p.links.map((l) => l.platform))].join(';');
const bestScore = (p: PersonPayload) => (p.links[0] ? p.links[0].score.toFixed(4) : '');
const updated = (p: PersonPayload) => new Date(p.changedAt).toISOString();
const offerGain = (p: PersonPayload) => (p.offer ? String(p.offer.gain) : '');

const COLUMNS: Record<ExportFormat, readonly Column[]> = {
  hubspot: [
    { header: 'Email', cell: (p) => p.email ?? '' },
    { header: 'First Name', cell: (p) => p.firstName ?? '' },
    { header: 'Last Name', cell: (p) => p.lastName ?? '' },
    { header: label('earshot_customer_id'), cell: (p) => p.customerId },
    { header: label('earshot_profiles'), cell: (p) => linksAsText(p.links) },
    { header: label('earshot_platforms'), cell: platforms },
    { header: label('earshot_match_score'), cell: bestScore },
    { header: label('earshot_match_evidence'), cell: (p) => evidenceAsText(p.links) },
    // Option values, as the multi-checkbox property holds them.
    { header: label('earshot_tags'), cell: (p) => p.tags.map(tagOptionValue).join(';') },
    { header: label('earshot_values'), cell: (p) => valuesAsText(p.values) },
    { header: label('earshot_persona_id'), cell: (p) => p.persona?.id ?? '' },
    { header: label('earshot_persona'), cell: (p) => p.persona?.name ?? '' },
    { header: label('earshot_offer'), cell: (p) => p.offer?.label ?? '' },
    { header: label('earshot_offer_gain'), cell: offerGain },
    { header: label('earshot_offer_reason'), cell: (p) => p.offer?.reason ?? '' },
    { header: label('earshot_updated_at'), cell: updated },
  ],
  salesforce: [
    { header: 'Email', cell: (p) => p.email ?? '' },
    { header: 'First Name', cell: (p) => p.firstName ?? '' },
    { header: 'Last Name', cell: (p) => p.lastName ?? '' },
    { header: 'Earshot_Customer_ID__c', cell: (p) => p.customerId },
    { header: 'Earshot_Social_Profiles__c', cell: (p) => linksAsText(p.links) },
    { header: 'Earshot_Platforms__c', cell: platforms },
    { header: 'Earshot_Match_Score__c', cell: bestScore },
    { header: 'Earshot_Match_Evidence__c', cell: (p) => evidenceAsText(p.links) },
    // A picklist value may not contain ";" (the separator).
    { header: 'Earshot_Tags__c', cell: (p) => p.tags.map((t) => t.replaceAll(';', ',')).join(';') },
    { header: 'Earshot_Values__c', cell: (p) => valuesAsText(p.values) },
    { header: 'Earshot_Persona_ID__c', cell: (p) => p.persona?.id ?? '' },
    { header: 'Earshot_Persona__c', cell: (p) => p.persona?.name ?? '' },
    { header: 'Earshot_Offer__c', cell: (p) => p.offer?.label ?? '' },
    { header: 'Earshot_Offer_Gain__c', cell: offerGain },
    { header: 'Earshot_Offer_Reason__c', cell: (p) => p.offer?.reason ?? '' },
    { header: 'Earshot_Last_Update__c', cell: updated },
  ],
};

export function exportHeader(format: ExportFormat): string[] {
  return COLUMNS[format].map((c) => c.header);
}

/** The CSV lines (header first), each ending in CRLF, without the byte order mark. */
export function* exportLines(people: Iterable<PersonPayload>, format: ExportFormat): Generator<string> {
  const columns = COLUMNS[format];
  yield csvLine(columns.map((c) => c.header));
  for (const person of people) yield csvLine(columns.map((c) => c.cell(person)));
}

/** The whole file as text, byte order mark included. */
export function exportCsv(people: Iterable<PersonPayload>, format: ExportFormat): string {
  return `\uFEFF${[...exportLines(people, format)].join('')}`;
}
