// Property-based tests of the CSV parser and importer: whatever bytes a file
// holds, no exception escapes but the documented ImportError, every good row
// is kept, and chunking never changes the result.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvParser, csvLine } from '../../../lib/crm/csv';
import { CsvImporter, ImportError } from '../../../lib/crm/import';
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
