/** The small synchronous storage the app keeps settings, history and credentials in (localStorage's shape). */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** A store in memory: for tests, and when the browser refuses localStorage (private mode, quota). */
export function memoryKeyValueStore(): KeyValueStore {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}

/** Reads JSON at `key`, or undefined when absent or unreadable (a hand-edited or older value is not fatal). */
export function readJson(store: KeyValueStore, key: string): unknown {
  const raw = store.getItem(key);
  if (raw === null) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

/** Writes JSON at `key`; a full storage keeps the old value rather than breaking the game. */
export function writeJson(store: KeyValueStore, key: string, value: unknown): void {
  try {
    store.setItem(key, JSON.stringify(value));
  } catch {
    // Known limitation: over quota, the value lives only until the page closes.
  }
}
