/**
 * Where a customer lives, as a region a marketer plans by: the CRM's own
 * region column when the export has one, else the province of a known city
 * (the Netherlands and Flanders, where Earshot's users sell, and a few
 * neighbouring cities), else the country. Cities are folded like search
 * words, so "Den Haag", "den haag" and "'s-Gravenhage" all find Zuid-Holland.
 */
import { searchWords } from '../text/search';

const PROVINCES: Record<string, readonly string[]> = {
  'Noord-Holland': ['amsterdam', 'haarlem', 'alkmaar', 'zaandam', 'zaanstad', 'hilversum', 'hoorn', 'amstelveen', 'purmerend', 'hoofddorp', 'haarlemmermeer', 'den helder', 'heerhugowaard', 'ijmuiden', 'velsen', 'bussum', 'weesp', 'edam', 'volendam'],
  'Zuid-Holland': ['rotterdam', 'den haag', 's gravenhage', 'the hague', 'leiden', 'delft', 'dordrecht', 'zoetermeer', 'gouda', 'schiedam', 'vlaardingen', 'alphen aan den rijn', 'spijkenisse', 'katwijk', 'rijswijk', 'capelle aan den ijssel', 'leidschendam', 'voorburg', 'naaldwijk', 'gorinchem'],
  Utrecht: ['utrecht', 'amersfoort', 'zeist', 'nieuwegein', 'veenendaal', 'houten', 'ijsselstein', 'woerden', 'soest', 'maarssen', 'baarn', 'bilthoven'],
  'Noord-Brabant': ['eindhoven', 'tilburg', 'breda', 's hertogenbosch', 'den bosch', 'helmond', 'oss', 'roosendaal', 'bergen op zoom', 'oosterhout', 'waalwijk', 'veldhoven', 'uden', 'boxtel'],
  Gelderland: ['nijmegen', 'arnhem', 'apeldoorn', 'ede', 'doetinchem', 'harderwijk', 'zutphen', 'tiel', 'wageningen', 'barneveld', 'culemborg', 'winterswijk'],
  Overijssel: ['zwolle', 'enschede', 'deventer', 'hengelo', 'almelo', 'kampen', 'oldenzaal'],
  Groningen: ['groningen', 'veendam', 'hoogezand', 'delfzijl'],
  Friesland: ['leeuwarden', 'sneek', 'drachten', 'heerenveen', 'harlingen'],
  Drenthe: ['assen', 'emmen', 'hoogeveen', 'meppel'],
  Flevoland: ['almere', 'lelystad', 'dronten', 'emmeloord'],
  Limburg: ['maastricht', 'venlo', 'heerlen', 'sittard', 'roermond', 'weert', 'kerkrade', 'geleen'],
  Zeeland: ['middelburg', 'vlissingen', 'goes', 'terneuzen'],
  Antwerpen: ['antwerpen', 'antwerp', 'mechelen', 'turnhout'],
  'Oost-Vlaanderen': ['gent', 'ghent', 'aalst', 'sint niklaas'],
  'West-Vlaanderen': ['brugge', 'bruges', 'kortrijk', 'oostende', 'ostend', 'roeselare'],
  'Vlaams-Brabant': ['leuven', 'vilvoorde'],
  'Limburg (BE)': ['hasselt', 'genk'],
  Brussel: ['brussel', 'brussels', 'bruxelles'],
  'Nordrhein-Westfalen': ['dusseldorf', 'koln', 'cologne', 'munster', 'dortmund', 'essen', 'duisburg', 'bonn', 'aachen'],
  Scotland: ['edinburgh', 'glasgow', 'aberdeen', 'dundee'],
  Wales: ['cardiff', 'swansea'],
};

const REGION_OF_CITY = new Map<string, string>(Object.entries(PROVINCES).flatMap(([region, cities]) => cities.map((c) => [searchWords(c).join(' '), region] as const)));

/** Names of the custom column that holds a region, as CRM exports call it (compared case-insensitively). */
export const REGION_COLUMNS = ['region', 'province', 'provincie', 'state', 'county', 'regio', 'регион', 'область'] as const;
export const LANGUAGE_COLUMNS = ['language', 'lang', 'locale', 'taal', 'язык'] as const;
export const CHANNEL_COLUMN = 'acquisition_channel';
export const ACQUISITION_COST_COLUMN = 'acquisition_cost';
export const RETENTION_SPEND_COLUMN = 'retention_spend';

/** A custom column's value by any of its names (case and surrounding spaces ignored), or '' when absent. */
export function customValue(custom: Readonly<Record<string, string>> | undefined, names: readonly string[]): string {
  if (!custom) return '';
  for (const key in custom) {
    if (names.includes(key.trim().toLowerCase())) {
      const value = (custom[key] ?? '').trim();
      if (value) return value;
    }
  }
  return '';
}

/** The region a customer is counted in: the CRM's column, a known city's province, the country, or null. */
export function regionOf(customer: { city?: string | undefined; country?: string | undefined; custom?: Readonly<Record<string, string>> | undefined }): string | null {
  const own = customValue(customer.custom, REGION_COLUMNS);
  if (own) return own;
  const city = customer.city ? REGION_OF_CITY.get(searchWords(customer.city).join(' ')) : undefined;
  if (city) return city;
  const country = customer.country?.trim().toUpperCase();
  return country && /^[A-Z]{2}$/.test(country) ? country : null;
}

/** True for a region that is a country code (the customer's city told nothing more). */
export function isCountryRegion(region: string): boolean {
  return /^[A-Z]{2}$/.test(region);
}
