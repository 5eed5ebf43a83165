import { createMemorySessionStore } from "./memory-session-store.ts";
import { openSessionIndex } from "./session-index.ts";
import { sessionStoreContract } from "./session-store.contract.ts";

sessionStoreContract("indexed memory", async () => ({
  ...(await openSessionIndex(createMemorySessionStore())),
  async [Symbol.asyncDispose]() {},
}));
