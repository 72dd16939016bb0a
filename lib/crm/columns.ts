/**
 * Which column of a user's file holds each of our fields. Our own headers
 * (FORMATS.md) are found as they are; exports of the CRMs people use are
 * recognised by their headers; anything else is mapped by the user
 * (`--map first_name=Voornaam`, or the import screen).
 */

export const CUSTOMER_FIELDS = [
  'customer_id',
  'first_name',
  'last_name',
  'email',
  'phone',
  'city',
  'country',
  'company',
  'website',
  'handles',
] as const;
export const ORDER_FIELDS = ['order_id', 'customer_id', 'date', 'amount', 'currency', 'cost_to_serve'] as const;
/**
 * Columns FORMATS.md added later: optional in every file, written last. Kept apart so that
 * writers of the original columns (generated test sets) stay as they are.
 */
export const CUSTOMER_EXTRA_FIELDS = ['do_not_profile'] as const;
export const ORDER_EXTRA_FIELDS = ['channel'] as const;

export type CustomerField = (typeof CUSTOMER_FIELDS)[number];

/** The text fields of a customer: column -> property of Customer (id and handles have their own rules). */
export const CUSTOMER_KEYS = {
  first_name: 'firstName',
  last_name: 'lastName',
  email: 'email',
  phone: 'phone',
  city: 'city',
  country: 'country',
  company: 'company',
  website: 'website',
} as const satisfies Partial<Record<CustomerField, string>>;
export type OrderField = (typeof ORDER_FIELDS)[number];
export type ImportKind = 'customers' | 'orders';

export const REQUIRED_FIELDS: Record<ImportKind, readonly string[]> = {
  customers: ['customer_id'],
  orders: ['order_id', 'customer_id', 'date', 'amount'],
};

export function fieldsOf(kind: ImportKind): readonly string[] {
  return kind === 'customers' ? [...CUSTOMER_FIELDS, ...CUSTOMER_EXTRA_FIELDS] : [...ORDER_FIELDS, ...ORDER_EXTRA_FIELDS];
}

/** A known export format: how its headers name our fields. */
export interface ExportPreset {
  id: string;
  label: string;
  kind: ImportKind;
  columns: Partial<Record<string, readonly string[]>>;
}

export const PRESETS: readonly ExportPreset[] = [
  {
    id: 'hubspot',
    label: 'HubSpot contacts export',
    kind: 'customers',
    columns: {
      customer_id: ['Record ID', 'Contact ID'],
      first_name: ['First Name'],
      last_name: ['Last Name'],
      email: ['Email'],
      phone: ['Phone Number', 'Mobile Phone Number'],
      city: ['City'],
      country: ['Country/Region', 'Country'],
      company: ['Company Name', 'Associated Company'],
      website: ['Website URL'],
    },
  },
  {
    id: 'shopify',
    label: 'Shopify customers export',
    kind: 'customers',
    columns: {
      customer_id: ['Customer ID'],
      first_name: ['First Name'],
      last_name: ['Last Name'],
      email: ['Email'],
      phone: ['Phone', 'Default Address Phone'],
      city: ['Default Address City', 'City'],
      country: ['Default Address Country Code', 'Country Code'],
      company: ['Default Address Company', 'Company'],
    },
  },
  {
    id: 'salesforce',
    label: 'Salesforce contacts report',
    kind: 'customers',
    columns: {
      customer_id: ['Contact ID', 'Id', 'ContactId'],
      first_name: ['First Name', 'FirstName'],
      last_name: ['Last Name', 'LastName'],
      email: ['Email'],
      phone: ['Phone', 'MobilePhone', 'Mobile'],
      city: ['Mailing City', 'MailingCity'],
      country: ['Mailing Country', 'MailingCountry', 'Mailing Country Code', 'MailingCountryCode'],
      company: ['Account Name', 'AccountName'],
      website: ['Website'],
    },
  },
  {
    id: 'shopify-orders',
    label: 'Shopify orders export',
    kind: 'orders',
    columns: {
      order_id: ['Id', 'Name'],
      customer_id: ['Customer ID'],
      date: ['Created at', 'Paid at'],
      amount: ['Total'],
      currency: ['Currency'],
    },
  },
];

const normalise = (header: string): string => header.replace(/^\uFEFF/, '').trim().toLowerCase();

export interface ResolvedColumns {
  /** Our field -> index of the column in the file. */
  index: Map<string, number>;
  /** The preset the headers were recognised as, if any. */
  preset: string | null;
  /** Columns none of our fields took: kept as custom fields of a customer. */
  extra: { index: number; header: string }[];
  /** Required fields no column provides, with the reason in words. */
  missing: string[];
}

/**
 * Resolve which column provides each field. A user mapping wins; then our own
 * header names; then the best-fitting known export.
 */
export function resolveColumns(kind: ImportKind, headers: readonly string[], mapping: Record<string, string> = {}): ResolvedColumns {
  const fields = fieldsOf(kind);
  const byHeader = new Map<string, number>();
  headers.forEach((h, i) => {
    const key = normalise(h);
    if (!byHeader.has(key)) byHeader.set(key, i);
  });

  const unknownTargets = Object.keys(mapping).filter((f) => !fields.includes(f));
  if (unknownTargets.length > 0) {
    throw new ColumnError(`cannot map ${unknownTargets.join(', ')}: the fields of ${kind} are ${fields.join(', ')}`);
  }

  const index = new Map<string, number>();
  for (const [field, header] of Object.entries(mapping)) {
    const at = byHeader.get(normalise(header));
    if (at === undefined) {
      throw new ColumnError(`--map ${field}=${header}: the file has no column "${header}" (its columns: ${headers.join(', ')})`);
    }
    index.set(field, at);
  }
  for (const field of fields) {
    if (index.has(field)) continue;
    const at = byHeader.get(field);
    if (at !== undefined) index.set(field, at);
  }

  let preset: string | null = null;
  let bestScore = 0;
  let bestPreset: ExportPreset | undefined;
  for (const p of PRESETS) {
    if (p.kind !== kind) continue;
    const score = Object.values(p.columns).filter((names) => names?.some((n) => byHeader.has(normalise(n)))).length;
    if (score > bestScore) {
      bestScore = score;
      bestPreset = p;
    }
  }
  if (bestPreset && bestScore >= 2) {
    for (const [field, names] of Object.entries(bestPreset.columns)) {
      if (index.has(field) || !names) continue;
      const at = names.map((n) => byHeader.get(normalise(n))).find((i) => i !== undefined);
      if (at !== undefined) {
        index.set(field, at);
        preset = bestPreset.id;
      }
    }
  }

  const used = new Set(index.values());
  const extra = headers.flatMap((header, i) => (used.has(i) || normalise(header) === '' ? [] : [{ index: i, header: header.trim() }]));
  const missing = REQUIRED_FIELDS[kind].filter((f) => !index.has(f));
  return { index, preset, extra, missing };
}

export class ColumnError extends Error {
  override name = 'ColumnError';
}

/** Parse `first_name=Voornaam,last_name=Achternaam` into a mapping. */
export function parseMapping(text: string): Record<string, string> {
  const mapping: Record<string, string> = {};
  for (const part of text.split(',')) {
    if (!part.trim()) continue;
    const eq = part.indexOf('=');
    if (eq <= 0) throw new ColumnError(`--map: "${part}" is not field=Header`);
    mapping[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return mapping;
}
