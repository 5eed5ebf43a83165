import { openEmbeddedDatabase } from "#core/store/embedded/embedded-database.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { accountStoreContract } from "./account-store.contract.ts";
import { createEmbeddedAccountStore } from "./embedded-account-store.ts";

accountStoreContract("embedded", async () => {
  const database = await openEmbeddedDatabase({
    path: ":memory:",
    unsafeDurability: true,
    log: collectingLogger().logger,
  });
  return { ...createEmbeddedAccountStore(database), [Symbol.asyncDispose]: () => database.close() };
});
