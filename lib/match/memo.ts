/**
 * A bounded memo for pure string functions on hot paths (skeletons, places,
 * name keys): customer bases repeat the same cities, surnames and given
 * names many times over. When full it starts afresh, which keeps memory flat.
 */
export function memo<T>(fn: (key: string) => T, limit = 20_000): (key: string) => T {
  const cache = new Map<string, T>();
  return (key: string) => {
    const hit = cache.get(key);
    if (hit !== undefined || cache.has(key)) return hit as T;
    const value = fn(key);
    if (cache.size >= limit) cache.clear();
    cache.set(key, value);
    return value;
  };
}
