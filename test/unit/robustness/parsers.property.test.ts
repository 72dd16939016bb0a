// Property-based tests of the count and date parsers: any text a page shows
// gives a plain non-negative integer or nothing, a real ISO date or nothing,
// and never an exception; and counts written the ways people write them read back.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCount, parseHelpfulVotes, parseLabelledCounts } from '../../../lib/capture/counts';
import { parseDate, parseRelativeDate } from '../../../lib/capture/dates';
import { isIsoDate } from '../../../lib/model';

const pageText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: fc.constantFrom('1', '2', '0', '.', ',', ' ', '\u202f', '\u00a0', 'K', 'M', 'k', 'тыс', 'млн', 'mln', 'mil', 'B', '+', '-', 'e'), maxLength: 16 }),
);

const isCount = (n: number | undefined) => n === undefined || (Number.isSafeInteger(n) && n >= 0);

describe('count parsers, any text', () => {
  it('give a non-negative integer or nothing', () => {
    fc.assert(
      fc.property(pageText, (text) => {
        expect(isCount(parseCount(text))).toBe(true);
        expect(isCount(parseHelpfulVotes(text))).toBe(true);
        for (const n of Object.values(parseLabelledCounts(text))) expect(isCount(n)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('read back whole numbers written with any thousands separator', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999 }), fc.constantFrom('', ',', '.', ' ', '\u202f', '\u00a0'), (n, sep) => {
        const written = String(n).replace(/\B(?=(\d{3})+(?!\d))/g, sep);
        // "1.234" and "1,234" are thousands only with three digits after the mark; shorter numbers carry none.
        expect(parseCount(written)).toBe(n);
      }),
    );
  });
});

describe('date parsers, any text', () => {
  it('give a real ISO date or nothing', () => {
    const now = Date.parse('2026-11-01T00:00:00Z');
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('2 weeks ago', 'een maand geleden', '3 дня назад', 'July 6, 2024', '31 февраля 2024', '2024-02-30', 'vor 1 Jahr')), (text) => {
        for (const out of [parseDate(text, { now }), parseRelativeDate(text, now)]) {
          if (out !== undefined) expect(isIsoDate(out), `${text} -> ${out}`).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
