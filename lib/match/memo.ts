/**
 * A bounded memo for pure string functions on hot paths (skeletons, places,
 * name keys): customer bases repeat the same cities, surnames and given
 * names many times over. Two generations: when the young one is full it
 * becomes the old one and the oldest entries go, so memory stays within
 * twice the limit while the words in use stay cached (clearing everything at
 * once made a CRM with more distinct words than the limit miss nearly always).
 */
export function memo<T>(fn: (key: string) => T, limit = 20_000): (key: string) => T {
  let young = new Map<string, T>();
  let old = new Map<string, T>();
  return (key: string) => {
    const hit = young.get(key);
    if (hit !== undefined || young.has(key)) return hit as T;
    const value = old.has(key) ? (old.get(key) as T) : fn(key);
    if (young.size >= limit) {
      old = young;
      young = new Map();
    }
    young.set(key, value);
    return value;
  };
}
