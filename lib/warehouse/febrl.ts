/**
 * The Febrl person-record model (lib/match/febrl.ts) for the warehouse: its
 * records as table columns, its blocking keys as rows, and its comparisons
 * as SQL levels, field for field in the in-memory order.
 */
import { FEBRL_COMPARISONS, febrlBlockingKeys, type FebrlRecord } from '../match/febrl';
import type { ColumnSpec } from './engine';
import { editLevels, exactLevels, nameLevels, stringLevels, type SqlComparison } from './levels';
import type { RecordTable } from './pipeline';

const FIELDS: readonly (readonly [column: string, get: (r: FebrlRecord) => string])[] = [
  ['given_name', (r) => r.givenName],
  ['surname', (r) => r.surname],
  ['street_number', (r) => r.streetNumber],
  ['address_1', (r) => r.address1],
  ['address_2', (r) => r.address2],
  ['suburb', (r) => r.suburb],
  ['postcode', (r) => r.postcode],
  ['state', (r) => r.state],
  ['date_of_birth', (r) => r.dateOfBirth],
  ['soc_sec_id', (r) => r.socSecId],
];

export const FEBRL_TABLE: RecordTable<FebrlRecord> = {
  columns: FIELDS.map(([name]): ColumnSpec => ({ name, type: 'VARCHAR' })),
  row: (r) => FIELDS.map(([, get]) => get(r)),
  keys: febrlBlockingKeys,
};

export const FEBRL_SQL_COMPARISONS: readonly SqlComparison[] = [
  nameLevels('given_name', 'given_name', 'surname'),
  nameLevels('surname', 'surname', 'given_name'),
  editLevels('date_of_birth', 'date_of_birth', 1),
  editLevels('soc_sec_id', 'soc_sec_id', 2),
  exactLevels('street_number', 'street_number'),
  stringLevels('address_1', 'address_1'),
  stringLevels('suburb', 'suburb'),
  editLevels('postcode', 'postcode', 1),
  exactLevels('state', 'state'),
];

// The SQL model must be the in-memory one, field for field: a change to one without the other fails here, at load.
const memoryFields = FEBRL_COMPARISONS.map((c) => c.field).join(',');
const sqlFields = FEBRL_SQL_COMPARISONS.map((c) => c.field).join(',');
if (memoryFields !== sqlFields) throw new Error(`the SQL Febrl comparisons (${sqlFields}) differ from lib/match/febrl.ts (${memoryFields})`);
