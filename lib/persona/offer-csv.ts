/**
 * The offers as a CSV file for marketing automation (a mailing tool, a
 * CRM's workflow): one row per customer with an offer, with what to send,
 * what it costs, what it is expected to gain and why. Cells that a
 * spreadsheet would run as a formula are neutralised (lib/crm/csv.ts).
 */
import { csvLine } from '../crm/csv';
import { offerLabel, personaName } from './labels';
import { offerInWords } from './offers';
import type { Offer, PersonaEdits } from './types';

export const OFFER_CSV_HEADER = ['customer_id', 'email', 'first_name', 'last_name', 'persona', 'persona_name', 'offer', 'offer_label', 'discount', 'free_shipping_from', 'offer_cost', 'expected_gain', 'reason'] as const;

export interface OfferRow {
  customerId: string;
  persona: string;
  offer: Offer;
}

export interface OfferCsvContext {
  personas: readonly { id: string; autoName: string }[];
  edits: PersonaEdits;
  currency: string;
  customers: ReadonlyMap<string, { email?: string | undefined; firstName?: string | undefined; lastName?: string | undefined }>;
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** The file's lines (byte order mark and header first), customers without an offer left out. */
export function* offerCsvLines(rows: Iterable<OfferRow>, context: OfferCsvContext): Generator<string> {
  const names = new Map(context.personas.map((p) => [p.id, personaName(p, context.edits)]));
  yield `\uFEFF${csvLine([...OFFER_CSV_HEADER])}`;
  for (const row of rows) {
    const { offer } = row;
    if (offer.kind === 'none') continue;
    const c = context.customers.get(row.customerId);
    yield csvLine([
      row.customerId,
      c?.email,
      c?.firstName,
      c?.lastName,
      row.persona,
      names.get(row.persona),
      offer.kind,
      offerLabel(offer),
      offer.level !== undefined ? round(offer.level, 4) : '',
      offer.threshold ?? '',
      round(offer.cost),
      round(offer.gain),
      offerInWords(offer, context.currency),
    ]);
  }
}
