import { describe, expect, it } from 'vitest';
import { MISSING } from '../../../lib/match/engine/model';
import { FIELD_INDEX, PERSONA_COMPARISONS } from '../../../lib/match/comparisons';
import { customerRecord, profileFeatures, type ProfileInput } from '../../../lib/match/features';
import type { Customer } from '../../../lib/model';

function customer(fields: Partial<Customer>): Customer {
  return { id: 'C1', handles: [], custom: {}, source: 'csv', updatedAt: 0, ...fields };
}

/** The level id a field reaches for a profile and a customer, or 'missing'. */
function level(field: keyof typeof FIELD_INDEX, profile: Partial<ProfileInput>, c: Partial<Customer>): string {
  const comparison = PERSONA_COMPARISONS[FIELD_INDEX[field]]!;
  const l = comparison.compare(profileFeatures({ platform: 'instagram', displayName: 'x', ...profile }), customerRecord(customer(c)));
  return l === MISSING ? 'missing' : comparison.levels[l]!.id;
}

describe('given name', () => {
  it.each([
    ['Janneke van den Berg', 'Janneke', 'exact'],
    ['JANNEKE 🌷', 'Janneke', 'exact'],
    ['José Álvarez', 'Jose', 'exact'],
    ['Екатерина Смирнова', 'Ekaterina', 'transliteration'],
    ['Yekaterina Smirnova', 'Ekaterina', 'transliteration'],
    ['Hans de Vries', 'Johannes', 'nickname'],
    ['Kees Bakker', 'Cornelis', 'nickname'],
    ['Саша Петрова', 'Aleksandra', 'nickname'],
    ['Liz Taylor', 'Elizabeth', 'nickname'],
    ['MARIEKE SMIT', 'Marieke', 'exact'],
    ['Marijke Smit', 'Marieke', 'transliteration'],
    // One slip in a name of six letters or more is the same name written differently.
    ['Saskai Smit', 'Saskia', 'transliteration'],
    ['Sask Smit', 'Saskia', 'jaro-winkler>=0.92'],
    ['J. de Vries', 'Jan', 'initial'],
    ['Jan de Vries', 'Pieter', 'disagree'],
  ])('%s vs %s: %s', (display, firstName, expected) => {
    expect(level('given', { displayName: display }, { firstName, lastName: 'x' })).toBe(expected);
  });

  it('finds a given name the display name lacks in the handle', () => {
    expect(level('given', { displayName: 'Bakery queen 🍰', handle: 'janneke.bakt' }, { firstName: 'Janneke', lastName: 'Berg' })).toBe('in-handle');
  });

  it('is missing when either side has no given name', () => {
    expect(level('given', { displayName: 'Amazon Customer' }, { firstName: 'Janneke' })).toBe('missing');
    expect(level('given', { displayName: 'Janneke Berg' }, { lastName: 'Berg' })).toBe('missing');
  });
});

