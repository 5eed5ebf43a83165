import type { KvChange, PluginKvStore } from "./plugin-kv-store.ts";

/** A real in-memory PluginKvStore, for tests and games that need no persistence. */
export function createMemoryKvStore(): PluginKvStore {
  const data = new Map<string, Map<string, string>>();
  const space = (plugin: string) => {
    let m = data.get(plugin);
    if (!m) {
      m = new Map();
      data.set(plugin, m);
    }
    return m;
  };
  const applyNow = (plugin: string, changes: readonly KvChange[]) => {
    const m = space(plugin);
    for (const c of changes) {
      if (c.value === undefined) m.delete(c.key);
      else m.set(c.key, c.value);
    }
  };
  return {
    get: async (plugin, key) => data.get(plugin)?.get(key),
    set: async (plugin, key, value) => applyNow(plugin, [{ key, value }]),
    delete: async (plugin, key) => applyNow(plugin, [{ key, value: undefined }]),
    entries: async (plugin) => new Map(data.get(plugin) ?? []),
    apply: async (plugin, changes) => applyNow(plugin, changes),
  };
}
