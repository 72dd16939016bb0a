/**
 * The meta table, typed. Every record Earshot keeps there is declared once,
 * next to the code that owns it, as a key (or a family of keys sharing a
 * prefix) with its zod schema; it is read and written only through the
 * functions here, so a value is checked where it crosses the storage boundary
 * and no call site casts what it reads.
 */
import type { EntityTable } from 'dexie';
import { describeIssues, type z } from '../zod';
import type { MetaRecord } from './database';

/** One meta record: its key and the schema its value must satisfy. */
export interface MetaKey<S extends z.ZodType> {
  readonly key: string;
  readonly schema: S;
}

/** Records of one kind, one per connector, customer, week or import: `prefix` + a suffix. */
export interface MetaFamily<S extends z.ZodType> {
  readonly prefix: string;
  readonly schema: S;
  /** The record for this suffix (the parts are joined with ':'). */
  of(...parts: string[]): MetaKey<S>;
}

/** Anything holding the meta table: the database, or an upgrade's transaction tables. */
export interface HasMeta {
  meta: EntityTable<MetaRecord, 'key'>;
}

/** A stored meta value does not satisfy its schema (or a value about to be stored does not). */
export class MetaValueError extends Error {
  override name = 'MetaValueError';
  constructor(
    readonly key: string,
    detail: string,
  ) {
    super(`The stored record "${key}" is not valid: ${detail}`);
  }
}

export function metaKey<S extends z.ZodType>(key: string, schema: S): MetaKey<S> {
  return { key, schema };
}

/**
 * A lighter reading of a registered record: the same key, a schema that checks
 * (and keeps) only the part a hot path needs, so it does not parse the rest.
 */
export function metaView<S extends z.ZodType>(k: MetaKey<z.ZodType>, schema: S): MetaKey<S> {
  return { key: k.key, schema };
}

export function metaFamily<S extends z.ZodType>(prefix: string, schema: S): MetaFamily<S> {
  return { prefix, schema, of: (...parts) => metaKey(prefix + parts.join(':'), schema) };
}

function checked<S extends z.ZodType>(k: MetaKey<S>, value: unknown): z.output<S> {
  const parsed = k.schema.safeParse(value);
  if (!parsed.success) throw new MetaValueError(k.key, describeIssues(parsed.error));
  return parsed.data;
}

/** The record's value, or undefined when there is none; a value that fails its schema is an error naming the key. */
export async function readMeta<S extends z.ZodType>(db: HasMeta, k: MetaKey<S>): Promise<z.output<S> | undefined> {
  const row = await db.meta.get(k.key);
  return row === undefined ? undefined : checked(k, row.value);
}

/**
 * For records that are derived or advisory (counters, last-run times, problems
 * shown once): one that fails its schema reads as absent (or as `whenInvalid`),
 * so it is made again instead of stopping the screen or the worker that reads it.
 */
export async function readMetaIfValid<S extends z.ZodType>(db: HasMeta, k: MetaKey<S>, whenInvalid?: z.output<S>): Promise<z.output<S> | undefined> {
  const row = await db.meta.get(k.key);
  if (row === undefined) return undefined;
  const parsed = k.schema.safeParse(row.value);
  return parsed.success ? parsed.data : whenInvalid;
}

/** Whether the record exists, whatever its value (a flag). */
export async function hasMeta(db: HasMeta, k: MetaKey<z.ZodType>): Promise<boolean> {
  return (await db.meta.get(k.key)) !== undefined;
}

/** Several records of one schema at once, in the order asked; a missing one is undefined. */
export async function readMetaMany<S extends z.ZodType>(db: HasMeta, keys: readonly MetaKey<S>[]): Promise<(z.output<S> | undefined)[]> {
  const rows = await db.meta.bulkGet(keys.map((k) => k.key));
  return rows.map((row, i) => (row === undefined ? undefined : checked(keys[i]!, row.value)));
}

/** Write the record; a value that fails its schema is refused before anything is stored. */
export async function writeMeta<S extends z.ZodType>(db: HasMeta, k: MetaKey<S>, value: z.output<S>, now: number): Promise<void> {
  checked(k, value);
  await db.meta.put({ key: k.key, value, updatedAt: now });
}

export async function deleteMeta(db: HasMeta, ...keys: MetaKey<z.ZodType>[]): Promise<void> {
  if (keys.length === 1) await db.meta.delete(keys[0]!.key);
  else if (keys.length > 1) await db.meta.bulkDelete(keys.map((k) => k.key));
}

/** A family's record as stored: its suffix, its checked value and when it was written. */
export interface FamilyRecord<S extends z.ZodType> {
  readonly suffix: string;
  readonly value: z.output<S>;
  readonly updatedAt: number;
}

/** Every record of a family whose suffix starts with `within` (all of them by default). */
export async function readFamily<S extends z.ZodType>(db: HasMeta, family: MetaFamily<S>, within = ''): Promise<FamilyRecord<S>[]> {
  const rows = await db.meta.where('key').startsWith(family.prefix + within).toArray();
  return rows.map((row) => {
    const suffix = row.key.slice(family.prefix.length);
    return { suffix, value: checked(family.of(suffix), row.value), updatedAt: row.updatedAt };
  });
}
