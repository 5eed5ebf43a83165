import { join } from "node:path";
import type { EventStore } from "#core/events/event-store.ts";
import type { CoreConfig } from "#shared/config/process-config.ts";
import type { Logger } from "#shared/log/logger.ts";
import { type EmbeddedDatabase, openEmbeddedDatabase } from "./embedded/embedded-database.ts";
import { createEmbeddedEventStore } from "./embedded/embedded-event-store.ts";
import { createEmbeddedSystemInfo } from "./embedded/embedded-system-info.ts";
import type { PostgresDatabase } from "./postgres/postgres-database.ts";
import type { SystemInfo } from "./system-info.ts";

/** The core's store: events and system info over one database, embedded or PostgreSQL. */
export type CoreStore = CoreStoreParts &
  (
    | { readonly kind: "embedded"; readonly database: EmbeddedDatabase }
    | { readonly kind: "postgres"; readonly database: PostgresDatabase }
  );

/** What both kinds of store offer. */
export interface CoreStoreParts extends AsyncDisposable {
  /** Where the data lives, for status and logs (never a password). */
  readonly location: string;
  readonly events: EventStore;
  readonly systemInfo: SystemInfo;
}

/** The embedded store's file under the data directory. */
export function embeddedStorePath(config: Pick<CoreConfig, "paths">): string {
  return join(config.paths.dataDir, "holomush.db");
}

/** Opens and migrates the store the config names: PostgreSQL with a database URL, else the embedded file. */
export async function openCoreStore(
  config: Pick<CoreConfig, "paths" | "databaseUrl" | "unsafeDurability">,
  log: Logger,
): Promise<CoreStore> {
  if (config.databaseUrl) {
    const { openPostgresCoreStore } = await import("./postgres/open-postgres-core-store.ts");
    return openPostgresCoreStore(config.databaseUrl, config.unsafeDurability, log);
  }
  const path = embeddedStorePath(config);
  const database = await openEmbeddedDatabase({
    path,
    unsafeDurability: config.unsafeDurability,
    log: log.withTag("store"),
  });
  const events = createEmbeddedEventStore({ database, log: log.withTag("events") });
  return {
    kind: "embedded",
    database,
    location: path,
    events,
    systemInfo: createEmbeddedSystemInfo(database),
    async [Symbol.asyncDispose]() {
      await events[Symbol.asyncDispose]();
      await database.close();
    },
  };
}
