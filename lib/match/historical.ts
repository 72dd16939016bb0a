/**
 * A configuration of the engine for the historical-people records of Splink's
 * example data (first_name, surname, dob, birth_place, postcode_fake, gender,
 * occupation), adapted to the product's question: link captured people to
 * a table of customers. Given names are compared with the persona matcher's
 * nickname tables (Tom = Thomas), the rest with the generic levels.
 */
import { MISSING, type Comparison } from './engine/model';
import { jaroWinkler } from './engine/strings';
import { sharedRoot } from './names';

export interface HistoricalRecord {
  id: string;
  cluster: string;
  firstName: string;
  surname: string;
  dob: string;
  birthPlace: string;
  postcode: string;
  gender: string;
  occupation: string;
}

const COLUMNS = ['unique_id', 'cluster', 'full_name', 'first_and_surname', 'first_name', 'surname', 'dob', 'birth_place', 'postcode_fake', 'gender', 'occupation'];

/** Parse the CSV (header row, no quoted commas in the fields we read beyond full_name). */
export function parseHistorical(text: string): HistoricalRecord[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = splitCsv(lines[0] ?? '');
  if (COLUMNS.some((c, i) => header[i] !== c)) throw new Error(`not the historical_50k file: expected the header ${COLUMNS.join(',')}`);
  return lines.slice(1).map((line, n) => {
    const f = splitCsv(line);
    if (f.length !== COLUMNS.length) throw new Error(`line ${n + 2}: ${f.length} fields, expected ${COLUMNS.length}`);
    return { id: f[0]!, cluster: f[1]!, firstName: f[4]!, surname: f[5]!, dob: f[6]!, birthPlace: f[7]!, postcode: f[8]!, gender: f[9]!, occupation: f[10]! };
  });
}

function splitCsv(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(field);
      field = '';
    } else field += ch;
  }
  out.push(field);
  return out;
}

function present(a: string, b: string): boolean {
  return a !== '' && b !== '';
}

const firstName: Comparison<HistoricalRecord> = {
  field: 'first_name',
  levels: [
    { id: 'exact', m: 0.8, u: 0.02 },
    { id: 'nickname', m: 0.08, u: 0.005 },
    { id: 'jaro-winkler>=0.92', m: 0.05, u: 0.005 },
    { id: 'jaro-winkler>=0.8', m: 0.03, u: 0.03 },
    { id: 'disagree', m: 0.04, u: 0.94 },
  ],
  termFrequencyLevel: 0,
  compare(a, b) {
    if (!present(a.firstName, b.firstName)) return MISSING;
    if (a.firstName === b.firstName) return 0;
    if (sharedRoot(a.firstName, b.firstName)) return 1;
    const jw = jaroWinkler(a.firstName, b.firstName);
    return jw >= 0.92 ? 2 : jw >= 0.8 ? 3 : 4;
  },
};

const surname: Comparison<HistoricalRecord> = {
  field: 'surname',
  levels: [
    { id: 'exact', m: 0.85, u: 0.002 },
    { id: 'jaro-winkler>=0.92', m: 0.07, u: 0.003 },
    { id: 'jaro-winkler>=0.8', m: 0.03, u: 0.02 },
    { id: 'disagree', m: 0.05, u: 0.975 },
  ],
  termFrequencyLevel: 0,
  compare(a, b) {
    if (!present(a.surname, b.surname)) return MISSING;
    if (a.surname === b.surname) return 0;
    const jw = jaroWinkler(a.surname, b.surname);
    return jw >= 0.92 ? 1 : jw >= 0.8 ? 2 : 3;
  },
};

const dob: Comparison<HistoricalRecord> = {
  field: 'dob',
  levels: [
    { id: 'exact', m: 0.75, u: 0.0005 },
    { id: 'year-and-month', m: 0.08, u: 0.002 },
    { id: 'year', m: 0.1, u: 0.02 },
    { id: 'disagree', m: 0.07, u: 0.9775 },
  ],
  compare(a, b) {
    if (!present(a.dob, b.dob)) return MISSING;
    if (a.dob === b.dob) return 0;
    if (a.dob.slice(0, 7) === b.dob.slice(0, 7)) return 1;
    return a.dob.slice(0, 4) === b.dob.slice(0, 4) ? 2 : 3;
  },
};

function exact(field: string, get: (r: HistoricalRecord) => string, u: number): Comparison<HistoricalRecord> {
  return {
    field,
    levels: [
      { id: 'exact', m: 0.85, u },
      { id: 'disagree', m: 0.15, u: 1 - u },
    ],
    compare(a, b) {
      const x = get(a);
      const y = get(b);
      if (!present(x, y)) return MISSING;
      return x === y ? 0 : 1;
    },
  };
}

const postcode: Comparison<HistoricalRecord> = {
  field: 'postcode',
  levels: [
    { id: 'exact', m: 0.7, u: 0.0005 },
    { id: 'district', m: 0.15, u: 0.005 },
    { id: 'area', m: 0.05, u: 0.03 },
    { id: 'disagree', m: 0.1, u: 0.9645 },
  ],
  compare(a, b) {
    if (!present(a.postcode, b.postcode)) return MISSING;
    if (a.postcode === b.postcode) return 0;
    const district = (p: string) => p.split(' ')[0]!;
    if (district(a.postcode) === district(b.postcode)) return 1;
    const area = (p: string) => /^[a-z]+/.exec(p)?.[0] ?? '';
    return area(a.postcode) === area(b.postcode) ? 2 : 3;
  },
};

export const HISTORICAL_COMPARISONS: readonly Comparison<HistoricalRecord>[] = [
  firstName,
  surname,
  dob,
  exact('birth_place', (r) => r.birthPlace, 0.01),
  postcode,
  exact('gender', (r) => r.gender, 0.5),
  exact('occupation', (r) => r.occupation, 0.05),
];

/** Blocking keys: pairs of fields, as Splink's example blocks this data. */
export function historicalBlockingKeys(r: HistoricalRecord): string[] {
  const keys: string[] = [];
  const add = (name: string, ...values: string[]) => {
    if (values.every((v) => v !== '')) keys.push(`${name}:${values.join('|')}`);
  };
  add('fs', r.firstName, r.surname);
  add('sd', r.surname, r.dob);
  add('fd', r.firstName, r.dob);
  add('pc', r.postcode);
  add('bd', r.birthPlace, r.dob);
  add('sb', r.surname, r.birthPlace);
  return keys;
}
