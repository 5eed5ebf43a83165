import { createPostgresAccountStore } from "#core/accounts/postgres-account-store.ts";
import { createPostgresChannelStore } from "#core/channels/postgres-channel-store.ts";
import { createPostgresPluginDataStore } from "#core/plugin-bridge/postgres-plugin-data-store.ts";
import { createPostgresSessionStore } from "#core/sessions/postgres-session-store.ts";
import { createPostgresWorldCheckpointStore } from "#core/world/postgres-world-checkpoint-store.ts";
import type { Logger } from "#shared/log/logger.ts";
import type { CoreStores } from "./core-stores.ts";
import { openPostgresDatabase } from "./postgres/postgres-database.ts";
import { openPostgresEventStore } from "./postgres/postgres-event-store.ts";
import { createPostgresSystemInfo } from "./postgres/postgres-system-info.ts";

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

/** Opens and migrates the PostgreSQL database and builds every store over it (loaded lazily: see openStores). */
export async function openPostgresStores(
  url: string,
  unsafeDurability: boolean,
  log: Logger,
): Promise<CoreStores> {
  const database = await openPostgresDatabase({ url, unsafeDurability, log: log.withTag("store") });
  try {
    const events = await openPostgresEventStore({ database, log: log.withTag("events") });
    return {
      kind: "postgres",
      location: redactDatabaseUrl(url),
      events,
      systemInfo: createPostgresSystemInfo(database),
      accounts: createPostgresAccountStore(database),
      sessions: createPostgresSessionStore(database),
      worldCheckpoints: createPostgresWorldCheckpointStore(database),
      channels: createPostgresChannelStore(database),
      pluginData: createPostgresPluginDataStore(database),
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
