/** The set as the text of its three files, in chunks so that a million rows never form one string. */
import { CUSTOMER_FIELDS } from '../../../lib/crm/columns';
import { type CustomerRow } from './types';

/**
 * RFC 4180 quoting and nothing more. The project's own export also guards
 * against spreadsheet formulas ('+31 6...), but a CRM's export does not, and
 * the phone numbers must reach the importer as the customer typed them.
 */
function cell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

const ROWS_PER_CHUNK = 5000;

export function* customersCsv(rows: readonly CustomerRow[]): Generator<string> {
  yield `${CUSTOMER_FIELDS.join(',')}\r\n`;
  for (let i = 0; i < rows.length; i += ROWS_PER_CHUNK) {
    let chunk = '';
    for (const row of rows.slice(i, i + ROWS_PER_CHUNK)) chunk += `${CUSTOMER_FIELDS.map((f) => cell(row[f])).join(',')}\r\n`;
    yield chunk;
  }
}

export function* jsonLines(rows: readonly object[]): Generator<string> {
  for (let i = 0; i < rows.length; i += ROWS_PER_CHUNK) {
    let chunk = '';
    for (const row of rows.slice(i, i + ROWS_PER_CHUNK)) chunk += `${JSON.stringify(row)}\n`;
    yield chunk;
  }
}
