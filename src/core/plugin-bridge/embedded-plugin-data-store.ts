import type { EmbeddedDatabase } from "#core/store/embedded/embedded-database.ts";
import { sqliteError } from "#core/store/embedded/sqlite-error.ts";
import { syncStoreGuard } from "#core/store/store-guard.ts";
import type { PluginDataChange, PluginDataStore } from "./core-plugins.ts";

/** Creates the plugins' key-value store in the embedded database (migration 8). */
export function createEmbeddedPluginDataStore(database: EmbeddedDatabase): PluginDataStore {
  let statements: ReturnType<typeof prepare> | undefined;
  // Prepared on first use, so a core whose plugins never touch their data starts without the table.
  const s = () => {
    statements ??= prepare(database);
    return statements;
  };
  const guard = syncStoreGuard(sqliteError);
  return {
    get: async (plugin, key) => guard(() => s().one.get(plugin, key)?.value),
    set: async (plugin, key, value) => guard(() => s().applyAll(plugin, [{ key, value }])),
    delete: async (plugin, key) => guard(() => s().applyAll(plugin, [{ key, value: undefined }])),
    entries: async (plugin) =>
      guard(
        () =>
          new Map(
            s()
              .all.all(plugin)
              .map((r) => [r.key, r.value]),
          ),
      ),
    apply: async (plugin, changes) => guard(() => s().applyAll(plugin, changes)),
  };
}

function prepare(database: EmbeddedDatabase) {
  const { db } = database;
  const one = db.query<{ value: string }, [string, string]>(
    "SELECT value FROM plugin_data WHERE plugin = ? AND key = ?",
  );
  const all = db.query<{ key: string; value: string }, [string]>(
    "SELECT key, value FROM plugin_data WHERE plugin = ? ORDER BY key",
  );
  const upsert = db.query(
    "INSERT INTO plugin_data (plugin, key, value) VALUES (?, ?, ?) ON CONFLICT (plugin, key) DO UPDATE SET value = excluded.value",
  );
  const remove = db.query("DELETE FROM plugin_data WHERE plugin = ? AND key = ?");
  const applyAll = db.transaction((plugin: string, changes: readonly PluginDataChange[]) => {
    for (const c of changes) {
      if (c.value === undefined) remove.run(plugin, c.key);
      else upsert.run(plugin, c.key, c.value);
    }
  });
  return { one, all, applyAll };
}
