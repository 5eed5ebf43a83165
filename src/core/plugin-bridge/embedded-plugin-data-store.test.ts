import { openEmbeddedDatabase } from "#core/store/embedded/embedded-database.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { createEmbeddedPluginDataStore } from "./embedded-plugin-data-store.ts";
import { pluginDataStoreContract } from "./plugin-data-store.contract.ts";

pluginDataStoreContract("embedded", async () =>
  createEmbeddedPluginDataStore(
    await openEmbeddedDatabase({ path: ":memory:", unsafeDurability: true, log: collectingLogger().logger }),
  ),
);
