/**
 * Dates as pages show them, to ISO 8601: machine dates ("2025-05-13T02:06:14.000Z"),
 * written dates in English, Dutch, German, French, Spanish, Italian, Portuguese and
 * Russian ("Reviewed in the United States on July 6, 2024", "Beoordeeld in Nederland
 * op 3 maart 2024", "Rezension aus Deutschland vom 3. März 2024", "3 марта 2024 г."),
 * numeric dates, and relative ones ("2 weeks ago", "een maand geleden", "vor 3 Tagen",
 * "il y a 5 mois", "2 дня назад", "3 hrs ago", "2 нед. назад", "20h") resolved against
 * a given 'now' (a month back is the same day of the month before, not 30 days). A date without a time zone keeps only its day:
 * a day is honest, an invented hour is not.
 */

export interface DateOptions {
  /** The moment relative dates count back from, and that completes dates without a year. */
  now?: Date | number;
  /** How to read an all-numeric date with slashes (7/6/2024): US pages are month-first. */
  order?: 'dmy' | 'mdy';
}

const MONTH_NAMES: readonly (readonly string[])[] = [
  ['january', 'jan', 'januari', 'januar', 'jänner', 'janvier', 'janv', 'enero', 'ene', 'gennaio', 'janeiro', 'января', 'январь', 'янв'],
  ['february', 'feb', 'februari', 'februar', 'février', 'févr', 'fevr', 'febrero', 'febbraio', 'fevereiro', 'fev', 'февраля', 'февраль', 'фев'],
  ['march', 'mar', 'maart', 'mrt', 'märz', 'mär', 'maerz', 'mars', 'marzo', 'março', 'марта', 'март', 'мар'],
  ['april', 'apr', 'avril', 'avr', 'abril', 'abr', 'aprile', 'апреля', 'апрель', 'апр'],
  ['may', 'mei', 'mai', 'mayo', 'maggio', 'mag', 'maio', 'мая', 'май'],
  ['june', 'jun', 'juni', 'juin', 'junio', 'giugno', 'giu', 'junho', 'июня', 'июнь', 'июн'],
  ['july', 'jul', 'juli', 'juillet', 'juil', 'julio', 'luglio', 'lug', 'julho', 'июля', 'июль', 'июл'],
  ['august', 'aug', 'augustus', 'août', 'aout', 'agosto', 'августа', 'август', 'авг'],
  ['september', 'sep', 'sept', 'septembre', 'septiembre', 'settembre', 'setembro', 'сентября', 'сентябрь', 'сент', 'сен'],
  ['october', 'oct', 'oktober', 'okt', 'octobre', 'octubre', 'ottobre', 'ott', 'outubro', 'октября', 'октябрь', 'окт'],
  ['november', 'nov', 'novembre', 'noviembre', 'novembro', 'ноября', 'ноябрь', 'ноя'],
  ['december', 'dec', 'dezember', 'dez', 'décembre', 'déc', 'diciembre', 'dic', 'dicembre', 'dezembro', 'декабря', 'декабрь', 'дек'],
];

const MONTH_BY_NAME = new Map<string, number>();
MONTH_NAMES.forEach((names, i) => names.forEach((name) => MONTH_BY_NAME.set(name, i + 1)));

const MONTH = new RegExp(
  `(?<![\\p{L}])(${[...MONTH_BY_NAME.keys()].sort((a, b) => b.length - a.length).join('|')})\\.?(?![\\p{L}])`,
  'iu',
);