describe('surname', () => {
  it.each([
    ['Janneke vd Berg', 'van den Berg', 'exact'],
    ['Janneke Berg, van den', 'van den Berg', 'exact'],
    ['Janneke Berg', 'van den Berg', 'exact'],
    ['Janneke Vandenberg', 'van den Berg', 'exact'],
    ['Henk Vanes', 'van Es', 'exact'],
    ['Anna Иванова', 'Ivanova', 'transliteration'],
    ['Anna Ivanova', 'Иванова', 'transliteration'],
    // ц as ts or c: one surname in two transliterations.
    ['Olga Kuznetsova', 'Kuznecova', 'transliteration'],
    ['Iana Zaiceva', 'Зайцева', 'transliteration'],
    ['Nienke Hoektra', 'Hoekstra', 'transliteration'],
    ['Nienke Hoeskrta', 'Hoekstra', 'jaro-winkler>=0.92'],
    ['Jan de Vries', 'van Vries', 'jaro-winkler>=0.92'],
    ['Jan de Vries', 'Bakker', 'disagree'],
    // A slip the skeleton would widen (lyen -> len, lyden -> liden) is judged as written.
    ['Jacob Lyen', 'Lyden', 'jaro-winkler>=0.92'],
  ])('%s vs %s: %s', (display, lastName, expected) => {
    expect(level('surname', { displayName: display }, { firstName: 'x', lastName })).toBe(expected);
  });

  it('finds a surname the display name lacks in the handle', () => {
    expect(level('surname', { displayName: 'JANNEKE', handle: 'jdevries84' }, { firstName: 'Jan', lastName: 'de Vries' })).toBe('in-handle');
  });

  it('reads a surname initial as an initial: "Anna V.", "Жанна Р.", "Zoë W." for te West', () => {
    expect(level('surname', { displayName: 'Anna V.' }, { firstName: 'Anna', lastName: 'Vink' })).toBe('initial');
    expect(level('surname', { displayName: 'Жанна Р.' }, { firstName: 'Zhanna', lastName: 'Romanova' })).toBe('initial');
    expect(level('surname', { displayName: 'Anna V.' }, { firstName: 'Anna', lastName: 'van Dijk' })).toBe('initial');
    expect(level('surname', { displayName: 'Anna V.' }, { firstName: 'Anna', lastName: 'Bakker' })).toBe('disagree');
    // An initial the handle spells out is the surname in the handle.
    expect(level('surname', { displayName: 'Zoë W.', handle: 'ztewest' }, { firstName: 'Zoë', lastName: 'te West' })).toBe('in-handle');
    expect(level('surname', { displayName: 'Tess V.', handle: 'tveltman99' }, { firstName: 'Tess', lastName: 'Veltman' })).toBe('in-handle');
  });

  it('reads one slip in a long name as the name written differently, and a worse one from the handle', () => {
    expect(level('surname', { displayName: 'Evelien Rijlaarsadm' }, { firstName: 'Evelien', lastName: 'Rijlaarsdam' })).toBe('transliteration');
    expect(level('surname', { displayName: 'Nienke Hoeskrta', handle: 'nienkehoekstra' }, { firstName: 'Nienke', lastName: 'Hoekstra' })).toBe('in-handle');
    expect(level('surname', { displayName: 'Nienke Hoeskrta' }, { firstName: 'Nienke', lastName: 'Hoekstra' })).toBe('jaro-winkler>=0.92');
  });

  it('reads an initial against the formal names a given name stands for (T. Wagenveld is Geertruida\'s G. too)', () => {
    expect(level('given', { displayName: 'Trudy Wagenveld' }, { firstName: 'G.L.', lastName: 'Wagenveld' })).toBe('initial');
    expect(level('given', { displayName: 'Mark Wagenveld' }, { firstName: 'G.L.', lastName: 'Wagenveld' })).toBe('disagree');
  });

  it('finds both names glued in a handle, also names no table knows', () => {
    // Wieke and Siebe are in no name table; next to the customer's other name they still read as names.
    expect(level('surname', { displayName: 'wiekeugas60' }, { firstName: 'Wieke', lastName: 'Ugas' })).toBe('in-handle');
    expect(level('given', { displayName: 'wiekeugas60' }, { firstName: 'Wieke', lastName: 'Ugas' })).toBe('in-handle');
    expect(level('surname', { displayName: 'Sophie', handle: 'sophievalphen' }, { firstName: 'Sophie', lastName: 'van Alphen' })).toBe('in-handle');
    expect(level('surname', { displayName: 'Jet', handle: 'jet.tee' }, { firstName: 'Jet', lastName: 'Tee' })).toBe('in-handle');
    // A short form of the given name as a run of its own, in either order.
    expect(level('given', { handle: 'aldmore.jake' }, { firstName: 'Jacob', lastName: 'Aldmore' })).toBe('in-handle');
    expect(level('given', { handle: 'katya.popova' }, { firstName: 'Екатерина', lastName: 'Попова' })).toBe('in-handle');
    expect(level('given', { handle: 'aldmore.mike' }, { firstName: 'Jacob', lastName: 'Aldmore' })).not.toBe('in-handle');
    expect(level('surname', { displayName: 'Dmitry', handle: 'dmitrii.dostoevskii' }, { firstName: 'Dmitriy', lastName: 'Dostoyevskiy' })).toBe('in-handle');
    // Another Wieke's handle is not this Ugas's.
    expect(level('surname', { displayName: 'wiekeugas60' }, { firstName: 'Sterre', lastName: 'Ugas' })).toBe('missing');
  });

  it('reads initials a handle writes before the surname as the customer\'s initial', () => {
    // A handle of initials and a surname is how many people write their name: without the initial, a
    // rare surname in the handle could not even be suggested (a surname alone fits the family).
    expect(level('given', { displayName: '', handle: 'e_grishaver' }, { firstName: 'Elisabeth', lastName: 'Grishaver' })).toBe('initial');
    expect(level('given', { displayName: '', handle: 'bl.noya' }, { firstName: 'Babette', lastName: 'Noya' })).toBe('initial');
    expect(level('given', { displayName: '', handle: 'm_debonth' }, { firstName: 'Marcel', lastName: 'de Bonth' })).toBe('initial');
    expect(level('given', { displayName: '', handle: 'akovalskiy' }, { firstName: 'Aleksandr', lastName: 'Kovalskiy' })).toBe('initial');
    // Another initial is no evidence either way; initials away from the surname are not the name's.
    expect(level('given', { displayName: '', handle: 'e_grishaver' }, { firstName: 'Thomas', lastName: 'Grishaver' })).toBe('missing');
    expect(level('given', { displayName: '', handle: 'grishaver.e' }, { firstName: 'Elisabeth', lastName: 'Grishaver' })).toBe('missing');
  });

  it('reads both orders of two words but keeps given name and surname from one reading', () => {
    expect(level('surname', { displayName: 'Иванова Анна' }, { firstName: 'Anna', lastName: 'Ivanova' })).toBe('transliteration');
    expect(level('given', { displayName: 'Samantha James' }, { firstName: 'James', lastName: 'James' })).toBe('disagree');
  });
});

