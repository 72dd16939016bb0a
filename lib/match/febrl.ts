/**
 * A generic person-record configuration of the engine for Febrl-style data
 * (given_name, surname, date_of_birth, address, suburb, postcode, state,
 * soc_sec_id): the same comparisons, EM and blocking code as the persona
 * matcher, applied to deduplicating one table, so the engine can be checked
 * against published results (Splink: F1 0.993 on febrl3).
 */
import { editDistance, jaroWinkler } from './engine/strings';
import { MISSING, type Comparison, type LevelSpec } from './engine/model';

export interface FebrlRecord {
  id: string;
  givenName: string;
  surname: string;
  streetNumber: string;
  address1: string;
  address2: string;
  suburb: string;
  postcode: string;
  state: string;
  dateOfBirth: string;
  socSecId: string;
}

const HEADER = ['rec_id', 'given_name', 'surname', 'street_number', 'address_1', 'address_2', 'suburb', 'postcode', 'state', 'date_of_birth', 'soc_sec_id'];

/** Parse a Febrl CSV (comma and space separated, header row, no quoting). */
export function parseFebrl(text: string): FebrlRecord[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = lines[0]?.split(',').map((h) => h.trim());
  if (!header || HEADER.some((h, i) => header[i] !== h)) throw new Error(`not a Febrl file: expected the header ${HEADER.join(', ')}`);
  return lines.slice(1).map((line, n) => {
    const f = line.split(',').map((v) => v.trim());
    if (f.length !== HEADER.length) throw new Error(`line ${n + 2}: ${f.length} fields, expected ${HEADER.length}`);
    return {
      id: f[0]!,
      givenName: f[1]!,
      surname: f[2]!,
      streetNumber: f[3]!,
      address1: f[4]!,
      address2: f[5]!,
      suburb: f[6]!,
      postcode: f[7]!,
      state: f[8]!,
      dateOfBirth: f[9]!,
      socSecId: f[10]!,
    };
  });
}

function stringLevels(): LevelSpec[] {
  return [
    { id: 'exact', m: 0.85, u: 0.002 },
    { id: 'jaro-winkler>=0.92', m: 0.07, u: 0.005 },
    { id: 'jaro-winkler>=0.8', m: 0.04, u: 0.03 },
    { id: 'disagree', m: 0.04, u: 0.963 },
  ];
}

function stringComparison(field: string, get: (r: FebrlRecord) => string): Comparison<FebrlRecord> {
  return {
    field,
    levels: stringLevels(),
    termFrequencyLevel: 0,
    compare(a, b) {
      const x = get(a);
      const y = get(b);
      if (!x || !y) return MISSING;
      if (x === y) return 0;
      const jw = jaroWinkler(x, y);
      return jw >= 0.92 ? 1 : jw >= 0.8 ? 2 : 3;
    },
  };
}

/** Given names with a level for given and surname swapped, a typical Febrl corruption. */
function nameComparison(field: string, own: (r: FebrlRecord) => string, other: (r: FebrlRecord) => string): Comparison<FebrlRecord> {
  const base = stringComparison(field, own);
  return {
    ...base,
    levels: [...stringLevels().slice(0, 3), { id: 'swapped', m: 0.01, u: 0.0005 }, { id: 'disagree', m: 0.03, u: 0.96 }],
    compare(a, b) {
      const level = base.compare(a, b);
      if (level !== 3) return level;
      return own(a) === other(b) && own(b) === other(a) ? 3 : 4;
    },
  };
}

function editComparison(field: string, get: (r: FebrlRecord) => string, maxEdits: number): Comparison<FebrlRecord> {
  return {
    field,
    levels: [
      { id: 'exact', m: 0.9, u: 0.001 },
      { id: `edits<=${maxEdits}`, m: 0.07, u: 0.01 },
      { id: 'disagree', m: 0.03, u: 0.989 },
    ],
    compare(a, b) {
      const x = get(a);
      const y = get(b);
      if (!x || !y) return MISSING;
      if (x === y) return 0;
      return editDistance(x, y, maxEdits) <= maxEdits ? 1 : 2;
    },
  };
}

function exactComparison(field: string, get: (r: FebrlRecord) => string, u: number): Comparison<FebrlRecord> {
  return {
    field,
    levels: [
      { id: 'exact', m: 0.9, u },
      { id: 'disagree', m: 0.1, u: 1 - u },
    ],
    compare(a, b) {
      const x = get(a);
      const y = get(b);
      if (!x || !y) return MISSING;
      return x === y ? 0 : 1;
    },
  };
}

export const FEBRL_COMPARISONS: readonly Comparison<FebrlRecord>[] = [
  nameComparison('given_name', (r) => r.givenName, (r) => r.surname),
  nameComparison('surname', (r) => r.surname, (r) => r.givenName),
  editComparison('date_of_birth', (r) => r.dateOfBirth, 1),
  editComparison('soc_sec_id', (r) => r.socSecId, 2),
  exactComparison('street_number', (r) => r.streetNumber, 0.01),
  stringComparison('address_1', (r) => r.address1),
  stringComparison('suburb', (r) => r.suburb),
  editComparison('postcode', (r) => r.postcode, 1),
  exactComparison('state', (r) => r.state, 0.3),
];

/**
 * Blocking keys in the spirit of Splink's febrl example: pairs of fields, so
 * one corrupted field never loses a pair. Names go into one namespace with
 * their partner field, so given name and surname swapped still meet.
 */
export function febrlBlockingKeys(r: FebrlRecord): string[] {
  const keys: string[] = [];
  const add = (name: string, ...values: string[]) => {
    if (values.every((v) => v !== '')) keys.push(`${name}:${values.join('|')}`);
  };
  add('names', ...[r.givenName, r.surname].sort());
  for (const name of [r.givenName, r.surname]) {
    add('name+dob', name, r.dateOfBirth);
    add('name+postcode', name, r.postcode);
    add('name+suburb', name, r.suburb);
  }
  add('ssn', r.socSecId);
  add('dob+street', r.dateOfBirth, r.streetNumber);
  add('dob+suburb', r.dateOfBirth, r.suburb);
  add('address', r.address1, r.streetNumber);
  return keys;
}
