/**
 * A bounded memo for pure string functions on hot paths (skeletons, places,
 * name keys): customer bases repeat the same cities, surnames and given
 * names many times over. Two generations: when the young one is full it
 * becomes the old one and the oldest entries go, so memory stays within
 * twice the limit while the words in use stay cached (clearing everything at
 * once made a CRM with more distinct words than the limit miss nearly always).
 */
export function memo<T, K extends string | number = string>(fn: (key: K) => T, limit = 20_000): (key: K) => T {
  let young = new Map<K, T>();
  let old = new Map<K, T>();
  return (key: K) => {
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

/**
 * A bounded memo for pure functions of two strings (comparing two name words): the same pair of
 * words is compared again and again across candidates and profiles. Keyed by one map per first
 * word, so a lookup builds no joined key; the same two generations as `memo` bound its memory.
 */
export function pairMemo<T>(fn: (a: string, b: string) => T, limit = 200_000): (a: string, b: string) => T {
  let young = new Map<string, Map<string, T>>();
  let old = new Map<string, Map<string, T>>();
  let youngSize = 0;
  return (a: string, b: string) => {
    let row = young.get(a);
    if (row !== undefined) {
      const hit = row.get(b);
      if (hit !== undefined || row.has(b)) return hit as T;
    }
    const oldRow = old.get(a);
    const value = oldRow !== undefined && oldRow.has(b) ? (oldRow.get(b) as T) : fn(a, b);
    if (youngSize >= limit) {
      old = young;
      young = new Map();
      youngSize = 0;
      row = undefined;
    }
    if (row === undefined) young.set(a, (row = new Map()));
    row.set(b, value);
    youngSize++;
    return value;
  };
}
