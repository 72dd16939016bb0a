/**
 * What the database holds of a customer, read as the payload sent to a CRM
 * (lib/crm/sync-payload.ts builds it): by the outbox when a job goes out, by
 * a person's data export, and by the CSV export of everyone linked or tagged.
 */
import { customerIdOf, customerRef, isLinked, profileRef, type Profile } from '../model';
import { buildPersonPayload, type PersonPayload, type ValuesOf } from '../crm/sync-payload';
import type { EarshotDatabase } from './database';

/** Read a customer's payload from the database; undefined when the customer is gone. */
export async function loadPersonPayload(
  db: EarshotDatabase,
  customerId: string,
  options: { changedAt: number; valuesOf?: ValuesOf },
): Promise<PersonPayload | undefined> {
  const customer = await db.customers.get(customerId);
  if (!customer) return undefined;
  const matches = (await db.matches.where('customerId').equals(customerId).toArray()).filter(isLinked);
  const profiles = (await db.profiles.bulkGet(matches.map((m) => m.profileId))).filter((p): p is Profile => p !== undefined);
  const refs = [customerRef(customerId), ...matches.map((m) => profileRef(m.profileId))];
  const tags = (await db.tags.where('personRef').anyOf(refs).toArray()).map((t) => t.label);
  const values = options.valuesOf ? await options.valuesOf(customerId) : undefined;
  return buildPersonPayload({
    customer,
    matches,
    profiles: new Map(profiles.map((p) => [p.id, p])),
    tags,
    ...(values ? { values } : {}),
    changedAt: options.changedAt,
  });
}

/** Customers worth sending to a CRM: linked to a profile, or tagged. */
export async function linkedOrTaggedCustomers(db: EarshotDatabase): Promise<string[]> {
  const linked = (await db.matches.where('status').anyOf('auto', 'confirmed').toArray()).filter(isLinked).map((m) => m.customerId!);
  const tagged = (await db.tags.toArray()).flatMap((t) => customerIdOf(t.personRef) ?? []);
  return [...new Set([...linked, ...tagged])];
}

/** Everyone worth exporting from the database: customers with a linked profile or a tag, by id. */
export async function peopleToExport(db: EarshotDatabase, now: number, valuesOf?: ValuesOf): Promise<PersonPayload[]> {
  const ids = (await linkedOrTaggedCustomers(db)).sort();
  const people: PersonPayload[] = [];
  for (const id of ids) {
    const person = await loadPersonPayload(db, id, { changedAt: now, ...(valuesOf ? { valuesOf } : {}) });
    if (person) people.push(person);
  }
  return people;
}
