/** The shapes the name lists share, and the compact notation they are written in. */

export type Gender = 'f' | 'm';
export type Lang = 'nl' | 'en' | 'ru';

export interface GivenName {
  gender: Gender;
  /** forms[0] is the full (formal) name; the rest are the short forms and diminutives people go by. */
  forms: readonly string[];
  /** Relative frequency among adults of that language. */
  weight: number;
  /** How often a bearer goes by the full form rather than a short one. */
  pFormal: number;
  /** Western equivalents Russian speakers abroad use (Yulia → Julia, Yevgeny → Eugene). */
  western: readonly string[];
}

export interface Surname {
  /** Dutch tussenvoegsel, lower case ("van der"), or ''. */
  prefix: string;
  /** The rest ("Berg"); for Russian the masculine Cyrillic form. */
  core: string;
}

/**
 * Parses lines of `Full/Short/Short|weight|pFormal|Western/Western` (the last
 * two optional): short enough to keep a few hundred names readable.
 */
export function givenNames(gender: Gender, lines: readonly string[], defaultPFormal: number): GivenName[] {
  return lines.map((line) => {
    const [forms = '', weight = '1', pFormal = '', western = ''] = line.split('|');
    return {
      gender,
      forms: forms.split('/'),
      weight: Number(weight),
      pFormal: pFormal === '' ? defaultPFormal : Number(pFormal),
      western: western === '' ? [] : western.split('/'),
    };
  });
}

/**
 * The long tail: names each borne by few, together by a good part of people
 * (the top hundred names of a cohort cover only about half of it).
 */
export function rareNames(gender: Gender, names: string, weight: number): GivenName[] {
  return names
    .split(/\s+/)
    .filter(Boolean)
    .map((name) => ({ gender, forms: [name], weight, pFormal: 1, western: [] }));
}

/** The surname as written after a given name: "van der Berg", "Smith". */
export function surnameText(s: Surname): string {
  return s.prefix ? `${s.prefix} ${s.core}` : s.core;
}

/** Splits "van der Berg" / "'t Hart" into the lower-case prefix and the rest. */
export function splitDutchSurname(text: string): Surname {
  const m = /^((?:(?:[a-z]+|'[st]|d')\s)+)(.+)$/.exec(text);
  return m ? { prefix: (m[1] as string).trim(), core: m[2] as string } : { prefix: '', core: text };
}
