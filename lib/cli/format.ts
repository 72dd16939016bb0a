/**
 * `--format`: JSON lines for programs (the default), or CSV for people who
 * open the result in a spreadsheet. CSV cells go through csvField, which
 * neutralises a leading = + - @ (a spreadsheet would run the cell as a
 * formula): right for a file meant for Excel, wrong for data files such as
 * customers.csv, which are written without it.
 */
import { UsageError, type OptionValues } from './command';
import { csvLine, type CsvValue } from '../crm/csv';

export const FORMATS = ['jsonl', 'csv'] as const;
export type Format = (typeof FORMATS)[number];

export function formatOption(values: OptionValues): Format {
  const given = values.format;
  if (given === undefined) return 'jsonl';
  if (typeof given === 'string' && (FORMATS as readonly string[]).includes(given)) return given as Format;
  throw new UsageError(`--format ${String(given)}: expected ${FORMATS.join(' or ')}`);
}

export const csvFormat = {
  header: (columns: readonly string[]): string => csvLine(columns),
  row: (cells: readonly CsvValue[]): string => csvLine(cells),
};