describe('handle and other identifiers', () => {
  const known = { firstName: 'Janneke', lastName: 'van den Berg', email: 'janneke.vdberg@ziggo.nl', handles: [{ platform: 'instagram' as const, handle: 'janneke.vd' }] };

  it('a handle the CRM knows on the same platform', () => {
    expect(level('handle', { platform: 'instagram', handle: 'janneke.vd' }, known)).toBe('known-handle');
  });

  it('the same handle on another platform: distinctive or only the name', () => {
    expect(level('handle', { platform: 'tiktok', handle: 'janneke.vd' }, known)).toBe('name-built');
    const bakes = { ...known, handles: [{ platform: 'instagram' as const, handle: 'jannekevdberg_bakes' }] };
    expect(level('handle', { platform: 'tiktok', handle: 'jannekevdberg_bakes' }, bakes)).toBe('known-handle-elsewhere');
  });

  it('a given name and a birth year is distinctive, a given name and one digit is not', () => {
    expect(level('handle', { handle: 'elizaveta56' }, { firstName: 'Elizaveta', lastName: 'Semenova', email: 'elizaveta56@outlook.com' })).toBe('email-local-part');
    expect(level('handle', { handle: 'anna1' }, { firstName: 'Anna', lastName: 'Vink', email: 'anna1@gmail.com' })).toBe('name-built');
  });

  it("a handle equal to the customer's email local part", () => {
    expect(level('handle', { handle: 'jdevries84' }, { firstName: 'Jan', lastName: 'de Vries', email: 'j.devries84@gmail.com' })).toBe('email-local-part');
    expect(level('handle', { handle: 'janneke_vdberg' }, known)).toBe('name-built');
  });

  it('a different handle, and no identifiers at all', () => {
    expect(level('handle', { handle: 'bakingqueen' }, known)).toBe('disagree');
    expect(level('handle', { platform: 'amazon', displayName: 'Janneke' }, known)).toBe('missing');
    expect(level('handle', { handle: 'bakingqueen' }, { firstName: 'Janneke' })).toBe('missing');
  });
});

describe('email, website and place', () => {
  it('an email address in the bio', () => {
    const c = { email: 'janneke.vdberg@ziggo.nl' };
    expect(level('email', { bio: 'Mail: janneke.vdberg@ziggo.nl' }, c)).toBe('exact');
    expect(level('email', { bio: 'Mail: janneke.vdberg@gmail.com' }, c)).toBe('disagree');
    expect(level('email', { bio: 'Thuisbakker' }, c)).toBe('missing');
  });

  it('a website; free mail is no website', () => {
    expect(level('website', { website: 'https://www.jannekebakt.nl/shop' }, { website: 'jannekebakt.nl' })).toBe('same-domain');
    expect(level('website', { bio: 'Bestel via info@jannekebakt.nl' }, { email: 'janneke@jannekebakt.nl' })).toBe('same-domain');
    expect(level('website', { website: 'https://other.nl' }, { website: 'jannekebakt.nl' })).toBe('disagree');
    expect(level('website', { bio: 'janneke@gmail.com' }, { email: 'janneke@gmail.com' })).toBe('missing');
  });

  it.each([
    ['Utrecht, NL', 'Utrecht', 'NL', 'city'],
    ['Amsterdam 🇳🇱', 'Amsterdam', 'NL', 'city'],
    ['Zeist', 'Utrecht', 'NL', 'region'],
    ['Nederland', 'Utrecht', 'NL', 'country'],
    ['Rotterdam', 'Utrecht', 'NL', 'other-place'],
    ['Москва', 'Utrecht', 'NL', 'other-country'],
    ['', 'Utrecht', 'NL', 'missing'],
  ])('%s vs %s, %s: %s', (location, city, country, expected) => {
    expect(level('place', location ? { location } : {}, { city, country })).toBe(expected);
  });
});
