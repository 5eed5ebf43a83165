import { openEmbeddedDatabase } from "#core/store/embedded/embedded-database.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { createEmbeddedSessionStore } from "./embedded-session-store.ts";
import { sessionStoreContract } from "./session-store.contract.ts";

sessionStoreContract("embedded", async () => {
  const database = await openEmbeddedDatabase({
    path: ":memory:",
    unsafeDurability: true,
    log: collectingLogger().logger,
  });
  return { ...createEmbeddedSessionStore(database), [Symbol.asyncDispose]: () => database.close() };
});