const ISO = /\b(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?/;

/** An ISO 8601 date (or date-time with its zone) for a date as shown, or undefined. */
export function parseDate(value: string | undefined | null, options: DateOptions = {}): string | undefined {
  if (!value) return undefined;
  const text = value.replace(/[\u00A0\u202F\u200E\u200F]/g, ' ').trim();
  if (text === '') return undefined;

  const iso = ISO.exec(text);
  if (iso) return isoFrom(iso);

  // A written date beats relative words around it ("Updated Jun 12, 2024").
  return writtenDate(text, options) ?? numericDate(text, options) ?? parseRelativeDate(text, options.now);
}

function isoFrom(m: RegExpExecArray): string | undefined {
  const [whole, y, mo, d, h, , , zone] = m;
  if (!validDay(Number(y), Number(mo), Number(d))) return undefined;
  // A time without a zone would be a guess about the reader's clock: keep the day.
  if (h !== undefined && zone === undefined) return `${y}-${mo}-${d}`;
  return whole;
}

function writtenDate(text: string, options: DateOptions): string | undefined {
  const month = MONTH.exec(text);
  if (!month) return undefined;
  const monthNumber = MONTH_BY_NAME.get(month[1]!.toLowerCase());
  if (!monthNumber) return undefined;
  const start = month.index;
  const end = start + month[0].length;

  // The day is the 1-2 digit number closest to the month name: "3. März", "July 6,", "3 de marzo".
  const before = /(\d{1,2})(?:\.|er|st|nd|rd|th)?[\s\u00A0]*(?:de[\s\u00A0]+|of[\s\u00A0]+)?$/iu.exec(text.slice(Math.max(0, start - 8), start));
  const after = /^[\s\u00A0]*(\d{1,2})(?!\d)(?:st|nd|rd|th)?/iu.exec(text.slice(end, end + 8));
  const dayText = before?.[1] ?? after?.[1];
  if (dayText === undefined) return undefined;
  const day = Number(dayText);

  const yearMatch = /(?<!\d)(1[89]\d\d|2[01]\d\d)(?!\d)/.exec(text.slice(end)) ?? /(?<!\d)(1[89]\d\d|2[01]\d\d)(?!\d)/.exec(text);
  let year: number;
  if (yearMatch) {
    year = Number(yearMatch[1]);
  } else {
    // "Nov 9" on X means this year, or last year when that day is still to come.
    if (options.now === undefined) return undefined;
    const now = new Date(options.now);
    year = now.getUTCFullYear();
    if (Date.UTC(year, monthNumber - 1, day) > now.getTime()) year -= 1;
  }
  return validDay(year, monthNumber, day) ? ymd(year, monthNumber, day) : undefined;
}

function numericDate(text: string, options: DateOptions): string | undefined {
  // Japanese and Chinese pages: 2024年7月6日.
  const cjk = /(\d{4})年(\d{1,2})月(\d{1,2})日/.exec(text);
  if (cjk) {
    const [, y, m, d] = cjk.map(Number) as [number, number, number, number];
    return validDay(y, m, d) ? ymd(y, m, d) : undefined;
  }
  const ymdMatch = /(?<!\d)(\d{4})[./](\d{1,2})[./](\d{1,2})(?!\d)/.exec(text);
  if (ymdMatch) {
    const [, y, m, d] = ymdMatch.map(Number) as [number, number, number, number];
    return validDay(y, m, d) ? ymd(y, m, d) : undefined;
  }
  const match = /(?<!\d)(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})(?!\d)/.exec(text);
  if (!match) return undefined;
  const [, a, separator, b, y] = match as unknown as [string, string, string, string, string];
  let year = Number(y);
  if (y.length === 2) year += 2000;
  let day = Number(a);
  let month = Number(b);
  const monthFirst = separator === '/' && (options.order ?? 'mdy') === 'mdy';
  if (monthFirst) [day, month] = [month, day];
  return validDay(year, month, day) ? ymd(year, month, day) : undefined;
}

// --- relative dates ---------------------------------------------------------

type Unit = 'second' | 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';

/**
 * Unit words in the users' languages (stems where the language declines them),
 * then abbreviations ("3 hrs", "2 нед.", "vor 3 Std.", "il y a 3 j"). The
 * abbreviations and the French "an" are read only after an amount: "an hour
 * ago" is one hour, not a year.
 */
const UNITS: readonly (readonly [Unit, RegExp, RegExp])[] = [
  ['second', /^(?:seconds?|secs?|seconde[n]?|sekunden?|secondes?|segundos?|secondi|секунд\p{L}*)$/iu, /^(?:s|sec|sek|сек)$/iu],
  ['minute', /^(?:minutes?|mins?|minuut|minuten|minuto|minuti|minutos|минут\p{L}*)$/iu, /^(?:min|мин)$/iu],
  ['hour', /^(?:hours?|hrs?|uur|stunden?|heures?|horas?|ore|ora|час\p{L}*)$/iu, /^(?:h|u|std|ч)$/iu],
  ['day', /^(?:days?|dag|dagen|tag|tagen|tage|jours?|días?|dias?|giorni|giorno|день|дня|дней)$/iu, /^(?:d|tg|j|дн)$/iu],
  ['week', /^(?:weeks?|wks?|weken|woche|wochen|semaines?|semanas?|settimane|settimana|недел\p{L}*)$/iu, /^(?:wk|wo|sem|нед)$/iu],
  ['month', /^(?:months?|maand|maanden|monat|monaten|monate|mois|mes|meses|mesi|mese|месяц\p{L}*)$/iu, /^(?:mos?|mnd|mon|мес)$/iu],
  ['year', /^(?:years?|yrs?|jaar|jaren|jahr|jahren|jahre|années?|años?|anni|anno|год|года|лет)$/iu, /^(?:ans?|yr|jr|г|л)$/iu],
];

