/**
 * The customer's choice about profiling as a CRM records it, read the one way
 * customers.csv's do_not_profile column is read (FORMATS.md): yes, true or 1
 * is an objection; no, false or 0 is none; anything else says nothing.
 */
import { readDoNotProfile } from './import';

/**
 * One verdict from the fields a CRM keeps it in (Earshot's own and the
 * shop's): an objection in any of them counts; a stated no only when none
 * objects; nothing when none says either.
 */
export function crmChoice(values: readonly (string | number | boolean | null | undefined)[]): boolean | undefined {
  let said: boolean | undefined;
  for (const value of values) {
    if (value === null || value === undefined) continue;
    const read = readDoNotProfile(String(value));
    if (read === true) return true;
    if (read === false) said = false;
  }
  return said;
}
