/**
 * Locations at city, region and country granularity: "Utrecht, NL",
 * "Amsterdam 🇳🇱", "Москва", "Noord-Brabant", "Nederland". Names are looked up
 * by skeleton in a small gazetteer; a city it does not know is still compared
 * by its spelling ("Hoofddorp" = "hoofddorp").
 */
import { CITIES, COUNTRIES, REGIONS } from './data/gazetteer';
import { memo } from './memo';
import { skeleton } from './skeleton';
import { fold } from '../text/fold';

export interface Place {
  /** A gazetteer city id ("NL:utrecht") or, for a place it does not know, "?:" + the skeleton of its name. */
  city?: string;
  /** ISO 3166-2-like region id ("NL-UT"). */
  region?: string;
  /** ISO 3166-1 alpha-2 ("NL"). */
  country?: string;
}

type Entry = { kind: 'city'; id: string; region: string; country: string } | { kind: 'region'; id: string; country: string } | { kind: 'country'; id: string };

interface Gazetteer {
  byName: Map<string, Entry[]>;
  longestName: number;
}

let gazetteer: Gazetteer | null = null;

/** The lookup key of a place name: skeletons of its words. */
function placeKey(name: string): string {
  return fold(name)
    .replace(/['’]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map(skeleton)
    .join(' ');
}

function build(): Gazetteer {
  const byName = new Map<string, Entry[]>();
  let longestName = 1;
  const add = (name: string, entry: Entry) => {
    const key = placeKey(name);
    if (!key) return;
    longestName = Math.max(longestName, key.split(' ').length);
    const list = byName.get(key);
    if (!list) byName.set(key, [entry]);
    else if (!list.some((e) => e.kind === entry.kind && e.id === entry.id)) list.push(entry);
  };
  for (const line of COUNTRIES.trim().split('\n')) {
    const [id, names] = line.split('|');
    for (const name of names!.split(';')) add(name, { kind: 'country', id: id! });
  }
  for (const line of REGIONS.trim().split('\n')) {
    const [id, country, names] = line.split('|');
    for (const name of names!.split(';')) add(name, { kind: 'region', id: id!, country: country! });
  }
  for (const line of CITIES.trim().split('\n')) {
    const [country, region, names] = line.split('|');
    const list = names!.split(';');
    const id = `${country}:${placeKey(list[0]!)}`;
    for (const name of list) add(name, { kind: 'city', id, region: region!, country: country! });
  }
  return { byName, longestName };
}

function lookup(): Gazetteer {
  return (gazetteer ??= build());
}

/** Regional-indicator flags to their country codes: 🇳🇱 -> NL. */
function flags(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/([\u{1F1E6}-\u{1F1FF}])([\u{1F1E6}-\u{1F1FF}])/gu)) {
    out.push(String.fromCharCode(m[1]!.codePointAt(0)! - 0x1f1e6 + 65, m[2]!.codePointAt(0)! - 0x1f1e6 + 65));
  }
  return out;
}

/** Entries named by a piece of text: the whole piece first, then its longest word runs. */
function entriesIn(piece: string): Entry[] {
  const { byName, longestName } = lookup();
  const words = placeKey(piece).split(' ').filter(Boolean);
  const whole = byName.get(words.join(' '));
  if (whole) return whole;
  const found: Entry[] = [];
  let i = 0;
  while (i < words.length) {
    let matched = 0;
    for (let n = Math.min(longestName, words.length - i); n >= 1; n--) {
      const key = words.slice(i, i + n).join(' ');
      // Two-letter words are country codes only as a piece of their own ("Utrecht, NL"), never inside text.
      if (n === 1 && key.length <= 2) continue;
      const entries = byName.get(key);
      if (entries) {
        found.push(...entries);
        matched = n;
        break;
      }
    }
    i += matched || 1;
  }
  return found;
}

