import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DETECTION_WINDOW, DetectingDecoder, decodeChunks, decodeWindows1252 } from '../../../lib/crm/encoding';

async function decode(bytes: Uint8Array, chunk = bytes.length || 1) {
  const decoder = new DetectingDecoder();
  const pieces: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += chunk) pieces.push(bytes.subarray(i, i + chunk));
  let text = '';
  for await (const part of decodeChunks(pieces, decoder)) text += part;
  return { text, encoding: decoder.encoding };
}

const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

describe('DetectingDecoder', () => {
  it('reads the Windows-1252 bytes iconv wrote as the UTF-8 text they came from', async () => {
    const dir = join(__dirname, '../../fixtures/csv');
    const { text, encoding } = await decode(readFileSync(join(dir, 'klanten-windows-1252.csv')), 5);
    expect(text).toBe(readFileSync(join(dir, 'klanten-windows-1252.utf8.txt'), 'utf8'));
    expect(encoding).toEqual({ name: 'windows-1252', byteOrderMark: false });
  });

  it('decides on the bytes from the first non-ASCII one, however far into the file', async () => {
    const ascii = 'a,b\n'.repeat(50_000);
    expect(await decode(bytes(ascii, [0x4b, 0xf6, 0x6c, 0x6e, 0x0a]), 4096)).toEqual({ text: `${ascii}Köln\n`, encoding: { name: 'windows-1252', byteOrderMark: false } });
    expect(await decode(bytes(ascii, 'Köln\n'), 4096)).toEqual({ text: `${ascii}Köln\n`, encoding: { name: 'utf-8', byteOrderMark: false } });
    expect((await decode(bytes(ascii))).encoding).toEqual({ name: 'utf-8', byteOrderMark: false });
    expect(await decode(new Uint8Array(0))).toEqual({ text: '', encoding: { name: 'utf-8', byteOrderMark: false } });
  });

  it('keeps a UTF-8 file cut inside a character as UTF-8 (the cut shows as U+FFFD), but a last é byte is Windows-1252', async () => {
    const cut = bytes('Müller\nK', [0xc3]);
    expect(await decode(cut)).toEqual({ text: 'Müller\nK\uFFFD', encoding: { name: 'utf-8', byteOrderMark: false } });
    expect(await decode(bytes('Cafe\nCaf', [0xe9]))).toEqual({ text: 'Cafe\nCafé', encoding: { name: 'windows-1252', byteOrderMark: false } });
  });

  it('marks bytes after the window that are not UTF-8 instead of guessing', async () => {
    const head = 'é'.repeat(DETECTION_WINDOW);
    const { text, encoding } = await decode(bytes(head, [0xff], 'x'), 1000);
    expect(encoding?.name).toBe('utf-8');
    expect(text).toBe(`${head}\uFFFDx`);
  });

  it('maps every byte of Windows-1252 as the WHATWG table does', () => {
    const all = decodeWindows1252(Uint8Array.from({ length: 256 }, (_, i) => i));
    expect(all.length).toBe(256);
    expect(all.slice(0x80, 0xa0)).toBe('€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ');
    for (let i = 0; i < 0x80; i++) expect(all.charCodeAt(i)).toBe(i);
    for (let i = 0xa0; i < 0x100; i++) expect(all.charCodeAt(i)).toBe(i);
  });
});