/** Short forms of X, Bluesky, TikTok and Instagram: "20h", "3d", "2w", "1mo", "1y". */
const SHORT = /^(?:·\s*)?(\d+)\s?(s|m|min|h|d|w|mo|y)$/i;
const SHORT_UNITS: Record<string, Unit> = { s: 'second', m: 'minute', min: 'minute', h: 'hour', d: 'day', w: 'week', mo: 'month', y: 'year' };

const AGO = /(?<![\p{L}])(?:ago|geleden|vor|il y a|hace|назад|fa|há)(?![\p{L}])/iu;
const ONE = /^(?:an?|one|een|één|ein|eine|einem|einer|einen|un|une|una|uno|um|uma|один|одну|одна)$/iu;
/** "A few", "несколько": an amount nobody counted; three is as near as any. */
const FEW = /^(?:few|several|enkele|paar|einigen|ein paar|quelques|unos|unas|alcuni|несколько|пару)$/iu;
const HALF_YEAR = /(?<![\p{L}])(?:half a year|een half jaar|einem halben jahr|полгода)(?![\p{L}])/iu;
const DAY_BEFORE_YESTERDAY = /(?<![\p{L}])(?:day before yesterday|eergisteren|vorgestern|avant-hier|anteayer|l'altro ieri|anteontem|позавчера)(?![\p{L}])/iu;
const YESTERDAY = /(?<![\p{L}])(?:yesterday|gisteren|gestern|hier|ayer|ieri|ontem|вчера)(?![\p{L}])/iu;
const TODAY = /(?<![\p{L}])(?:today|just now|vandaag|zojuist|heute|gerade eben|aujourd[’']hui|à l[’']instant|hoy|ahora|oggi|hoje|сегодня|только что)(?![\p{L}])/iu;

/** A relative date ("2 weeks ago", "een maand geleden", "vor 3 Tagen", "20h") as the ISO day it names. */
export function parseRelativeDate(value: string, now: Date | number | undefined): string | undefined {
  if (now === undefined) return undefined;
  const base = new Date(now);
  if (Number.isNaN(base.getTime())) return undefined;
  const text = value.trim();

  const short = SHORT.exec(text);
  if (short) return shift(base, Number(short[1]), SHORT_UNITS[short[2]!.toLowerCase()]!);
  if (DAY_BEFORE_YESTERDAY.test(text)) return shift(base, 2, 'day');
  if (YESTERDAY.test(text)) return shift(base, 1, 'day');
  if (TODAY.test(text)) return shift(base, 0, 'day');
  if (!AGO.test(text)) return undefined;
  if (HALF_YEAR.test(text)) return shift(base, 6, 'month');

  // Find the unit word, then its amount: the number or "a / een / einem" just before it (or none: "месяц назад").
  const words = text.split(/[\s\u00A0]+/).map((w) => w.replace(/^[^\p{L}\d]+|[^\p{L}\d]+$/gu, ''));
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const previous = i > 0 ? words[i - 1]! : '';
    const counted = /^\d+$/.test(previous) || ONE.test(previous) || FEW.test(previous);
    const unit = UNITS.find(([, full, abbreviated]) => full.test(word) || (counted && abbreviated.test(word)))?.[0];
    if (!unit) continue;
    const amount = /^\d+$/.test(previous) ? Number(previous) : FEW.test(previous) ? 3 : ONE.test(previous) || i === 0 || AGO.test(previous) ? 1 : undefined;
    if (amount !== undefined) return shift(base, amount, unit);
  }
  return undefined;
}

function shift(base: Date, amount: number, unit: Unit): string {
  const d = new Date(base.getTime());
  switch (unit) {
    case 'second':
      d.setTime(d.getTime() - amount * 1000);
      break;
    case 'minute':
      d.setTime(d.getTime() - amount * 60_000);
      break;
    case 'hour':
      d.setTime(d.getTime() - amount * 3_600_000);
      break;
    case 'day':
      d.setTime(d.getTime() - amount * 86_400_000);
      break;
    case 'week':
      d.setTime(d.getTime() - amount * 7 * 86_400_000);
      break;
    case 'month':
      d.setUTCMonth(d.getUTCMonth() - amount);
      break;
    case 'year':
      d.setUTCFullYear(d.getUTCFullYear() - amount);
      break;
  }
  return ymd(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

// --- helpers ----------------------------------------------------------------

function validDay(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || month < 1 || month > 12 || day < 1 || day > 31) return false;
  return new Date(Date.UTC(year, month - 1, day)).getUTCMonth() === month - 1;
}

function ymd(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** An ISO date-time (UTC) for a Unix time in seconds, as TikTok and others store it. */
export function fromUnixSeconds(value: unknown): string | undefined {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0) return undefined;
  const d = new Date(n * 1000);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}
