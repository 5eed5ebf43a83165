import type { Logger } from "#shared/log/logger.ts";
import type { CoreStore } from "../open-store.ts";
import { openPostgresDatabase } from "./postgres-database.ts";
import { openPostgresEventStore } from "./postgres-event-store.ts";
import { createPostgresSystemInfo } from "./postgres-system-info.ts";

/** The URL with any password hidden, for status and logs. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "postgres://(unparseable url)";
  }
}

/** Opens and migrates the PostgreSQL core store (loaded lazily, so the embedded path never loads postgres). */
export async function openPostgresCoreStore(
  url: string,
  unsafeDurability: boolean,
  log: Logger,
): Promise<CoreStore> {
  const database = await openPostgresDatabase({ url, unsafeDurability, log: log.withTag("store") });
  try {
    const events = await openPostgresEventStore({ database, log: log.withTag("events") });
    return {
      kind: "postgres",
      database,
      location: redactDatabaseUrl(url),
      events,
      systemInfo: createPostgresSystemInfo(database),
      async [Symbol.asyncDispose]() {
        await events[Symbol.asyncDispose]();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
