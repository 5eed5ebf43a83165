import type { PostgresDatabase } from "#core/store/postgres/postgres-database.ts";
import { postgresError } from "#core/store/postgres/postgres-error.ts";
import { storeGuard } from "#core/store/store-guard.ts";
import type { PluginDataChange, PluginDataStore } from "./core-plugins.ts";

/** Creates the plugins' key-value store in PostgreSQL (migration 8). */
export function createPostgresPluginDataStore(database: PostgresDatabase): PluginDataStore {
  const { sql } = database;
  const guard = storeGuard(postgresError);
  const apply = (plugin: string, changes: readonly PluginDataChange[]) =>
    guard(async () => {
      await sql.begin(async (tx) => {
        for (const c of changes) {
          if (c.value === undefined)
            await tx`delete from plugin_data where plugin = ${plugin} and key = ${c.key}`;
          else
            await tx`insert into plugin_data (plugin, key, value) values (${plugin}, ${c.key}, ${c.value})
              on conflict (plugin, key) do update set value = excluded.value`;
        }
      });
    });
  return {
    get: (plugin, key) =>
      guard(async () => {
        const rows = await sql<{ value: string }[]>`
          select value from plugin_data where plugin = ${plugin} and key = ${key}`;
        return rows[0]?.value;
      }),
    set: (plugin, key, value) => apply(plugin, [{ key, value }]),
    delete: (plugin, key) => apply(plugin, [{ key, value: undefined }]),
    entries: (plugin) =>
      guard(async () => {
        const rows = await sql<{ key: string; value: string }[]>`
          select key, value from plugin_data where plugin = ${plugin} order by key`;
        return new Map(rows.map((r) => [r.key, r.value]));
      }),
    apply,
  };
}
