/**
 * A streaming CSV parser (RFC 4180, as Excel and CRMs write it): quoted fields
 * with "" escapes and newlines inside, CRLF / LF / CR line ends, a UTF-8 byte
 * order mark, and `,` `;` or tab separators detected from the header line.
 *
 * Every record carries the physical line it starts on, so an error can name
 * the line a person sees in their editor even when earlier fields held newlines.
 */

export type Delimiter = ',' | ';' | '\t';

export interface CsvRecord {
  fields: string[];
  /** 1-based line of the file where the record starts. */
  line: number;
  /** Set when the record's quoting was broken; its fields are a best effort. */
  problem?: string;
  /** The file ends inside this record: its last line has no line end. */
  unterminated?: true;
}

export interface CsvParserOptions {
  /** A fixed separator, or detect it from the first line (default). */
  delimiter?: Delimiter | 'auto';
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  /** A quote inside a quoted field: either the closing quote or the first of "". */
  QuoteSeen,
}

/** Pick the separator that splits the header line into the most columns. */
export function detectDelimiter(headerLine: string): Delimiter {
  const counts: Record<Delimiter, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === ',' || ch === ';' || ch === '\t')) counts[ch] += 1;
  }
  let best: Delimiter = ',';
  for (const d of [';', '\t'] as const) if (counts[d] > counts[best]) best = d;
  return best;
}

const NEVER_CLOSED = 'a quoted field is never closed (a missing " )';

/** The text after the first line end of `raw` (which lies inside a quoted field). */
function afterFirstLine(raw: string): string {
  const at = raw.search(/[\r\n]/);
  return raw.slice(at + (raw.charCodeAt(at) === CR && raw.charCodeAt(at + 1) === LF ? 2 : 1));
}

/**
 * A record that runs over several lines because of a quote, and is not a whole
 * row (its quoting breaks, or it has another number of values than the
 * header), was started by an unbalanced quote: one stray " at the start of a
 * field takes in every line up to the next quote. Such a record is reported at
 * its first line and the lines after it are read again, until one of them is a
 * whole row, so one stray quote costs one row instead of the rest of the file.
 */
export class CsvParser {
  private delimiter: number | null;
  private sniffBuffer = '';
  private state: State = State.FieldStart;
  private field = '';
  private fields: string[] = [];
  private line = 1;
  private recordLine = 1;
  private problem: string | undefined;
  /** The previous chunk ended in CR: a following LF belongs to the same line end. */
  private afterCR = false;
  /** The last character read inside a quoted field was a CR. */
  private quotedCR = false;
  private sawStart = false;
  private out: CsvRecord[] = [];
  /** How many values the header has: a record with another number is not a whole row. */
  private expected: number | null = null;
  /** The text of the current record from earlier chunks, and where it starts in the current one. */
  private rawCarry = '';
  private recordStart = 0;
  /** Set while looking for a whole row after an unbalanced quote: the quote's line. */
  private recovering: number | null = null;

  constructor(options: CsvParserOptions = {}) {
    const d = options.delimiter ?? 'auto';
    this.delimiter = d === 'auto' ? null : d.charCodeAt(0);
  }

  /** The separator in use, once known. */
  get separator(): Delimiter | null {
    return this.delimiter === null ? null : (String.fromCharCode(this.delimiter) as Delimiter);
  }

