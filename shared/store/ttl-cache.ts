/**
 * Memoises an async look-up per key for `ttlMs`, per container. Used for the capture path's forms,
 * topics and campaign codes, which change rarely but are read on every submission. Misses and
 * failures are not cached, so a form created a moment after a 404 is found at once.
 */
export function ttlCache<K, V>(load: (key: K) => Promise<V | undefined>, ttlMs: number, now: () => number = Date.now) {
  const entries = new Map<K, { value: V; expires: number }>();
  return async (key: K): Promise<V | undefined> => {
    const hit = entries.get(key);
    if (hit && hit.expires > now()) return hit.value;
    const value = await load(key);
    if (value === undefined) entries.delete(key);
    else entries.set(key, { value, expires: now() + ttlMs });
    return value;
  };
}
