/**
 * A CRM field's history, where the CRM keeps one (HubSpot's
 * propertiesWithHistory, Pipedrive's person changelog). No CRM Earshot speaks to offers a conditional
 * update, so a checked write can still miss a teammate whose whole read,
 * write and check came between its read and its write: its write from the
 * older read replaced theirs and left the field as it wrote it. The history
 * shows those writes (docs/team-sync.md, "The narrow window").
 */

/** One value the field held. */
export interface FieldVersion<V> {
  /** Says which version this is, so it can be found again in a later read of the history. */
  id: string;
  value: V;
}

/**
 * The values written between the version this install read (null: the field
 * had none) and its own write, oldest first. None when the history is not
 * given, or does not hold the version read or a value that is ours: then
 * nothing can be said, and the caller's check of the current value stands.
 */
export function versionsMissed<V>(history: readonly FieldVersion<V>[] | undefined, readVersion: string | null, isOurs: (value: V) => boolean): V[] {
  if (!history) return [];
  const start = readVersion === null ? 0 : history.findIndex((v) => v.id === readVersion) + 1;
  if (start === 0 && readVersion !== null) return [];
  const since = history.slice(start);
  const ours = since.findIndex((v) => isOurs(v.value));
  return since.slice(0, Math.max(0, ours)).map((v) => v.value);
}
