import type { CoreConfig } from "#shared/config/process-config.ts";
import type { Logger } from "#shared/log/logger.ts";
import type { CoreStores } from "./core-stores.ts";
import { embeddedStorePath, openEmbeddedStores } from "./open-embedded-stores.ts";

/**
 * Opens and migrates every store the core needs, on the database the config names: PostgreSQL with a
 * database URL, else the embedded file. The one place the core chooses its adapters.
 */
export async function openStores(
  config: Pick<CoreConfig, "paths" | "databaseUrl" | "unsafeDurability">,
  log: Logger,
): Promise<CoreStores> {
  if (config.databaseUrl) {
    // Loaded lazily, so a core on the embedded store never loads the postgres driver.
    const { openPostgresStores } = await import("./open-postgres-stores.ts");
    return openPostgresStores(config.databaseUrl, config.unsafeDurability, log);
  }
  return openEmbeddedStores(embeddedStorePath(config), config.unsafeDurability, log);
}
