/**
 * Cyrillic to Latin under the standards people's names are actually written
 * in: passports (ICAO Doc 9303), BGN/PCGN (maps, English press), GOST 7.79,
 * scientific, Wikipedia, and the "Telegram" style people type themselves.
 * The algorithm is iuliia's: a letter's Latin form can depend on the letter
 * before it, the letter after it, and the word's ending.
 */
import bgnPcgn from './translit/bgn_pcgn.json';
import gost779 from './translit/gost_779.json';
import icao from './translit/icao_doc_9303.json';
import scientific from './translit/scientific.json';
import telegram from './translit/telegram.json';
import wikipedia from './translit/wikipedia.json';

interface SchemaTables {
  name: string;
  mapping: Record<string, string>;
  prev_mapping?: Record<string, string>;
  next_mapping?: Record<string, string>;
  ending_mapping?: Record<string, string>;
}

export const TRANSLIT_SCHEMAS = {
  icao: icao as SchemaTables,
  bgn_pcgn: bgnPcgn as SchemaTables,
  gost_779: gost779 as SchemaTables,
  scientific: scientific as SchemaTables,
  wikipedia: wikipedia as SchemaTables,
  telegram: telegram as SchemaTables,
} as const;
export type TranslitSchema = keyof typeof TRANSLIT_SCHEMAS;

const CYRILLIC = /[\u0400-\u04FF]/;

export function hasCyrillic(text: string): boolean {
  return CYRILLIC.test(text);
}

function letter(schema: SchemaTables, prev: string, curr: string, next: string): string {
  const lower = curr.toLowerCase();
  const fromPrev = schema.prev_mapping?.[prev.toLowerCase() + lower];
  const fromNext = fromPrev === undefined ? schema.next_mapping?.[lower + next.toLowerCase()] : undefined;
  // Several schemas keep ё as it is (or leave it out): write it as e, as people do.
  const latin = (fromPrev ?? fromNext ?? schema.mapping[lower] ?? curr).replaceAll('ё', 'e').replaceAll('Ё', 'E');
  if (curr === lower || latin === '') return latin;
  // An upper-case letter: upper-case the whole digraph when the next letter is upper-case too (ЩУКИН -> SHCHUKIN).
  return next && next !== next.toLowerCase() ? latin.toUpperCase() : latin.charAt(0).toUpperCase() + latin.slice(1);
}

function word(schema: SchemaTables, w: string): string {
  let stem = w;
  let ending = '';
  if (schema.ending_mapping && w.length > 2) {
    const last = w.slice(-2);
    const mapped = schema.ending_mapping[last.toLowerCase()];
    if (mapped !== undefined) {
      stem = w.slice(0, -2);
      ending = last === last.toUpperCase() ? mapped.toUpperCase() : mapped;
    }
  }
  let out = '';
  const chars = [...stem];
  for (let i = 0; i < chars.length; i++) out += letter(schema, chars[i - 1] ?? '', chars[i]!, chars[i + 1] ?? '');
  return out + ending;
}

/** Transliterate text under one schema; non-Cyrillic text passes unchanged. */
export function transliterate(text: string, schema: TranslitSchema = 'icao'): string {
  if (!hasCyrillic(text)) return text;
  const tables = TRANSLIT_SCHEMAS[schema];
  return text.replace(/[\p{L}\p{M}]+/gu, (w) => (hasCyrillic(w) ? word(tables, w) : w));
}

/** Every distinct transliteration of a text under the known schemas. */
export function transliterations(text: string): string[] {
  if (!hasCyrillic(text)) return [text];
  return [...new Set(Object.keys(TRANSLIT_SCHEMAS).map((s) => transliterate(text, s as TranslitSchema)))];
}
