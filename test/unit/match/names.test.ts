import { describe, expect, it } from 'vitest';
import { givenRoots, gluedSurnames, initialLetter, parseCustomerName, parseName, prefixesCompatible, sharedRoot, unglue, type PersonName } from '../../../lib/match/names';
import { stripDecorations } from '../../../lib/text/fold';

const first = (text: string): PersonName => parseName(stripDecorations(text))[0]!;

describe('parseName: Dutch surname prefixes in every order and abbreviation', () => {
  const berg = { prefix: 'vd', surname: 'berg' };
  it.each([
    'Janneke van den Berg',
    'Berg, Janneke van den',
    'Janneke vd Berg',
    'Janneke v.d. Berg',
    'Janneke V/d Berg',
    'Janneke V.D. Berg',
    'Janneke Berg, van den',
    '✨Janneke vd Berg✨ | bakes 🍰',
  ])('%s', (text) => {
    expect(first(text)).toEqual({ given: ['janneke'], ...berg });
  });

  it('reads a surname without given names', () => {
    expect(first('Berg, van den')).toEqual({ given: [], ...berg });
    expect(first('V/d Berg')).toEqual({ given: [], ...berg });
    expect(first('De Vries')).toEqual({ given: [], prefix: 'd', surname: 'vries' });
  });

  it("reads 't, d' and the longer prefixes", () => {
    expect(first("Hans van 't Hof")).toEqual({ given: ['hans'], prefix: 'vt', surname: 'hof' });
    expect(first("Peter d'Ancona")).toEqual({ given: ['peter'], prefix: 'd', surname: 'ancona' });
    expect(first('Jan-Willem van der Meer')).toEqual({ given: ['jan', 'willem'], prefix: 'vd', surname: 'meer' });
    expect(first('Jan v. Dijk')).toEqual({ given: ['jan'], prefix: 'v', surname: 'dijk' });
  });

  it('keeps initials as initials', () => {
    expect(first('J.K. de Vries')).toEqual({ given: ['j', 'k'], prefix: 'd', surname: 'vries' });
    expect(first('J. v.d. Berg')).toEqual({ given: ['j'], ...berg });
    expect(first('Vries, J. de')).toEqual({ given: ['j'], prefix: 'd', surname: 'vries' });
  });

  it('reads decorated, capitalised and styled names', () => {
    expect(first('JANNEKE 🌷')).toEqual({ given: ['janneke'], prefix: '', surname: '' });
    expect(first('𝓙𝓪𝓷𝓷𝓮𝓴𝓮 𝓥𝓪𝓷 𝓓𝓲𝓳𝓴')).toEqual({ given: ['janneke'], prefix: 'v', surname: 'dijk' });
    expect(first('Dr. Anna Smirnova (she/her)')).toEqual({ given: ['anna'], prefix: '', surname: 'smirnova' });
  });

  it('drops Russian patronymics and offers both orders of two words', () => {
    expect(first('Анна Сергеевна Иванова')).toEqual({ given: ['анна'], prefix: '', surname: 'иванова' });
    const readings = parseName('Иванова Анна');
    expect(readings).toHaveLength(2);
    expect(readings[0]).toEqual({ given: ['анна'], prefix: '', surname: 'иванова' });
    expect(parseName('Anna Ivanova')[0]).toEqual({ given: ['anna'], prefix: '', surname: 'ivanova' });
  });

  it('reads three words also as two with a space typed inside one of them (a slip of the thumb: "Joel Wh Ite")', () => {
    const readings = parseName('Joel Wh Ite');
    // The plain reading stays first: a second given name is the likelier story.
    expect(readings[0]).toEqual({ given: ['joel', 'wh'], prefix: '', surname: 'ite' });
    expect(readings).toContainEqual({ given: ['joel'], prefix: '', surname: 'white' });
    expect(parseName('Bri Dget Vincent')).toContainEqual({ given: ['bridget'], prefix: '', surname: 'vincent' });
    // Surname first: "Nguy En Eliza".
    expect(parseName('Nguy En Eliza')).toContainEqual({ given: ['eliza'], prefix: '', surname: 'nguyen' });
    // Initials written as such are never glued to a word.
    expect(parseName('Anna M. Smith')).toEqual([{ given: ['anna', 'm'], prefix: '', surname: 'smith' }]);
    // Three whole names are three names: no glued readings.
    expect(parseName('Jana Hornstra Moedt')).toHaveLength(1);
  });

  it('keeps the apostrophe of a soft sign inside a given name (Ol’ga)', () => {
    expect(first('Ol’ga Sokolova').given).toEqual(['olga']);
  });
});

