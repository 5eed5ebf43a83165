import { openEmbeddedDatabase } from "#core/store/embedded/embedded-database.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { channelStoreContract } from "./channel-store.contract.ts";
import { createEmbeddedChannelStore } from "./embedded-channel-store.ts";

channelStoreContract("embedded", async () => {
  const database = await openEmbeddedDatabase({
    path: ":memory:",
    unsafeDurability: true,
    log: collectingLogger().logger,
  });
  return { ...createEmbeddedChannelStore(database), [Symbol.asyncDispose]: () => database.close() };
});
