/**
 * The sample's customers as a Dutch CRM exports them (klanten.csv): its own
 * column names and `;` between fields, as Dutch Excel writes. It is there to
 * show `earshot import --map`, which names the columns for the importer.
 */
import type { Customer } from '../model';
import { csvDataLine } from './csv';

export const DUTCH_EXPORT_COLUMNS = ['Klantnummer', 'Voornaam', 'Achternaam', 'E-mail', 'Telefoon', 'Woonplaats'] as const;

export const DUTCH_EXPORT_HEADER = csvDataLine(DUTCH_EXPORT_COLUMNS, ';');

export function dutchExportLine(c: Customer): string {
  return csvDataLine([c.id, c.firstName, c.lastName, c.email, c.phone, c.city], ';');
}
