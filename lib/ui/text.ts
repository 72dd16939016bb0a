/**
 * The interface text and the number and date formats of one language, as
 * the pages use them. Messages come from the extension's own
 * _locales/<lang>/messages.json (built from locales/*.yml), loaded by
 * lib/ext/i18n.ts; here they are plain data, so components render the same
 * in Node tests and benchmarks.
 */
import type { GeneratedI18nStructure } from '#i18n';

export type MessageKey = keyof GeneratedI18nStructure & string;
export type Messages = Record<string, { message: string }>;

export const UI_LANGUAGES = ['en', 'nl', 'ru'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];

export interface Text {
  language: UiLanguage;
  /** The message for a key with $1, $2, ... filled in; English when the language lacks it. */
  t(key: MessageKey, ...subs: (string | number)[]): string;
  /**
   * A message with plural forms ("$1 review | $1 reviews"; Russian may give three), the form chosen by
   * the language's plural rules for `count`; $1 is `shown` (the count as formatted for display).
   */
  plural(key: MessageKey, count: number, shown?: string): string;
  money(amount: number, currency: string): string;
  number(value: number, maximumFractionDigits?: number): string;
  /** 12.4K, 1,2 mln.: counts as people read them in lists. */
  compact(value: number): string;
  percent(share: number): string;
  /** A day (ISO date or a time in ms). */
  date(value: string | number): string;
  dateTime(value: number): string;
  /** The name of an ISO weekday, Monday 1 to Sunday 7. */
  weekday(isoDay: number): string;
}

/** Numbers and dates follow the interface language's conventions (nl: 1.234,50; ru: 1 234,50). */
const LOCALE_OF: Record<UiLanguage, string> = { en: 'en-GB', nl: 'nl-NL', ru: 'ru-RU' };

/** The interface language for a setting: the chosen one, or the browser's when it is one we have, else English. */
export function pickLanguage(setting: string, browserLanguage: string): UiLanguage {
  if ((UI_LANGUAGES as readonly string[]).includes(setting)) return setting as UiLanguage;
  const base = browserLanguage.toLowerCase().split(/[-_]/)[0] ?? '';
  return (UI_LANGUAGES as readonly string[]).includes(base) ? (base as UiLanguage) : 'en';
}

export function createText(language: UiLanguage, messages: Messages, fallback: Messages = messages): Text {
  const locale = LOCALE_OF[language];
  const moneyFormats = new Map<string, Intl.NumberFormat>();
  const numberFormats = new Map<number, Intl.NumberFormat>();
  const compact = new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 });
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const dayTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const pluralRules = new Intl.PluralRules(locale);
  const weekdayName = new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' });
  const fill = (template: string, subs: readonly (string | number)[]) =>
    template.replace(/\$(\d)/g, (whole, n: string) => {
      const sub = subs[Number(n) - 1];
      return sub === undefined ? whole : String(sub);
    });
  const template = (key: MessageKey) => {
    const name = key.replaceAll('.', '_');
    return messages[name]?.message ?? fallback[name]?.message ?? key;
  };
  return {
    language,
    t: (key, ...subs) => fill(template(key), subs),
    plural(key, count, shown = String(count)) {
      const forms = template(key).split(' | ');
      // Two forms: one / other (English, Dutch). Three: one / few / many (Russian).
      const rule = pluralRules.select(count);
      const index = forms.length === 1 ? 0 : forms.length === 2 ? (rule === 'one' ? 0 : 1) : rule === 'one' ? 0 : rule === 'few' ? 1 : 2;
      return fill(forms[Math.min(index, forms.length - 1)]!, [shown]);
    },
    money(amount, currency) {
      let f = moneyFormats.get(currency);
      if (!f) {
        f = new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 0 });
        moneyFormats.set(currency, f);
      }
      return f.format(amount);
    },
    number(value, maximumFractionDigits = 0) {
      let f = numberFormats.get(maximumFractionDigits);
      if (!f) {
        f = new Intl.NumberFormat(locale, { maximumFractionDigits });
        numberFormats.set(maximumFractionDigits, f);
      }
      return f.format(value);
    },
    compact: (value) => compact.format(value),
    percent: (share) => percent.format(share),
    date(value) {
      const ms = typeof value === 'number' ? value : Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
      return Number.isFinite(ms) ? day.format(ms) : String(value);
    },
    dateTime: (value) => dayTime.format(value),
    // 5 January 1970 was a Monday.
    weekday: (isoDay) => weekdayName.format(Date.UTC(1970, 0, 4 + isoDay)),
  };
}
