// Property-based tests of the CSV parser and importer: whatever bytes a file
// holds, no exception escapes but the documented ImportError, every good row
// is kept, and chunking never changes the result; text in every accepted
// encoding reads back exactly; a re-import changes only the columns it has.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvParser, csvLine } from '../../../lib/crm/csv';
import { CUSTOMER_KEYS } from '../../../lib/crm/columns';
import { DetectingDecoder, decodeChunks } from '../../../lib/crm/encoding';
import { CsvImporter, ImportError } from '../../../lib/crm/import';
import { RowMerger } from '../../../lib/crm/merge';
import { Customer } from '../../../lib/model';

function parseAll(text: string, chunkSizes: number[]) {
  const parser = new CsvParser();
  const records = [];
  let at = 0;
  let i = 0;
  while (at < text.length) {
    const size = Math.max(1, chunkSizes[i++ % chunkSizes.length] ?? 1);
    records.push(...parser.push(text.slice(at, at + size)));
    at += size;
  }
  records.push(...parser.end());
  return records;
}

const cell = fc.string({ unit: fc.constantFrom('a', 'Z', 'é', ' ', ',', ';', '"', '\n', '\r', '\t', '=', '🌷', 'x'), maxLength: 12 });

describe('CSV parser, any input', () => {
  it('never throws and gives the same records for any chunking', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', ',', ';', '"', '\n', '\r', '\uFEFF', ' ', 'é'), maxLength: 200 }), fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 5 }), (text, sizes) => {
        expect(parseAll(text, sizes)).toEqual(parseAll(text, [text.length || 1]));
      }),
    );
  });

  it('reads back exactly what csvLine wrote, whatever the cells hold', () => {
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 8 }), fc.array(fc.integer({ min: 1, max: 13 }), { minLength: 1, maxLength: 4 }), (rows, sizes) => {
        const header = ['h1', 'h2', 'h3'];
        const text = [header, ...rows].map((r) => csvLine(r)).join('');
        const records = parseAll(text, sizes);
        // csvLine protects formula-like cells with a leading quote mark; undo that to compare.
        const unprotect = (v: string) => (/^'[=+\-@\t\r]/.test(v) ? v.slice(1) : v);
        const expected = rows.filter((r) => !(r.length === 1 && r[0] === ''));
        expect(records.slice(1).map((r) => r.fields.map(unprotect))).toEqual(expected);
      }),
    );
  });
});

describe('customer importer, hostile rows', () => {
  it('keeps every good row, reports every bad one by line, and never throws on a row', () => {
    const row = fc.record({
      id: fc.oneof(fc.constant(''), fc.stringMatching(/^[A-Z][0-9]{1,4}$/)),
      name: cell,
      email: fc.oneof(fc.constant(''), fc.emailAddress(), cell),
      handles: fc.oneof(fc.constant(''), fc.constant('instagram:a.b'), fc.constant('myspace:x'), cell),
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 25 }), fc.integer({ min: 1, max: 50 }), (rows, chunk) => {
        const text = csvLine(['customer_id', 'first_name', 'email', 'handles']) + rows.map((r) => csvLine([r.id, r.name, r.email, r.handles])).join('');
        const importer = new CsvImporter({ kind: 'customers', now: 1 });
        const good: unknown[] = [];
        const bad: number[] = [];
        for (let i = 0; i < text.length; i += chunk) {
          const batch = importer.push(text.slice(i, i + chunk));
          good.push(...batch.rows);
          bad.push(...batch.errors.map((e) => e.line));
        }
        const last = importer.end();
        good.push(...last.rows);
        bad.push(...last.errors.map((e) => e.line));
        // Every stored row is a valid customer; every row is either stored or reported.
        for (const c of good) expect(Customer.safeParse(c).success).toBe(true);
        expect(good.length + bad.length).toBe(importer.summary().rowsOk + importer.summary().rowsBad);
        expect(new Set(bad).size).toBe(bad.length);
      }),
    );
  });

  it('throws only ImportError for a file it cannot read at all', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        const importer = new CsvImporter({ kind: 'orders' });
        try {
          importer.push(text);
          importer.end();
        } catch (error) {
          expect(error).toBeInstanceOf(ImportError);
        }
      }),
    );
  });
});

