import type { PluginDataChange, PluginDataStore } from "./core-plugins.ts";

/** Creates the plugins' key-value store held in memory: a real implementation of the port, for unit tests. */
export function createMemoryPluginDataStore(): PluginDataStore {
  const data = new Map<string, Map<string, string>>();
  const of = (plugin: string) => {
    const entries = data.get(plugin) ?? new Map<string, string>();
    data.set(plugin, entries);
    return entries;
  };
  const apply = (plugin: string, changes: readonly PluginDataChange[]) => {
    const entries = of(plugin);
    for (const c of changes) {
      if (c.value === undefined) entries.delete(c.key);
      else entries.set(c.key, c.value);
    }
  };
  return {
    get: async (plugin, key) => data.get(plugin)?.get(key),
    set: async (plugin, key, value) => apply(plugin, [{ key, value }]),
    delete: async (plugin, key) => apply(plugin, [{ key, value: undefined }]),
    entries: async (plugin) =>
      new Map([...(data.get(plugin) ?? [])].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    apply: async (plugin, changes) => apply(plugin, changes),
  };
}
