/**
 * Amounts as spreadsheets write them. A `,`- or tab-separated file has one
 * reading: '.' is the decimal mark (12.50). A `;`-separated file comes from a
 * spreadsheet set to a language whose decimal mark is ',' (Dutch, German),
 * where '.' groups thousands: 1.234,50 is one thousand two hundred and
 * thirty-four and a half. Such a file may still hold decimal points (12.5).
 *
 * Most values can be read only one way (12,5 / 1.234,50 / 12.5 / 0.99 / 250).
 * A value such as 1.234 or 1,234 can be read both ways. Each column is decided
 * from all its values: the values that can be read only one way say which
 * mark the column uses, and the two-way values are read that way. A column
 * where no value settles it is read the Dutch way ('.' groups thousands) and
 * the summary says so (docs/FORMATS.md); a column that shows both marks reads
 * every value the one way it can, and refuses the two-way ones.
 */
import type { Delimiter } from './csv';

export type DecimalMark = ',' | '.';

export interface NumberColumnSummary {
  /** The decimal mark the column was read with (null: it mixes both). */
  decimalMark: DecimalMark | null;
  /** Values that could be read two ways (1.234). */
  ambiguous: number;
  /**
   * decided: values that read one way only settled it; assumed: none did, the
   * documented rule was applied; mixed: both marks occur; fixed: the file's
   * separator leaves one reading.
   */
  rule: 'decided' | 'assumed' | 'mixed' | 'fixed';
}

/** The decimal mark a column none of whose values settles it is read with: '.' groups thousands. */
export const ASSUMED_DECIMAL_MARK: DecimalMark = ',';

const GROUPED: Record<DecimalMark, RegExp> = { ',': /^[1-9]\d{0,2}(\.\d{3})+$/, '.': /^[1-9]\d{0,2}(,\d{3})+$/ };

/**
 * The number `text` is with `mark` as the decimal mark and the other one as
 * an optional thousands separator (in groups of three), or null.
 */
export function readNumber(text: string, mark: DecimalMark, grouping = true): number | null {
  const negative = text.startsWith('-');
  const t = negative ? text.slice(1) : text;
  const at = t.indexOf(mark);
  const whole = at === -1 ? t : t.slice(0, at);
  const fraction = at === -1 ? '' : t.slice(at + 1);
  if (!/^\d*$/.test(fraction)) return null;
  let digits = whole;
  if (!/^\d*$/.test(whole)) {
    if (!grouping || !GROUPED[mark].test(whole)) return null;
    digits = whole.replace(/\D/g, '');
  }
  if (digits === '' && fraction === '') return null;
  return Number(`${negative ? '-' : ''}${digits || '0'}.${fraction || '0'}`);
}

/** One value of a column: read, read two ways (to be decided by the column), or not a number. */
export type NumberReading = { value: number } | { either: Record<DecimalMark, number> } | { error: true };

/** Reads the values of one numeric column and decides its decimal mark from all of them. */
export class NumberColumn {
  /** The first line with a value that reads only with this mark. */
  private readonly firstLine: Record<DecimalMark, number | null> = { ',': null, '.': null };
  private ambiguous = 0;
  /** The first two-way value, as the file writes it: the example the summary quotes. */
  private example = '';

  constructor(private readonly delimiter: Delimiter | null) {}

  read(text: string, line: number): NumberReading {
    const t = text.replace(/^[€$£]\s*/, '');
    if (this.delimiter !== ';') {
      const value = readNumber(t, '.', false);
      return value === null ? { error: true } : { value };
    }
    const comma = readNumber(t, ',');
    const point = readNumber(t, '.');
    if (comma === null && point === null) return { error: true };
    if (comma === null || point === null || comma === point) {
      if (comma !== point) this.firstLine[comma === null ? '.' : ','] ??= line;
      return { value: (comma ?? point)! };
    }
    this.ambiguous += 1;
    this.example ||= t;
    return { either: { ',': comma, '.': point } };
  }

  /** The mark two-way values are read with, or null when the column mixes both. Call after the last value. */
  mark(): DecimalMark | null {
    const [comma, point] = [this.firstLine[','], this.firstLine['.']];
    if (comma !== null && point !== null) return null;
    return point !== null ? '.' : ASSUMED_DECIMAL_MARK;
  }

  /** Why a two-way value cannot be read in a column that mixes both marks. */
  mixedReason(): string {
    return `this column has both decimal commas (line ${this.firstLine[',']}) and decimal points (line ${this.firstLine['.']})`;
  }

  summary(): NumberColumnSummary {
    if (this.delimiter !== ';') return { decimalMark: '.', ambiguous: 0, rule: 'fixed' };
    const mark = this.mark();
    const settled = this.firstLine[','] !== null || this.firstLine['.'] !== null;
    return { decimalMark: mark, ambiguous: this.ambiguous, rule: mark === null ? 'mixed' : settled ? 'decided' : 'assumed' };
  }

  /** What the summary should tell about this column (named by its header), if anything. */
  note(header: string): string | null {
    const { rule, ambiguous } = this.summary();
    if (rule === 'mixed') {
      const refused = ambiguous > 0 ? `; ${ambiguous} value${ambiguous === 1 ? '' : 's'} that could be read both ways ${ambiguous === 1 ? 'was' : 'were'} refused` : '';
      return `${header}: mixes decimal commas (line ${this.firstLine[',']}) and decimal points (line ${this.firstLine['.']}); each value was read the one way it can be${refused}`;
    }
    if (rule === 'assumed' && ambiguous > 0) {
      return (
        `${header}: ${ambiguous} value${ambiguous === 1 ? '' : 's'} such as "${this.example}" could be read two ways and no value in the column settles it; ` +
        `read with "." as the thousands separator and "," as the decimal mark, as Dutch and German exports write them (1.234 = 1234; docs/FORMATS.md)`
      );
    }
    return null;
  }
}