  /** Feed the next piece of text; returns the records it completed. */
  push(chunk: string): CsvRecord[] {
    if (!this.sawStart) {
      if (chunk.length === 0) return [];
      this.sawStart = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    if (this.delimiter === null) {
      this.sniffBuffer += chunk;
      const newline = this.sniffBuffer.search(/[\r\n]/);
      if (newline === -1) return [];
      this.delimiter = detectDelimiter(this.sniffBuffer.slice(0, newline)).charCodeAt(0);
      chunk = this.sniffBuffer;
      this.sniffBuffer = '';
    }
    this.scan(chunk);
    return this.take();
  }

  /** Signal the end of the input; returns the last records. */
  end(): CsvRecord[] {
    if (this.delimiter === null) {
      const rest = this.sniffBuffer;
      this.sniffBuffer = '';
      this.delimiter = detectDelimiter(rest).charCodeAt(0);
      this.scan(rest);
    }
    for (;;) {
      if (this.state === State.Quoted) this.problem = NEVER_CLOSED;
      if (this.state === State.FieldStart && this.fields.length === 0 && this.field === '') break;
      this.endField();
      const raw = this.rawCarry;
      if (!this.endRecord(true)) break;
      this.readAgain();
      this.scan(afterFirstLine(raw));
    }
    return this.take();
  }

  private take(): CsvRecord[] {
    const records = this.out;
    this.out = [];
    return records;
  }

  private endField(): void {
    this.fields.push(this.field);
    this.field = '';
  }

  /**
   * End the current record. Returns true when it was started by an unbalanced
   * quote: it is reported, and the caller reads its lines after the first again.
   */
  private endRecord(atEnd: boolean): boolean {
    const { fields, problem } = this;
    const spans = this.line > this.recordLine;
    this.fields = [];
    this.problem = undefined;
    this.state = State.FieldStart;
    const whole = this.expected === null || fields.length === this.expected;
    if (spans && (problem !== undefined || !whole || this.recovering !== null)) {
      const cause = problem ?? (whole ? 'a quote runs over several lines' : `${fields.length} values for ${this.expected} columns`);
      this.out.push({
        fields: [],
        line: this.recordLine,
        problem: `${cause}: an unbalanced quote (") on this line took in the lines after it; this row is skipped and reading goes on at line ${this.recordLine + 1}`,
      });
      this.recovering = this.recordLine;
      return true;
    }
    if (fields.length === 1 && fields[0] === '' && problem === undefined) return false;
    const record: CsvRecord = { fields, line: this.recordLine };
    if (problem) record.problem = problem;
    else if (this.recovering !== null) {
      if (whole) this.recovering = null;
      else record.problem = `${fields.length} values for ${this.expected} columns, after the unbalanced quote on line ${this.recovering}: not a whole row`;
    }
    if (atEnd) record.unterminated = true;
    this.expected ??= fields.length;
    this.out.push(record);
    return false;
  }

  /** Start reading again at the second line of the record just reported. */
  private readAgain(): void {
    this.line = this.recordLine + 1;
    this.recordLine = this.line;
    this.field = '';
    this.quotedCR = false;
    this.afterCR = false;
    this.rawCarry = '';
  }

  private scan(input: string): void {
    const delim = this.delimiter as number;
    let s = input;
    let n = s.length;
    let i = 0;
    if (this.afterCR) {
      this.afterCR = false;
      if (n > 0 && s.charCodeAt(0) === LF) i = 1;
    }
    this.recordStart = i;
    let segStart = i;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      let lineEnd = false;
      switch (this.state) {
        case State.FieldStart:
          if (c === QUOTE) {
            this.state = State.Quoted;
            segStart = i + 1;
          } else if (c === delim) {
            this.endField();
          } else if (c === LF || c === CR) {
            this.endField();
            lineEnd = true;
          } else {
            this.state = State.Unquoted;
            segStart = i;
          }
          break;
        case State.Unquoted:
          if (c === delim) {
            this.field += s.slice(segStart, i);
            this.endField();
            this.state = State.FieldStart;
          } else if (c === LF || c === CR) {
            this.field += s.slice(segStart, i);
            this.endField();
            lineEnd = true;
          }
          break;
        case State.Quoted:
          if (c === QUOTE) {
            this.field += s.slice(segStart, i);
            this.state = State.QuoteSeen;
          } else if (c === CR) {
            this.line += 1;
            this.quotedCR = true;
            continue;
          } else if (c === LF && !this.quotedCR) {
            // An LF after a CR is the second half of one CRLF line end.
            this.line += 1;
          }
          this.quotedCR = false;
          break;
        case State.QuoteSeen:
          if (c === QUOTE) {
            this.field += '"';
            this.state = State.Quoted;
            segStart = i + 1;
          } else if (c === delim) {
            this.endField();
            this.state = State.FieldStart;
          } else if (c === LF || c === CR) {
            this.endField();
            lineEnd = true;
          } else {
            // Text after a closing quote ("abc"def): keep it, as spreadsheets do, and say so.
            this.problem ??= 'text after the closing quote of a field';
            this.state = State.Unquoted;
            segStart = i;
          }
          break;
      }
      if (!lineEnd) continue;
      if (this.endRecord(false)) {
        // Read the record's later lines again, then this line end and what follows it.
        const raw = this.rawCarry + s.slice(this.recordStart, i);
        this.readAgain();
        s = afterFirstLine(raw) + s.slice(i);
        n = s.length;
        i = -1;
        this.recordStart = 0;
        segStart = 0;
        continue;
      }
      this.rawCarry = '';
      i = this.lineEnd(s, i);
      this.recordStart = i + 1;
    }
    if (this.state === State.Unquoted || this.state === State.Quoted) {
      this.field += s.slice(segStart, n);
    }
    this.rawCarry += s.slice(this.recordStart, n);
  }

  /** After a record ended at a line end at s[i]: returns the index of the last character of the line end. */
  private lineEnd(s: string, i: number): number {
    this.line += 1;
    this.recordLine = this.line;
    if (s.charCodeAt(i) === CR) {
      if (i + 1 < s.length) {
        if (s.charCodeAt(i + 1) === LF) return i + 1;
      } else {
        this.afterCR = true;
      }
    }
    return i;
  }
}

/** Parse a whole CSV text or a stream of text chunks into records. */
export async function* parseCsv(
  chunks: AsyncIterable<string> | Iterable<string>,
  options: CsvParserOptions = {},
): AsyncGenerator<CsvRecord> {
  const parser = new CsvParser(options);
  for await (const chunk of chunks) yield* parser.push(chunk);
  yield* parser.end();
}

/**
 * A value for a CSV file a person may open in a spreadsheet: quoted when it needs it (RFC 4180),
 * and a leading = + - @ neutralised with a ' (the spreadsheet would run the cell as a formula).
 */
export function csvField(value: CsvValue, delimiter: Delimiter = ','): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  // A leading = + - @ makes spreadsheets run the cell as a formula: neutralise it.
  const safe = /^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text) ? `'${text}` : text;
  return safe !== text ? `"${safe.replaceAll('"', '""')}"` : csvDataField(text, delimiter);
}

/**
 * A value for a data file other programs read (customers.csv, orders.csv): quoted when it needs
 * it, and otherwise exactly as it is, so "+31 6 12345678" stays a phone number.
 */
export function csvDataField(value: CsvValue, delimiter: Delimiter = ','): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  const needsQuotes = text.includes('"') || text.includes('\n') || text.includes('\r') || text.includes(delimiter);
  return needsQuotes ? `"${text.replaceAll('"', '""')}"` : text;
}

export type CsvValue = string | number | boolean | null | undefined;

/** A row for a CSV file a person may open in a spreadsheet (formulas neutralised). */
export function csvLine(values: readonly CsvValue[], delimiter: Delimiter = ','): string {
  return values.map((v) => csvField(v, delimiter)).join(delimiter) + '\r\n';
}

/** A row of a data file other programs read: every value exactly as it is. */
export function csvDataLine(values: readonly CsvValue[], delimiter: Delimiter = ','): string {
  return values.map((v) => csvDataField(v, delimiter)).join(delimiter) + '\r\n';
}
