import { createEmbeddedPluginDataStore } from "#core/plugin-bridge/embedded-plugin-data-store.ts";
import { openEmbeddedDatabase } from "#core/store/embedded/embedded-database.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { pluginKvStoreContract } from "./plugin-kv-store.contract.ts";

pluginKvStoreContract("embedded", async () =>
  createEmbeddedPluginDataStore(
    await openEmbeddedDatabase({ path: ":memory:", unsafeDurability: true, log: collectingLogger().logger }),
  ),
);
