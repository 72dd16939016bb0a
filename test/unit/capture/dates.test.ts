/**
 * Dates as real pages write them (fixture strings are copied from the saved
 * pages), to ISO 8601; relative ones against a fixed 'now'.
 */
import { describe, expect, it } from 'vitest';
import { fromUnixSeconds, parseDate } from '../../../lib/capture/dates';

const NOW = Date.parse('2023-04-22T12:00:00Z');

describe('written and machine dates', () => {
  it.each([
    // (fixture) amazon.com, Trustpilot, Bluesky, YouTube, Instagram, X, JSON-LD
    ['Reviewed in the United States on July 6, 2024', '2024-07-06'],
    ['Reviewed in the United States on May 24, 2024', '2024-05-24'],
    ['Reviewed in the United Kingdom on November 13, 2023', '2023-11-13'],
    ['Reviewed in Germany on June 6, 2021', '2021-06-06'],
    ['Updated Jun 12, 2024', '2024-06-12'],
    ['Jun 11, 2024', '2024-06-11'],
    ['January 26, 2026 at 7:50 PM', '2026-01-26'],
    ['27 mar 2025', '2025-03-27'],
    ['May 29, 2021', '2021-05-29'],
    ['2025-05-13T02:06:14.000Z', '2025-05-13T02:06:14.000Z'],
    ['2025-03-27T17:55:38-07:00', '2025-03-27T17:55:38-07:00'],
    ['2024-10-15', '2024-10-15'],
    // Amazon storefronts in their languages
    ['Reviewed in the United Kingdom 🇬🇧 on 13 November 2023', '2023-11-13'],
    ['Beoordeeld in Nederland op 3 maart 2024', '2024-03-03'],
    ['Beoordeeld in Nederland 🇳🇱 op 3 maart 2024', '2024-03-03'],
    ['Rezension aus Deutschland vom 3. März 2024', '2024-03-03'],
    ['Rezension aus Deutschland 🇩🇪 vom 24. Dezember 2023', '2023-12-24'],
    ['Commenté en France le 3 mars 2024', '2024-03-03'],
    ['Commenté en France le 1er février 2024', '2024-02-01'],
    ['Calificado en España el 3 de marzo de 2024', '2024-03-03'],
    ['Revisado en México el 6 de julio de 2024', '2024-07-06'],
    ['Recensito in Italia il 3 marzo 2024', '2024-03-03'],
    ['3 марта 2024 г.', '2024-03-03'],
    ['12 июля 2024', '2024-07-12'],
    ['2024年7月6日に日本でレビュー済み', '2024-07-06'],
    // Numeric
    ['06.07.2024', '2024-07-06'],
    ['2024/07/06', '2024-07-06'],
    // A time without a zone keeps its day only.
    ['2024-07-06T10:00:00', '2024-07-06'],
    // Not dates
    ['5.0 out of 5 stars', undefined],
    ['February 30, 2024', undefined],
    ['2023-02-29', undefined],
    ['Joined January 2010', undefined],
    ['', undefined],
  ])('%j -> %s', (text, expected) => {
    expect(parseDate(text, { now: NOW })).toBe(expected);
  });

  it('reads slashes month-first on US pages, day-first elsewhere', () => {
    expect(parseDate('7/6/2024', { order: 'mdy' })).toBe('2024-07-06');
    expect(parseDate('7/6/2024', { order: 'dmy' })).toBe('2024-06-07');
  });

  it('completes a date without a year ("Nov 9" on X) from now, never into the future', () => {
    expect(parseDate('Nov 9', { now: Date.parse('2025-12-30T00:00:00Z') })).toBe('2025-11-09');
    expect(parseDate('Dec 31', { now: Date.parse('2025-06-01T00:00:00Z') })).toBe('2024-12-31');
    expect(parseDate('Nov 9')).toBeUndefined();
  });

  it('converts Unix seconds (TikTok createTime)', () => {
    expect(fromUnixSeconds('1762961788')).toBe('2025-11-12T15:36:28.000Z');
    expect(fromUnixSeconds(0)).toBeUndefined();
    expect(fromUnixSeconds('soon')).toBeUndefined();
  });
});

