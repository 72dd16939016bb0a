import { describe, expect, it } from 'vitest';
import { comparePlaces, PLACE } from '../../../lib/match/comparisons';
import { customerPlace, parsePlace, placeInBio } from '../../../lib/match/location';

describe('parsePlace', () => {
  it.each([
    ['Utrecht, NL', { city: 'NL:utrecht', region: 'NL-UT', country: 'NL' }],
    ['Amsterdam 🇳🇱', { city: 'NL:amsterdam', region: 'NL-NH', country: 'NL' }],
    ['Москва', { city: 'RU:moskva', region: 'RU-MOW', country: 'RU' }],
    ['Moscow', { city: 'RU:moskva', region: 'RU-MOW', country: 'RU' }],
    ['St. Petersburg, Russia', { city: 'RU:sankt peterburg', region: 'RU-SPE', country: 'RU' }],
    ['Питер', { city: 'RU:sankt peterburg', region: 'RU-SPE', country: 'RU' }],
    ['The Hague, Netherlands', { city: 'NL:den hag', region: 'NL-ZH', country: 'NL' }],
    ["'s-Hertogenbosch", { city: 'NL:s hertogenbosh', region: 'NL-NB', country: 'NL' }],
    ['Köln', { city: 'DE:koln', region: 'DE-NW', country: 'DE' }],
    ['Londen', { city: 'GB:london', region: 'GB-ENG', country: 'GB' }],
    ['Noord-Brabant', { region: 'NL-NB', country: 'NL' }],
    ['Nederland', { country: 'NL' }],
    ['🇧🇪', { country: 'BE' }],
    ['Россия', { country: 'RU' }],
  ])('%s', (text, place) => {
    expect(parsePlace(text)).toEqual(place);
  });

  it('reads a city that is also a province as the city', () => {
    expect(parsePlace('Groningen')).toEqual({ city: 'NL:groningen', region: 'NL-GR', country: 'NL' });
  });

  it('keeps a town it does not know beside a province it knows, so that it agrees with the same town in the CRM', () => {
    expect(parsePlace('Zaltbommel, Gelderland')).toEqual({ city: parsePlace('Zaltbommel').city, region: 'NL-GE', country: 'NL' });
    expect(comparePlaces(parsePlace('Zaltbommel, Gelderland'), customerPlace('Zaltbommel', 'NL'))).toBe(PLACE.city);
    expect(comparePlaces(parsePlace('Neuss, NRW'), customerPlace('Neuss', 'DE'))).toBe(PLACE.city);
    // Another town in the same province is still another place.
    expect(comparePlaces(parsePlace('Tiel, Gelderland'), customerPlace('Zaltbommel', 'NL'))).toBe(PLACE.otherPlace);
  });

  it('keeps an unknown place by its spelling', () => {
    expect(parsePlace('Nieuw-Vennep').city).toBe(parsePlace('nieuw vennep').city);
    expect(parsePlace('')).toEqual({});
    expect(parsePlace(undefined)).toEqual({});
  });
});

describe('customerPlace', () => {
  it('reads CRM city and country columns', () => {
    expect(customerPlace('Utrecht', 'NL')).toEqual({ city: 'NL:utrecht', region: 'NL-UT', country: 'NL' });
    expect(customerPlace('Düsseldorf', 'DE')).toEqual({ city: 'DE:duseldorf', region: 'DE-NW', country: 'DE' });
    expect(customerPlace(undefined, 'Netherlands')).toEqual({ country: 'NL' });
  });

  it('does not move a customer to another country for a city of the same name', () => {
    expect(customerPlace('Limburg', 'DE').country).toBe('DE');
  });

  it("keeps a customer's town whose name the gazetteer knows only in another country (London, Ontario; Newcastle, NSW)", () => {
    expect(customerPlace('London', 'CA').city).toBeDefined();
    expect(comparePlaces(parsePlace('London, Canada'), customerPlace('London', 'CA'))).toBe(PLACE.city);
    expect(comparePlaces(parsePlace('Newcastle, Australia'), customerPlace('Newcastle', 'AU'))).toBe(PLACE.city);
    // The namesake town in the gazetteer's country is still another country.
    expect(comparePlaces(parsePlace('London, UK'), customerPlace('London', 'CA'))).toBe(PLACE.otherCountry);
  });

  it('keeps a short town name beside a country (Rye, Moe); only an abbreviation in capitals (NSW, NYC) is dropped', () => {
    expect(comparePlaces(parsePlace('Rye, East Sussex'), customerPlace('Rye', 'GB'))).toBe(PLACE.city);
    expect(customerPlace('Moe', 'AU').city).toBeDefined();
    expect(parsePlace('NYC, USA')).toEqual({ country: 'US' });
  });

  it("reads a second place name it does not know as the town's region, so two towns of one state are that region, not unrelated places", () => {
    // Febrl's records: suburb and state; the CRM has the customer's old suburb in the same state.
    expect(comparePlaces(parsePlace('Toorak, Victoria'), customerPlace('Jindalee, Victoria', 'AU'))).toBe(PLACE.region);
    expect(comparePlaces(parsePlace('Toorak, Victoria'), customerPlace('Jindalee, Queensland', 'AU'))).toBe(PLACE.otherPlace);
    // A known province still wins over an unknown word beside it.
    expect(parsePlace('Zaltbommel, Gelderland').region).toBe('NL-GE');
  });
});

describe('placeInBio', () => {
  it.each([
    ['Volg mij voor bakken-tips. Almere based', 'NL:almere'],
    ['Mode | lezen | koffie • The Hague based • Samenwerken?', 'NL:den hag'],
    ['Мама двоих детей. 📍Мюнхен', 'DE:munchen'],
    ['Living in Leeds with 2 cats', 'GB:leds'],
  ])('%s -> %s', (bio, city) => {
    expect(placeInBio(bio).city).toBe(city);
  });

  it.each(['Based in the kitchen', 'home-based baker', 'Dog dad 🐶', 'Trip to Paris next week', ''])('reads no place into %j', (bio) => {
    expect(placeInBio(bio)).toEqual({});
  });
});
