/**
 * Customers and captured profiles as person records for the warehouse
 * pipeline: the matcher's own per-record normalisation (customerRecord,
 * profileFeatures: folding, transliteration, name parsing, the gazetteer's
 * places) in TypeScript, its result in the Febrl model's columns (given name,
 * surname, place, country), so the same SQL links customers to profiles.
 * The persona matcher's identifier comparisons (handles, email, website) and
 * its decision rules are not in this model (docs/warehouse.md).
 */
import type { Customer } from '../model';
import { customerRecord, profileFeatures, type ProfileInput } from '../match/features';
import type { FebrlRecord } from '../match/febrl';
import type { PersonName } from '../match/names';
import type { Place } from '../match/location';

const EMPTY: Omit<FebrlRecord, 'id'> = { givenName: '', surname: '', streetNumber: '', address1: '', address2: '', suburb: '', postcode: '', state: '', dateOfBirth: '', socSecId: '' };

function person(id: string, name: PersonName | undefined, place: Place): FebrlRecord {
  return {
    ...EMPTY,
    id,
    givenName: name?.given[0] ?? '',
    // Spaces of double surnames out, as the matcher's surname comparison sees them.
    surname: name?.surname.replace(/\s+/g, '') ?? '',
    suburb: place.city ?? '',
    state: place.country ?? '',
  };
}

export function customerPerson(customer: Customer): FebrlRecord {
  const record = customerRecord(customer);
  return person(customer.id, record.name, record.place);
}

export function profilePerson(profile: ProfileInput & { id: string }): FebrlRecord {
  const features = profileFeatures(profile);
  return person(profile.id, features.names[0], features.place);
}