describe('relative dates, against now = 2023-04-22 12:00 UTC', () => {
  it.each([
    // (fixture) Google Maps
    ['a week ago', '2023-04-15'],
    ['4 weeks ago', '2023-03-25'],
    ['a month ago', '2023-03-22'],
    // (fixture) Trustpilot, Bluesky
    ['5 days ago', '2023-04-17'],
    ['10 hours ago', '2023-04-22'],
    ['· 20h', '2023-04-21'],
    ['· 3d', '2023-04-19'],
    ['· 1mo', '2023-03-22'],
    ['2w', '2023-04-08'],
    ['Edited 3 weeks ago', '2023-04-01'],
    ['2 years ago', '2021-04-22'],
    ['yesterday', '2023-04-21'],
    ['just now', '2023-04-22'],
    // Dutch
    ['een maand geleden', '2023-03-22'],
    ['2 weken geleden', '2023-04-08'],
    ['3 dagen geleden', '2023-04-19'],
    ['een jaar geleden', '2022-04-22'],
    ['gisteren', '2023-04-21'],
    // German
    ['vor einem Monat', '2023-03-22'],
    ['vor 2 Wochen', '2023-04-08'],
    ['vor 3 Tagen', '2023-04-19'],
    ['gestern', '2023-04-21'],
    // French
    ['il y a un mois', '2023-03-22'],
    ['il y a 2 semaines', '2023-04-08'],
    ['il y a 3 jours', '2023-04-19'],
    ['il y a 2 ans', '2021-04-22'],
    // Spanish
    ['hace un mes', '2023-03-22'],
    ['hace 2 semanas', '2023-04-08'],
    ['hace 3 días', '2023-04-19'],
    ['ayer', '2023-04-21'],
    // Russian
    ['месяц назад', '2023-03-22'],
    ['2 недели назад', '2023-04-08'],
    ['3 дня назад', '2023-04-19'],
    ['5 лет назад', '2018-04-22'],
    ['вчера', '2023-04-21'],
  ])('%j -> %s', (text, expected) => {
    expect(parseDate(text, { now: NOW })).toBe(expected);
  });

  // The languages Earshot's users read, each with its units, its "one" and its abbreviations.
  it.each([
    // English: "an" is "one", not the French year.
    ['an hour ago', '2023-04-22'],
    ['a day ago', '2023-04-21'],
    ['3 days ago', '2023-04-19'],
    ['5 months ago', '2022-11-22'],
    ['3 hrs ago', '2023-04-22'],
    ['2 wks ago', '2023-04-08'],
    ['2 mos ago', '2023-02-22'],
    ['4 yrs ago', '2019-04-22'],
    ['2 days ago (edited)', '2023-04-20'],
    // Dutch
    ['5 maanden geleden', '2022-11-22'],
    ['een uur geleden', '2023-04-22'],
    ['1 dag geleden', '2023-04-21'],
    ['3 mnd geleden', '2023-01-22'],
    ['2 jr geleden', '2021-04-22'],
    ['eergisteren', '2023-04-20'],
    // German
    ['vor 2 Wochen', '2023-04-08'],
    ['vor einer Stunde', '2023-04-22'],
    ['vor 5 Monaten', '2022-11-22'],
    ['vor einem Jahr', '2022-04-22'],
    ['vor 3 Std.', '2023-04-22'],
    ['vor 2 Tg.', '2023-04-20'],
    ['vorgestern', '2023-04-20'],
    // French
    ['il y a 5 mois', '2022-11-22'],
    ['il y a une heure', '2023-04-22'],
    ['il y a un an', '2022-04-22'],
    ['il y a 3 j', '2023-04-19'],
    ['il y a 2 sem.', '2023-04-08'],
    ['avant-hier', '2023-04-20'],
    // Russian: declined units, abbreviations, words for "one" and "half a year"
    ['2 дня назад', '2023-04-20'],
    ['день назад', '2023-04-21'],
    ['10 часов назад', '2023-04-22'],
    ['час назад', '2023-04-22'],
    ['5 месяцев назад', '2022-11-22'],
    ['1 неделю назад', '2023-04-15'],
    ['3 дн. назад', '2023-04-19'],
    ['2 нед. назад', '2023-04-08'],
    ['4 мес. назад', '2022-12-22'],
    ['2 г. назад', '2021-04-22'],
    ['полгода назад', '2022-10-22'],
    ['несколько минут назад', '2023-04-22'],
    ['позавчера', '2023-04-20'],
  ])('%j -> %s', (text, expected) => {
    expect(parseDate(text, { now: NOW })).toBe(expected);
  });

  it('words that only look like units are not dates', () => {
    expect(parseDate('anna ago', { now: NOW })).toBeUndefined();
    expect(parseDate('Jan de Vries', { now: NOW })).toBeUndefined();
    expect(parseDate('an answer ago', { now: NOW })).toBeUndefined();
  });

  it('needs a now: without one a relative date is unknown, not today', () => {
    expect(parseDate('2 weeks ago')).toBeUndefined();
  });
});