/** Parse a location as people write it. Unknown text becomes a city compared by its spelling. */
export function parsePlace(text: string | undefined): Place {
  if (!text) return {};
  const place: Place = {};
  const countries = new Set(flags(text));
  const pieces = text
    .replace(/[\u{1F1E6}-\u{1F1FF}]/gu, ' ')
    .split(/[,;/|·•()]+|\s[-–—]\s/u)
    .map((p) => p.trim())
    .filter((p) => /\p{L}/u.test(p));
  const cities: Entry[] = [];
  const regions: Entry[] = [];
  // Pieces the gazetteer does not know, in order: the first is a town, the next its region ("Orange, NSW").
  const unknown: Piece[] = [];
  // The first piece the gazetteer knows only as a city, in case that city lies in another country than stated.
  let namedCity: Piece | undefined;
  for (const piece of pieces) {
    const entries = entriesIn(piece);
    if (entries.length === 0) unknown.push(pieceOf(piece));
    else if (namedCity === undefined && entries.every((e) => e.kind === 'city')) namedCity = pieceOf(piece);
    for (const e of entries) {
      if (e.kind === 'country') countries.add(e.id);
      else if (e.kind === 'region') regions.push(e);
      else cities.push(e);
    }
  }
  const country = countries.size === 1 ? [...countries][0] : undefined;
  // A name that is a city and a region (Utrecht, Groningen) is the city; a city in the stated country wins.
  const city = cities.find((c) => c.kind === 'city' && (!country || c.country === country)) ?? (country ? undefined : cities[0]);
  if (city && city.kind === 'city') {
    place.city = city.id;
    if (city.region) place.region = city.region;
    place.country = city.country;
    return place;
  }
  // A town before any piece the gazetteer knows elsewhere: London, Ontario is not London, England, but a
  // town of its own, compared by its spelling.
  const town = namedCity !== undefined && cities.length > 0 ? namedCity : unknown.shift();
  // Short words in capitals beside a country are abbreviations (NSW, NYC), not towns; Rye and Moe are towns.
  const townKey = town && town.key && town.letters >= 3 && !(town.abbreviation && country) ? town.key : undefined;
  const region = regions.find((r) => r.kind === 'region' && (!country || r.country === country));
  if (region && region.kind === 'region') {
    // A town the gazetteer does not know beside a province it does ("Zaltbommel, Gelderland"): the town
    // is where the person lives, compared by its spelling like any unknown place.
    if (townKey) place.city = `?:${townKey}`;
    place.region = region.id;
    place.country = region.country;
    return place;
  }
  if (country) place.country = country;
  if (townKey) {
    place.city = `?:${townKey}`;
    // A second name it does not know is the town's region as written (a state, a county): two towns of
    // one state then share that region rather than being unrelated places.
    const area = unknown.find((u) => u.letters >= 2);
    if (area) place.region = `?:${area.key}`;
  }
  return place;
}

/** A piece of a location as a possible town: its lookup key, how many letters it has, and whether it is an abbreviation. */
interface Piece {
  key: string;
  letters: number;
  /** A short word written in capitals ("NSW", "NYC"): an abbreviation, not a town's name. */
  abbreviation: boolean;
}

function pieceOf(text: string): Piece {
  const letters = text.replace(/[^\p{L}]/gu, '');
  return { key: placeKey(text), letters: letters.length, abbreviation: letters.length <= 3 && letters === letters.toUpperCase() };
}

const customerPlaceOf = memo((key: string) => {
  const bar = key.indexOf('\u0000');
  return placeOfFields(key.slice(0, bar) || undefined, key.slice(bar + 1) || undefined);
}, 10_000);

/** A CRM's city and country fields as a place. */
export function customerPlace(city: string | undefined, country: string | undefined): Place {
  // Customers share few cities: remember them (a copy is returned, as callers may keep it).
  return { ...customerPlaceOf(`${city ?? ''}\u0000${country ?? ''}`) };
}

function placeOfFields(city: string | undefined, country: string | undefined): Place {
  const countryPlace = country ? parsePlace(country) : {};
  const code = countryPlace.country ?? (country && /^[A-Za-z]{2}$/.test(country.trim()) ? country.trim().toUpperCase() : undefined);
  if (!city) return code ? { country: code } : {};
  const place = parsePlace(code ? `${city}, ${code}` : city);
  if (!place.country && code) place.country = code;
  // A city of the same name elsewhere does not override the CRM's country.
  if (code && place.country !== code) return { city: `?:${placeKey(city)}`, country: code };
  return place;
}

/**
 * Where a bio says the person lives: "📍 Utrecht", "Almere based", "Based in Leeds", "woont in Zwolle",
 * "живу в Казани". Only a place the gazetteer knows counts: "Based in the kitchen" is no place. Read only
 * to doubt an identifier (match.ts), never as agreement: namesakes state the customer's own city too.
 */
const BIO_PLACE_PATTERNS: readonly RegExp[] = [
  /📍\s*([^|•\n!?.]{2,40})/u,
  /(?:^|[\s|•(])(?:based in|living in|located in|lives in|wonend in|woont in|woonachtig in|wohnhaft in|lebe in|живу в|живём в|живем в)\s+([^|•\n!?.]{2,40})/iu,
  /(?:^|[\s|•(])([\p{L}][\p{L}' ]{1,30}?)[- ]based\b/iu,
];

export function placeInBio(bio: string | undefined): Place {
  if (!bio) return {};
  for (const pattern of BIO_PLACE_PATTERNS) {
    const phrase = pattern.exec(bio)?.[1]?.trim();
    if (!phrase) continue;
    const place = parsePlace(phrase);
    if (place.city?.startsWith('?:')) delete place.city;
    if (place.city || place.region || place.country) return place;
  }
  return {};
}
