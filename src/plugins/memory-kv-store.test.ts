import { createMemoryKvStore } from "./memory-kv-store.ts";
import { pluginKvStoreContract } from "./plugin-kv-store.contract.ts";

pluginKvStoreContract("memory", () => createMemoryKvStore());
