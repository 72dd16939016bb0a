/**
 * Tags merge three ways, by label whatever its case: the CRM's tags (the
 * team's), this install's, and the base both started from (what the CRM held
 * at this install's last sync). A tag added on either side stays; one removed
 * on either side goes. Without the base, a removal could not be told from an
 * addition and removed tags would come back.
 */
const key = (t: string) => t.trim().toLowerCase();

export function mergeTags(crm: readonly string[], local: readonly string[], base: readonly string[]): string[] {
  const baseKeys = new Set(base.map(key));
  const localKeys = new Set(local.map(key));
  const crmKeys = new Set(crm.map(key));
  const removedHere = (t: string) => baseKeys.has(key(t)) && !localKeys.has(key(t));
  const removedThere = (t: string) => baseKeys.has(key(t)) && !crmKeys.has(key(t));
  const kept = [...local.filter((t) => !removedThere(t)), ...crm.filter((t) => !removedHere(t))];
  // This install's spelling of a label wins: its own tags are not rewritten by case.
  const byKey = new Map<string, string>();
  for (const t of kept) if (!byKey.has(key(t))) byKey.set(key(t), t.trim());
  return [...byKey.values()].sort((a, b) => a.localeCompare(b));
}

/** The same tags, whatever their case or order. */
export function sameTags(a: readonly string[], b: readonly string[]): boolean {
  const keys = (tags: readonly string[]) => [...new Set(tags.map(key))].sort().join('\n');
  return keys(a) === keys(b);
}
