import { storeGuard } from "#core/store/store-guard.ts";
import type { SystemInfo } from "../system-info.ts";
import type { PostgresDatabase } from "./postgres-database.ts";
import { postgresError } from "./postgres-error.ts";

/** Creates the SystemInfo kept in the Postgres system_info table. */
export function createPostgresSystemInfo(database: PostgresDatabase): SystemInfo {
  const { sql } = database;
  const guard = storeGuard(postgresError);
  return {
    get: (key) =>
      guard(
        async () =>
          (await sql<{ value: string }[]>`select value from system_info where key = ${key}`)[0]?.value,
      ),
    set: (key, value) =>
      guard(async () => {
        await sql`insert into system_info (key, value) values (${key}, ${value})
          on conflict (key) do update set value = excluded.value`;
      }),
    setIfAbsent: (key, value) =>
      guard(async () => {
        await sql`insert into system_info (key, value) values (${key}, ${value}) on conflict (key) do nothing`;
        return (
          (await sql<{ value: string }[]>`select value from system_info where key = ${key}`)[0]?.value ??
          value
        );
      }),
  };
}
