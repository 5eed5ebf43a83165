/** Values by key, for keys that usually hold one value. */
export interface LeanMultimap<K, V> {
  /** Adds `value` under `key`; false when it was there already. */
  add(key: K, value: V): boolean;
  /** Removes `value` from under `key`; false when it was not there. */
  delete(key: K, value: V): boolean;
  /** The values under `key`, in the order they were added (empty when none). */
  valuesOf(key: K): Iterable<V>;
  /** How many values `key` holds. */
  countOf(key: K): number;
  has(key: K): boolean;
  /** Every value under every key. */
  all(): V[];
}

/**
 * Creates the map. A key with one value (a character's own stream, a session's one connection) maps to that
 * value itself, and a Set is made only for a second one: every connection is a value in several of these, and a
 * one-entry Set for each cost more than the connection's own objects. Values must not be Sets themselves.
 */
export function createLeanMultimap<K, V>(): LeanMultimap<K, V> {
  const map = new Map<K, V | Set<V>>();
  return {
    add(key, value) {
      const now = map.get(key);
      if (now === undefined) map.set(key, value);
      else if (now instanceof Set) {
        if (now.has(value)) return false;
        now.add(value);
      } else if (now === value) return false;
      else map.set(key, new Set([now, value]));
      return true;
    },
    delete(key, value) {
      const now = map.get(key);
      if (now === value) return map.delete(key);
      if (!(now instanceof Set) || !now.delete(value)) return false;
      if (now.size === 1) map.set(key, now.values().next().value as V);
      return true;
    },
    valuesOf(key) {
      const now = map.get(key);
      return now === undefined ? [] : now instanceof Set ? (now as Set<V>) : [now as V];
    },
    countOf(key) {
      const now = map.get(key);
      return now === undefined ? 0 : now instanceof Set ? now.size : 1;
    },
    has: (key) => map.has(key),
    all: () => [...map.values()].flatMap((now) => (now instanceof Set ? [...(now as Set<V>)] : [now as V])),
  };
}
