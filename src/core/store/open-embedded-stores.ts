import { join } from "node:path";
import { createEmbeddedAccountStore } from "#core/accounts/embedded-account-store.ts";
import { createEmbeddedChannelStore } from "#core/channels/embedded-channel-store.ts";
import { createEmbeddedPluginDataStore } from "#core/plugin-bridge/embedded-plugin-data-store.ts";
import { createEmbeddedSessionStore } from "#core/sessions/embedded-session-store.ts";
import { createEmbeddedWorldCheckpointStore } from "#core/world/embedded-world-checkpoint-store.ts";
import type { CoreConfig } from "#shared/config/process-config.ts";
import type { Logger } from "#shared/log/logger.ts";
import type { CoreStores } from "./core-stores.ts";
import { openEmbeddedDatabase } from "./embedded/embedded-database.ts";
import { createEmbeddedEventStore } from "./embedded/embedded-event-store.ts";
import { createEmbeddedSystemInfo } from "./embedded/embedded-system-info.ts";

/** The embedded store's file under the data directory. */
export function embeddedStorePath(config: Pick<CoreConfig, "paths">): string {
  return join(config.paths.dataDir, "holomush.db");
}

/** Opens and migrates the embedded database at `path` and builds every store over it. */
export async function openEmbeddedStores(
  path: string,
  unsafeDurability: boolean,
  log: Logger,
): Promise<CoreStores> {
  const database = await openEmbeddedDatabase({ path, unsafeDurability, log: log.withTag("store") });
  const events = createEmbeddedEventStore({ database, log: log.withTag("events") });
  return {
    kind: "embedded",
    location: path,
    events,
    systemInfo: createEmbeddedSystemInfo(database),
    accounts: createEmbeddedAccountStore(database),
    sessions: createEmbeddedSessionStore(database),
    worldCheckpoints: createEmbeddedWorldCheckpointStore(database),
    channels: createEmbeddedChannelStore(database),
    pluginData: createEmbeddedPluginDataStore(database),
    async [Symbol.asyncDispose]() {
      await events[Symbol.asyncDispose]();
      await database.close();
    },
  };
}
