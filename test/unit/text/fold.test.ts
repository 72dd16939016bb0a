import { describe, expect, it } from 'vitest';
import { fold, hash53, lettersAndDigits, stripDecorations } from '../../../lib/text/fold';

describe('fold', () => {
  it('removes case and diacritics the way names are compared', () => {
    expect(fold('José')).toBe('jose');
    expect(fold('Müller')).toBe('muller');
    expect(fold('Ærø Øster')).toBe('aero oster');
    expect(fold('Straße')).toBe('strasse');
    expect(fold('Łukasz')).toBe('lukasz');
    expect(fold('Çelik')).toBe('celik');
  });

  it('turns styled Unicode letters into plain ones (NFKC)', () => {
    expect(fold('𝓙𝓪𝓷𝓷𝓮𝓴𝓮')).toBe('janneke');
    expect(fold('Ｊａｎ')).toBe('jan');
    expect(fold('ĳsbrand')).toBe('ijsbrand');
  });

  it('keeps Cyrillic letters, й included, and writes ё as е', () => {
    expect(fold('Алёна Йовович')).toBe('алена йовович');
  });
});

describe('stripDecorations', () => {
  it.each([
    ['✨Janneke vd Berg✨ | bakes 🍰', 'Janneke vd Berg'],
    ['JANNEKE 🌷', 'JANNEKE'],
    ['Dr. Anna Smirnova (she/her)', 'Anna Smirnova'],
    ['🍓Sander Derks✨', 'Sander Derks'],
    ['Tom - vlogger', 'Tom'],
    ['Maaike Hofman | mama van 2 🌸', 'Maaike Hofman'],
    ['🎂Евгения Антонова🍰', 'Евгения Антонова'],
    ['Anne-Marie • Utrecht', 'Anne-Marie'],
    ['Berg, van den', 'Berg, van den'],
    ['V/d Berg', 'V/d Berg'],
  ])('%s -> %s', (input, expected) => {
    expect(stripDecorations(input)).toBe(expected);
  });
});

describe('lettersAndDigits and hash53', () => {
  it('keeps letters of any script and digits', () => {
    expect(lettersAndDigits(fold("Jan-Willem 't Hart (84)"))).toBe('jan willem t hart 84');
  });

  it('hashes the same text to the same 53-bit number on every run', () => {
    expect(hash53('n:iohanes|vries')).toBe(hash53('n:iohanes|vries'));
    expect(hash53('n:iohanes|vries')).not.toBe(hash53('n:iohanes|fries'));
    expect(Number.isSafeInteger(hash53('x'))).toBe(true);
  });
});