// Encodings (issue 12.1): what a spreadsheet writes in any of the encodings Earshot
// accepts reads back exactly, in chunks of any size.
describe('CSV bytes in every accepted encoding', () => {
  const HIGH = readFileSync(join(__dirname, '../../fixtures/csv/windows-1252-0x80-0xff.txt'), 'utf8');
  const UNASSIGNED = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);
  /** Windows-1252 as iconv has it: character -> byte. */
  const cp1252 = new Map<string, number>();
  [...HIGH].forEach((ch, i) => cp1252.set(ch, [...Array(128).keys()].map((k) => 0x80 + k).filter((b) => !UNASSIGNED.has(b))[i]!));
  const encode1252 = (text: string) => Uint8Array.from([...text].map((ch) => (ch.charCodeAt(0) < 0x80 ? ch.charCodeAt(0) : cp1252.get(ch)!)));
  const utf16 = (text: string, bigEndian: boolean) => {
    const le = Buffer.from(text, 'utf16le');
    if (bigEndian) for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
    return Buffer.concat([Buffer.from(bigEndian ? [0xfe, 0xff] : [0xff, 0xfe]), le]);
  };
  const isUtf8 = (bytes: Uint8Array) => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      return true;
    } catch {
      return false;
    }
  };

  async function readBack(bytes: Uint8Array, sizes: number[]) {
    const chunks: Uint8Array[] = [];
    for (let at = 0, i = 0; at < bytes.length; i++) {
      const size = sizes[i % sizes.length]!;
      chunks.push(bytes.subarray(at, at + size));
      at += size;
    }
    const decoder = new DetectingDecoder();
    const parser = new CsvParser();
    const records = [];
    for await (const text of decodeChunks(chunks, decoder)) records.push(...parser.push(text));
    records.push(...parser.end());
    return { rows: records.slice(1).map((r) => r.fields), encoding: decoder.encoding };
  }

  // Any text but U+FEFF (a mark at the very start is not text) and lone surrogates (not encodable).
  const anyText = fc.string({ unit: fc.oneof(fc.constantFrom(',', '"', '\n', '\r', ';', 'é', 'ü', '€', '’', '🌷', 'Ж'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), maxLength: 10 }).map((s) => s.replaceAll('\uFEFF', ''));
  const latin = fc.string({ unit: fc.constantFrom(...'aZ09 ,;"\n\r\t-', ...HIGH), maxLength: 10 });
  const table = (cell: fc.Arbitrary<string>) => fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 6 });
  const sizes = fc.array(fc.integer({ min: 1, max: 11 }), { minLength: 1, maxLength: 4 });
  const csv = (rows: string[][]) => [['h1', 'h2', 'h3'], ...rows].map((r) => r.map((v) => `"${v.replaceAll('"', '""')}"`).join(',') + '\r\n').join('');

  it('UTF-8 with and without a byte order mark, UTF-16 LE and BE with one: exactly the text written', async () => {
    await fc.assert(
      fc.asyncProperty(table(anyText), sizes, fc.constantFrom('utf-8', 'utf-8 bom', 'utf-16le', 'utf-16be'), async (rows, chunking, form) => {
        const text = csv(rows);
        const bytes =
          form === 'utf-8' ? Buffer.from(text, 'utf8') : form === 'utf-8 bom' ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]) : utf16(text, form === 'utf-16be');
        const read = await readBack(bytes, chunking);
        expect(read.rows).toEqual(rows);
        expect(read.encoding).toEqual({ name: form.split(' ')[0], byteOrderMark: form !== 'utf-8' });
      }),
    );
  });

  it('Windows-1252, for every text it can hold that is not also valid UTF-8: exactly the text written', async () => {
    await fc.assert(
      fc.asyncProperty(table(latin), sizes, async (rows, chunking) => {
        const bytes = encode1252(csv(rows));
        fc.pre(!isUtf8(bytes));
        const read = await readBack(bytes, chunking);
        expect(read.rows).toEqual(rows);
        expect(read.encoding).toEqual({ name: 'windows-1252', byteOrderMark: false });
      }),
    );
  });
});

// Re-imports (issue 12.2): a file with some of the columns changes only those.
describe('partial re-imports', () => {
  const TEXT_FIELDS = ['first_name', 'last_name', 'email', 'phone', 'city', 'country', 'company', 'website'] as const;
  const CUSTOM = ['tier', 'vip'] as const;
  const ALL = [...TEXT_FIELDS, 'handles', ...CUSTOM] as const;
  type Column = (typeof ALL)[number];
  const valueFor = (column: Column, i: number, salt: string) =>
    column === 'email' ? `${salt}${i}@example.nl` : column === 'handles' ? `instagram:${salt}.${i}` : column === 'country' ? 'NL' : `${salt}-${column}-${i}`;
  const snapshot = (c: Customer | undefined): Record<Column, unknown> =>
    Object.fromEntries(ALL.map((col) => [col, !c ? undefined : col === 'handles' ? c.handles : (CUSTOM as readonly string[]).includes(col) ? c.custom[col] : c[CUSTOMER_KEYS[col as keyof typeof CUSTOMER_KEYS]]])) as Record<Column, unknown>;

  async function importInto(store: Map<string, Customer>, columns: readonly Column[], cells: (i: number, column: Column) => string, count: number, allowBlanking: boolean) {
    const text = csvLine(['customer_id', ...columns]) + Array.from({ length: count }, (_, i) => csvLine([`C${i}`, ...columns.map((col) => cells(i, col))])).join('');
    const importer = new CsvImporter({ kind: 'customers', now: 1 });
    const rows: { row: Customer; line: number }[] = [];
    for (const batch of [importer.push(text), importer.end()]) batch.rows.forEach((row, k) => rows.push({ row: row as Customer, line: batch.lines[k]! }));
    const merger = new RowMerger<Customer>('customers', importer.summary().provided, allowBlanking);
    for (const row of merger.mergePage(rows, rows.map(({ row }) => store.get(row.id)))) store.set(row.id, row);
  }

  it('never change a column absent from the file; an empty cell clears a stored value only when allowed', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.subarray([...ALL]),
        fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
        fc.boolean(),
        async (columns, blanks, allowBlanking) => {
          const store = new Map<string, Customer>();
          await importInto(store, ALL, (i, col) => valueFor(col, i, 'old'), 8, false);
          const before = [...store.values()].map(snapshot);
          await importInto(store, columns, (i, col) => (blanks[i] ? '' : valueFor(col, i, 'new')), 8, allowBlanking);
          expect(store.size).toBe(8);
          for (let i = 0; i < 8; i++) {
            const after = snapshot(store.get(`C${i}`));
            for (const col of ALL) {
              if (!columns.includes(col)) expect(after[col], `${col} of C${i}`).toEqual(before[i]![col]);
              else if (!blanks[i]) expect(after[col]).toEqual(col === 'handles' ? [{ platform: 'instagram', handle: `new.${i}` }] : valueFor(col, i, 'new'));
              else expect(after[col]).toEqual(allowBlanking ? (col === 'handles' ? [] : undefined) : before[i]![col]);
            }
          }
        },
      ),
    );
  });
});