describe('parseCustomerName: CRM name fields', () => {
  it.each([
    ['Janneke', 'van den Berg', ''],
    ['Janneke', 'Berg, van den', ''],
    ['Janneke', 'Berg van den', ''],
    ['Janneke', 'Berg', 'van den'],
    ['Janneke', 'vd Berg', ''],
  ])('%s / %s / %s', (firstName, lastName, prefix) => {
    expect(parseCustomerName(firstName, lastName, prefix)).toEqual({ given: ['janneke'], prefix: 'vd', surname: 'berg' });
  });

  it('reads a full name put in the first-name field', () => {
    expect(parseCustomerName('Jan de Vries', '')).toEqual({ given: ['jan'], prefix: 'd', surname: 'vries' });
  });

  it('keeps double surnames', () => {
    expect(parseCustomerName('Emily', 'Smith-Jones').surname).toBe('smith jones');
  });
});

describe('nicknames and diminutives', () => {
  it.each([
    ['Hans', 'Johannes'],
    ['Joop', 'Johannes'],
    ['Kees', 'Cornelis'],
    ['Henk', 'Hendrik'],
    ['Wim', 'Willem'],
    ['Sasha', 'Aleksandr'],
    ['Саша', 'Александр'],
    ['Sascha', 'Alexander'],
    ['Katya', 'Ekaterina'],
    ['Катя', 'Екатерина'],
    ['Dima', 'Dmitrii'],
    ['Дима', 'Дмитрий'],
    ['Bill', 'William'],
    ['Liz', 'Elizabeth'],
    ['Peggy', 'Margaret'],
    ['Sas', 'Saskia'],
  ])('%s is a form of %s', (short, formal) => {
    expect(sharedRoot(short, formal)).not.toBeNull();
  });

  it.each([
    ['Jan', 'Pieter'],
    ['Anna', 'Maria'],
    ['Kees', 'Johannes'],
    ['Dima', 'Aleksandr'],
  ])('%s is no form of %s', (a, b) => {
    expect(sharedRoot(a, b)).toBeNull();
  });

  it('lists a name as its own root first', () => {
    expect(givenRoots('Hans')[0]).toBe('hans');
    expect(givenRoots('Hans')).toContain(givenRoots('Johannes')[0]);
  });
});

describe('initials and prefixes', () => {
  it('gives one initial across alphabets and spellings', () => {
    expect(initialLetter('J')).toBe(initialLetter('Julia'));
    expect(initialLetter('Юлия')).toBe(initialLetter('Yulia'));
    expect(initialLetter('C')).toBe(initialLetter('Cornelis'));
    // From the letter as written: Jens, Jeroen and Jelle start with J (their skeletons with e, as Elena's).
    expect(initialLetter('J.')).toBe(initialLetter('Jens'));
    expect(initialLetter('J')).toBe(initialLetter('Jeroen'));
    expect(initialLetter('Jelle')).not.toBe(initialLetter('Elena'));
    expect(initialLetter('Ж')).toBe(initialLetter('Zhanna'));
    expect(initialLetter('К')).toBe(initialLetter('Karina'));
    expect(initialLetter('W')).toBe(initialLetter('Willem'));
    expect(initialLetter('Anna')).not.toBe(initialLetter('Maria'));
  });

  it('unglues prefixes and glues them on', () => {
    expect(unglue('vandenberg')).toEqual({ prefix: 'vd', surname: 'berg' });
    expect(unglue('devries')).toEqual({ prefix: 'd', surname: 'vries' });
    expect(unglue('dekker')).toBeNull();
    expect(gluedSurnames('v', 'es')).toEqual(['vanes']);
    expect(gluedSurnames('vd', 'berg')).toContain('vandenberg');
  });

  it('treats an abbreviated or missing prefix as compatible, a different one as not', () => {
    expect(prefixesCompatible('vd', 'vd')).toBe(true);
    expect(prefixesCompatible('vd', '')).toBe(true);
    expect(prefixesCompatible('v', 'vd')).toBe(true);
    expect(prefixesCompatible('d', 'vd')).toBe(false);
  });
});

describe('unglue keeps surnames that only look glued', () => {
  it.each(['dekker', 'terpstra', 'dennis', 'deksma'])('%s', (word) => {
    expect(unglue(word)).toBeNull();
  });
});
