import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonLine, printable } from '../../../lib/cli/printable';

const TERMINAL_CONTROLS = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe('printable and jsonLine (issue 12.10)', () => {
  it('write every control character as an escape, and leave other text alone', () => {
    expect(printable('\x1b]52;c;cGF5\x07\u009b2J\u202e\t\r\nKöln 🌷')).toBe('\\x1b]52;c;cGF5\\x07\\x9b2J\\u{202e}\\x09\\x0d\\x0aKöln 🌷');
    expect(printable('Anaïs Müller, Köln')).toBe('Anaïs Müller, Köln');
  });

  it('for any text: no control character comes out, and JSON lines still mean the same value', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
        expect(printable(text)).not.toMatch(TERMINAL_CONTROLS);
        const line = jsonLine({ text });
        expect(line.slice(0, -1)).not.toMatch(TERMINAL_CONTROLS);
        expect(JSON.parse(line)).toEqual({ text });
      }),
    );
  });
});
