import { syncStoreGuard } from "#core/store/store-guard.ts";
import type { SystemInfo } from "../system-info.ts";
import type { EmbeddedDatabase } from "./embedded-database.ts";
import { sqliteError } from "./sqlite-error.ts";

/** Creates the SystemInfo kept in the embedded database's system_info table. */
export function createEmbeddedSystemInfo(database: EmbeddedDatabase): SystemInfo {
  const { db } = database;
  const get = db.query<{ value: string }, [string]>("SELECT value FROM system_info WHERE key = ?");
  const upsert = db.query(
    "INSERT INTO system_info (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
  );
  const insertNew = db.query(
    "INSERT INTO system_info (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
  );
  const guard = syncStoreGuard(sqliteError);
  return {
    async get(key) {
      return guard(() => get.get(key)?.value);
    },
    async set(key, value) {
      guard(() => upsert.run(key, value));
    },
    async setIfAbsent(key, value) {
      return guard(() => {
        insertNew.run(key, value);
        return get.get(key)?.value ?? value;
      });
    },
  };
}
