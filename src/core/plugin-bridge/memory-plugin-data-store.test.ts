import { createMemoryPluginDataStore } from "./memory-plugin-data-store.ts";
import { pluginDataStoreContract } from "./plugin-data-store.contract.ts";

pluginDataStoreContract("memory", () => createMemoryPluginDataStore());
