/**
 * The meta table, typed. Every record Earshot keeps there is declared once,
 * next to the code that owns it, as a key (or a family of keys sharing a
 * prefix) with its zod schema; it is read and written only through the
 * functions here, so a value is checked where it crosses the storage boundary
 * and no call site casts what it reads. Each returns Dexie's own promise (no
 * async wrapper), so a caller's transaction carries on after it.
 */
import Dexie, { type EntityTable } from 'dexie';
import { describeIssues, z } from '../zod';
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

/**
 * A record by name (site, connector) whose entries are kept one by one: an
 * entry that fails `entry` is left out, never trusted, and the others still read.
 */
export function recordOfValid<S extends z.ZodType>(entry: S) {
  return z
    .record(z.string(), z.unknown())
    .catch({})
    .transform((all) => {
      const out: Record<string, z.output<S>> = {};
      for (const [name, value] of Object.entries(all)) {
        const parsed = entry.safeParse(value);
        if (parsed.success) out[name] = parsed.data;
      }
      return out;
    });
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
export function readMeta<S extends z.ZodType>(db: HasMeta, k: MetaKey<S>): Promise<z.output<S> | undefined> {
  return db.meta.get(k.key).then((row) => (row === undefined ? undefined : checked(k, row.value)));
}

/**
 * For records that are derived or advisory (counters, last-run times, problems
 * shown once): one that fails its schema reads as absent (or as `whenInvalid`),
 * so it is made again instead of stopping the screen or the worker that reads it.
 */
export function readMetaIfValid<S extends z.ZodType>(db: HasMeta, k: MetaKey<S>, whenInvalid?: z.output<S>): Promise<z.output<S> | undefined> {
  return db.meta.get(k.key).then((row) => {
    if (row === undefined) return undefined;
    const parsed = k.schema.safeParse(row.value);
    return parsed.success ? parsed.data : whenInvalid;
  });
}

/** Whether the record exists, whatever its value (a flag). */
export function hasMeta(db: HasMeta, k: MetaKey<z.ZodType>): Promise<boolean> {
  return db.meta.get(k.key).then((row) => row !== undefined);
}

/** A record as stored: its key, its checked value and when it was written. */
export interface MetaEntry<S extends z.ZodType> {
  readonly key: string;
  readonly value: z.output<S>;
  readonly updatedAt: number;
}

/** Several records of one schema at once, in the order asked; a missing one is undefined. */
export function readMetaMany<S extends z.ZodType>(db: HasMeta, keys: readonly MetaKey<S>[]): Promise<(MetaEntry<S> | undefined)[]> {
  return db.meta.bulkGet(keys.map((k) => k.key)).then((rows) => rows.map((row, i) => (row === undefined ? undefined : { key: row.key, value: checked(keys[i]!, row.value), updatedAt: row.updatedAt })));
}

/** Write the record; a value that fails its schema is refused before anything is stored. */
export function writeMeta<S extends z.ZodType>(db: HasMeta, k: MetaKey<S>, value: z.output<S>, now: number): Promise<void> {
  return refusedOrDone(() => checked(k, value)) ?? db.meta.put({ key: k.key, value, updatedAt: now }).then(() => undefined);
}

/** A check that throws, as a rejected Dexie promise (callers inside a transaction get one kind of promise only). */
function refusedOrDone(check: () => void): Promise<void> | null {
  try {
    check();
    return null;
  } catch (error) {
    return Dexie.Promise.reject(error);
  }
}

/** Write several records at once (each checked first), each with its own time. */
export function writeMetaMany<S extends z.ZodType>(db: HasMeta, entries: readonly { key: MetaKey<S>; value: z.output<S>; updatedAt: number }[]): Promise<void> {
  return refusedOrDone(() => entries.forEach((e) => checked(e.key, e.value))) ?? db.meta.bulkPut(entries.map((e) => ({ key: e.key.key, value: e.value, updatedAt: e.updatedAt }))).then(() => undefined);
}

export function deleteMeta(db: HasMeta, ...keys: MetaKey<z.ZodType>[]): Promise<void> {
  return db.meta.bulkDelete(keys.map((k) => k.key));
}

/** A family's record as stored, with the suffix that names it within the family. */
export interface FamilyRecord<S extends z.ZodType> extends MetaEntry<S> {
  readonly suffix: string;
}

/** Every record of a family whose suffix starts with `within` (all of them by default). */
export function readFamily<S extends z.ZodType>(db: HasMeta, family: MetaFamily<S>, within = ''): Promise<FamilyRecord<S>[]> {
  return db.meta
    .where('key')
    .startsWith(family.prefix + within)
    .toArray()
    .then((rows) =>
      rows.map((row) => {
        const suffix = row.key.slice(family.prefix.length);
        return { key: row.key, suffix, value: checked(family.of(suffix), row.value), updatedAt: row.updatedAt };
      }),
    );
}
